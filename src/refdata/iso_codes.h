// ISO 3166-1 countries and ISO 4217 currencies as Debian maintains them (the iso-codes package's
// JSON files), with the project's amendments: codes customs use that the standard or the installed
// iso-codes lacks (XK, currencies newer than the package) and codes since withdrawn. iso-codes has
// no minor units: those come from the project's list of currencies whose minor unit is not 2.
#pragma once

#include <string>

#include "common/status.h"
#include "refdata/reference_data.h"

namespace oc {

// $OC_ISO_CODES_DIR, else /usr/share/iso-codes/json (Debian's iso-codes).
std::string IsoCodesDir();

// Countries into `out` keyed by alpha-2, extra = [alpha-3, numeric], from <iso_dir>/iso_3166-1.json
// and `amendments` (change,alpha2,alpha3,numeric,name; change "add" or "withdraw"). NotFound naming
// the package when the JSON is absent; Invalid naming the file for malformed input.
Status LoadIsoCountries(const std::string& iso_dir, const std::string& amendments, CodeList& out);

// Currencies into `out` keyed by alpha-3, extra = [numeric, minor units], from <iso_dir>/iso_4217.json,
// `amendments` (change,code,numeric,name) and `minor_units` (code,minor_units: every currency whose
// minor unit is not 2; "" where ISO 4217 says N.A.). Errors as LoadIsoCountries.
Status LoadIsoCurrencies(const std::string& iso_dir, const std::string& amendments, const std::string& minor_units,
                         CodeList& out);

}  // namespace oc
