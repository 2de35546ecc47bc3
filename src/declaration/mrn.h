// Movement Reference Number: the customs reference assigned on registration.
// 18 characters as in the EU: 2-digit year, 2-letter country, 13 characters (12 base-36 serial
// characters and a procedure indicator), and a check character computed as in ISO 6346.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "declaration/declaration.h"

namespace oc {

// Builds the MRN for the `serial`-th declaration of `year` (e.g. 2026) in `country`.
// serial must be < 36^12. Pure function.
std::string MakeMrn(int year, std::string_view country, uint64_t serial, DeclarationType type);

// The check character for the first 17 characters of an MRN.
char MrnCheckCharacter(std::string_view first17);

// True if `mrn` has the right shape and its check character matches.
bool IsValidMrn(std::string_view mrn);

}  // namespace oc
