#include "common/encoding.h"
#include "tariff/rate.h"

#include <algorithm>
#include <cctype>

namespace oc::tariff {
namespace {

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) { space = true; continue; }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct UnitName { const char* text; const char* unit; int size; };
// US rate units -> UN/ECE Rec 20 codes. A proof litre is a litre at 50 % alcohol (see assess.cc).
const UnitName kUnits[] = {
    {"kg", "KGM", 1},     {"each", "NAR", 1},    {"head", "NAR", 1},      {"No.", "NAR", 1},
    {"pr.", "NPR", 1},    {"pair", "NPR", 1},    {"doz.", "DZN", 1},      {"doz", "DZN", 1},
    {"dozen", "DZN", 1},  {"liter", "LTR", 1},   {"liters", "LTR", 1},    {"pf.liter", "PFL", 1},
    {"pf. liter", "PFL", 1}, {"bbl", "BLL", 1},  {"gross", "GRO", 1},     {"m2", "MTK", 1},
    {"m3", "MTQ", 1},     {"m", "MTR", 1},       {"t", "TNE", 1},         {"g", "GRM", 1},
    {"1000", "NAR", 1000}, {"thousand", "NAR", 1000}, {"1000 kg", "KGM", 1000}, {"kg.", "KGM", 1},
    {"article", "NAR", 1},
    // Rec 20 has a code for drained net weight, so "¢/kg on drained weight" is a plain unit rate.
    {"kg on drained weight", "KDW", 1},
};

// "6.8%" / "33 1/3%" -> percent.
std::optional<Decimal> ParsePercent(const std::string& s) {
  if (s.empty() || s.back() != '%') return std::nullopt;
  std::string num = Trim(std::string_view(s).substr(0, s.size() - 1));
  size_t space = num.find(' ');
  if (space != std::string::npos) {  // mixed fraction "33 1/3"
    auto whole = Decimal::Parse(num.substr(0, space));
    std::string frac = num.substr(space + 1);
    size_t slash = frac.find('/');
    if (!whole || slash == std::string::npos) return std::nullopt;
    auto n = Decimal::Parse(frac.substr(0, slash)), d = Decimal::Parse(frac.substr(slash + 1));
    if (!n || !d || d->is_zero()) return std::nullopt;
    return Decimal::FromUnits(whole->units() + n->units() * Decimal::kOne / d->units());
  }
  return Decimal::Parse(num);
}

// "4.4¢/kg", "$1.128/kg", "0.9¢ each", "$3/head", "52.5¢/bbl".
Result<RatePart> ParseSpecific(const std::string& s) {
  std::string_view v = s;
  bool dollars = false;
  if (!v.empty() && v[0] == '$') { dollars = true; v.remove_prefix(1); }
  size_t i = 0;
  while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.')) ++i;
  auto amount = Decimal::Parse(v.substr(0, i));
  if (!amount) return Status::Invalid("rate_declined", "unparsed: '" + s + "'");
  v.remove_prefix(i);
  constexpr std::string_view kCent = "\xC2\xA2";  // ¢
  if (v.substr(0, kCent.size()) == kCent) {
    if (dollars) return Status::Invalid("rate_declined", "unparsed: '" + s + "'");
    v.remove_prefix(kCent.size());
    amount = Decimal::FromUnits(amount->units() / 100);  // cents -> dollars (6 places: exact to 0.0001 ¢)
  } else if (!dollars) {
    return Status::Invalid("rate_declined", "unparsed: '" + s + "'");
  }
  std::string unit_text = Trim(v);
  if (!unit_text.empty() && unit_text[0] == '/') unit_text = Trim(unit_text.substr(1));
  for (const auto& u : kUnits) {
    if (unit_text == u.text) {
      RatePart p;
      p.kind = RatePart::Kind::kSpecific;
      p.value = *amount;
      p.unit = u.unit;
      p.unit_size = Decimal::FromInt(u.size);
      return p;
    }
  }
  if (unit_text.find(' ') != std::string::npos || unit_text.find("clean") != std::string::npos)
    return Status::Invalid("rate_declined", "qualified_basis: the quantity is '" + unit_text + "', not a declared quantity");
  return Status::Invalid("rate_declined", "unknown_unit: '" + unit_text + "'");
}

}  // namespace

