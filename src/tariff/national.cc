#include "tariff/national.h"

#include <cstdio>

#include "common/dates.h"
#include "refdata/csv.h"

namespace oc::tariff {

const char* MeasureTypeName(MeasureType t) {
  switch (t) {
    case MeasureType::kDuty: return "duty";
    case MeasureType::kPreference: return "preference";
    case MeasureType::kAdditional: return "additional";
    case MeasureType::kExcise: return "excise";
    case MeasureType::kVat: return "vat";
    case MeasureType::kFee: return "fee";
  }
  return "duty";
}

Result<std::shared_ptr<const NationalSchedule>> NationalSchedule::Load(const std::string& dir, std::string name,
                                                                       std::string currency) {
  std::string path = dir + "/measures.csv";
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  auto s = std::make_shared<NationalSchedule>();
  s->name_ = std::move(name);
  s->currency_ = std::move(currency);
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = rows.value()[i];
    auto bad = [&](const std::string& why) {
      return Status::Invalid("bad_schedule", path + " line " + std::to_string(i + 1) + ": " + why);
    };
    if (r.size() != 12) return bad("expected 12 columns");
    Measure m;
    m.id = r[0];
    bool known = false;
    for (MeasureType t : {MeasureType::kDuty, MeasureType::kPreference, MeasureType::kAdditional, MeasureType::kExcise,
                          MeasureType::kVat, MeasureType::kFee})
      if (r[1] == MeasureTypeName(t)) { m.type = t; known = true; }
    if (!known) return bad("unknown measure type '" + r[1] + "'");
    m.code = r[2];
    if (m.code.find_first_not_of("0123456789") != std::string::npos) return bad("code must be digits");
    for (size_t a = 0; a < r[3].size();) {
      size_t sp = r[3].find(' ', a);
      std::string o = r[3].substr(a, sp == std::string::npos ? std::string::npos : sp - a);
      if (!o.empty()) m.origins.insert(o);
      if (sp == std::string::npos) break;
      a = sp + 1;
    }
    m.programme = r[4];
    m.proof = r[5];
    auto rate = ParseRateExpression(r[6]);
    if (!rate.ok()) return bad(rate.status().message());
    m.rate = rate.value();
    m.round = std::atoi(r[7].c_str());
    auto from = ParseIsoDate(r[8]), to = ParseIsoDate(r[9]);
    if (!from || !to || *to < *from) return bad("valid_from/valid_to must be dates, in order");
    m.valid_from = *from;
    m.valid_to = *to;
    m.legal_ref = r[10];
    m.description = r[11];
    if (m.type == MeasureType::kPreference && (m.programme.empty() || m.proof.empty()))
      return bad("a preference names its programme and its proof document");
    s->measures_.push_back(std::move(m));
  }
  for (const char* lang : {"ru", "uz"})
    if (Status st = s->LoadDescriptions(dir + "/i18n/measures." + lang + ".csv", lang); !st.ok()) return st;
  for (const auto& m : s->measures_) s->by_prefix_[Key(m.type, m.code)].push_back(&m);
  return std::shared_ptr<const NationalSchedule>(std::move(s));
}

Status NationalSchedule::LoadDescriptions(const std::string& path, const char* lang) {
  if (FILE* f = std::fopen(path.c_str(), "r")) std::fclose(f);
  else return Status::Ok();  // a schedule may be in one language only
  auto rows = ReadCsvFile(path);
  if (!rows.ok()) return rows.status();
  std::unordered_map<std::string, Measure*> by_id;
  for (auto& m : measures_) by_id[m.id] = &m;
  for (size_t i = 1; i < rows->size(); ++i) {
    const auto& r = rows.value()[i];
    if (r.size() != 2 || r[1].empty())
      return Status::Invalid("bad_schedule", path + " line " + std::to_string(i + 1) + ": expected id,description");
    auto it = by_id.find(r[0]);
    if (it == by_id.end())
      return Status::Invalid("bad_schedule", path + " line " + std::to_string(i + 1) + ": no measure " + r[0]);
    it->second->descriptions[lang] = r[1];
  }
  return Status::Ok();
}

const Measure* NationalSchedule::ById(const std::string& id) const {
  for (const auto& m : measures_)
    if (m.id == id) return &m;
  return nullptr;
}

const std::string& NationalSchedule::Description(const Measure& m, std::string_view lang) {
  auto it = m.descriptions.find(std::string(lang));
  return it == m.descriptions.end() ? m.description : it->second;
}

void LocaliseLines(const NationalSchedule& schedule, std::string_view lang, std::vector<DutyLine>& lines) {
  if (lang == "en") return;
  for (auto& l : lines)
    if (const Measure* m = schedule.ById(l.measure_id)) l.description = NationalSchedule::Description(*m, lang);
}

std::string NationalSchedule::Key(MeasureType t, std::string_view prefix) {
  std::string k(1, static_cast<char>('0' + static_cast<int>(t)));
  k.append(prefix);
  return k;
}

