#include "classify/training_data.h"

#include <algorithm>
#include <set>

#include "common/encoding.h"
#include "refdata/csv.h"

namespace oc::classify {

namespace {

std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

// HTML tags and a trailing colon go; the rest of a tariff description is kept.
std::string CleanTariffText(const std::string& s) {
  std::string out = StripHtml(s);
  while (!out.empty() && (out.back() == ':' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

Result<std::vector<LabelledRow>> ReadLabelled(const std::string& path) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Invalid("bad_labelled_file", path + " is empty");
  const CsvRow& header = rows->front();
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  int source = column("source"), description = column("description"), codes = column("codes"),
      bucket = column("split_bucket");
  if (description < 0 || codes < 0)
    return Status::Invalid("bad_labelled_file", path + ": the header needs 'description' and 'codes' columns");
  std::vector<LabelledRow> out;
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRow& r = rows.value()[i];
    if (r.size() == 1 && r[0].empty()) continue;
    if (static_cast<int>(r.size()) <= std::max(description, codes))
      return Status::Invalid("bad_labelled_file", path + " line " + std::to_string(i + 1) + ": too few columns");
    LabelledRow row;
    row.source = source >= 0 ? r[source] : "";
    row.description = r[description];
    std::string code;
    for (char c : r[codes] + ";") {
      if (c == ';') {
        if (!code.empty()) row.codes.push_back(code);
        code.clear();
      } else if (c >= '0' && c <= '9') {
        code.push_back(c);
      }
    }
    if (row.codes.empty())
      return Status::Invalid("bad_labelled_file", path + " line " + std::to_string(i + 1) + ": no code in 'codes'");
    if (bucket >= 0 && static_cast<int>(r.size()) > bucket && !r[bucket].empty()) {
      try {
        row.split_bucket = std::stoi(r[bucket]);
      } catch (...) {
        return Status::Invalid("bad_labelled_file", path + " line " + std::to_string(i + 1) + ": split_bucket is not a number");
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<TrainingText> TextsFromLabelled(const std::vector<LabelledRow>& rows) {
  std::vector<TrainingText> out;
  for (const auto& r : rows) {
    std::set<std::string> seen;
    for (const auto& c : r.codes)
      if (c.size() >= 6 && seen.insert(c.substr(0, 6)).second) out.push_back({c.substr(0, 6), r.description, true});
  }
  return out;
}

std::vector<TrainingText> TextsFromNomenclature(const Nomenclature& n) {
  std::vector<TrainingText> out;
  for (const auto& [code, entry] : n.codes) {
    if (code.size() != 6) continue;
    std::string text;
    auto path = n.Path(code);
    for (auto it = path.rbegin(); it != path.rend(); ++it) text += (text.empty() ? "" : " ; ") + it->second;
    out.push_back({code, text, false});
  }
  return out;
}

Result<std::vector<TrainingText>> TextsFromUsTariff(const std::string& path, const Nomenclature& n) {
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  std::vector<TrainingText> out;
  std::vector<std::string> ancestors;  // by indent: the latest description at each level
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRow& r = rows.value()[i];
    if (r.size() < 3) continue;
    int indent = 0;
    try {
      indent = std::stoi(r[1]);
    } catch (...) {
      continue;
    }
    if (indent < 0 || indent > 20) continue;
    std::string text = CleanTariffText(r[2]);
    ancestors.resize(indent + 1);
    ancestors[indent] = text;
    std::string code = Digits(r[0]);
    if (code.size() < 8) continue;
    std::string hs6 = code.substr(0, 6);
    if (!n.codes.count(hs6)) continue;
    std::string full = text;
    for (int a = indent - 1; a >= 0; --a)
      if (!ancestors[a].empty()) full += " ; " + ancestors[a];
    if (seen.emplace(hs6, full).second) out.push_back({hs6, full, false});
  }
  return out;
}

}  // namespace oc::classify

#include <filesystem>
#include <fstream>

namespace oc::classify {

namespace {
constexpr const char* kTextsFormat = "opencustoms-hs-texts-1";
}

Status SaveTexts(const std::vector<TrainingText>& texts, const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Internal("cannot write " + tmp);
    out << kTextsFormat << "\n";
    for (const auto& t : texts) {
      std::string text = t.text;
      for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
      out << t.hs6 << '\t' << (t.labelled ? 1 : 0) << '\t' << text << '\n';
    }
    if (!out.flush()) return Status::Internal("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Internal("cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

Result<std::vector<TrainingText>> LoadTexts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("no classifier at " + path + " (train one: opencustoms classify train)");
  std::string line;
  if (!std::getline(in, line) || line != kTextsFormat)
    return Status::Invalid("bad_model", path + " is not a classifier file (" + kTextsFormat + ")");
  std::vector<TrainingText> out;
  size_t n = 1;
  while (std::getline(in, line)) {
    ++n;
    size_t a = line.find('\t'), b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) return Status::Invalid("bad_model", path + " line " + std::to_string(n) + ": expected 3 fields");
    out.push_back({line.substr(0, a), line.substr(b + 1), line.substr(a + 1, b - a - 1) == "1"});
  }
  return out;
}

}  // namespace oc::classify
