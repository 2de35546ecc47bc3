#include "payment/numbering.h"

#include "common/dates.h"
#include "payment/bank_message.h"

namespace oc::payment {

namespace {

std::string Year2(int64_t at_ms) { return FormatIsoDate(at_ms / 86400000).substr(2, 2); }

std::string Padded(int64_t n, size_t width) {
  std::string s = std::to_string(n);
  return s.size() >= width ? s : std::string(width - s.size(), '0') + s;
}

}  // namespace

std::string ReceiptCounter(int64_t issued_ms) { return "receipt:" + Year2(issued_ms); }
std::string ReceiptNumber(int64_t issued_ms, int64_t n) { return "R" + Year2(issued_ms) + "-" + Padded(n, 7); }

std::string OrderCounter(int64_t created_ms) { return "order:" + Year2(created_ms); }
std::string OrderReference(int64_t created_ms, int64_t n) {
  return MakeCreditorReference("OC" + Year2(created_ms) + Padded(n, 9));
}

std::string RefundCounter(int64_t created_ms) { return "refund:" + Year2(created_ms); }
std::string RefundReference(int64_t created_ms, int64_t n) { return "RD" + Year2(created_ms) + "-" + Padded(n, 7); }

std::string GuaranteeCounter(int64_t created_ms) { return "guarantee:" + Year2(created_ms); }
std::string GuaranteeReference(int64_t created_ms, int64_t n) { return Year2(created_ms) + "GR" + Padded(n, 8); }

std::string DeferredAccountId(int64_t n) { return "DA" + Padded(n, 6); }

}  // namespace oc::payment
