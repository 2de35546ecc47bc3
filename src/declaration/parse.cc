// Parsing runs on every lodgement, so it reads the document with simdjson's DOM parser (which
// also validates UTF-8) and walks it once, collecting every error.
#include "declaration/parse.h"

#include <algorithm>
#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "common/dates.h"

namespace oc {

using Elem = simdjson::dom::element;
using ElemType = simdjson::dom::element_type;

std::string JsonPointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

namespace {

// Whether one pointer names the same element as the other, or one inside it ("/a/b" is within
// "/a", "/ab" is not).
bool Within(const std::string& inner, const std::string& outer) {
  return inner.compare(0, outer.size(), outer) == 0 && (inner.size() == outer.size() || inner[outer.size()] == '/');
}

}  // namespace

FieldErrors MergeFieldErrors(FieldErrors parse_errors, const FieldErrors& check_errors) {
  const size_t parsed = parse_errors.size();
  for (const auto& e : check_errors) {
    bool covered = false;
    for (size_t i = 0; i < parsed && !covered; ++i)
      covered = Within(e.pointer, parse_errors[i].pointer) ||
                (!e.pointer.empty() && Within(parse_errors[i].pointer, e.pointer));
    if (!covered) parse_errors.push_back(e);
  }
  return parse_errors;
}

bool IsDigits(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  for (char c : s) if (c < '0' || c > '9') return false;
  return true;
}

bool IsUpperAlpha(std::string_view s, size_t len) {
  if (s.size() != len) return false;
  for (char c : s) if (c < 'A' || c > 'Z') return false;
  return true;
}

namespace {

enum Need { kOptional, kRequired };

const char* TypeName(const Elem& j) {
  switch (j.type()) {
    case ElemType::NULL_VALUE: return "null";
    case ElemType::BOOL: return "boolean";
    case ElemType::STRING: return "string";
    case ElemType::ARRAY: return "array";
    case ElemType::OBJECT: return "object";
    default: return "number";
  }
}

bool HasControlChars(std::string_view s) {
  for (unsigned char c : s) if (c < 0x20 && c != '\t') return true;
  return false;
}

// Reads one JSON object, remembering which keys were read so that unknown keys are reported.
class ObjectReader {
 public:
  ObjectReader(simdjson::dom::object obj, std::string pointer, FieldErrors& errors)
      : obj_(obj), ptr_(std::move(pointer)), errors_(errors) {}

  ~ObjectReader() {
    std::vector<std::string_view> keys;
    for (auto field : obj_) {
      std::string_view key = field.key;
      bool known = false;
      for (const char* k : seen_) if (key == k) { known = true; break; }
      for (auto earlier : keys)
        if (earlier == key) Error(Child(std::string(key)), "duplicate_field", "element '" + std::string(key) + "' appears twice");
      keys.push_back(key);
      if (!known) Error(Child(std::string(key)), "unknown_field", "unknown element '" + std::string(key) + "'");
    }
  }

  std::string Child(const std::string& key) const { return ptr_ + "/" + JsonPointerToken(key); }
  const std::string& pointer() const { return ptr_; }
  void Error(std::string pointer, std::string code, std::string msg) {
    errors_.push_back({std::move(pointer), std::move(code), std::move(msg)});
  }

  // Returns the member, or nullopt (recording "required" if it was required). null counts as absent.
  std::optional<Elem> Get(const char* key, Need need) {
    seen_.push_back(key);
    Elem value;
    if (obj_.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) {
      if (need == kRequired) Error(Child(key), "required", std::string("'") + key + "' is required");
      return std::nullopt;
    }
    return value;
  }

  std::string Str(const char* key, Need need, size_t max_len, size_t min_len = 1) {
    auto v = Get(key, need);
    if (!v) return {};
    if (!v->is_string()) {
      Error(Child(key), "wrong_type", std::string("'") + key + "' must be a string, not " + TypeName(*v));
      return {};
    }
    std::string_view s = v->get_string().value_unsafe();
    if (s.size() < min_len) {
      Error(Child(key), need == kRequired ? "required" : "too_short", std::string("'") + key + "' must not be empty");
      return {};
    }
    if (s.size() > max_len) {
      Error(Child(key), "too_long", std::string("'") + key + "' is longer than " + std::to_string(max_len) + " bytes");
      return {};
    }
    if (HasControlChars(s)) {
      Error(Child(key), "control_characters", std::string("'") + key + "' contains control characters");
      return {};
    }
    return std::string(s);
  }

