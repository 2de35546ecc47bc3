// Lexer, parser and type checker of rule expressions (rule_expr.h), building the program that
// rule_expr.cc evaluates. Recursive descent with one token of lookahead; tokens are read on
// demand so that the first problem in the text is the one reported. Every recursion step
// counts against kMaxExprDepth, so no input can exhaust the stack.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "risk/rule_expr.h"
#include "risk/rule_expr_program.h"

namespace oc::risk {

using namespace rule_expr_internal;

namespace {

enum class Tok : uint8_t {
  kEnd, kIdent, kNumber, kString, kListName, kLBracket, kRBracket, kComma, kLParen, kRParen, kOp,
  kAnd, kOr, kNot, kIn, kStartsWith, kContains, kTrue, kFalse
};

struct Token {
  Tok kind = Tok::kEnd;
  int pos = 0, len = 0;
  Op op = Op::kNone;   // kOp
  double number = 0;   // kNumber
  std::string text;    // kString: the unescaped value; kIdent, kListName: the name as written
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// How a character is shown in a message: "character 'x'" when printable ASCII, else
// "byte 0x07" (the text may be any bytes).
std::string Shown(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("character '") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
  return buf;
}

const char* TypeName(FieldType t) {
  switch (t) {
    case FieldType::kNumber: return "number";
    case FieldType::kString: return "string";
    case FieldType::kBool: return "boolean";
    case FieldType::kStringSet: return "string-set";
  }
  return "";
}

// "the number field 'customs_value'" or "a string": how an operand is named in type errors.
std::string Describe(const Operand& o) {
  if (o.kind == Operand::Kind::kField) return std::string("the ") + TypeName(o.type) + " field '" + o.text + "'";
  return o.type == FieldType::kBool ? "a boolean" : std::string("a ") + TypeName(o.type);
}

class Parser {
 public:
  Parser(std::string_view text, const FieldCatalog& fields, const ListCatalog& lists, Program& program)
      : s_(text), fields_(fields), lists_(lists), p_(program) {}

  bool Parse() {
    if (s_.size() > static_cast<size_t>(kMaxExprBytes))
      return Fail(kMaxExprBytes, "the expression is longer than " + std::to_string(kMaxExprBytes) + " bytes");
    if (!Advance()) return false;
    if (tok_.kind == Tok::kEnd) return Fail(0, "empty expression");
    int root;
    if (!ParseOr(0, root)) return false;
    if (tok_.kind == Tok::kRParen) return Fail(tok_.pos, "unexpected ')'");
    if (tok_.kind != Tok::kEnd) return Fail(tok_.pos, "expected 'and', 'or' or the end");
    p_.root = root;
    return true;
  }

  ExprError error;

 private:
  bool Fail(int pos, std::string message) {
    error.position = pos;
    error.message = std::move(message);
    return false;
  }

  std::string_view Source(const Token& t) const { return s_.substr(t.pos, t.len); }

  // ---- Lexer ---------------------------------------------------------------------------------

  bool Advance() {
    prev_ = Source(tok_);
    return Lex(tok_);
  }

