// Trader organisations as customs registers them (an economic-operator registry): the name and
// address a declaration's declarant should carry, so that traders do not type them into every
// declaration. Pure values; no I/O.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace oc {

struct Organisation {
  std::string tin;   // trader identification number: the key
  std::string name;
  std::string street, city, postcode, country;  // country: ISO 3166-1 alpha-2
  int64_t updated_ms = 0;
  std::string updated_by;  // username of who registered or changed it
};

// Checks registered data: Invalid naming the member ("invalid_tin", "missing_name",
// "invalid_country", "too_long"). Whether the country code exists is the caller's check.
Status ValidateOrganisation(const Organisation& o);

}  // namespace oc