  // A string that must match a shape (checked by `ok`); `shape` describes it in the error message.
  template <typename Pred>
  std::string Code(const char* key, Need need, size_t max_len, Pred ok, const char* shape) {
    std::string s = Str(key, need, max_len);
    if (!s.empty() && !ok(s)) {
      Error(Child(key), "invalid_format", std::string("'") + key + "' must be " + shape + ", got '" + s + "'");
      return {};
    }
    return s;
  }

  std::string Country(const char* key, Need need) {
    return Code(key, need, 2, [](const std::string& s) { return IsUpperAlpha(s, 2); }, "an ISO 3166-1 alpha-2 code");
  }
  std::string Currency(const char* key, Need need) {
    return Code(key, need, 3, [](const std::string& s) { return IsUpperAlpha(s, 3); }, "an ISO 4217 code");
  }
  std::string Date(const char* key, Need need) {
    return Code(key, need, 10, [](const std::string& s) { return ParseIsoDate(s).has_value(); },
                "a calendar date YYYY-MM-DD");
  }

  Decimal Dec(const char* key, Need need, bool allow_zero = true) {
    auto v = Get(key, need);
    if (!v) return {};
    if (!v->is_string()) {
      Error(Child(key), "wrong_type",
            std::string("'") + key + "' must be a decimal string such as \"12.50\", not " + TypeName(*v));
      return {};
    }
    std::string_view text = v->get_string().value_unsafe();
    auto d = Decimal::Parse(text);
    if (!d) {
      Error(Child(key), "invalid_decimal",
            std::string("'") + key + "' must be a decimal with at most 6 fractional digits, got \"" +
                std::string(text.substr(0, 64)) + "\"");
      return {};
    }
    if (d->is_negative() || (!allow_zero && d->is_zero())) {
      Error(Child(key), allow_zero ? "negative" : "not_positive",
            std::string("'") + key + (allow_zero ? "' must not be negative" : "' must be greater than zero"));
      return {};
    }
    return *d;
  }

