// Catalogues, facts, evaluation and canonical printing of rule expressions. The lexer, parser
// and type checker are in rule_expr_parse.cc.
#include "risk/rule_expr.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "risk/rule_expr_program.h"

namespace oc::risk {

namespace rule_expr_internal {

bool IsKeyword(std::string_view word) {
  static constexpr std::array<std::string_view, 8> kKeywords = {"and", "or", "not", "in", "starts_with",
                                                                "contains", "true", "false"};
  if (word.size() > 11) return false;
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return std::find(kKeywords.begin(), kKeywords.end(), lower) != kKeywords.end();
}

namespace {

double Num(const Operand& o, const FactsView& f) {
  return o.kind == Operand::Kind::kField ? f.numbers[o.slot] : o.number;
}
std::string_view Str(const Operand& o, const FactsView& f) {
  return o.kind == Operand::Kind::kField ? std::string_view(f.strings[o.slot]) : std::string_view(o.text);
}
bool Bool(const Operand& o, const FactsView& f) {
  return o.kind == Operand::Kind::kField ? f.bools[o.slot] != 0 : o.boolean;
}

bool InSorted(const std::vector<std::string>& sorted, std::string_view v) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), v,
                             [](const std::string& a, std::string_view b) { return std::string_view(a) < b; });
  return it != sorted.end() && std::string_view(*it) == v;
}

bool InSet(const FactsView& f, int slot, std::string_view v) {
  const std::vector<std::string>& set = f.sets[slot];
  for (int i = 0, n = f.set_sizes[slot]; i < n; ++i)
    if (std::string_view(set[i]) == v) return true;
  return false;
}

bool RunTest(const Program& p, const Node& n, const FactsView& f) {
  switch (n.test) {
    case Test::kBool:
      return Bool(n.lhs, f);
    case Test::kNumCompare: {
      double a = Num(n.lhs, f), b = Num(n.rhs, f);
      // IEEE makes NaN != x true; the language wants every comparison with a missing number false.
      if (std::isnan(a) || std::isnan(b)) return false;
      switch (n.op) {
        case Op::kEq: return a == b;
        case Op::kNe: return a != b;
        case Op::kLt: return a < b;
        case Op::kLe: return a <= b;
        case Op::kGt: return a > b;
        case Op::kGe: return a >= b;
        default: return false;
      }
    }
    case Test::kStrCompare:
      return (Str(n.lhs, f) == Str(n.rhs, f)) == (n.op == Op::kEq);
    case Test::kBoolCompare:
      return (Bool(n.lhs, f) == Bool(n.rhs, f)) == (n.op == Op::kEq);
    case Test::kNumInList: {
      double a = Num(n.lhs, f);
      if (std::isnan(a)) return false;
      const std::vector<double>& nums = p.lists[n.list].numbers;
      return std::binary_search(nums.begin(), nums.end(), a) == (n.op == Op::kIn);
    }
    case Test::kStrInList:
      return InSorted(*p.lists[n.list].strings, Str(n.lhs, f)) == (n.op == Op::kIn);
    case Test::kStrInSet:
      return InSet(f, n.rhs.slot, Str(n.lhs, f)) == (n.op == Op::kIn);
    case Test::kSetContains:
      return InSet(f, n.lhs.slot, Str(n.rhs, f));
    case Test::kStartsWith:
      return Str(n.lhs, f).starts_with(Str(n.rhs, f));
    case Test::kStartsWithList: {
      // Looking up each prefix of the value costs O(length * log n) however long the list is.
      const List& list = p.lists[n.list];
      std::string_view v = Str(n.lhs, f);
      for (size_t len = 0, end = std::min(v.size(), list.longest); len <= end; ++len)
        if (InSorted(*list.strings, v.substr(0, len))) return true;
      return false;
    }
    case Test::kSubstring:
      return Str(n.lhs, f).find(Str(n.rhs, f)) != std::string_view::npos;
  }
  return false;
}

int Precedence(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kOr: return 1;
    case Node::Kind::kAnd: return 2;
    case Node::Kind::kNot: return 3;
    case Node::Kind::kTest: return 4;
  }
  return 4;
}

const char* OpText(Op op) {
  switch (op) {
    case Op::kEq: return "=";
    case Op::kNe: return "!=";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not in";
    case Op::kStartsWith: return "starts_with";
    case Op::kContains: return "contains";
    case Op::kNone: break;
  }
  return "";
}

void PrintOperand(const Operand& o, std::string& out) {
  switch (o.kind) {
    case Operand::Kind::kField: out += o.text; break;
    case Operand::Kind::kNumber: out += FormatNumber(o.number); break;
    case Operand::Kind::kString: out += QuoteString(o.text); break;
    case Operand::Kind::kBool: out += o.boolean ? "true" : "false"; break;
  }
}

