#include "risk/declaration_facts.h"

#include <cmath>

#include "common/json_writer.h"

namespace oc::risk {

std::string AccountableTin(const Declaration& d) {
  if (d.type == DeclarationType::kImport && d.parties.importer && !d.parties.importer->tin.empty())
    return d.parties.importer->tin;
  if (d.type == DeclarationType::kExport && d.parties.exporter && !d.parties.exporter->tin.empty())
    return d.parties.exporter->tin;
  return d.parties.declarant.tin;
}

std::vector<double> ItemValues(const Declaration& d, double rate) {
  double prices = 0;
  for (const auto& it : d.items) prices += it.price.ToDouble();
  // Freight and insurance are in their own currencies; when it is the invoice's, add the share.
  double extra = 0;
  for (const auto* m : {d.freight ? &*d.freight : nullptr, d.insurance ? &*d.insurance : nullptr})
    if (m && m->currency == d.invoice.currency) extra += m->amount.ToDouble();
  std::vector<double> out;
  for (const auto& it : d.items) {
    double p = it.price.ToDouble();
    double share = prices > 0 ? p / prices : 0;
    out.push_back((p + extra * share) * rate);
  }
  return out;
}

namespace {

const std::string& Tin(const std::optional<Party>& p) {
  static const std::string kNone;
  return p ? p->tin : kNone;
}

std::string SellerOf(const Declaration& d) {
  if (d.parties.seller) return d.parties.seller->tin.empty() ? d.parties.seller->name : d.parties.seller->tin;
  if (d.parties.exporter) return d.parties.exporter->tin.empty() ? d.parties.exporter->name : d.parties.exporter->tin;
  return "";
}

}  // namespace

std::vector<RiskRecord> ToRiskRecords(const Declaration& d, const std::vector<double>& values, int64_t day) {
  std::vector<RiskRecord> out;
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    RiskRecord r;
    r.id = d.lrn + "/" + std::to_string(it.seq);
    r.day = day;
    r.office = d.office;
    r.process_type = d.procedure.substr(0, 2);
    r.import_type = DeclarationTypeCode(d.type);
    r.import_use = d.procedure.size() >= 4 ? d.procedure.substr(2, 2) : "";
    r.transport_mode = d.transport.border_mode;
    r.declarant = d.parties.declarant.tin;
    r.importer = Tin(d.parties.importer);
    r.seller = SellerOf(d);
    r.courier = Tin(d.parties.carrier);
    r.hs6 = it.commodity.hs;
    r.departure = d.locations.loading.size() >= 2 ? d.locations.loading.substr(0, 2) : "";
    r.origin = it.origin;
    r.origin_indicator = it.preferential_origin.empty() ? "" : "P";
    r.net_mass = it.net_mass.ToDouble();
    r.price = i < values.size() ? values[i] : 0;
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

// Sets facts and mirrors them into JSON text, so stored decisions can be re-evaluated.
class FactWriter {
 public:
  FactWriter(Facts& f, JsonWriter* j) : f_(f), j_(j) {}
  void Str(Field k, std::string_view v) {
    f_.SetString(k, v);
    if (j_) j_->Key(Name(k)).String(v);
  }
  void Num(Field k, double v) {
    f_.SetNumber(k, v);
    if (j_ && std::isfinite(v)) j_->Key(Name(k)).Double(v);
  }
  void Bool(Field k, bool v) {
    f_.SetBool(k, v);
    if (j_) j_->Key(Name(k)).Bool(v);
  }
  void Set(Field k, const std::vector<std::string_view>& values) {
    for (auto v : values) f_.AddToSet(k, v);
    if (!j_ || values.empty()) return;
    j_->Key(Name(k)).BeginArray();
    for (auto v : values) j_->String(v);
    j_->EndArray();
  }

 private:
  static const std::string& Name(Field k) { return DeclarationFields().Defs()[Slot(k)].name; }
  Facts& f_;
  JsonWriter* j_;
};

}  // namespace

std::vector<Facts> ToFacts(const Declaration& d, const std::vector<double>& values, const TraderProfile& profile,
                           double prior, int64_t day, const std::vector<ItemContext>& context, std::string* json) {
  // The declaration-level facts, once: written into the first item and copied to the others.
  Facts common(DeclarationFields());
  std::string text;
  JsonWriter w(text);
  JsonWriter* jw = json ? &w : nullptr;
  if (jw) w.BeginObject().Key("declaration").BeginObject();
  {
    FactWriter f(common, jw);
    f.Str(Field::kDispatchCountry, d.locations.loading.size() >= 2 ? d.locations.loading.substr(0, 2) : "");
    f.Str(Field::kImporter, Tin(d.parties.importer));
    f.Str(Field::kDeclarant, d.parties.declarant.tin);
    f.Str(Field::kExporter, SellerOf(d));
    f.Str(Field::kOffice, d.office);
    f.Str(Field::kTransportMode, d.transport.border_mode);
    f.Str(Field::kProcedure, d.procedure);
    f.Str(Field::kDeclarationType, DeclarationTypeCode(d.type));
    f.Str(Field::kCurrency, d.invoice.currency);
    f.Num(Field::kItemCount, static_cast<double>(d.items.size()));
    f.Num(Field::kTraderDeclarations, static_cast<double>(profile.declarations));
    f.Num(Field::kTraderHitRate, SmoothedHitRate(profile, prior));
    f.Bool(Field::kTraderAeo, profile.aeo);
    f.Num(Field::kDaysSinceFirstDeclaration, profile.first_day > 0 ? static_cast<double>(day - profile.first_day) : 0.0);
    f.Num(Field::kTraderTransitIncidents, static_cast<double>(profile.transit_incidents));
  }
  if (jw) w.EndObject().Key("items").BeginArray();
  std::vector<Facts> out;
  out.reserve(d.items.size());
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    Facts facts = common;
    if (jw) w.BeginObject();
    FactWriter f(facts, jw);
    std::string code = it.commodity.hs + it.commodity.national;
    f.Str(Field::kHsCode, code);
    f.Str(Field::kChapter, code.substr(0, 2));
    f.Str(Field::kOrigin, it.origin);
    double value = i < values.size() ? values[i] : NAN;
    double mass = it.net_mass.ToDouble();
    f.Num(Field::kCustomsValue, value);
    f.Num(Field::kUnitValue, mass > 0 ? value / mass : NAN);
    f.Num(Field::kNetMass, mass);
    f.Num(Field::kGrossMass, it.gross_mass.ToDouble());
    std::vector<std::string_view> documents;
    for (const auto& doc : d.documents) documents.push_back(doc.type);
    for (const auto& doc : it.documents) documents.push_back(doc.type);
    f.Set(Field::kDocuments, documents);
    if (i < context.size()) {
      f.Num(Field::kModelScore, context[i].model_score);
      f.Num(Field::kValuationRatio, context[i].valuation_ratio);
      f.Num(Field::kMisclassification, context[i].misclassification);
    }
    if (jw) w.EndObject();
    out.push_back(std::move(facts));
  }
  if (jw) {
    w.EndArray().EndObject();
    *json = std::move(text);
  }
  return out;
}

