// RFC 8785 JSON Canonicalization Scheme: the one byte string a JSON value has, so that the ledger's
// entries hash the same for anyone who re-serialises them. Object members sorted by their names'
// UTF-16 code units, no whitespace, strings with the minimal escapes, numbers as ECMAScript prints
// them (shortest round-trip digits, exponent from 1e21 and below 1e-6).
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace oc::ledger {

// Invalid("not_canonicalizable") for NaN or infinite numbers (JSON has none) and integers beyond
// 2^53 that a double would change (RFC 8785 §3.2.2.3 reads numbers as IEEE doubles): accepted
// are those a double prints back digit for digit (10000000000000000000, not 9007199254740993).
// Canonicalising the parsed output again gives the same bytes.
Result<std::string> Canonicalize(const nlohmann::json& value);

// One number as ECMAScript's Number.prototype.toString prints it (finite values only).
std::string EcmaScriptNumber(double v);

}  // namespace oc::ledger
