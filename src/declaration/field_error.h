// FieldError: one problem with one element of a submitted document, named by JSON pointer.
#pragma once

#include <string>
#include <vector>

namespace oc {

struct FieldError {
  std::string pointer;  // RFC 6901, e.g. "/items/3/commodity/hs" (array indexes are 0-based)
  std::string code;     // stable machine code, e.g. "unknown_hs_code" (docs/errors.md lists them)
  std::string message;  // human-readable English text
};
using FieldErrors = std::vector<FieldError>;

// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string JsonPointerToken(const std::string& key);

// Every problem of a document at once: the parser's errors, then each check's error unless it
// concerns an element the parser already reported, or one inside or around it (a value that did
// not parse is checked as absent, which would say the same thing twice).
FieldErrors MergeFieldErrors(FieldErrors parse_errors, const FieldErrors& check_errors);

}  // namespace oc