std::vector<std::string> Rate::units() const {
  std::vector<std::string> out;
  for (const auto& p : parts)
    if (p.kind == RatePart::Kind::kSpecific && std::find(out.begin(), out.end(), p.unit) == out.end()) out.push_back(p.unit);
  return out;
}

std::string DeclineCategory(const Status& st) {
  const std::string& m = st.message();
  size_t colon = m.find(':');
  return colon == std::string::npos ? "unparsed" : m.substr(0, colon);
}

Result<Rate> ParseUsRate(std::string_view raw) {
  Rate rate;
  rate.text = CollapseSpaces(StripHtml(raw));
  const std::string& t = rate.text;
  if (t.empty()) return Status::Invalid("rate_declined", "empty: no rate is printed");
  if (t == "Free") return rate;
  std::string lower = t;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* ref : {"applicable", "no change", "see ", "as prescribed", "provided in", "ensemble"})
    if (lower.find(ref) != std::string::npos)
      return Status::Invalid("rate_declined", std::string("reference: the rate refers elsewhere ('") + t + "')");
  for (const char* formula : {" less ", "for each", "but not", "not less", "not more", "degree", "minimum", "maximum"})
    if (lower.find(formula) != std::string::npos)
      return Status::Invalid("rate_declined", "formula: '" + t + "'");
  bool only_drained_weight = true;
  for (size_t at = lower.find(" on "); at != std::string::npos; at = lower.find(" on ", at + 1))
    if (!std::string_view(lower).substr(at).starts_with(" on drained weight")) only_drained_weight = false;
  if (!only_drained_weight || lower.find("content") != std::string::npos)
    return Status::Invalid("rate_declined", "qualified_basis: '" + t + "'");
  // Compound: parts joined by '+' (with or without spaces).
  size_t start = 0;
  while (start <= t.size()) {
    size_t plus = t.find('+', start);
    std::string part = Trim(std::string_view(t).substr(start, plus == std::string::npos ? std::string::npos : plus - start));
    if (part.empty()) return Status::Invalid("rate_declined", "unparsed: '" + t + "'");
    if (auto pct = ParsePercent(part)) {
      rate.parts.push_back(RatePart{RatePart::Kind::kAdValorem, *pct, "", Decimal::FromInt(1), ""});
    } else {
      auto sp = ParseSpecific(part);
      if (!sp.ok()) return sp.status();
      rate.parts.push_back(sp.value());
    }
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  // "Free" is also written as "0%": keep such parts, they compute to zero.
  return rate;
}