  bool Lex(Token& t) {
    const size_t n = s_.size();
    while (i_ < n && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\f' ||
                      s_[i_] == '\v'))
      ++i_;
    t = Token{};
    t.pos = static_cast<int>(i_);
    if (i_ >= n) return true;  // kEnd
    const size_t start = i_;
    const char c = s_[i_];
    auto one = [&](Tok kind, Op op = Op::kNone, size_t len = 1) {
      t.kind = kind;
      t.op = op;
      i_ += len;
      t.len = static_cast<int>(len);
      return true;
    };
    auto next_is = [&](char want) { return i_ + 1 < n && s_[i_ + 1] == want; };
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      while (i_ < n && IsWordChar(s_[i_])) ++i_;
      t.len = static_cast<int>(i_ - start);
      t.text = std::string(s_.substr(start, i_ - start));
      static const std::pair<const char*, Tok> kKeywords[] = {
          {"and", Tok::kAnd}, {"or", Tok::kOr}, {"not", Tok::kNot}, {"in", Tok::kIn},
          {"starts_with", Tok::kStartsWith}, {"contains", Tok::kContains}, {"true", Tok::kTrue},
          {"false", Tok::kFalse}};
      t.kind = Tok::kIdent;
      if (t.text.size() <= 11) {
        std::string lower = Lower(t.text);
        for (const auto& [word, kind] : kKeywords)
          if (lower == word) t.kind = kind;
      }
      return true;
    }
    if (IsDigit(c) || (c == '-' && i_ + 1 < n && IsDigit(s_[i_ + 1]))) return LexNumber(t);
    if (c == '"') return LexString(t);
    switch (c) {
      case '@': {
        ++i_;
        while (i_ < n && IsWordChar(s_[i_])) ++i_;
        if (i_ == start + 1) return Fail(static_cast<int>(start), "expected a list name after '@'");
        t.kind = Tok::kListName;
        t.len = static_cast<int>(i_ - start);
        t.text = std::string(s_.substr(start + 1, i_ - start - 1));
        return true;
      }
      case '(': return one(Tok::kLParen);
      case ')': return one(Tok::kRParen);
      case '[': return one(Tok::kLBracket);
      case ']': return one(Tok::kRBracket);
      case ',': return one(Tok::kComma);
      case '=':
        if (next_is('=')) return Fail(t.pos, "use '=' to compare, not '=='");
        return one(Tok::kOp, Op::kEq);
      case '!':
        if (next_is('=')) return one(Tok::kOp, Op::kNe, 2);
        return Fail(t.pos, "unexpected character '!': use 'not' to negate and '!=' for 'differs'");
      case '<': return next_is('=') ? one(Tok::kOp, Op::kLe, 2) : one(Tok::kOp, Op::kLt);
      case '>': return next_is('=') ? one(Tok::kOp, Op::kGe, 2) : one(Tok::kOp, Op::kGt);
      case '\'': return Fail(t.pos, "strings are written in double quotes");
      default: return Fail(t.pos, "unexpected " + Shown(c));
    }
  }

  bool LexNumber(Token& t) {
    const size_t n = s_.size(), start = i_;
    auto digits = [&] {
      size_t from = i_;
      while (i_ < n && IsDigit(s_[i_])) ++i_;
      return i_ > from;
    };
    if (s_[i_] == '-') ++i_;
    bool ok = digits();
    if (ok && i_ < n && s_[i_] == '.') {
      ++i_;
      ok = digits();
    }
    if (ok && i_ < n && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < n && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      ok = digits();
    }
    const size_t end = i_;
    if (!ok || (i_ < n && (IsWordChar(s_[i_]) || s_[i_] == '.'))) {
      while (i_ < n && (IsWordChar(s_[i_]) || s_[i_] == '.')) ++i_;
      return Fail(static_cast<int>(start), "malformed number '" + std::string(s_.substr(start, i_ - start)) + "'");
    }
    // from_chars takes no '+' before the exponent's digits: drop it.
    std::string literal(s_.substr(start, end - start));
    if (auto plus = literal.find('+'); plus != std::string::npos) literal.erase(plus, 1);
    auto r = std::from_chars(literal.data(), literal.data() + literal.size(), t.number);
    if (r.ec != std::errc() || r.ptr != literal.data() + literal.size())
      return Fail(static_cast<int>(start), "number out of range '" + std::string(s_.substr(start, end - start)) + "'");
    t.kind = Tok::kNumber;
    t.len = static_cast<int>(end - start);
    return true;
  }

