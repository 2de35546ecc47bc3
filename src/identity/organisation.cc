#include "identity/organisation.h"

#include <algorithm>
#include <cctype>

namespace oc {

Status ValidateOrganisation(const Organisation& o) {
  // TINs are national identifiers of 6 to 20 letters and digits (9 digits in Uzbekistan; EORI
  // numbers are longer and start with a country code).
  const bool tin_ok = o.tin.size() >= 6 && o.tin.size() <= 20 &&
                      std::all_of(o.tin.begin(), o.tin.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  if (!tin_ok) return Status::Invalid("invalid_tin", "the TIN must be 6 to 20 letters and digits");
  if (o.name.find_first_not_of(' ') == std::string::npos) return Status::Invalid("missing_name", "'name' is required");
  for (const std::string* s : {&o.name, &o.street, &o.city, &o.postcode})
    if (s->size() > 200) return Status::Invalid("too_long", "names and address lines have at most 200 characters");
  const bool country_ok = o.country.size() == 2 && std::all_of(o.country.begin(), o.country.end(),
                                                              [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!country_ok) return Status::Invalid("invalid_country", "'address.country' must be an ISO 3166 alpha-2 code such as UZ");
  return Status::Ok();
}

}  // namespace oc