  int64_t Int(const char* key, Need need, int64_t min, int64_t max) {
    auto v = Get(key, need);
    if (!v) return 0;
    if (v->type() != ElemType::INT64 && v->type() != ElemType::UINT64) {
      Error(Child(key), "wrong_type", std::string("'") + key + "' must be an integer, not " + TypeName(*v));
      return 0;
    }
    int64_t n = v->type() == ElemType::UINT64 ? INT64_MAX : v->get_int64().value_unsafe();
    if (n < min || n > max) {
      Error(Child(key), "out_of_range",
            std::string("'") + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
      return 0;
    }
    return n;
  }

  std::optional<Elem> Obj(const char* key, Need need) {
    auto v = Get(key, need);
    if (v && !v->is_object()) {
      Error(Child(key), "wrong_type", std::string("'") + key + "' must be an object, not " + TypeName(*v));
      return std::nullopt;
    }
    return v;
  }

  // Returns the array's elements, or nullopt.
  std::optional<std::vector<Elem>> Arr(const char* key, Need need, size_t min_items, size_t max_items) {
    auto v = Get(key, need);
    if (!v) return std::nullopt;
    if (!v->is_array()) {
      Error(Child(key), "wrong_type", std::string("'") + key + "' must be an array, not " + TypeName(*v));
      return std::nullopt;
    }
    std::vector<Elem> items;
    simdjson::dom::array array = v->get_array().value_unsafe();
    for (Elem e : array) items.push_back(e);
    if (items.size() < min_items) {
      Error(Child(key), min_items == 1 ? "required" : "too_few",
            std::string("'") + key + "' needs at least " + std::to_string(min_items) + " element(s)");
      return std::nullopt;
    }
    if (items.size() > max_items) {
      Error(Child(key), "too_many",
            std::string("'") + key + "' has " + std::to_string(items.size()) + " elements; at most " +
                std::to_string(max_items) + " are allowed");
      return std::nullopt;
    }
    return items;
  }

  FieldErrors& errors() { return errors_; }

 private:
  simdjson::dom::object obj_;
  std::string ptr_;
  FieldErrors& errors_;
  std::vector<const char*> seen_;
};

// Calls fn(ObjectReader&) if `j` is an object at `ptr`, otherwise records a type error.
template <typename Fn>
void WithObject(const Elem& j, const std::string& ptr, FieldErrors& errors, Fn fn) {
  if (!j.is_object()) {
    errors.push_back({ptr, "wrong_type", std::string("must be an object, not ") + TypeName(j)});
    return;
  }
  ObjectReader r(j.get_object().value_unsafe(), ptr, errors);
  fn(r);
}

Address ReadAddress(ObjectReader& parent) {
  Address a;
  if (auto j = parent.Obj("address", kRequired)) {
    WithObject(*j, parent.Child("address"), parent.errors(), [&](ObjectReader& r) {
      a.street = r.Str("street", kOptional, 70);
      a.city = r.Str("city", kOptional, 35);
      a.postcode = r.Str("postcode", kOptional, 9);
      a.country = r.Country("country", kRequired);
    });
  }
  return a;
}

Party ReadParty(const Elem& j, const std::string& ptr, FieldErrors& errors, bool is_representative) {
  Party p;
  WithObject(j, ptr, errors, [&](ObjectReader& r) {
    p.tin = r.Code("tin", kRequired, 17, [](const std::string& s) {
      for (char c : s) if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
      return true;
    }, "1-17 upper-case letters and digits");
    p.name = r.Str("name", kRequired, 70);
    p.address = ReadAddress(r);
    if (is_representative) p.status = r.Code("status", kRequired, 1, [](const std::string& s) { return IsDigits(s, 1, 1); }, "a one-digit status code");
  });
  return p;
}

std::vector<Document> ReadDocuments(ObjectReader& parent, size_t max_docs) {
  std::vector<Document> docs;
  auto arr = parent.Arr("documents", kOptional, 0, max_docs);
  if (!arr) return docs;
  for (size_t i = 0; i < arr->size(); ++i) {
    Document d;
    WithObject((*arr)[i], parent.Child("documents") + "/" + std::to_string(i), parent.errors(), [&](ObjectReader& r) {
      d.type = r.Code("type", kRequired, 4, [](const std::string& s) {
        if (s.size() != 4 || s[0] < 'A' || s[0] > 'Z') return false;
        for (size_t k = 1; k < 4; ++k) if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'A' && s[k] <= 'Z'))) return false;
        return true;
      }, "a 4-character document type code such as N380");
      d.id = r.Str("id", kRequired, 70);
      d.issuer = r.Str("issuer", kOptional, 70);
      d.date = r.Date("date", kOptional);
    });
    docs.push_back(std::move(d));
  }
  return docs;
}

std::optional<Money> ReadMoney(ObjectReader& parent, const char* key) {
  auto j = parent.Obj(key, kOptional);
  if (!j) return std::nullopt;
  Money m;
  WithObject(*j, parent.Child(key), parent.errors(), [&](ObjectReader& r) {
    m.amount = r.Dec("amount", kRequired);
    m.currency = r.Currency("currency", kRequired);
  });
  return m;
}