  bool LexString(Token& t) {
    const size_t n = s_.size(), start = i_;
    ++i_;
    for (;;) {
      // A line break before the closing quote almost always means the quote was forgotten.
      if (i_ >= n || s_[i_] == '\n') return Fail(static_cast<int>(start), "unterminated string");
      const char c = s_[i_];
      if (c == '"') break;
      if (c == '\\') {
        if (i_ + 1 >= n) return Fail(static_cast<int>(start), "unterminated string");
        const char e = s_[i_ + 1];
        if (e != '"' && e != '\\') {
          bool printable = e >= 0x20 && e < 0x7f;
          std::string shown = printable ? std::string("'\\") + e + "'" : "'\\' followed by " + Shown(e);
          return Fail(static_cast<int>(i_),
                      "unknown escape " + shown + " in a string (only \\\" and \\\\ are escapes)");
        }
        t.text += e;
        i_ += 2;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail(static_cast<int>(i_), "control character in a string");
      t.text += c;
      ++i_;
    }
    ++i_;
    t.kind = Tok::kString;
    t.len = static_cast<int>(i_ - start);
    return true;
  }

  // ---- Parser --------------------------------------------------------------------------------

  int Add(Node node) {
    p_.nodes.push_back(std::move(node));
    return static_cast<int>(p_.nodes.size()) - 1;
  }

  // One node for `a and b and c` (or `or`), absorbing children of the same kind that came from
  // parentheses, so the tree (and the canonical text) does not depend on redundant grouping.
  int Join(Node::Kind kind, const std::vector<int>& parts) {
    if (parts.size() == 1) return parts[0];
    Node node;
    node.kind = kind;
    for (int c : parts) {
      if (p_.nodes[c].kind == kind) {
        const std::vector<int>& grand = p_.nodes[c].children;
        node.children.insert(node.children.end(), grand.begin(), grand.end());
      } else {
        node.children.push_back(c);
      }
    }
    return Add(std::move(node));
  }

  bool ParseOr(int depth, int& out) {
    std::vector<int> parts(1);
    if (!ParseAnd(depth, parts[0])) return false;
    while (tok_.kind == Tok::kOr) {
      if (!Advance()) return false;
      parts.emplace_back();
      if (!ParseAnd(depth, parts.back())) return false;
    }
    out = Join(Node::Kind::kOr, parts);
    return true;
  }

  bool ParseAnd(int depth, int& out) {
    std::vector<int> parts(1);
    if (!ParseUnary(depth, parts[0])) return false;
    while (tok_.kind == Tok::kAnd) {
      if (!Advance()) return false;
      parts.emplace_back();
      if (!ParseUnary(depth, parts.back())) return false;
    }
    out = Join(Node::Kind::kAnd, parts);
    return true;
  }

  bool Deeper(int depth) {
    if (depth + 1 > kMaxExprDepth)
      return Fail(tok_.pos, "nesting deeper than " + std::to_string(kMaxExprDepth) + " levels");
    return true;
  }

  bool ParseUnary(int depth, int& out) {
    if (tok_.kind != Tok::kNot) return ParseComparison(depth, out);
    if (!Deeper(depth) || !Advance()) return false;
    Node node;
    node.kind = Node::Kind::kNot;
    node.children.emplace_back();
    if (!ParseUnary(depth + 1, node.children[0])) return false;
    out = Add(std::move(node));
    return true;
  }

  static bool StartsOperand(Tok k) {
    return k == Tok::kIdent || k == Tok::kNumber || k == Tok::kString || k == Tok::kTrue || k == Tok::kFalse;
  }

  // The token at hand as an operand (advancing past it); fails with `missing` when it is none.
  bool ParseOperand(Operand& o, const std::string& missing) {
    o = Operand{};
    o.position = tok_.pos;
    switch (tok_.kind) {
      case Tok::kIdent: {
        int slot = fields_.Find(tok_.text);
        if (slot < 0) {
          bool upper = Lower(tok_.text) != tok_.text;
          return Fail(tok_.pos, "unknown field '" + tok_.text + "'" + (upper ? " (field names are lowercase)" : ""));
        }
        o.kind = Operand::Kind::kField;
        o.slot = slot;
        o.type = fields_.Defs()[slot].type;
        o.text = tok_.text;
        break;
      }
      case Tok::kNumber:
        o.kind = Operand::Kind::kNumber;
        o.type = FieldType::kNumber;
        o.number = tok_.number;
        break;
      case Tok::kString:
        o.kind = Operand::Kind::kString;
        o.type = FieldType::kString;
        o.text = tok_.text;
        break;
      case Tok::kTrue:
      case Tok::kFalse:
        o.kind = Operand::Kind::kBool;
        o.type = FieldType::kBool;
        o.boolean = tok_.kind == Tok::kTrue;
        break;
      default:
        return Fail(tok_.pos, missing);
    }
    return Advance();
  }

  static std::string SetMisuse(const Operand& o) {
    return "the string-set field '" + o.text + "' can only be tested with 'in' (\"X\" in " + o.text +
           ") or 'contains'";
  }

  bool ParseComparison(int depth, int& out) {
    if (tok_.kind == Tok::kLParen) {
      if (!Deeper(depth)) return false;
      const int open = tok_.pos;
      if (!Advance() || !ParseOr(depth + 1, out)) return false;
      if (tok_.kind == Tok::kEnd)
        return Fail(tok_.pos, "missing ')' for the '(' at column " + std::to_string(open + 1));
      if (tok_.kind != Tok::kRParen) return Fail(tok_.pos, "expected 'and', 'or' or ')'");
      return Advance();
    }
    if (!StartsOperand(tok_.kind)) {
      if (tok_.kind == Tok::kRParen) return Fail(tok_.pos, "unexpected ')'");
      if (tok_.kind == Tok::kEnd) return Fail(tok_.pos, "expected a condition after '" + std::string(prev_) + "'");
      return Fail(tok_.pos, "expected a condition, found '" + std::string(Source(tok_)) + "'");
    }
    Node node;
    const std::string lhs_text(Source(tok_));
    if (!ParseOperand(node.lhs, "")) return false;
    const Operand& lhs = node.lhs;
    switch (tok_.kind) {
      case Tok::kOp:
        if (!ParseCompare(node)) return false;
        break;
      case Tok::kNot:
        if (!Advance()) return false;
        if (tok_.kind != Tok::kIn) return Fail(tok_.pos, "expected 'in' after 'not'");
        node.op = Op::kNotIn;
        if (!Advance() || !ParseIn(node)) return false;
        break;
      case Tok::kIn:
        node.op = Op::kIn;
        if (!Advance() || !ParseIn(node)) return false;
        break;
      case Tok::kStartsWith:
        if (!ParseStartsWith(node)) return false;
        break;
      case Tok::kContains:
        if (!ParseContains(node)) return false;
        break;
      default:
        if (StartsOperand(tok_.kind) || tok_.kind == Tok::kListName || tok_.kind == Tok::kLBracket ||
            tok_.kind == Tok::kLParen)
          return Fail(tok_.pos, "expected an operator after '" + lhs_text + "'");
        if (lhs.type == FieldType::kStringSet)
          return Fail(lhs.position, "the string-set field '" + lhs.text +
                                        "' is not a condition: test it with 'contains' or 'in'");
        if (lhs.type != FieldType::kBool)
          return Fail(lhs.position, Describe(lhs) + " is not a condition" +
                                        (lhs.kind == Operand::Kind::kField ? ": compare it with a value" : ""));
        node.test = Test::kBool;
        break;
    }
    out = Add(std::move(node));
    return true;
  }

  bool ParseCompare(Node& node) {
    const Op op = tok_.op;
    const int op_pos = tok_.pos;
    const std::string op_text(Source(tok_));
    node.op = op;
    if (!Advance()) return false;
    if (!ParseOperand(node.rhs, "expected a value after '" + op_text + "'")) return false;
    const Operand &lhs = node.lhs, &rhs = node.rhs;
    if (lhs.type == FieldType::kStringSet) return Fail(lhs.position, SetMisuse(lhs));
    if (rhs.type == FieldType::kStringSet) return Fail(rhs.position, SetMisuse(rhs));
    if (lhs.type != rhs.type) return Fail(rhs.position, "cannot compare " + Describe(lhs) + " with " + Describe(rhs));
    const bool ordering = op != Op::kEq && op != Op::kNe;
    if (ordering && lhs.type != FieldType::kNumber)
      return Fail(op_pos, "'" + op_text + "' compares numbers only; " + TypeName(lhs.type) + "s take = or !=");
    node.test = lhs.type == FieldType::kNumber ? Test::kNumCompare
                : lhs.type == FieldType::kString ? Test::kStrCompare
                                                 : Test::kBoolCompare;
    return true;
  }

  // An inline list `[...]` whose literals must all be of `type` (number or string), checked
  // against `lhs` for the error message.
  bool ParseInlineList(const Operand& lhs, List& list) {
    const int open = tok_.pos;
    if (!Advance()) return false;
    if (tok_.kind == Tok::kRBracket) return Fail(open, "empty list");
    std::vector<std::string> strings;
    for (;;) {
      if (tok_.kind == Tok::kNumber || tok_.kind == Tok::kString) {
        const bool number = tok_.kind == Tok::kNumber;
        if (number != (lhs.type == FieldType::kNumber)) {
          Operand literal;
          literal.type = number ? FieldType::kNumber : FieldType::kString;
          return Fail(tok_.pos, "cannot compare " + Describe(lhs) + " with " + Describe(literal));
        }
        if (number) {
          list.numbers.push_back(tok_.number);
          list.written.push_back(FormatNumber(tok_.number));
        } else {
          strings.push_back(tok_.text);
          list.written.push_back(QuoteString(tok_.text));
        }
        if (!Advance()) return false;
      } else if (tok_.kind == Tok::kEnd) {
        return Fail(tok_.pos, "missing ']' for the '[' at column " + std::to_string(open + 1));
      } else {
        return Fail(tok_.pos, "expected a string or a number in the list, found '" + std::string(Source(tok_)) + "'");
      }
      if (tok_.kind == Tok::kRBracket) break;
      if (tok_.kind == Tok::kEnd)
        return Fail(tok_.pos, "missing ']' for the '[' at column " + std::to_string(open + 1));
      if (tok_.kind != Tok::kComma) return Fail(tok_.pos, "expected ',' or ']' in the list");
      if (!Advance()) return false;
    }
    std::sort(list.numbers.begin(), list.numbers.end());
    list.numbers.erase(std::unique(list.numbers.begin(), list.numbers.end()), list.numbers.end());
    std::sort(strings.begin(), strings.end());
    strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
    list.strings = std::make_shared<const std::vector<std::string>>(std::move(strings));
    return Advance();
  }

  bool ParseNamedList(const Operand& lhs, List& list) {
    list.strings = lists_.Find(tok_.text);
    if (!list.strings) return Fail(tok_.pos, "unknown list '@" + tok_.text + "'");
    if (lhs.type == FieldType::kNumber)
      return Fail(tok_.pos, "cannot look up " + Describe(lhs) + " in the list '@" + tok_.text +
                                "': named lists hold strings");
    list.name = tok_.text;
    return Advance();
  }

  bool ParseList(const Operand& lhs, Node& node) {
    List list;
    bool ok = tok_.kind == Tok::kLBracket ? ParseInlineList(lhs, list) : ParseNamedList(lhs, list);
    if (!ok) return false;
    node.list = static_cast<int>(p_.lists.size());
    p_.lists.push_back(std::move(list));
    return true;
  }

  bool ParseIn(Node& node) {
    const Operand& lhs = node.lhs;
    const std::string op = node.op == Op::kIn ? "'in'" : "'not in'";
    if (lhs.type == FieldType::kStringSet) return Fail(lhs.position, SetMisuse(lhs));
    if (lhs.type == FieldType::kBool)
      return Fail(lhs.position, op + " tests a number or a string, not " + Describe(lhs));
    if (tok_.kind == Tok::kIdent) {
      if (!ParseOperand(node.rhs, "")) return false;
      const Operand& rhs = node.rhs;
      if (rhs.type != FieldType::kStringSet)
        return Fail(rhs.position, op + " needs a list (@name or [...]) or a string-set field, not " + Describe(rhs));
      if (lhs.type != FieldType::kString)
        return Fail(lhs.position, "cannot look for " + Describe(lhs) + " in " + Describe(rhs));
      node.test = Test::kStrInSet;
      return true;
    }
    if (tok_.kind != Tok::kLBracket && tok_.kind != Tok::kListName)
      return Fail(tok_.pos, "expected a list (@name or [...]) after " + op);
    node.test = lhs.type == FieldType::kNumber ? Test::kNumInList : Test::kStrInList;
    return ParseList(lhs, node);
  }

  bool ParseStartsWith(Node& node) {
    const Operand& lhs = node.lhs;
    node.op = Op::kStartsWith;
    if (lhs.type == FieldType::kStringSet) return Fail(lhs.position, SetMisuse(lhs));
    if (lhs.type != FieldType::kString) return Fail(lhs.position, "'starts_with' tests strings, not " + Describe(lhs));
    if (!Advance()) return false;
    if (tok_.kind == Tok::kString) {
      node.test = Test::kStartsWith;
      return ParseOperand(node.rhs, "");
    }
    if (tok_.kind != Tok::kLBracket && tok_.kind != Tok::kListName)
      return Fail(tok_.pos, "expected a string or a list after 'starts_with'");
    node.test = Test::kStartsWithList;
    return ParseList(lhs, node);
  }

  bool ParseContains(Node& node) {
    const Operand& lhs = node.lhs;
    node.op = Op::kContains;
    if (lhs.type != FieldType::kString && lhs.type != FieldType::kStringSet)
      return Fail(lhs.position, "'contains' tests strings or string sets, not " + Describe(lhs));
    if (!Advance()) return false;
    if (tok_.kind != Tok::kString) return Fail(tok_.pos, "expected a string after 'contains'");
    node.test = lhs.type == FieldType::kString ? Test::kSubstring : Test::kSetContains;
    return ParseOperand(node.rhs, "");
  }

  std::string_view s_;
  const FieldCatalog& fields_;
  const ListCatalog& lists_;
  Program& p_;
  size_t i_ = 0;          // lexer position
  Token tok_;             // the current token
  std::string_view prev_;  // source text of the token before it
};

}  // namespace

Result<CompiledExpr> CompileExpr(std::string_view text, const FieldCatalog& fields, const ListCatalog& lists,
                                 ExprError* error) {
  auto fail = [error](const ExprError& e) {
    if (error != nullptr) *error = e;
    return Status::Invalid("invalid_expression", "at " + std::to_string(e.position + 1) + ": " + e.message);
  };
  auto program = std::make_shared<Program>();
  Parser parser(text, fields, lists, *program);
  if (!parser.Parse()) return fail(parser.error);
  Finish(*program);
  // Criteria are stored in canonical form and compiled from it again, so it must be within the
  // limit too; its spaces and plain digits can make it longer ("9e14" is "900000000000000").
  if (program->canonical.size() > static_cast<size_t>(kMaxExprBytes))
    return fail({0, "the expression's canonical form is longer than " + std::to_string(kMaxExprBytes) + " bytes"});
  return CompiledExpr(std::move(program));
}

Result<CompiledExpr> CompiledExpr::Compile(std::string_view text, const FieldCatalog& fields,
                                           const ListCatalog& lists) {
  return CompileExpr(text, fields, lists, nullptr);
}

}  // namespace oc::risk
