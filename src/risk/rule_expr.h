// The selectivity-rule expression language: risk officers write a rule's criteria as text, e.g.
//   hs_code starts_with ["8517", "8471"] and origin in @high_risk_countries and unit_value < 2.5
// which is compiled once against a catalogue of fields and of named lists, then evaluated
// against the facts of each goods item. Pure code: no I/O, no exceptions.
//
// Grammar (keywords case-insensitive; field names lowercase [a-z_][a-z0-9_]*):
//   expr       := and_expr ("or" and_expr)*
//   and_expr   := unary ("and" unary)*
//   unary      := "not" unary | comparison
//   comparison := "(" expr ")"
//               | operand [ ("=" | "!=" | "<" | "<=" | ">" | ">=") operand
//                         | ["not"] "in" (listref | string_set_field)
//                         | "starts_with" (string | listref) | "contains" string ]
//   operand    := field | number | string | "true" | "false"
//   listref    := "@" name | "[" literal ("," literal)* "]"
// Strings are double-quoted with \" and \\ as the only escapes; numbers look like 12, 0.5, -3,
// 1e6. Types are checked at compile time: <, <=, >, >= take numbers; = and != take two values
// of one type; in, starts_with and contains take strings (in also numbers); a boolean field or
// literal alone is a condition. `x in string_set_field` and `string_set_field contains "x"`
// test membership; `starts_with` a list is true when any of its prefixes matches.
//
// Missing numbers are NaN, and a NaN makes every comparison involving it false, including
// `!=` and `not in` (so `not (model_score > 0.8)` is true when there is no model score).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oc::risk {

// ---------------------------------------------------------------------------------------------
// Fields

enum class FieldType { kNumber, kString, kBool, kStringSet };

struct FieldDef {
  std::string name;  // [a-z_][a-z0-9_]*, not a keyword
  FieldType type = FieldType::kString;
  std::string description;
};

// The fields an expression may read; a field's slot is its index in the definitions. Immutable
// once created, so it may be shared by any number of threads.
class FieldCatalog {
 public:
  // Invalid ("invalid_field_catalog") when a name is not [a-z_][a-z0-9_]{0,63}, is a keyword
  // (and, or, not, in, starts_with, contains, true, false) or appears twice.
  static Result<FieldCatalog> Create(std::vector<FieldDef> defs);

  // Slot of the field named exactly `name`, or -1.
  int Find(std::string_view name) const;
  const std::vector<FieldDef>& Defs() const { return defs_; }
  int size() const { return static_cast<int>(defs_.size()); }

 private:
  std::vector<FieldDef> defs_;
  std::map<std::string, int, std::less<>> index_;
};

// The slots of DeclarationFields(), in its order (kCount is the number of fields).
enum class Field : int {
  kHsCode, kChapter, kOrigin, kDispatchCountry, kImporter, kDeclarant, kExporter, kOffice,
  kTransportMode, kProcedure, kDeclarationType, kCurrency, kCustomsValue, kUnitValue, kNetMass,
  kGrossMass, kItemCount, kDocuments, kTraderDeclarations, kTraderHitRate, kTraderAeo, kModelScore,
  kValuationRatio, kMisclassification, kDaysSinceFirstDeclaration, kTraderTransitIncidents, kCount
};
constexpr int Slot(Field f) { return static_cast<int>(f); }

// The fields of a goods item of a declaration that selectivity rules read (declaration-level
// fields are repeated on each item). Built once on first use; thread-safe.
const FieldCatalog& DeclarationFields();

// ---------------------------------------------------------------------------------------------
// Named lists (`@name` in an expression)

// Lists of string values by name, e.g. high_risk_countries = {"AF", "KP", ...}. Values match
// exactly (case-sensitive). Not synchronised: mutate it from one thread at a time; const use
// from many threads is safe. A compiled expression keeps the lists it names as they were at
// compile time (they are shared, immutable snapshots): recompile rules after changing a list.
class ListCatalog {
 public:
  // Adds or replaces the list `name`; values are sorted and deduplicated. Invalid
  // ("invalid_list") when the name is not [A-Za-z0-9_]{1,64}.
  Status Set(std::string_view name, std::vector<std::string> values);
  // Removes the list; false when there was none.
  bool Remove(std::string_view name);
  // The sorted, deduplicated values of `name`, or null when there is no such list.
  std::shared_ptr<const std::vector<std::string>> Find(std::string_view name) const;
  std::vector<std::string> Names() const;  // sorted

