#include "tariff/schedule.h"

#include <cstdlib>

namespace oc::tariff {

namespace {
std::string DigitsOnly(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c >= '0' && c <= '9') out.push_back(c);
    else if (c != '.' && c != ' ') return "!";
  }
  return out;
}
}  // namespace

void Schedule::AddLine(TariffLine line) {
  std::string code = line.code;
  lines_[code] = std::move(line);
}

void Schedule::AddAdditional(const std::string& code8, AdditionalDuty duty) {
  additional_[code8].push_back(std::move(duty));
}

Result<const TariffLine*> Schedule::Find(std::string_view raw) const {
  std::string code = DigitsOnly(raw);
  if (code == "!" || code.empty())
    return Status::Invalid("invalid_code", "'" + std::string(raw) + "' is not a commodity code (digits and dots only)");
  if (code.size() != 8 && code.size() != 10)
    return Status::Invalid("code_depth", "schedule " + name_ + " has tariff lines at 8 and 10 digits; '" +
                                             std::string(raw) + "' has " + std::to_string(code.size()));
  auto it = lines_.find(code);
  if (it != lines_.end()) return &it->second;
  if (code.size() == 8) {
    // Where rates are printed only on the statistical (10-digit) lines, an 8-digit code selects
    // them if they all carry the same rates.
    const TariffLine* first = nullptr;
    for (int suffix = 0; suffix <= 99; ++suffix) {
      char buf[3] = {static_cast<char>('0' + suffix / 10), static_cast<char>('0' + suffix % 10), 0};
      auto child = lines_.find(code + buf);
      if (child == lines_.end()) continue;
      if (!first) { first = &child->second; continue; }
      if (child->second.general_text != first->general_text || child->second.column2_text != first->column2_text)
        return Status::Invalid("code_depth", "the 10-digit lines under " + std::string(raw) +
                                                 " have different rates; give the 10-digit code");
    }
    if (first) return first;
  }
  return Status::Invalid("unknown_code", "'" + std::string(raw) + "' is not a tariff line of schedule " + name_);
}

std::vector<const AdditionalDuty*> Schedule::AdditionalFor(const TariffLine& line, const std::string& origin) const {
  std::vector<const AdditionalDuty*> out;
  auto it = additional_.find(line.code.substr(0, 8));
  if (it == additional_.end()) return out;
  for (const auto& d : it->second)
    if (d.origins.count(origin)) out.push_back(&d);
  return out;
}


}  // namespace oc::tariff
