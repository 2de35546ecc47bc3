// From a declaration to what the risk engine reads: the fraud model's RiskRecord and the rule
// facts of each goods item. Pure mapping; the caller supplies what needs storage (the trader's
// profile, reference unit values) and the exchange rate into the national currency.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "declaration/declaration.h"
#include "risk/profile.h"
#include "risk/record.h"
#include "risk/rule_expr.h"

namespace oc::risk {

// The economic operator whose profile a declaration is judged by: the importer on imports, the
// exporter on exports, else the declarant.
std::string AccountableTin(const Declaration& d);

// Customs value of each item in the national currency: the item's price times the rate, plus its
// share (by price) of freight and insurance.
std::vector<double> ItemValues(const Declaration& d, double rate_to_national);

// One record per goods item, for the fraud model. `day`: the registration date.
std::vector<RiskRecord> ToRiskRecords(const Declaration& d, const std::vector<double>& item_values, int64_t day);

struct ItemContext {
  double model_score = NAN;        // the item's fraud probability
  double valuation_ratio = NAN;    // declared unit value / reference median
  double misclassification = NAN;  // probability that the code does not match the description
};

// Rule facts of each goods item (declaration-level fields repeated), sized for DeclarationFields().
// With `json`, also the same facts as stored text: {"declaration": {field: value},
// "items": [{field: value}]} with the declaration-level fields once and missing numbers omitted;
// StoredFactItems turns it back into one object per item.
std::vector<Facts> ToFacts(const Declaration& d, const std::vector<double>& item_values, const TraderProfile& profile,
                           double profile_prior, int64_t day, const std::vector<ItemContext>& context,
                           std::string* json = nullptr);

// The per-item fact objects of stored facts text (the form above, or the earlier array of
// complete item objects); empty when the text is not one of them.
std::vector<nlohmann::json> StoredFactItems(std::string_view text);

// Facts of one item from its stored JSON object; unknown names and mistyped values are skipped
// (fields added since the decision read as missing).
void FactsFromJson(const nlohmann::json& item, Facts& facts);

// A stored decision's item facts as a model record (retraining from the platform's own inspection
// results): the fields both know; `label` from the inspection, `day` the decision day.
RiskRecord RecordFromFactsJson(const nlohmann::json& item, const std::string& id, int64_t day, int label);

// Facts of a record of the labelled data set (risk assess, bench): the fields it has.
void RecordFacts(const RiskRecord& r, double model_score, Facts& facts);

}  // namespace oc::risk