std::vector<nlohmann::json> StoredFactItems(std::string_view text) {
  std::vector<nlohmann::json> out;
  auto stored = nlohmann::json::parse(text, nullptr, false);
  if (stored.is_array()) {  // one complete object per item
    for (auto& item : stored) out.push_back(std::move(item));
    return out;
  }
  if (!stored.is_object() || !stored.contains("items") || !stored["items"].is_array()) return out;
  const nlohmann::json& common = stored.contains("declaration") ? stored["declaration"] : nlohmann::json::object();
  for (auto& item : stored["items"]) {
    if (!item.is_object()) continue;
    nlohmann::json merged = common.is_object() ? common : nlohmann::json::object();
    for (auto it = item.begin(); it != item.end(); ++it) merged[it.key()] = it.value();
    out.push_back(std::move(merged));
  }
  return out;
}

void FactsFromJson(const nlohmann::json& item, Facts& facts) {
  facts.Reset();
  if (!item.is_object()) return;
  const FieldCatalog& fields = DeclarationFields();
  for (auto it = item.begin(); it != item.end(); ++it) {
    int slot = fields.Find(it.key());
    if (slot < 0) continue;
    switch (fields.Defs()[slot].type) {
      case FieldType::kNumber:
        if (it->is_number()) facts.SetNumber(slot, it->get<double>());
        break;
      case FieldType::kString:
        if (it->is_string()) facts.SetString(slot, it->get_ref<const std::string&>());
        break;
      case FieldType::kBool:
        if (it->is_boolean()) facts.SetBool(slot, it->get<bool>());
        break;
      case FieldType::kStringSet:
        if (it->is_array())
          for (const auto& v : *it)
            if (v.is_string()) facts.AddToSet(slot, v.get_ref<const std::string&>());
        break;
    }
  }
}

RiskRecord RecordFromFactsJson(const nlohmann::json& item, const std::string& id, int64_t day, int label) {
  auto str = [&](const char* k) { return item.contains(k) && item[k].is_string() ? item[k].get<std::string>() : ""; };
  auto num = [&](const char* k) { return item.contains(k) && item[k].is_number() ? item[k].get<double>() : 0.0; };
  RiskRecord r;
  r.id = id;
  r.day = day;
  r.label = label;
  r.hs6 = str("hs_code").substr(0, 6);
  r.origin = str("origin");
  r.departure = str("dispatch_country");
  r.importer = str("importer");
  r.declarant = str("declarant");
  r.seller = str("exporter");
  r.office = str("office");
  r.transport_mode = str("transport_mode");
  std::string procedure = str("procedure");
  r.process_type = procedure.substr(0, 2);
  r.import_use = procedure.size() >= 4 ? procedure.substr(2, 2) : "";
  r.import_type = str("declaration_type");
  r.price = num("customs_value");
  r.net_mass = num("net_mass");
  return r;
}

void RecordFacts(const RiskRecord& r, double model_score, Facts& f) {
  f.Reset();
  f.SetString(Field::kHsCode, r.hs6);
  f.SetString(Field::kChapter, std::string_view(r.hs6).substr(0, 2));
  f.SetString(Field::kOrigin, r.origin);
  f.SetString(Field::kDispatchCountry, r.departure);
  f.SetString(Field::kImporter, r.importer);
  f.SetString(Field::kDeclarant, r.declarant);
  f.SetString(Field::kExporter, r.seller);
  f.SetString(Field::kOffice, r.office);
  f.SetString(Field::kTransportMode, r.transport_mode);
  f.SetString(Field::kProcedure, r.process_type);
  f.SetString(Field::kDeclarationType, r.import_type);
  f.SetNumber(Field::kCustomsValue, r.price);
  f.SetNumber(Field::kUnitValue, r.net_mass > 0 ? r.price / r.net_mass : NAN);
  f.SetNumber(Field::kNetMass, r.net_mass);
  f.SetNumber(Field::kItemCount, 1);
  f.SetNumber(Field::kModelScore, model_score);
}

}  // namespace oc::risk