const Measure* NationalSchedule::Find(MeasureType type, const std::string& code, int64_t day, const std::string& origin,
                                      const std::string& programme) const {
  for (size_t len = code.size() + 1; len-- > 0;) {
    auto it = by_prefix_.find(Key(type, std::string_view(code).substr(0, len)));
    if (it == by_prefix_.end()) continue;
    for (const Measure* m : it->second) {
      if (day < m->valid_from || day > m->valid_to) continue;
      if (!m->origins.empty() && !m->origins.count(origin)) continue;
      if (type == MeasureType::kPreference && m->programme != programme) continue;
      return m;
    }
  }
  return nullptr;
}

std::vector<const Measure*> NationalSchedule::Additional(const std::string& code, int64_t day,
                                                         const std::string& origin) const {
  std::vector<const Measure*> out;
  for (const auto& m : measures_)
    if (m.type == MeasureType::kAdditional && day >= m.valid_from && day <= m.valid_to &&
        code.compare(0, m.code.size(), m.code) == 0 && (m.origins.empty() || m.origins.count(origin)))
      out.push_back(&m);
  return out;
}

namespace {

Result<DutyLine> Apply(const Measure& m, const char* kind, Decimal base_value, const NationalItem& item,
                       const ToScheduleCurrency& convert, const std::string& currency) {
  std::string base;
  auto amount = ApplyRate(m.rate, base_value, item.net_kg, item.quantities, &base, &convert);
  if (!amount.ok()) return amount.status();
  DutyLine l;
  l.kind = kind;
  l.measure_id = m.id;
  l.legal_ref = m.legal_ref;
  l.description = m.description;
  l.base = base_value.ToFixed(2) + " " + currency + (base.empty() ? "" : "; " + base);
  l.rate_text = m.rate.text;
  l.amount = amount->Round(m.round);
  return l;
}

}  // namespace

Result<std::vector<DutyLine>> AssessNationalItem(const NationalSchedule& s, const NationalItem& item,
                                                 const ToScheduleCurrency& convert, std::vector<std::string>* notes) {
  if (item.customs_value.is_negative()) return Status::Invalid("negative_value", "the customs value must not be negative");
  if (item.code.size() < 6 || item.code.size() > 10 || item.code.find_first_not_of("0123456789") != std::string::npos)
    return Status::Invalid("code_depth", "a national commodity code has 6 to 10 digits, got '" + item.code + "'");
  std::vector<DutyLine> lines;
  const Measure* duty = s.Find(MeasureType::kDuty, item.code, item.day, item.origin);
  if (!duty) return Status::Invalid("unknown_code", "no duty measure of " + s.name() + " covers " + item.code);
  if (!item.programme.empty()) {
    const Measure* pref = s.Find(MeasureType::kPreference, item.code, item.day, item.origin, item.programme);
    if (!pref) {
      if (notes) notes->push_back("programme " + item.programme + " gives no preference for goods of origin " + item.origin);
    } else if (!item.documents.count(pref->proof)) {
      if (notes) notes->push_back("preference " + item.programme + " needs proof of origin " + pref->proof + "; the general duty applies");
    } else {
      duty = pref;
    }
  }
  Decimal duties;
  auto d = Apply(*duty, "duty", item.customs_value, item, convert, s.currency());
  if (!d.ok()) return d.status();
  duties = duties + d->amount;
  lines.push_back(d.value());
  for (const Measure* add : s.Additional(item.code, item.day, item.origin)) {
    auto a = Apply(*add, "additional_duty", item.customs_value, item, convert, s.currency());
    if (!a.ok()) return a.status();
    duties = duties + a->amount;
    lines.push_back(a.value());
  }
  Decimal excise_total;
  if (const Measure* ex = s.Find(MeasureType::kExcise, item.code, item.day, item.origin)) {
    auto e = Apply(*ex, "excise", item.customs_value, item, convert, s.currency());
    if (!e.ok()) return e.status();
    excise_total = e->amount;
    lines.push_back(e.value());
  }
  if (const Measure* vat = s.Find(MeasureType::kVat, item.code, item.day, item.origin)) {
    // VAT is charged on the customs value plus the duties and excise due at import.
    auto v = Apply(*vat, "vat", item.customs_value + duties + excise_total, item, convert, s.currency());
    if (!v.ok()) return v.status();
    lines.push_back(v.value());
  }
  return lines;
}

Result<std::optional<DutyLine>> AssessNationalFee(const NationalSchedule& s, Decimal total_customs_value, int64_t day,
                                                  const ToScheduleCurrency& convert) {
  const Measure* fee = s.Find(MeasureType::kFee, "", day, "");
  if (!fee) return std::optional<DutyLine>();
  NationalItem none;
  auto l = Apply(*fee, "fee", total_customs_value, none, convert, s.currency());
  if (!l.ok()) return l.status();
  return std::optional<DutyLine>(l.value());
}

}  // namespace oc::tariff
