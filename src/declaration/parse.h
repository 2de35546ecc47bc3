// Parsing a submitted declaration from JSON into the domain type, collecting every structural
// error at once (unknown fields, wrong types, missing required elements, malformed codes,
// decimals and dates). Reference-data and cross-field checks are in validate.h.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/status.h"
#include "declaration/declaration.h"
#include "declaration/field_error.h"

namespace oc {

struct ParsedDeclaration {
  Declaration declaration;  // filled as far as the input allowed; meaningful only when errors is empty
  FieldErrors errors;
};

// Parses JSON text. Returns Invalid("malformed_json" / "invalid_utf8" / "not_an_object") when the
// text is not a JSON object at all; otherwise a ParsedDeclaration whose `errors` lists every problem.
// Thread-safe; no shared state.
Result<ParsedDeclaration> ParseDeclarationText(std::string_view json_text);
ParsedDeclaration ParseDeclarationJson(const nlohmann::json& root);

// Shared helpers, also used by other parsers of submitted documents.
bool IsDigits(std::string_view s, size_t min_len, size_t max_len);
bool IsUpperAlpha(std::string_view s, size_t len);

}  // namespace oc