void Print(const Program& p, int idx, std::string& out) {
  const Node& n = p.nodes[idx];
  auto child = [&](int c) {
    bool parens = Precedence(p.nodes[c]) < Precedence(n);
    if (parens) out += '(';
    Print(p, c, out);
    if (parens) out += ')';
  };
  switch (n.kind) {
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out += n.kind == Node::Kind::kAnd ? " and " : " or ";
        child(n.children[i]);
      }
      return;
    case Node::Kind::kNot:
      out += "not ";
      child(n.children[0]);
      return;
    case Node::Kind::kTest:
      PrintOperand(n.lhs, out);
      if (n.op == Op::kNone) return;
      out += ' ';
      out += OpText(n.op);
      out += ' ';
      if (n.list < 0) {
        PrintOperand(n.rhs, out);
      } else if (!p.lists[n.list].name.empty()) {
        out += '@';
        out += p.lists[n.list].name;
      } else {
        out += '[';
        const std::vector<std::string>& written = p.lists[n.list].written;
        for (size_t i = 0; i < written.size(); ++i) {
          if (i > 0) out += ", ";
          out += written[i];
        }
        out += ']';
      }
      return;
  }
}

}  // namespace

bool Eval(const Program& p, int idx, const FactsView& f) {
  const Node& n = p.nodes[idx];
  switch (n.kind) {
    case Node::Kind::kAnd:
      for (int c : n.children)
        if (!Eval(p, c, f)) return false;
      return true;
    case Node::Kind::kOr:
      for (int c : n.children)
        if (Eval(p, c, f)) return true;
      return false;
    case Node::Kind::kNot:
      return !Eval(p, n.children[0], f);
    case Node::Kind::kTest:
      return RunTest(p, n, f);
  }
  return false;
}

void Finish(Program& p) {
  std::vector<int>& used = p.fields_used;
  used.clear();
  for (const Node& n : p.nodes) {
    if (n.kind != Node::Kind::kTest) continue;
    if (n.lhs.kind == Operand::Kind::kField) used.push_back(n.lhs.slot);
    if (n.op != Op::kNone && n.list < 0 && n.rhs.kind == Operand::Kind::kField) used.push_back(n.rhs.slot);
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  p.min_slots = used.empty() ? 0 : used.back() + 1;
  for (List& list : p.lists)
    if (list.strings)
      for (const std::string& s : *list.strings) list.longest = std::max(list.longest, s.size());
  p.constant = used.empty();
  // No field is read, so a view with no storage is never dereferenced.
  if (p.constant) p.constant_value = Eval(p, p.root, FactsView{nullptr, nullptr, nullptr, nullptr, nullptr});
  p.canonical.clear();
  Print(p, p.root, p.canonical);
}

std::string FormatNumber(double v) {
  // Plain digits for the magnitudes rules use (100000, not 1e+05); exponents only beyond them.
  double a = std::fabs(v);
  auto format = a == 0 || (a >= 1e-6 && a < 1e15) ? std::chars_format::fixed : std::chars_format::scientific;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, format);
  return std::string(buf, r.ptr);
}

std::string QuoteString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace rule_expr_internal

using namespace rule_expr_internal;

// ---------------------------------------------------------------------------------------------
// FieldCatalog

Result<FieldCatalog> FieldCatalog::Create(std::vector<FieldDef> defs) {
  FieldCatalog c;
  for (size_t i = 0; i < defs.size(); ++i) {
    const std::string& name = defs[i].name;
    bool valid = !name.empty() && name.size() <= 64 && !(name[0] >= '0' && name[0] <= '9');
    for (char ch : name) valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
    if (!valid)
      return Status::Invalid("invalid_field_catalog", "field name '" + name + "' is not [a-z_][a-z0-9_]{0,63}");
    if (IsKeyword(name)) return Status::Invalid("invalid_field_catalog", "field name '" + name + "' is a keyword");
    if (!c.index_.emplace(name, static_cast<int>(i)).second)
      return Status::Invalid("invalid_field_catalog", "field '" + name + "' is defined twice");
  }
  c.defs_ = std::move(defs);
  return c;
}

int FieldCatalog::Find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

