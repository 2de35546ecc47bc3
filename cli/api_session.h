// A signed-in user's calls to a running server, for commands that work through the API (tracking
// simulate, xray watch). Not thread-safe: one Session per thread.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "cli/commands.h"

namespace oc::cli {

using nlohmann::json;

// One user's calls to the server, signed in with a password.
class Session {
 public:
  static Result<Session> SignIn(const api::HttpUrl& url, const std::string& user, const std::string& password) {
    Session s(url);
    auto r = s.client_->Request("POST", "/v1/auth/login", json{{"username", user}, {"password", password}}.dump());
    if (!r.ok()) return r.status();
    if (r->status != 200) return Status::Unauthorized("cannot sign in as " + user + ": " + r->body);
    s.bearer_ = "Bearer " + json::parse(r->body)["token"].get<std::string>();
    auto me = s.Call("GET", "/v1/me");
    if (!me.ok()) return me.status();
    s.org_ = me->value("org_tin", "");
    return s;
  }
  Result<json> Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Send(method, path, body.is_null() ? "" : body.dump());
  }
  // A body of any kind (e.g. a scan file); `content_type` is sent when not empty.
  Result<json> Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& content_type = "") {
    std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", bearer_}};
    if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
    auto r = client_->Request(method, path, body, headers);
    if (!r.ok()) return r.status();
    auto j = json::parse(r->body, nullptr, false);
    if (r->status >= 400)
      return Status::Invalid(j.is_object() ? j.value("code", "error") : "error",
                             method + " " + path + ": HTTP " + std::to_string(r->status) + " " + r->body);
    return j;
  }
  const std::string& org() const { return org_; }

 private:
  explicit Session(const api::HttpUrl& url)
      : client_(std::make_shared<api::HttpClient>(url, 15000, api::TlsTrust{CliTlsCaFile()})) {}
  std::shared_ptr<api::HttpClient> client_;
  std::string bearer_, org_;
};

}  // namespace oc::cli