namespace {

bool IsCurrency(const std::string& s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "0.5 USD/KGM", "250000 UZS/1000 NAR", "12%".
Result<RatePart> ParseTerm(const std::string& term) {
  if (auto pct = ParsePercent(term)) return RatePart{RatePart::Kind::kAdValorem, *pct, "", Decimal::FromInt(1), ""};
  size_t space = term.find(' ');
  size_t slash = term.find('/');
  if (space == std::string::npos || slash == std::string::npos || slash < space)
    return Status::Invalid("bad_rate", "'" + term + "' is neither 'N%' nor 'AMOUNT CUR/UNIT'");
  auto amount = Decimal::Parse(term.substr(0, space));
  std::string currency = Trim(std::string_view(term).substr(space + 1, slash - space - 1));
  std::string per = Trim(std::string_view(term).substr(slash + 1));
  if (!amount || amount->is_negative() || !IsCurrency(currency))
    return Status::Invalid("bad_rate", "'" + term + "' needs a non-negative amount and an ISO 4217 currency");
  RatePart p{RatePart::Kind::kSpecific, *amount, per, Decimal::FromInt(1), currency};
  if (size_t sp = per.find(' '); sp != std::string::npos) {  // "1000 NAR"
    auto size = Decimal::Parse(per.substr(0, sp));
    if (!size || size->is_zero() || size->is_negative()) return Status::Invalid("bad_rate", "bad batch size in '" + term + "'");
    p.unit_size = *size;
    p.unit = Trim(std::string_view(per).substr(sp + 1));
  }
  if (p.unit.size() < 2 || p.unit.size() > 3 ||
      !std::all_of(p.unit.begin(), p.unit.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
    return Status::Invalid("bad_rate", "'" + p.unit + "' is not a UN/ECE Rec 20 unit code");
  return p;
}

Result<MoneyBound> ParseBound(const std::string& text) {
  size_t space = text.find(' ');
  auto amount = space == std::string::npos ? std::nullopt : Decimal::Parse(text.substr(0, space));
  std::string currency = space == std::string::npos ? "" : Trim(std::string_view(text).substr(space + 1));
  if (!amount || amount->is_negative() || !IsCurrency(currency))
    return Status::Invalid("bad_rate", "a bound must be 'AMOUNT CUR', got '" + text + "'");
  return MoneyBound{*amount, currency};
}

}  // namespace

Result<Rate> ParseRateExpression(std::string_view raw) {
  Rate rate;
  rate.text = CollapseSpaces(raw);
  std::string body = rate.text;
  // Trailing bounds: " max X CUR" then " min X CUR" (either order).
  for (int pass = 0; pass < 2; ++pass) {
    for (const char* word : {" max ", " min "}) {
      size_t at = body.rfind(word);
      if (at == std::string::npos || body.find(')', at) != std::string::npos) continue;
      auto bound = ParseBound(Trim(std::string_view(body).substr(at + 5)));
      if (!bound.ok()) return bound.status();
      (std::string(word) == " max " ? rate.maximum : rate.minimum) = bound.value();
      body = Trim(std::string_view(body).substr(0, at));
    }
  }
  std::string terms = body;
  if (body.rfind("max(", 0) == 0 || body.rfind("min(", 0) == 0) {
    if (body.back() != ')') return Status::Invalid("bad_rate", "unbalanced parenthesis in '" + rate.text + "'");
    rate.combine = body[1] == 'a' ? Rate::Combine::kMax : Rate::Combine::kMin;
    terms = body.substr(4, body.size() - 5);
  }
  char sep = rate.combine == Rate::Combine::kSum ? '+' : ';';
  size_t start = 0;
  while (start <= terms.size()) {
    size_t at = terms.find(sep, start);
    std::string term = Trim(std::string_view(terms).substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (term.empty()) return Status::Invalid("bad_rate", "empty term in '" + rate.text + "'");
    auto part = ParseTerm(term);
    if (!part.ok()) return part.status();
    rate.parts.push_back(part.value());
    if (at == std::string::npos) break;
    start = at + 1;
  }
  if (rate.combine != Rate::Combine::kSum && rate.parts.size() < 2)
    return Status::Invalid("bad_rate", "max()/min() need at least two terms: '" + rate.text + "'");
  return rate;
}

SpecialParse ParseUsSpecial(std::string_view raw) {
  SpecialParse out;
  std::string t = CollapseSpaces(StripHtml(raw));
  // Groups are "<rate> (<programmes>)", one after another.
  size_t pos = 0;
  while (pos < t.size()) {
    size_t open = t.find('(', pos);
    if (open == std::string::npos) break;
    size_t close = t.find(')', open);
    if (close == std::string::npos) break;
    std::string rate_text = Trim(std::string_view(t).substr(pos, open - pos));
    std::string programmes_text = t.substr(open + 1, close - open - 1);
    pos = close + 1;
    std::vector<std::string> programmes;
    size_t s = 0;
    while (s <= programmes_text.size()) {
      size_t comma = programmes_text.find(',', s);
      std::string p = Trim(std::string_view(programmes_text).substr(s, comma == std::string::npos ? std::string::npos : comma - s));
      if (!p.empty()) programmes.push_back(p);
      if (comma == std::string::npos) break;
      s = comma + 1;
    }
    auto rate = ParseUsRate(rate_text);
    if (!rate.ok()) {
      out.declined.emplace_back(programmes_text, rate.status().message());
      continue;
    }
    out.groups.push_back(SpecialRate{std::move(rate.value()), std::move(programmes)});
  }
  return out;
}

}  // namespace oc::tariff
