// Importer of the USITC htsdata.csv export: builds full descriptions from the indentation,
// inherits rates from the nearest ancestor line that prints them, parses every rate text, and
// attaches Section 301 additional duties from the chapter-99 headings named in the product lists.
#include <algorithm>
#include <map>

#include "common/encoding.h"
#include "refdata/csv.h"
#include "tariff/schedule.h"

namespace oc::tariff {
namespace {

std::string Digits(const std::string& dotted) {
  std::string out;
  for (char c : dotted) if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

std::string KindOf(const Rate& r) {
  if (r.is_free()) return "free";
  bool av = false, sp = false;
  for (const auto& p : r.parts) (p.kind == RatePart::Kind::kAdValorem ? av : sp) = true;
  if (av && sp) return "compound";
  if (av) return r.parts.size() == 1 && r.parts[0].value.is_zero() ? "free" : "ad_valorem";
  return "specific";
}

// "The duty provided in the applicable subheading + 25%" -> 25.
std::optional<Decimal> AdditionalPercent(const std::string& text) {
  size_t at = text.rfind('+');
  size_t plus_word = text.rfind("plus ");
  size_t start;
  if (at != std::string::npos) start = at + 1;
  else if (plus_word != std::string::npos) start = plus_word + 5;
  else return std::nullopt;
  std::string rest = text.substr(start);
  size_t pct = rest.find('%');
  if (pct == std::string::npos) return std::nullopt;
  std::string num;
  for (char c : rest.substr(0, pct)) if (c != ' ') num.push_back(c);
  return Decimal::Parse(num);
}

}  // namespace

Result<std::shared_ptr<const Schedule>> LoadUsHts(const std::string& hts_csv, const std::string& section301_csv) {
  auto rows = ReadCsvFile(hts_csv);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().size() < 7 || rows->front()[0] != "HTS Number")
    return Status::Invalid("bad_schedule", hts_csv + " does not look like the USITC htsdata.csv export");
  auto schedule = std::make_shared<Schedule>("us-hts", "USD");
  // Column 2 applies to Cuba and North Korea, and since April 2022 to Russia and Belarus.
  schedule->SetColumn2Countries({"CU", "KP", "RU", "BY"});
  ScheduleStats& stats = schedule->stats();

  struct Ancestor { int indent; std::string text; std::string code; std::string general, special, column2; };
  std::vector<Ancestor> stack;
  std::map<std::string, std::string> ch99_text;  // 9903.xx.xx -> general text of headings in force
  bool header = true;
  for (const auto& row : rows.value()) {
    if (header) { header = false; continue; }
    if (row.size() < 7) continue;
    ++stats.rows;
    const std::string& dotted = row[0];
    int indent = std::atoi(row[1].c_str());
    std::string text = StripHtml(row[2]);
    while (!stack.empty() && stack.back().indent >= indent) stack.pop_back();
    std::string general = row[4], special = row[5], column2 = row[6];
    // Inherit printed rates from the nearest ancestor line that has them.
    std::string rates_from;
    if (general.empty() && special.empty() && column2.empty()) {
      for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
        if (!it->general.empty()) {
          general = it->general;
          special = it->special;
          column2 = it->column2;
          rates_from = it->code;
          break;
        }
      }
    }
    std::string code = Digits(dotted);
    // Chapter-99 headings carry additional duties; suspended ones (list 4B) are marked by the
    // compiler's note "provision suspended" and impose nothing.
    if (dotted.rfind("9903.", 0) == 0 && !row[4].empty() && row[2].find("provision suspended") == std::string::npos)
      ch99_text[dotted] = row[4];
    if (code.size() == 8 || code.size() == 10) {
      TariffLine line;
      line.code = code;
      for (const auto& a : stack) if (!a.text.empty()) line.description += a.text + " > ";
      line.description += text;
      std::string units = StripHtml(row[3]);
      for (char c : {'[', ']', '"', '\\'}) units.erase(std::remove(units.begin(), units.end(), c), units.end());
      size_t s = 0;
      while (!units.empty() && s <= units.size()) {
        size_t comma = units.find(',', s);
        std::string u = units.substr(s, comma == std::string::npos ? std::string::npos : comma - s);
        if (!u.empty()) line.quantity_units.push_back(u);
        if (comma == std::string::npos) break;
        s = comma + 1;
      }
      line.general_text = general;
      line.column2_text = column2;
      line.rates_from = rates_from;
      line.legal_ref = "HTSUS " + dotted.substr(0, std::min<size_t>(dotted.size(), 10));
      auto g = ParseUsRate(general);
      if (g.ok()) {
        line.general = g.value();
        ++stats.computable;
        ++stats.by_kind[KindOf(g.value())];
      } else {
        line.general_declined = g.status().message();
        // Lines without any printed rate are special provisions (chapters 98 and 99).
        ++stats.declined_by_reason[general.empty() ? "no_rate_printed" : DeclineCategory(g.status())];
      }
      if (!special.empty()) line.special = ParseUsSpecial(special).groups;
      auto c2 = ParseUsRate(column2);
      if (c2.ok()) line.column2 = c2.value();
      else line.column2_declined = c2.status().message();
      ++stats.lines;
      schedule->AddLine(std::move(line));
    }
    stack.push_back(Ancestor{indent, text, code, row[4], row[5], row[6]});
  }

  if (!section301_csv.empty()) {
    auto lists = ReadCsvFile(section301_csv);
    if (!lists.ok()) return lists.status();
    // One additional duty per 8-digit line: the highest of the chapter-99 headings it is listed
    // under (a line on list 4A and the never-imposed list 4B pays list 4A's rate).
    std::map<std::string, AdditionalDuty> best;
    bool h = true;
    for (const auto& row : lists.value()) {
      if (h) { h = false; continue; }
      if (row.size() < 3) continue;
      auto text = ch99_text.find(row[2]);
      if (text == ch99_text.end()) continue;
      auto pct = AdditionalPercent(text->second);
      if (!pct) continue;
      auto& slot = best[row[0]];
      if (slot.measure_id.empty() || *pct > slot.percent)
        slot = AdditionalDuty{row[2], "Section 301 (China), list " + row[1], *pct, {"CN"}};
    }
    for (auto& [code8, duty] : best) {
      schedule->AddAdditional(code8, std::move(duty));
      ++stats.additional_measures;
    }
  }
  return std::shared_ptr<const Schedule>(std::move(schedule));
}

}  // namespace oc::tariff
