// Private to rule_expr*.cc: the compiled form of a rule expression, shared between the parser
// (rule_expr_parse.cc), which builds it, and the evaluator and printer (rule_expr.cc).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "risk/rule_expr.h"

namespace oc::risk::rule_expr_internal {

enum class Op : uint8_t { kNone, kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kStartsWith, kContains };

struct Operand {
  enum class Kind : uint8_t { kField, kNumber, kString, kBool };
  Kind kind = Kind::kBool;
  FieldType type = FieldType::kBool;  // the value's type (a literal's own, or its field's)
  int slot = -1;                      // kField
  double number = 0;                  // kNumber
  bool boolean = false;               // kBool
  std::string text;                   // kString: the value; kField: the field's name
  int position = 0;
};

// What a test node computes, chosen at compile time from the operand types so that evaluation
// is one switch with no type checks.
enum class Test : uint8_t {
  kBool,            // lhs alone: a boolean field or literal
  kNumCompare,      // lhs op rhs, numbers (NaN -> false)
  kStrCompare,      // = or !=
  kBoolCompare,     // = or !=
  kNumInList,       // [not] in a list of numbers
  kStrInList,       // [not] in a list of strings
  kStrInSet,        // string [not] in string_set_field (rhs)
  kSetContains,     // string_set_field (lhs) contains string (rhs)
  kStartsWith,      // lhs starts_with the string rhs
  kStartsWithList,  // lhs starts_with any string of the list
  kSubstring,       // lhs contains the string rhs
};

struct List {
  std::string name;                    // "" for an inline list
  std::vector<std::string> written;    // inline: each literal's canonical text, in written order
  std::shared_ptr<const std::vector<std::string>> strings;  // sorted, unique
  std::vector<double> numbers;                              // sorted, unique
  size_t longest = 0;  // length of the longest string (bounds the prefixes starts_with tries)
};

struct Node {
  enum class Kind : uint8_t { kAnd, kOr, kNot, kTest };
  Kind kind = Kind::kTest;
  std::vector<int> children;  // kAnd, kOr: two or more (never of their own kind); kNot: one
  Test test = Test::kBool;
  Op op = Op::kNone;
  Operand lhs, rhs;
  int list = -1;  // index into Program::lists
};

struct Program {
  std::vector<Node> nodes;
  int root = 0;
  std::vector<List> lists;
  // Filled by Finish:
  std::vector<int> fields_used;
  int min_slots = 0;  // 1 + the largest slot read
  bool constant = false, constant_value = false;
  std::string canonical;
};

// Read-only view of a Facts' storage, by slot.
struct FactsView {
  const double* numbers;
  const std::string* strings;
  const unsigned char* bools;
  const std::vector<std::string>* sets;
  const int* set_sizes;
};

// Whether `word`, lowercased, is a keyword of the language (cannot name a field).
bool IsKeyword(std::string_view word);

bool Eval(const Program& p, int node, const FactsView& facts);

// Computes the derived members of a program the parser has built.
void Finish(Program& p);

// The canonical text of a number literal (shortest form that reads back to the same value).
std::string FormatNumber(double v);
// The canonical text of a string literal (quoted, with \" and \\ escaped).
std::string QuoteString(std::string_view s);

}  // namespace oc::risk::rule_expr_internal