const FieldCatalog& DeclarationFields() {
  static const FieldCatalog* const catalog = [] {
    using T = FieldType;
    std::vector<FieldDef> defs = {
        {"hs_code", T::kString, "the declared commodity code, up to 10 digits"},
        {"chapter", T::kString, "the commodity code's chapter, 2 digits"},
        {"origin", T::kString, "country of origin, ISO 3166 alpha-2"},
        {"dispatch_country", T::kString, "country of dispatch, ISO 3166 alpha-2"},
        {"importer", T::kString, "the importer's TIN"},
        {"declarant", T::kString, "the declarant's TIN"},
        {"exporter", T::kString, "the seller's name or identifier"},
        {"office", T::kString, "the customs office of declaration"},
        {"transport_mode", T::kString, "mode of transport at the border"},
        {"procedure", T::kString, "4-digit requested and previous procedure"},
        {"declaration_type", T::kString, "the declaration type"},
        {"currency", T::kString, "the invoice currency, ISO 4217"},
        {"customs_value", T::kNumber, "customs value in the national currency"},
        {"unit_value", T::kNumber, "customs value per kg of net mass"},
        {"net_mass", T::kNumber, "net mass in kg"},
        {"gross_mass", T::kNumber, "gross mass in kg"},
        {"item_count", T::kNumber, "number of goods items on the declaration"},
        {"documents", T::kStringSet, "codes of the documents produced"},
        {"trader_declarations", T::kNumber, "the importer's earlier declarations"},
        {"trader_hit_rate", T::kNumber, "share of the importer's inspections that found fraud, 0..1"},
        {"trader_aeo", T::kBool, "the importer is an authorised economic operator"},
        {"model_score", T::kNumber, "the fraud model's probability, 0..1; NaN when no model"},
        {"valuation_ratio", T::kNumber, "declared unit value / reference unit value; NaN when no reference"},
        {"misclassification", T::kNumber, "likelihood the commodity code is wrong, 0..1; NaN when unknown"},
        {"days_since_first_declaration", T::kNumber, "days since the importer's first declaration"},
        {"trader_transit_incidents", T::kNumber,
         "alerts that held a transit back on journeys the importer declared or carried (exits, long stops, seals opened or cut, silence, lateness)"},
    };
    return new FieldCatalog(std::move(FieldCatalog::Create(std::move(defs)).value()));
  }();
  return *catalog;
}

// ---------------------------------------------------------------------------------------------
// ListCatalog

Status ListCatalog::Set(std::string_view name, std::vector<std::string> values) {
  bool valid = !name.empty() && name.size() <= 64;
  for (char c : name)
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  if (!valid) return Status::Invalid("invalid_list", "list name '" + std::string(name) + "' is not [A-Za-z0-9_]{1,64}");
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  auto shared = std::make_shared<const std::vector<std::string>>(std::move(values));
  auto it = lists_.find(name);
  if (it != lists_.end())
    it->second = std::move(shared);  // expressions compiled earlier keep the old snapshot
  else
    lists_.emplace(std::string(name), std::move(shared));
  return Status::Ok();
}

bool ListCatalog::Remove(std::string_view name) {
  auto it = lists_.find(name);
  if (it == lists_.end()) return false;
  lists_.erase(it);
  return true;
}

std::shared_ptr<const std::vector<std::string>> ListCatalog::Find(std::string_view name) const {
  auto it = lists_.find(name);
  return it == lists_.end() ? nullptr : it->second;
}

std::vector<std::string> ListCatalog::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, values] : lists_) names.push_back(name);
  return names;
}

// ---------------------------------------------------------------------------------------------
// Facts

Facts::Facts(const FieldCatalog& fields)
    : numbers_(fields.size(), std::nan("")),
      strings_(fields.size()),
      bools_(fields.size(), 0),
      sets_(fields.size()),
      set_sizes_(fields.size(), 0) {}

void Facts::SetNumber(int slot, double value) {
  if (slot >= 0 && slot < size()) numbers_[slot] = value;
}

void Facts::SetString(int slot, std::string_view value) {
  if (slot >= 0 && slot < size()) strings_[slot].assign(value);  // reuses the capacity
}

void Facts::SetBool(int slot, bool value) {
  if (slot >= 0 && slot < size()) bools_[slot] = value ? 1 : 0;
}

void Facts::SetSet(int slot, const std::vector<std::string>& values) {
  if (slot < 0 || slot >= size()) return;
  ClearSet(slot);
  for (const std::string& v : values) AddToSet(slot, v);
}

void Facts::ClearSet(int slot) {
  if (slot >= 0 && slot < size()) set_sizes_[slot] = 0;
}

void Facts::AddToSet(int slot, std::string_view value) {
  if (slot < 0 || slot >= size()) return;
  // Strings past set_sizes_ are kept from earlier items so that refilling reuses them.
  std::vector<std::string>& set = sets_[slot];
  int& n = set_sizes_[slot];
  if (n < static_cast<int>(set.size()))
    set[n].assign(value);
  else
    set.emplace_back(value);
  ++n;
}

void Facts::Reset() {
  std::fill(numbers_.begin(), numbers_.end(), std::nan(""));
  for (std::string& s : strings_) s.clear();
  std::fill(bools_.begin(), bools_.end(), 0);
  std::fill(set_sizes_.begin(), set_sizes_.end(), 0);
}

// ---------------------------------------------------------------------------------------------
// CompiledExpr

bool CompiledExpr::Evaluate(const Facts& facts) const {
  const Program& p = *program_;
  if (facts.size() < p.min_slots) return false;
  FactsView view{facts.numbers_.data(), facts.strings_.data(), facts.bools_.data(), facts.sets_.data(),
                 facts.set_sizes_.data()};
  return Eval(p, p.root, view);
}

std::vector<int> CompiledExpr::FieldsUsed() const { return program_->fields_used; }

bool CompiledExpr::IsConstant(bool* value) const {
  if (program_->constant && value != nullptr) *value = program_->constant_value;
  return program_->constant;
}

const std::string& CompiledExpr::Canonical() const { return program_->canonical; }

}  // namespace oc::risk
