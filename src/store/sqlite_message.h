// How the SQLite backend keeps a Message (common/message.h) — a reason or an alert's detail —
// in a TEXT column: {"code": ..., "params": {name: value}, "text": ...}. Pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "common/message.h"

namespace oc::sqlite {

inline nlohmann::json MessageJson(const Message& m) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [k, v] : m.params) params[k] = v;
  return {{"code", m.code}, {"params", std::move(params)}, {"text", m.text}};
}

// A plain string (a reason written before reasons had codes) is a message without a code.
inline Message MessageFrom(const nlohmann::json& j) {
  if (j.is_string()) return {"", {}, j.get<std::string>()};
  if (!j.is_object()) return {};
  Message m{j.value("code", ""), {}, j.value("text", "")};
  if (auto p = j.find("params"); p != j.end() && p->is_object())
    for (auto it = p->begin(); it != p->end(); ++it)
      if (it->is_string()) m.params.push_back({it.key(), it->get<std::string>()});
  return m;
}

inline std::string MessagesJson(const std::vector<Message>& list) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& m : list) a.push_back(MessageJson(m));
  return a.dump();
}

// Messages from a JSON array in a column; an empty list for anything else.
inline std::vector<Message> MessagesFrom(const std::string& text) {
  std::vector<Message> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& m : j) out.push_back(MessageFrom(m));
  return out;
}

}  // namespace oc::sqlite
