// The risk engine's view of one goods item of a declaration: the fields selectivity and the fraud
// model look at, with its inspection outcome when known. Plain values; no I/O here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace oc::risk {

struct RiskRecord {
  std::string id;
  int64_t day = 0;  // acceptance date, days since 1970-01-01
  std::string office, process_type, import_type, import_use, payment_type, transport_mode;
  std::string declarant, importer, seller, courier;  // "" when absent
  std::string hs6, departure, origin, tax_type, origin_indicator;
  double tax_rate = 0, net_mass = 0, price = 0;      // price in the national currency
  int label = -1;     // inspection outcome: 1 fraud found, 0 none, -1 not inspected
  int critical = -1;  // 0 none, 1 fraud, 2 critical fraud; -1 unknown
};

// Loads the labelled customs declaration data set of the Korea Customs Service
// (Jeong et al., arXiv:2208.02484; 22 columns: Declaration ID, Date, ..., Fraud, Critical Fraud).
// Columns are found by name; Fraud may be absent (label -1). Invalid naming line and column on a
// malformed value; NotFound when the file cannot be read.
Result<std::vector<RiskRecord>> LoadKcsCsv(const std::string& path);

}  // namespace oc::risk
