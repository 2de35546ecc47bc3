// Message: a text the server generates for people (a reason, a blocker), carried as a stable code
// with named parameters so that each client words it in its user's language; `text` is the
// English wording, for logs and for clients without a translation of the code.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace oc {

struct Message {
  std::string code;                                         // stable, e.g. "debt_unpaid"
  std::vector<std::pair<std::string, std::string>> params;  // the values the text is made of
  std::string text;                                         // English

  // The parameter named `name`; empty when absent.
  const std::string& Param(const std::string& name) const {
    static const std::string kNone;
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return kNone;
  }
};

}  // namespace oc