GoodsItem ReadItem(const Elem& j, const std::string& ptr, FieldErrors& errors) {
  GoodsItem it;
  WithObject(j, ptr, errors, [&](ObjectReader& r) {
    it.seq = r.Int("seq", kRequired, 1, 999);
    it.description = r.Str("description", kRequired, 512);
    if (auto c = r.Obj("commodity", kRequired)) {
      WithObject(*c, r.Child("commodity"), errors, [&](ObjectReader& cr) {
        it.commodity.hs = cr.Code("hs", kRequired, 6, [](const std::string& s) { return IsDigits(s, 6, 6); },
                                  "exactly 6 digits (HS subheading)");
        it.commodity.national = cr.Code("national", kOptional, 4, [](const std::string& s) { return IsDigits(s, 1, 4); },
                                        "1 to 4 digits (national subdivision)");
      });
    }
    it.origin = r.Country("origin", kRequired);
    it.preferential_origin = r.Country("preferential_origin", kOptional);
    it.net_mass = r.Dec("net_mass", kRequired, /*allow_zero=*/false);
    it.gross_mass = r.Dec("gross_mass", kRequired, /*allow_zero=*/false);
    if (auto s = r.Obj("supplementary", kOptional)) {
      SupplementaryQuantity q;
      WithObject(*s, r.Child("supplementary"), errors, [&](ObjectReader& sr) {
        q.quantity = sr.Dec("quantity", kRequired, /*allow_zero=*/false);
        q.unit = sr.Code("unit", kRequired, 3, [](const std::string& u) {
          if (u.size() < 2) return false;
          for (char ch : u) if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z'))) return false;
          return true;
        }, "a UN/ECE Rec 20 unit code such as KGM");
      });
      it.supplementary = q;
    }
    it.price = r.Dec("price", kRequired);
    it.valuation_method = r.Code("valuation_method", kRequired, 1, [](const std::string& s) { return IsDigits(s, 1, 1); },
                                 "a one-digit WTO valuation method");
    if (auto pk = r.Arr("packages", kOptional, 0, 99)) {
      for (size_t i = 0; i < pk->size(); ++i) {
        Package p;
        WithObject((*pk)[i], r.Child("packages") + "/" + std::to_string(i), errors, [&](ObjectReader& pr) {
          p.count = pr.Int("count", kRequired, 0, 99999999);
          p.kind = pr.Code("kind", kRequired, 2, [](const std::string& s) {
            if (s.size() != 2) return false;
            for (char ch : s) if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z'))) return false;
            return true;
          }, "a 2-character UN/ECE Rec 21 package code");
          p.marks = pr.Str("marks", kOptional, 512);
        });
        it.packages.push_back(std::move(p));
      }
    }
    it.documents = ReadDocuments(r, 99);
  });
  return it;
}

}  // namespace