 private:
  std::map<std::string, std::shared_ptr<const std::vector<std::string>>, std::less<>> lists_;
};

// ---------------------------------------------------------------------------------------------
// Facts: the values of one goods item, by slot

// Sized for a catalogue: every slot has a number (NaN until set), a string (""), a boolean
// (false) and a string set (empty); an expression reads the one of its field's type. Reuse one
// Facts per thread across items: setters then reuse their storage, so filling and evaluating
// allocate nothing once strings and sets have reached their sizes (short values such as codes
// fit a string's inline buffer anyway). Setters ignore slots out of range. Not synchronised.
class Facts {
 public:
  explicit Facts(const FieldCatalog& fields);

  void SetNumber(int slot, double value);
  void SetString(int slot, std::string_view value);
  void SetBool(int slot, bool value);
  void SetSet(int slot, const std::vector<std::string>& values);
  void ClearSet(int slot);
  void AddToSet(int slot, std::string_view value);
  // Back to the initial values, keeping the storage.
  void Reset();

  void SetNumber(Field f, double value) { SetNumber(Slot(f), value); }
  void SetString(Field f, std::string_view value) { SetString(Slot(f), value); }
  void SetBool(Field f, bool value) { SetBool(Slot(f), value); }
  void SetSet(Field f, const std::vector<std::string>& values) { SetSet(Slot(f), values); }
  void AddToSet(Field f, std::string_view value) { AddToSet(Slot(f), value); }

  int size() const { return static_cast<int>(numbers_.size()); }

 private:
  friend class CompiledExpr;
  std::vector<double> numbers_;
  std::vector<std::string> strings_;
  std::vector<unsigned char> bools_;
  std::vector<std::vector<std::string>> sets_;
  std::vector<int> set_sizes_;  // sets_[i] keeps spare strings beyond set_sizes_[i] for reuse
};

// ---------------------------------------------------------------------------------------------
// Compiling and evaluating

inline constexpr int kMaxExprBytes = 4000;  // longer texts, or canonical texts, are rejected
inline constexpr int kMaxExprDepth = 64;    // parentheses and `not`s nested deeper are rejected

struct ExprError {
  int position = 0;  // 0-based byte offset in the text where the problem is
  std::string message;
};

namespace rule_expr_internal {
struct Program;
}

// A compiled expression. Immutable; copies share the compiled program, so copying is cheap and
// any number of threads may evaluate one expression (or its copies) at once.
class CompiledExpr {
 public:
  // Compiles `text` against the catalogues (which need not outlive the result). On error:
  // Invalid("invalid_expression", "at <column>: <message>"), column 1-based; CompileExpr below
  // also gives the 0-based position.
  static Result<CompiledExpr> Compile(std::string_view text, const FieldCatalog& fields,
                                      const ListCatalog& lists);

  // Whether the item described by `facts` matches. `facts` must be sized for the catalogue the
  // expression was compiled against; with fewer slots than it reads the answer is false.
  // Allocation-free.
  bool Evaluate(const Facts& facts) const;

  // The slots the expression reads, ascending and without duplicates (lets callers skip
  // computing costly facts such as model_score).
  std::vector<int> FieldsUsed() const;

  // True when the expression reads no field (e.g. `true`, `1 < 2`), its result then stored in
  // *value when value is not null; callers warn that such a rule selects everything or nothing.
  bool IsConstant(bool* value) const;

  // The normalised text: keywords lowercase, single spaces, only the parentheses precedence
  // needs, numbers in shortest form, lists as written (named lists stay `@name`). Compiling it
  // gives the same canonical text and the same results; use it for display and versioning.
  const std::string& Canonical() const;

 private:
  friend Result<CompiledExpr> CompileExpr(std::string_view, const FieldCatalog&, const ListCatalog&,
                                          ExprError*);
  explicit CompiledExpr(std::shared_ptr<const rule_expr_internal::Program> program)
      : program_(std::move(program)) {}
  std::shared_ptr<const rule_expr_internal::Program> program_;
};

// As CompiledExpr::Compile, also filling *error (when not null) on failure so that an API can
// answer with the position.
Result<CompiledExpr> CompileExpr(std::string_view text, const FieldCatalog& fields,
                                 const ListCatalog& lists, ExprError* error);

}  // namespace oc::risk
