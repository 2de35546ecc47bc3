// RiskService as officers and traders see it through the API: criteria, lists, models, profiles,
// reference values and the clearance-time report, each read checked through the access policy.
#include "clearance/risk_service.h"

#include "identity/access.h"
#include "risk/declaration_facts.h"
#include "risk/profile.h"

namespace oc {

namespace {

constexpr auto kReadRules = access::Action::kReadRiskRules;

bool PlausibleTin(const std::string& tin) { return !tin.empty() && tin.size() <= 32; }

}  // namespace

Result<std::vector<risk::FieldDef>> RiskService::Fields(const Principal& who) const {
  if (Status st = access::Allow(who, kReadRules); !st.ok()) return st;
  return risk::DeclarationFields().Defs();
}

Result<ExpressionCheck> RiskService::CheckExpression(const Principal& who, const std::string& text) const {
  if (Status st = access::Allow(who, kReadRules); !st.ok()) return st;
  return Compile(text);
}

BackTest RiskService::RunBackTest(const Principal& who, const std::string& expression, double percent, int days,
                                  Status* error) const {
  if (Status st = access::Allow(who, kReadRules); !st.ok()) {
    *error = st;
    BackTest refused;
    refused.expression = expression;
    return refused;
  }
  return BackTestOf(expression, percent, days, error);
}

BackTest RiskService::BackTestCriterion(const Principal& who, const std::string& id, int days, Status* error) const {
  auto c = GetCriterion(who, id, 0);
  if (!c.ok()) {
    *error = c.status();
    return BackTest{};
  }
  return BackTestOf(c->expression, c->selection_percent, days, error);
}

Result<std::vector<risk::Criterion>> RiskService::ListCriteria(const Principal& who, bool all_versions) const {
  if (Status st = access::Allow(who, kReadRules); !st.ok()) return st;
  return store_.ListCriteria(all_versions);
}

Result<risk::Criterion> RiskService::GetCriterion(const Principal& who, const std::string& id, int version) const {
  if (Status st = access::Allow(who, kReadRules); !st.ok()) return st;
  return store_.GetCriterion(id, version);
}

Result<std::vector<risk::NamedList>> RiskService::ListLists(const Principal& who) const {
  if (Status st = access::Allow(who, kReadRules); !st.ok()) return st;
  return store_.ListRiskLists();
}

Result<ClearanceTimeSummary> RiskService::ClearanceTimes(const Principal& who, int64_t from_day, int64_t to_day,
                                                         const std::string& office) const {
  if (Status st = access::Allow(who, access::Action::kReadReports); !st.ok()) return st;
  auto timings = declarations_.ReleasesBetween(from_day * 86400000, (to_day + 1) * 86400000, office);
  if (!timings.ok()) return timings.status();
  return SummariseClearanceTimes(timings.value());
}

Result<RiskService::UnitValueReference> RiskService::ReferenceUnitValues(const Principal& who, const std::string& hs6,
                                                                         const std::string& origin) {
  if (Status st = access::Allow(who, access::Action::kReadUnitValues); !st.ok()) return st;
  return ReferenceUnitValues(hs6, origin);
}

Result<ProfileView> RiskService::Profile(const Principal& who, const std::string& tin) const {
  // Another trader's profile is answered as if there were none: its existence is not told.
  if (!access::Allowed(who, access::Action::kReadTraderProfile, {tin}))
    return Status::NotFound("unknown_trader", "no profile for " + tin);
  if (!PlausibleTin(tin)) return Status::Invalid("invalid_parameter", "not a TIN");
  ProfileView v;
  double smoothed = 0;
  v.profile = Profile(tin, &smoothed);
  if (access::Allowed(who, access::Action::kReadConfidentialRisk)) v.smoothed_hit_rate = smoothed;
  return v;
}

void RiskService::SetAeo(const Principal& who, std::string tin, bool aeo, Done<ProfileView> done) {
  if (Status st = access::Allow(who, access::Action::kSetAeo); !st.ok()) return done(st);
  if (!PlausibleTin(tin)) return done(Status::Invalid("invalid_parameter", "not a TIN"));
  store_.SetAeo(std::move(tin), aeo, [this, done = std::move(done)](Result<risk::TraderProfile> r) {
    if (!r.ok()) return done(r.status());
    double smoothed = risk::SmoothedHitRate(r.value(), PriorHitRate());
    done(ProfileView{std::move(r.value()), smoothed});
  });
}

Result<std::vector<risk::ModelEntry>> RiskService::ListModels(const Principal& who) const {
  if (Status st = access::Allow(who, access::Action::kReadRiskModels); !st.ok()) return st;
  return store_.ListRiskModels();
}

}  // namespace oc
