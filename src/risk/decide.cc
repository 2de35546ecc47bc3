#include "risk/decide.h"

#include <cstdio>

#include "common/format.h"
#include "common/json_writer.h"
#include "risk/declaration_facts.h"

namespace oc::risk {

namespace {

// What the per-item evidence adds up to before the lane is chosen.
struct Workings {
  std::vector<ItemContext> context;       // the facts' model, valuation and classification inputs
  std::vector<std::string> item_details;  // each item's explanation, as JSON members
  std::vector<Message> valuation_reasons, classification_reasons;
  std::string explanation = "{}";         // the model's explanation of the riskiest item
  std::vector<Contribution> top_factors;
};

// Valuation and classification of each item: the explanation officers read (written with
// JsonWriter: as a JSON tree it cost more than the rest of the decision), the reasons, and the
// unit values that will join the references.
void WeighItems(const Declaration& d, const DecisionInputs& in, Workings& w, Decision& out) {
  for (size_t i = 0; i < d.items.size(); ++i) {
    const GoodsItem& it = d.items[i];
    const ReferenceValue& ref = in.items[i].reference;
    double mass = it.net_mass.ToDouble();
    double uv = mass > 0 ? in.item_values[i] / mass : NAN;
    ValuationSignal v = Valuation(uv, ref, in.policy.undervaluation_ratio);
    w.context[i].valuation_ratio = v.ratio;
    JsonWriter j(w.item_details[i]);
    j.Field("seq", it.seq).Field("hs", it.commodity.hs).Field("origin", it.origin);
    if (std::isfinite(in.item_values[i])) j.Field("customs_value", std::round(in.item_values[i] * 100) / 100);
    if (std::isfinite(uv)) j.Field("unit_value", uv);
    j.Key("valuation").BeginObject();
    if (ref.basis.empty()) {
      j.Key("reference").Null().Field("observations", ref.n);
    } else {
      j.Field("ratio", v.ratio).Field("median", ref.median).Field("q1", ref.q1).Field("q3", ref.q3)
          .Field("observations", ref.n).Field("basis", ref.basis).Field("undervalued", v.undervalued);
    }
    j.EndObject();
    if (const auto& c = in.items[i].classification) {
      w.context[i].misclassification = c->misclassification;
      j.Key("classification").BeginObject().Field("misclassification", c->misclassification);
      j.Field("suggested", c->suggested).Field("confidence", c->confidence).Field("contradicts", c->contradicts);
      j.EndObject();
      if (c->contradicts)
        w.classification_reasons.push_back(
            {"risk_misclassified",
             {{"seq", std::to_string(it.seq)}, {"hs", it.commodity.hs}, {"suggested", c->suggested},
              {"suggested_description", c->suggested_description}, {"confidence", Fixed(c->confidence, 2)}},
             "item " + std::to_string(it.seq) + " (" + it.commodity.hs + "): the description reads as " +
                 c->suggested + " (" + c->suggested_description + ", confidence " + Fixed(c->confidence, 2) + ")"});
    }
    if (v.undervalued)
      w.valuation_reasons.push_back(
          {"risk_undervalued",
           {{"seq", std::to_string(it.seq)}, {"hs", it.commodity.hs}, {"unit_value", Fixed(uv, 2)},
            {"currency", in.policy.national_currency}, {"ratio", Fixed(v.ratio, 2)}, {"median", Fixed(ref.median, 2)},
            {"observations", std::to_string(ref.n)}, {"basis", ref.basis}},
           "item " + std::to_string(it.seq) + " (" + it.commodity.hs + "): unit value " + Fixed(uv, 2) + " " +
               in.policy.national_currency + "/kg is " + Fixed(v.ratio, 2) + " of the reference median " +
               Fixed(ref.median, 2) + " (" + std::to_string(ref.n) + " declarations, " + ref.basis + ")"});
    if (std::isfinite(uv) && uv > 0 && !it.commodity.hs.empty()) out.unit_values.push_back({it.commodity.hs, it.origin, uv});
  }
}

// The fraud model: each item scored; the declaration's score is its riskiest item's.
void WeighModel(const Declaration& d, const ModelEvidence& m, Workings& w, Decision& out) {
  const std::vector<float>& scores = m.item_scores;
  for (size_t i = 0; i < scores.size() && i < w.item_details.size(); ++i) {
    w.context[i].model_score = scores[i];
    w.item_details[i] += ',';  // a fresh writer adds no separator of its own
    JsonWriter(w.item_details[i]).Field("score", scores[i]);
  }
  if (!scores.empty()) {
    size_t worst = RiskiestItem(scores);
    out.score = scores[worst];
    out.model_version = m.version;
    if (m.explanation) {
      const Explanation& e = *m.explanation;
      w.top_factors = e.top;
      w.explanation.clear();
      JsonWriter j(w.explanation);
      j.BeginObject().Field("item", d.items[worst].seq).Field("score", e.score).Field("base", e.base);
      j.Key("top").BeginArray();
      for (const auto& c : e.top) {
        j.BeginObject().Field("feature", c.feature).Key("value").Double(c.value).Field("contribution", c.contribution);
        j.EndObject();
      }
      j.EndArray().EndObject();
    }
  }
  if (!m.shadow_version.empty()) {
    out.shadow_version = m.shadow_version;
    out.shadow_score = m.shadow_score;
  }
}

// The signals beside the criteria: each fires as a criterion of its own, with its lane and what
// to check in the three languages.
void AddSignals(const DecisionInputs& in, const Workings& w, Decision& out) {
  if (!w.valuation_reasons.empty())
    out.fired.push_back({"VALUATION", 0, in.policy.undervaluation_lane, 0, true,
                         "declared unit value far below the commodity's reference: check the invoice and the "
                         "transaction value (WTO Valuation Agreement, Article 17)",
                         {{"ru", "заявленная стоимость единицы намного ниже эталонной для товара: проверьте счёт и "
                                 "стоимость сделки (Соглашение ВТО по таможенной оценке, статья 17)"},
                          {"uz", "deklaratsiya qilingan birlik qiymati tovarning maʼlumotnoma qiymatidan ancha past: "
                                 "hisob-faktura va bitim qiymatini tekshiring (JSTning bojxona qiymati toʻgʻrisidagi "
                                 "bitimi, 17-modda)"}}});
  if (!w.classification_reasons.empty())
    out.fired.push_back({"CLASSIFICATION", 0, in.policy.misclassification_lane, 0, true,
                         "declared commodity code contradicts the goods description: check the classification "
                         "(General Interpretative Rules of the HS)",
                         {{"ru", "заявленный код товара противоречит описанию товара: проверьте классификацию "
                                 "(Основные правила интерпретации ГС)"},
                          {"uz", "deklaratsiya qilingan tovar kodi tovar tavsifiga zid: tasniflashni tekshiring "
                                 "(HS ni talqin qilishning asosiy qoidalari)"}}});
  if (!in.mirror_reasons.empty())
    out.fired.push_back({"PARTNER_MISMATCH", 0, in.policy.partner_mismatch_lane, 0, true,
                         "the goods differ from the partner administration's export declaration: check the "
                         "invoice, the goods and their classification",
                         {{"ru", "товары отличаются от экспортной декларации администрации-партнёра: проверьте счёт, "
                                 "товары и их классификацию"},
                          {"uz", "tovarlar hamkor maʼmuriyatning eksport deklaratsiyasidan farq qiladi: hisob-faktura, "
                                 "tovarlar va ularning tasnifini tekshiring"}}});
}

// Reasons, most decisive first, as messages (code and parameters) that each reader words in its
// own language.
void Explain(const DecisionInputs& in, const Workings& w, const LaneChoice& choice, double hit_rate, Decision& out) {
  for (const auto& f : out.fired)
    if (f.selected) {
      Message m{"risk_criterion",
                {{"lane", LaneName(f.lane)}, {"id", f.id}, {"description", f.description}},
                std::string(LaneName(f.lane)) + " by criterion " + f.id + ": " + f.description};
      // The author's own translations: a reader in that language gets them for {description}.
      for (const auto& [lang, text] : f.descriptions) m.params.push_back({"description_" + lang, text});
      out.reasons.push_back(std::move(m));
    }
  for (const auto& r : w.valuation_reasons) out.reasons.push_back(r);
  for (const auto& r : w.classification_reasons) out.reasons.push_back(r);
  for (const auto& r : in.mirror_reasons) out.reasons.push_back(r);
  if (choice.source == LaneSource::kRandom)
    out.reasons.push_back({"risk_random", {{"percent", Fixed(in.policy.random_percent, 1)}},
                           "selected at random: " + Fixed(in.policy.random_percent, 1) +
                               "% of declarations are, so that no trader can count on a green lane"});
  if (std::isfinite(out.score)) {
    Message why{"risk_model_score", {{"model", out.model_version}, {"score", Fixed(out.score, 3)}},
                "fraud model " + out.model_version + ": score " + Fixed(out.score, 3)};
    if (choice.source == LaneSource::kModel) {
      why.code = "risk_model_lane";
      why.params.push_back({"lane", LaneName(choice.lane)});
      why.params.push_back({"threshold", Fixed(choice.threshold, 3)});
      why.text += " reached the " + std::string(LaneName(choice.lane)) + " threshold " + Fixed(choice.threshold, 3);
    }
    if (!w.top_factors.empty()) {
      std::string factors;
      for (size_t n = 0; n < w.top_factors.size() && n < 3; ++n)
        factors += (n ? ", " : "") + w.top_factors[n].feature + " (" + (w.top_factors[n].contribution >= 0 ? "+" : "") +
                   Fixed(w.top_factors[n].contribution, 2) + ")";
      why.params.push_back({"factors", factors});
      why.text += "; strongest factors: " + factors;
    }
    out.reasons.push_back(std::move(why));
  } else {
    out.reasons.push_back({"risk_no_model", {}, "no fraud model is active: lanes come from the criteria and random selection"});
  }
  const TraderProfile& p = in.profile;
  out.reasons.push_back({p.aeo ? "risk_profile_aeo" : "risk_profile",
                         {{"tin", out.accountable_tin}, {"declarations", std::to_string(p.declarations)},
                          {"hits", std::to_string(p.hits)}, {"inspections", std::to_string(p.inspections)},
                          {"hit_rate", Fixed(hit_rate, 3)}},
                         "trader " + out.accountable_tin + ": " + std::to_string(p.declarations) + " declarations, " +
                             std::to_string(p.hits) + " discrepancies in " + std::to_string(p.inspections) +
                             " inspections (smoothed hit rate " + Fixed(hit_rate, 3) + ")" +
                             (p.aeo ? ", authorised economic operator" : "")});
  if (choice.lane == Lane::kGreen && out.fired.empty())
    out.reasons.insert(out.reasons.begin(), Message{"risk_none", {}, "no risk indicator fired"});
}

void WriteDetails(const DecisionInputs& in, const Workings& w, const LaneAllocator::Thresholds& t, double hit_rate,
                  Decision& out) {
  const TraderProfile& p = in.profile;
  JsonWriter j(out.details_json);
  j.BeginObject().Key("items").BeginArray();
  for (const auto& item : w.item_details) j.Raw("{" + item + "}");
  j.EndArray().Key("explanation").Raw(w.explanation);
  j.Key("profile").BeginObject().Field("tin", p.tin).Field("declarations", p.declarations)
      .Field("inspections", p.inspections).Field("hits", p.hits).Field("smoothed_hit_rate", hit_rate)
      .Field("aeo", p.aeo).EndObject();
  j.Key("thresholds").BeginObject().Field("red", static_cast<double>(t.red))
      .Field("yellow", static_cast<double>(t.yellow)).Field("blue", static_cast<double>(t.blue)).EndObject();
  j.Key("matched_not_selected").BeginArray();
  for (const auto& f : out.fired)
    if (!f.selected) j.String(f.id);
  j.EndArray().EndObject();
}

}  // namespace

size_t RiskiestItem(const std::vector<float>& scores) {
  size_t worst = 0;
  for (size_t i = 0; i < scores.size(); ++i)
    if (scores[i] > scores[worst]) worst = i;
  return worst;
}

Result<Decision> Decide(const Declaration& d, const DecisionInputs& in) {
  if (in.items.size() != d.items.size() || in.item_values.size() != d.items.size() || !in.choose_lane ||
      (in.model && !in.model->item_scores.empty() && in.model->item_scores.size() != d.items.size()))
    return Status::Invalid("decision_inputs", "the evidence does not match the declaration's goods items");
  Decision out;
  out.declaration_id = in.declaration_id;
  out.version = in.version;
  out.decided_ms = in.decided_ms;
  out.accountable_tin = AccountableTin(d);
  const double hit_rate = SmoothedHitRate(in.profile, in.prior_hit_rate);

  Workings w;
  w.context.resize(d.items.size());
  w.item_details.resize(d.items.size());
  WeighItems(d, in, w, out);
  if (in.model) WeighModel(d, *in.model, w, out);

  auto facts = ToFacts(d, in.item_values, in.profile, in.prior_hit_rate, in.day, w.context, &out.facts_json);
  if (in.rules) out.fired = in.rules->Evaluate(facts, in.sampling_key, in.day);
  AddSignals(in, w, out);
  LaneAllocator::Thresholds thresholds{};
  LaneChoice choice = in.choose_lane(RuleSet::MandatedLane(out.fired), static_cast<float>(out.score), &thresholds);
  out.lane = choice.lane;
  out.source = choice.source;
  out.threshold = choice.threshold;

  Explain(in, w, choice, hit_rate, out);
  WriteDetails(in, w, thresholds, hit_rate, out);
  return out;
}

}  // namespace oc::risk