namespace {

ParsedDeclaration ParseRoot(const Elem& root) {
  ParsedDeclaration out;
  Declaration& d = out.declaration;
  FieldErrors& errors = out.errors;
  WithObject(root, "", errors, [&](ObjectReader& r) {
    d.lrn = r.Code("lrn", kRequired, 35, [](const std::string& s) {
      for (char c : s) if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '/' || c == '.')) return false;
      return true;
    }, "1-35 letters, digits or - _ / .");
    std::string type = r.Code("type", kRequired, 2, [](const std::string& s) { return s == "IM" || s == "EX" || s == "TR"; },
                              "one of IM, EX, TR");
    d.type = type == "EX" ? DeclarationType::kExport : type == "TR" ? DeclarationType::kTransit : DeclarationType::kImport;
    d.procedure = r.Code("procedure", kRequired, 4, [](const std::string& s) { return IsDigits(s, 4, 4); },
                         "4 digits (requested + previous procedure)");
    d.office = r.Str("office", kRequired, 8);
    d.issue_date = r.Date("issue_date", kRequired);

    if (auto p = r.Obj("parties", kRequired)) {
      WithObject(*p, "/parties", errors, [&](ObjectReader& pr) {
        if (auto dj = pr.Obj("declarant", kRequired)) d.parties.declarant = ReadParty(*dj, "/parties/declarant", errors, false);
        const std::pair<const char*, std::optional<Party>*> optional_parties[] = {
            {"importer", &d.parties.importer}, {"exporter", &d.parties.exporter}, {"seller", &d.parties.seller},
            {"buyer", &d.parties.buyer}, {"carrier", &d.parties.carrier}, {"representative", &d.parties.representative}};
        for (auto& [name, slot] : optional_parties) {
          if (auto pj = pr.Obj(name, kOptional))
            *slot = ReadParty(*pj, std::string("/parties/") + name, errors, std::string(name) == "representative");
        }
      });
    }

    if (auto t = r.Obj("transport", kRequired)) {
      WithObject(*t, "/transport", errors, [&](ObjectReader& tr) {
        d.transport.border_mode = tr.Code("border_mode", kRequired, 1, [](const std::string& s) { return IsDigits(s, 1, 1); },
                                          "a one-digit UN/ECE Rec 19 mode");
        d.transport.means_id = tr.Str("means_id", kOptional, 35);
        d.transport.means_nationality = tr.Country("means_nationality", kOptional);
        if (auto c = tr.Arr("containers", kOptional, 0, 999)) {
          for (size_t i = 0; i < c->size(); ++i) {
            const Elem& v = (*c)[i];
            std::string p = "/transport/containers/" + std::to_string(i);
            if (!v.is_string()) { errors.push_back({p, "wrong_type", "container id must be a string"}); continue; }
            std::string_view s = v.get_string().value_unsafe();
            if (s.empty() || s.size() > 17 || HasControlChars(s)) { errors.push_back({p, "invalid_format", "container id must be 1-17 characters"}); continue; }
            d.transport.containers.emplace_back(s);
          }
        }
        if (auto c = tr.Arr("seals", kOptional, 0, 99)) {
          for (size_t i = 0; i < c->size(); ++i) {
            const Elem& v = (*c)[i];
            std::string p = "/transport/seals/" + std::to_string(i);
            if (!v.is_string()) { errors.push_back({p, "wrong_type", "seal number must be a string"}); continue; }
            std::string_view s = v.get_string().value_unsafe();
            if (s.empty() || s.size() > 64 || HasControlChars(s)) { errors.push_back({p, "invalid_format", "seal number must be 1-64 characters"}); continue; }
            if (std::find(d.transport.seals.begin(), d.transport.seals.end(), s) != d.transport.seals.end()) {
              errors.push_back({p, "duplicate_seal", "seal " + std::string(s) + " is declared twice"});
              continue;
            }
            d.transport.seals.emplace_back(s);
          }
        }
      });
    }

    if (auto l = r.Obj("locations", kOptional)) {
      WithObject(*l, "/locations", errors, [&](ObjectReader& lr) {
        d.locations.loading = lr.Str("loading", kOptional, 35);
        d.locations.entry_office = lr.Str("entry_office", kOptional, 8);
        d.locations.destination_office = lr.Str("destination_office", kOptional, 8);
        d.locations.destination_country = lr.Country("destination_country", kOptional);
      });
    }

    if (auto inv = r.Obj("invoice", kRequired)) {
      WithObject(*inv, "/invoice", errors, [&](ObjectReader& ir) {
        d.invoice.number = ir.Str("number", kRequired, 35);
        d.invoice.date = ir.Date("date", kRequired);
        d.invoice.currency = ir.Currency("currency", kRequired);
        d.invoice.total = ir.Dec("total", kRequired);
        d.invoice.incoterm = ir.Code("incoterm", kRequired, 3, [](const std::string& s) { return IsUpperAlpha(s, 3); },
                                     "a 3-letter Incoterms code");
        d.invoice.incoterm_place = ir.Str("incoterm_place", kOptional, 35);
      });
    }
    d.freight = ReadMoney(r, "freight");
    d.insurance = ReadMoney(r, "insurance");
    if (auto rates = r.Arr("exchange_rates", kOptional, 0, 50)) {
      for (size_t i = 0; i < rates->size(); ++i) {
        ExchangeRate x;
        WithObject((*rates)[i], "/exchange_rates/" + std::to_string(i), errors, [&](ObjectReader& xr) {
          x.currency = xr.Currency("currency", kRequired);
          x.rate = xr.Dec("rate", kRequired, /*allow_zero=*/false);
          x.date = xr.Date("date", kOptional);
        });
        d.exchange_rates.push_back(std::move(x));
      }
    }
    d.documents = ReadDocuments(r, 99);
    if (auto items = r.Arr("items", kRequired, 1, 999)) {
      d.items.reserve(items->size());
      for (size_t i = 0; i < items->size(); ++i) d.items.push_back(ReadItem((*items)[i], "/items/" + std::to_string(i), errors));
    }
  });
  return out;
}

}  // namespace

Result<ParsedDeclaration> ParseDeclarationText(std::string_view text) {
  // One parser per thread: its buffers are reused from request to request.
  thread_local simdjson::dom::parser parser;
  Elem root;
  auto error = parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root);
  if (error == simdjson::UTF8_ERROR) return Status::Invalid("invalid_utf8", "the body is not valid UTF-8");
  if (error) return Status::Invalid("malformed_json", std::string("the body is not valid JSON: ") + simdjson::error_message(error));
  if (!root.is_object()) return Status::Invalid("not_an_object", "a declaration must be a JSON object");
  return ParseRoot(root);
}

ParsedDeclaration ParseDeclarationJson(const nlohmann::json& root) {
  auto parsed = ParseDeclarationText(root.dump());
  if (parsed.ok()) return std::move(parsed.value());
  ParsedDeclaration out;
  out.errors.push_back({"", parsed.status().code(), parsed.status().message()});
  return out;
}

}  // namespace oc
