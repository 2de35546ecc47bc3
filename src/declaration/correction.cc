#include "declaration/correction.h"

#include <nlohmann/json.hpp>

#include "declaration/parse.h"

namespace oc {
namespace {

constexpr size_t kMaxReason = 2000;
constexpr size_t kMaxItems = 999;

// Reads one item correction; every problem goes to `errors` with its pointer.
ItemCorrection ParseItem(const nlohmann::json& j, const std::string& at, FieldErrors& errors) {
  ItemCorrection out;
  if (!j.is_object()) {
    errors.push_back({at, "invalid_type", "each correction must be an object"});
    return out;
  }
  auto decimal = [&](const char* key, std::optional<Decimal>& into) {
    auto it = j.find(key);
    if (it == j.end()) return;
    std::optional<Decimal> d = it->is_string() ? Decimal::Parse(it->get<std::string>()) : std::nullopt;
    if (!d || d->is_negative())
      errors.push_back({at + "/" + key, "invalid_decimal",
                        std::string("'") + key + "' must be a non-negative decimal string such as \"12.50\""});
    else
      into = d;
  };
  for (const auto& [key, value] : j.items()) {
    if (key != "item" && key != "hs_code" && key != "origin" && key != "net_mass" && key != "gross_mass" &&
        key != "supplementary_quantity" && key != "price")
      errors.push_back({at + "/" + JsonPointerToken(key), "unknown_field", "'" + key + "' is not a correctable element"});
  }
  auto item = j.find("item");
  if (item == j.end() || !item->is_number_integer() || item->get<int64_t>() < 1)
    errors.push_back({at + "/item", "item_required", "'item' must be the item's number (1, 2, ...)"});
  else
    out.item = item->get<int64_t>();
  if (auto hs = j.find("hs_code"); hs != j.end()) {
    if (!hs->is_string() || !IsDigits(hs->get<std::string>(), 6, 10))
      errors.push_back({at + "/hs_code", "invalid_hs_code", "'hs_code' must be 6 to 10 digits"});
    else
      out.hs_code = hs->get<std::string>();
  }
  if (auto o = j.find("origin"); o != j.end()) {
    if (!o->is_string() || !IsUpperAlpha(o->get<std::string>(), 2))
      errors.push_back({at + "/origin", "invalid_country", "'origin' must be an ISO 3166-1 alpha-2 code such as \"CN\""});
    else
      out.origin = o->get<std::string>();
  }
  decimal("net_mass", out.net_mass);
  decimal("gross_mass", out.gross_mass);
  decimal("supplementary_quantity", out.supplementary_quantity);
  decimal("price", out.price);
  return out;
}

}  // namespace

ParsedCorrection ParseCorrectionJson(const nlohmann::json& body) {
  ParsedCorrection out;
  FieldErrors& errors = out.errors;
  if (!body.is_object()) {
    errors.push_back({"", "not_an_object", "a correction is a JSON object"});
    return out;
  }
  for (const auto& [key, value] : body.items())
    if (key != "reason" && key != "items")
      errors.push_back({"/" + JsonPointerToken(key), "unknown_field", "'" + key + "' is not part of a correction"});
  auto reason = body.find("reason");
  if (reason == body.end() || !reason->is_string() || reason->get<std::string>().empty())
    errors.push_back({"/reason", "reason_required", "a correction needs its reason: what the inspection found"});
  else if (reason->get<std::string>().size() > kMaxReason)
    errors.push_back({"/reason", "too_long", "the reason has at most 2000 characters"});
  else
    out.correction.reason = reason->get<std::string>();
  auto items = body.find("items");
  if (items == body.end() || !items->is_array() || items->empty() || items->size() > kMaxItems) {
    errors.push_back({"/items", "items_required", "'items' must list the corrected items (1 to 999)"});
    return out;
  }
  for (size_t i = 0; i < items->size(); ++i)
    out.correction.items.push_back(ParseItem((*items)[i], "/items/" + std::to_string(i), errors));
  return out;
}

Result<Declaration> ApplyCorrection(const Declaration& declared, const Correction& c, FieldErrors* errors) {
  Declaration d = declared;
  FieldErrors errs;
  Decimal price_change;
  for (size_t i = 0; i < c.items.size(); ++i) {
    const ItemCorrection& ic = c.items[i];
    std::string at = "/items/" + std::to_string(i);
    GoodsItem* item = nullptr;
    for (auto& it : d.items)
      if (it.seq == ic.item) item = &it;
    if (!item) {
      errs.push_back({at + "/item", "unknown_item", "the declaration has no item " + std::to_string(ic.item)});
      continue;
    }
    if (ic.hs_code) {
      item->commodity.hs = ic.hs_code->substr(0, 6);
      item->commodity.national = ic.hs_code->substr(6);
    }
    if (ic.origin) item->origin = *ic.origin;
    if (ic.net_mass) item->net_mass = *ic.net_mass;
    if (ic.gross_mass) item->gross_mass = *ic.gross_mass;
    if (ic.supplementary_quantity) {
      if (!item->supplementary)
        errs.push_back({at + "/supplementary_quantity", "no_supplementary_unit",
                        "item " + std::to_string(ic.item) + " was declared without a supplementary quantity"});
      else
        item->supplementary->quantity = *ic.supplementary_quantity;
    }
    if (ic.price) {
      price_change = price_change + (*ic.price - item->price);
      item->price = *ic.price;
    }
  }
  d.invoice.total = d.invoice.total + price_change;
  if (errs.empty() && CanonicalJson(d) == CanonicalJson(declared))
    errs.push_back({"/items", "no_change", "the corrected values equal the declared ones"});
  if (!errs.empty()) {
    if (errors) *errors = std::move(errs);
    return Status::Invalid("invalid_correction", "the correction cannot be applied");
  }
  return d;
}

}  // namespace oc
