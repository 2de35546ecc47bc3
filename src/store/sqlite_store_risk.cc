// The risk tables of the SQLite backend: selectivity criteria (versioned, four-eyes approval),
// named lists, decisions with the facts they were made on, inspection results, trader profiles,
// the unit-value history behind valuation references, and the model registry. A decision and
// an inspection are written in their declaration's transaction, with every count they change
// (except the unit values of decisions taken at registration, which follow in bulk).
#include <algorithm>
#include <cmath>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/dates.h"
#include "risk/counting.h"
#include "risk/declaration_facts.h"
#include "store/sqlite_message.h"
#include "store/sqlite_store_impl.h"

namespace oc::detail {

namespace {

const char* kCriterionColumns =
    "id, version, name, expression, lane, selection_percent, priority, valid_from, valid_to, description, status, "
    "created_by, created_at, approved_by, approved_at, retired_by, retired_at, fired, inspected, hits, descriptions";

// {"ru": "...", "uz": "..."}: the other languages' texts; an unreadable value reads as none.
std::map<std::string, std::string> TextsFrom(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it->is_string()) out[it.key()] = it->get<std::string>();
  return out;
}

risk::CriterionStatus StatusFrom(const std::string& s) {
  if (s == "active") return risk::CriterionStatus::kActive;
  if (s == "retired") return risk::CriterionStatus::kRetired;
  if (s == "superseded") return risk::CriterionStatus::kSuperseded;
  return risk::CriterionStatus::kPending;
}

risk::Criterion CriterionFromRow(sqlite::Stmt& q) {
  risk::Criterion c;
  c.id = q.Text(0);
  c.version = static_cast<int>(q.Int(1));
  c.name = q.Text(2);
  c.expression = q.Text(3);
  c.lane = risk::LaneFromName(q.Text(4)).value_or(risk::Lane::kYellow);
  c.selection_percent = q.Double(5);
  c.priority = static_cast<int>(q.Int(6));
  c.valid_from = q.Text(7);
  c.valid_to = q.Text(8);
  c.description = q.Text(9);
  c.status = StatusFrom(q.Text(10));
  c.created_by = q.Text(11);
  c.created_ms = q.Int(12);
  c.approved_by = q.Text(13);
  c.approved_ms = q.Int(14);
  c.retired_by = q.Text(15);
  c.retired_ms = q.Int(16);
  c.fired = q.Int(17);
  c.inspected = q.Int(18);
  c.hits = q.Int(19);
  c.descriptions = TextsFrom(nlohmann::json::parse(q.Text(20), nullptr, false));
  return c;
}

Result<risk::Criterion> LoadCriterion(Connection& c, const std::string& id, int version) {
  auto& q = version > 0
                ? c.Prepare(std::string("SELECT ") + kCriterionColumns + " FROM risk_criteria WHERE id = ? AND version = ?")
                : c.Prepare(std::string("SELECT ") + kCriterionColumns +
                            " FROM risk_criteria WHERE id = ? ORDER BY version DESC LIMIT 1");
  q.Bind(1, id);
  if (version > 0) q.Bind(2, version);
  if (!q.Step()) {
    q.Reset();
    return Status::NotFound("unknown_criterion", "no criterion " + id + (version > 0 ? " version " + std::to_string(version) : ""));
  }
  risk::Criterion out = CriterionFromRow(q);
  q.Reset();
  return out;
}

nlohmann::json FiredJson(const std::vector<risk::FiredCriterion>& fired) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : fired)
    arr.push_back({{"id", f.id}, {"version", f.version}, {"lane", risk::LaneName(f.lane)}, {"priority", f.priority},
                   {"selected", f.selected}, {"description", f.description},
                   {"descriptions", f.descriptions}});
  return arr;
}

std::vector<risk::FiredCriterion> FiredFrom(const std::string& text) {
  std::vector<risk::FiredCriterion> out;
  auto arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& f : arr)
    out.push_back({f.value("id", ""), f.value("version", 0), risk::LaneFromName(f.value("lane", "")).value_or(risk::Lane::kYellow),
                   f.value("priority", 0), f.value("selected", false), f.value("description", ""),
                   TextsFrom(f.value("descriptions", nlohmann::json::object()))});
  return out;
}

risk::LaneSource SourceFrom(const std::string& s) {
  if (s == "rule") return risk::LaneSource::kRule;
  if (s == "random") return risk::LaneSource::kRandom;
  if (s == "model") return risk::LaneSource::kModel;
  return risk::LaneSource::kNone;
}

risk::InspectionOutcome OutcomeFrom(const std::string& s) {
  if (s == "discrepancy") return risk::InspectionOutcome::kDiscrepancy;
  if (s == "seizure") return risk::InspectionOutcome::kSeizure;
  return risk::InspectionOutcome::kNoDiscrepancy;
}

risk::ModelRole RoleFrom(const std::string& s) {
  if (s == "active") return risk::ModelRole::kActive;
  if (s == "shadow") return risk::ModelRole::kShadow;
  if (s == "retired") return risk::ModelRole::kRetired;
  return risk::ModelRole::kCandidate;
}

const char* kModelColumns = "version, role, trained_from, trained_to, rows, metrics, registered_at";

risk::ModelEntry ModelFromRow(sqlite::Stmt& q) {
  risk::ModelEntry m;
  m.version = q.Text(0);
  m.role = RoleFrom(q.Text(1));
  m.trained_from = q.Text(2);
  m.trained_to = q.Text(3);
  m.rows = static_cast<int>(q.Int(4));
  m.metrics_json = q.Text(5);
  m.registered_ms = q.Int(6);
  return m;
}

int64_t Day(int64_t ms) { return ms / 86400000; }

}  // namespace

// ------------------------------------------------------------------ criteria and lists

void SqliteStore::CreateCriterion(risk::Criterion in, Done<risk::Criterion> done) {
  auto out = std::make_shared<risk::Criterion>(std::move(in));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        risk::Criterion& k = *out;
        if (k.id.empty()) {
          k.id = "RC-" + [](int64_t n) {
            std::string s = std::to_string(n);
            return s.size() >= 4 ? s : std::string(4 - s.size(), '0') + s;
          }(NextCounter(c, "risk_criterion"));
          k.version = 1;
        } else {
          auto latest = LoadCriterion(c, k.id, 0);
          if (!latest.ok()) return latest.status();
          k.version = latest->version + 1;
        }
        k.status = risk::CriterionStatus::kPending;
        k.fired = k.inspected = k.hits = 0;
        c.Prepare(
             "INSERT INTO risk_criteria(id, version, name, expression, lane, selection_percent, priority, valid_from, "
             "valid_to, description, status, created_by, created_at, descriptions) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            .Bind(1, k.id).Bind(2, k.version).Bind(3, k.name).Bind(4, k.expression).Bind(5, risk::LaneName(k.lane))
            .Bind(6, k.selection_percent).Bind(7, k.priority).Bind(8, k.valid_from).Bind(9, k.valid_to)
            .Bind(10, k.description).Bind(11, "pending").Bind(12, k.created_by).Bind(13, k.created_ms)
            .Bind(14, nlohmann::json(k.descriptions).dump())
            .Run();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::ApproveCriterion(std::string id, int version, std::string officer, Done<risk::Criterion> done) {
  auto out = std::make_shared<risk::Criterion>();
  EnqueueFor(out,
      [out, id, version, officer](Connection& c) -> Status {
        auto cur = LoadCriterion(c, id, version);
        if (!cur.ok()) return cur.status();
        if (cur->status != risk::CriterionStatus::kPending)
          return Status::Conflict("not_pending", id + " version " + std::to_string(cur->version) + " is " +
                                                     risk::CriterionStatusName(cur->status) + ", not pending approval");
        if (cur->created_by == officer)
          return Status::Forbidden("same_officer",
                                   "a second officer must approve a criterion; " + officer + " wrote this version");
        auto& newer = c.Prepare("SELECT MAX(version) FROM risk_criteria WHERE id = ? AND status = 'active'");
        newer.Bind(1, id);
        newer.Step();
        int64_t active = newer.IsNull(0) ? 0 : newer.Int(0);
        newer.Reset();
        if (active > cur->version)
          return Status::Conflict("not_pending", "version " + std::to_string(active) + " of " + id +
                                                     " is active and newer; write a new version instead");
        int64_t now = NowUnixMillis();
        c.Prepare("UPDATE risk_criteria SET status = 'superseded' WHERE id = ? AND status = 'active'").Bind(1, id).Run();
        c.Prepare("UPDATE risk_criteria SET status = 'active', approved_by = ?, approved_at = ? WHERE id = ? AND version = ?")
            .Bind(1, officer).Bind(2, now).Bind(3, id).Bind(4, cur->version).Run();
        auto after = LoadCriterion(c, id, cur->version);
        *out = after.value();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::RetireCriterion(std::string id, std::string officer, Done<risk::Criterion> done) {
  auto out = std::make_shared<risk::Criterion>();
  EnqueueFor(out,
      [out, id, officer](Connection& c) -> Status {
        auto& q = c.Prepare("SELECT version FROM risk_criteria WHERE id = ? AND status IN ('active', 'pending') "
                            "ORDER BY version DESC LIMIT 1");
        q.Bind(1, id);
        bool found = q.Step();
        int version = found ? static_cast<int>(q.Int(0)) : 0;
        q.Reset();
        if (!found) {
          auto any = LoadCriterion(c, id, 0);
          if (!any.ok()) return any.status();
          return Status::Conflict("not_active", id + " has no active or pending version to retire");
        }
        c.Prepare("UPDATE risk_criteria SET status = 'retired', retired_by = ?, retired_at = ? "
                  "WHERE id = ? AND status IN ('active', 'pending')")
            .Bind(1, officer).Bind(2, NowUnixMillis()).Bind(3, id).Run();
        *out = LoadCriterion(c, id, version).value();
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<risk::Criterion>> SqliteStore::ListCriteria(bool all_versions) {
  std::string sql = std::string("SELECT ") + kCriterionColumns + " FROM risk_criteria" +
                    (all_versions ? "" : " r WHERE version = (SELECT MAX(version) FROM risk_criteria WHERE id = r.id) "
                                         "OR status = 'active'") +
                    " ORDER BY id, version";
  return ReadRows<risk::Criterion>(sql, [](sqlite::Stmt&) {}, CriterionFromRow);
}

Result<risk::Criterion> SqliteStore::GetCriterion(const std::string& id, int version) {
  return Read<risk::Criterion>([&](Connection& c) { return LoadCriterion(c, id, version); });
}

void SqliteStore::PutRiskList(risk::NamedList l, Done<risk::NamedList> done) {
  auto out = std::make_shared<risk::NamedList>(std::move(l));
  EnqueueFor(out,
      [out](Connection& c) -> Status {
        c.Prepare("INSERT INTO risk_lists(name, description, items, updated_by, updated_at) VALUES(?,?,?,?,?) "
                  "ON CONFLICT(name) DO UPDATE SET description = excluded.description, items = excluded.items, "
                  "updated_by = excluded.updated_by, updated_at = excluded.updated_at")
            .Bind(1, out->name).Bind(2, out->description).Bind(3, nlohmann::json(out->values).dump())
            .Bind(4, out->updated_by).Bind(5, out->updated_ms).Run();
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<risk::NamedList>> SqliteStore::ListRiskLists() {
  return ReadRows<risk::NamedList>(
      "SELECT name, description, items, updated_by, updated_at FROM risk_lists ORDER BY name", [](sqlite::Stmt&) {},
      [](sqlite::Stmt& q) {
        risk::NamedList l;
        l.name = q.Text(0);
        l.description = q.Text(1);
        auto items = nlohmann::json::parse(q.Text(2), nullptr, false);
        if (items.is_array())
          for (const auto& v : items)
            if (v.is_string()) l.values.push_back(v.get<std::string>());
        l.updated_by = q.Text(3);
        l.updated_ms = q.Int(4);
        return l;
      });
}

// ------------------------------------------------------------------ decisions and inspections

risk::TraderProfile SqliteStore::LoadProfile(Connection& c, const std::string& tin) {
  risk::TraderProfile p;
  p.tin = tin;
  auto& q = c.Prepare("SELECT declarations, inspections, hits, first_day, last_day, last_hit_day, aeo, transits, "
                      "transit_incidents, enquiries FROM trader_profiles WHERE tin = ?");
  q.Bind(1, tin);
  if (q.Step()) {
    p.declarations = q.Int(0);
    p.inspections = q.Int(1);
    p.hits = q.Int(2);
    p.first_day = q.Int(3);
    p.last_day = q.Int(4);
    p.last_hit_day = q.Int(5);
    p.aeo = q.Int(6) != 0;
    p.transits = q.Int(7);
    p.transit_incidents = q.Int(8);
    p.enquiries = q.Int(9);
  }
  q.Reset();
  return p;
}

void SqliteStore::ApplyRiskDecision(Connection& c, const DeclarationRecord& r, const risk::Decision& d, bool fresh) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& m : d.reasons) reasons.push_back(sqlite::MessageJson(m));
  c.Prepare(
       "INSERT INTO risk_decisions(declaration_id, version, lane, source, score, threshold, model_version, "
       "shadow_version, shadow_score, fired, reasons, accountable_tin, details, facts, decided_at) "
       "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, r.id).Bind(2, d.version ? d.version : r.version).Bind(3, risk::LaneName(d.lane))
      .Bind(4, risk::LaneSourceName(d.source)).Bind(5, d.score).Bind(6, d.threshold).Bind(7, d.model_version)
      .Bind(8, d.shadow_version).Bind(9, d.shadow_score).Bind(10, FiredJson(d.fired).dump()).Bind(11, reasons.dump())
      .Bind(12, d.accountable_tin).Bind(13, d.details_json.empty() ? std::string("{}") : d.details_json)
      .Bind(14, d.facts_json.empty() ? std::string("[]") : d.facts_json).Bind(15, d.decided_ms)
      .Run();
  sqlite::AppendLedger(c, ledger::events::RiskDecision(r.id, r.mrn, r.version, d));
  bool first = true;
  if (!fresh) {
    c.Prepare("UPDATE declarations SET lane = ? WHERE id = ?").Bind(1, risk::LaneName(d.lane)).Bind(2, r.id).Run();
    auto& seen = c.Prepare("SELECT COUNT(*) FROM risk_decisions WHERE declaration_id = ?");
    seen.Bind(1, r.id);
    seen.Step();
    first = seen.Int(0) == 1;
    seen.Reset();
  }
  const risk::DecisionCounts counts = risk::CountDecision(d, r.declarant_tin, first);
  const int64_t day = counts.day;
  for (const std::string& tin : counts.profile_tins)
    c.Prepare("INSERT INTO trader_profiles(tin, declarations, first_day, last_day) VALUES(?, 1, ?, ?) "
              "ON CONFLICT(tin) DO UPDATE SET declarations = declarations + 1, last_day = MAX(last_day, excluded.last_day)")
        .Bind(1, tin).Bind(2, day).Bind(3, day).Run();
  for (const auto& f : counts.fired)
    c.Prepare("UPDATE risk_criteria SET fired = fired + 1 WHERE id = ? AND version = ?").Bind(1, f.id).Bind(2, f.version).Run();
  // Taken at registration: the unit values follow in bulk (AppendUnitValues), keeping the
  // registration's transaction small. A re-decision replaces the declaration's unit values here.
  if (fresh) return;
  if (!first) c.Prepare("DELETE FROM unit_values WHERE declaration_id = ?").Bind(1, r.id).Run();
  for (const auto& u : d.unit_values)
    c.Prepare("INSERT INTO unit_values(hs6, origin, day, value, declaration_id) VALUES(?,?,?,?,?)")
        .Bind(1, u.hs6).Bind(2, u.origin).Bind(3, day).Bind(4, u.value).Bind(5, r.id).Run();
}

void SqliteStore::ApplyInspection(Connection& c, const DeclarationRecord& r, risk::Inspection i) {
  c.Prepare("INSERT INTO inspections(declaration_id, outcome, kind, additional_revenue, notes, officer, at) "
            "VALUES(?,?,?,?,?,?,?)")
      .Bind(1, r.id).Bind(2, risk::InspectionOutcomeName(i.outcome)).Bind(3, i.kind).Bind(4, i.additional_revenue)
      .Bind(5, i.notes).Bind(6, i.officer).Bind(7, i.at_ms).Run();
  sqlite::AppendLedger(c, ledger::events::Inspection(r.id, r.mrn, i));
  auto& n = c.Prepare("SELECT COUNT(*) FROM inspections WHERE declaration_id = ?");
  n.Bind(1, r.id);
  n.Step();
  const bool first = n.Int(0) == 1;
  n.Reset();
  if (!first) return;  // CountInspection would count nothing: spare the decision's read
  auto& q = c.Prepare("SELECT accountable_tin, fired FROM risk_decisions WHERE declaration_id = ? ORDER BY id DESC LIMIT 1");
  q.Bind(1, r.id);
  std::string tin, fired;
  if (q.Step()) {
    tin = q.Text(0);
    fired = q.Text(1);
  }
  q.Reset();
  const risk::InspectionCounts counts = risk::CountInspection(i, first, tin, FiredFrom(fired), r.declarant_tin);
  const int hit = counts.hit ? 1 : 0;
  for (const std::string& who : counts.profile_tins)
    c.Prepare("INSERT INTO trader_profiles(tin, inspections, hits, last_hit_day) VALUES(?, 1, ?, ?) "
              "ON CONFLICT(tin) DO UPDATE SET inspections = inspections + 1, hits = hits + excluded.hits, "
              "last_hit_day = MAX(last_hit_day, excluded.last_hit_day)")
        .Bind(1, who).Bind(2, hit).Bind(3, hit ? counts.day : 0).Run();
  for (const auto& f : counts.criteria)
    c.Prepare("UPDATE risk_criteria SET inspected = inspected + 1, hits = hits + ? WHERE id = ? AND version = ?")
        .Bind(1, hit).Bind(2, f.id).Bind(3, f.version).Run();
}

Result<risk::Decision> SqliteStore::GetRiskDecision(int64_t declaration_id) {
  return Read<risk::Decision>([&](Connection& c) -> Result<risk::Decision> {
    auto& q = c.Prepare(
        "SELECT version, lane, source, score, threshold, model_version, shadow_version, shadow_score, fired, reasons, "
        "accountable_tin, details, facts, decided_at FROM risk_decisions WHERE declaration_id = ? ORDER BY id DESC LIMIT 1");
    q.Bind(1, declaration_id);
    if (!q.Step()) {
      q.Reset();
      return Status::NotFound("no_decision", "declaration " + std::to_string(declaration_id) + " has no risk decision yet");
    }
    risk::Decision d;
    d.declaration_id = declaration_id;
    d.version = static_cast<int>(q.Int(0));
    d.lane = risk::LaneFromName(q.Text(1)).value_or(risk::Lane::kGreen);
    d.source = SourceFrom(q.Text(2));
    d.score = q.Double(3);
    d.threshold = q.Double(4);
    d.model_version = q.Text(5);
    d.shadow_version = q.Text(6);
    d.shadow_score = q.Double(7);
    d.fired = FiredFrom(q.Text(8));
    auto reasons = nlohmann::json::parse(q.Text(9), nullptr, false);
    if (reasons.is_array())
      for (const auto& r : reasons)  // plain strings: written before reasons had codes (schema 15 and earlier)
        if (r.is_string() || r.is_object()) d.reasons.push_back(sqlite::MessageFrom(r));
    d.accountable_tin = q.Text(10);
    d.details_json = q.Text(11);
    d.facts_json = q.Text(12);
    d.decided_ms = q.Int(13);
    q.Reset();
    return d;
  });
}

Result<std::vector<risk::Inspection>> SqliteStore::Inspections(int64_t declaration_id) {
  return ReadRows<risk::Inspection>(
      "SELECT id, declaration_id, outcome, kind, additional_revenue, notes, officer, at FROM inspections "
      "WHERE declaration_id = ? ORDER BY id",
      [&](sqlite::Stmt& q) { q.Bind(1, declaration_id); },
      [](sqlite::Stmt& q) {
        risk::Inspection i;
        i.id = q.Int(0);
        i.declaration_id = q.Int(1);
        i.outcome = OutcomeFrom(q.Text(2));
        i.kind = q.Text(3);
        i.additional_revenue = q.Text(4);
        i.notes = q.Text(5);
        i.officer = q.Text(6);
        i.at_ms = q.Int(7);
        return i;
      });
}

Result<std::vector<risk::DecisionHistory>> SqliteStore::DecisionsSince(int64_t since_ms) {
  // The latest decision of each declaration and its first inspection result.
  return ReadRows<risk::DecisionHistory>(
      "SELECT d.declaration_id, d.facts, d.decided_at, "
      "(SELECT CASE WHEN outcome = 'no_discrepancy' THEN 0 ELSE 1 END FROM inspections i "
      " WHERE i.declaration_id = d.declaration_id ORDER BY i.id LIMIT 1), "
      "d.lane, d.source, d.score, d.model_version, d.shadow_score, d.shadow_version, d.fired "
      "FROM risk_decisions d WHERE d.decided_at >= ? AND d.id = "
      "(SELECT MAX(id) FROM risk_decisions x WHERE x.declaration_id = d.declaration_id) ORDER BY d.decided_at",
      [&](sqlite::Stmt& q) { q.Bind(1, since_ms); },
      [](sqlite::Stmt& q) {
        risk::DecisionHistory h;
        h.declaration_id = q.Int(0);
        h.facts_json = q.Text(1);
        h.decided_ms = q.Int(2);
        h.label = q.IsNull(3) ? -1 : static_cast<int>(q.Int(3));
        h.lane = risk::LaneFromName(q.Text(4)).value_or(risk::Lane::kGreen);
        h.source = SourceFrom(q.Text(5));
        h.score = q.Double(6);
        h.model_version = q.Text(7);
        h.shadow_score = q.Double(8);
        h.shadow_version = q.Text(9);
        h.fired = FiredFrom(q.Text(10));
        return h;
      });
}

// ------------------------------------------------------------------ profiles and unit values

Result<risk::TraderProfile> SqliteStore::GetTraderProfile(const std::string& tin) {
  return Read<risk::TraderProfile>([&](Connection& c) -> Result<risk::TraderProfile> { return LoadProfile(c, tin); });
}

void SqliteStore::SetAeo(std::string tin, bool aeo, Done<risk::TraderProfile> done) {
  auto out = std::make_shared<risk::TraderProfile>();
  EnqueueFor(out,
      [out, tin, aeo](Connection& c) -> Status {
        c.Prepare("INSERT INTO trader_profiles(tin, aeo) VALUES(?, ?) ON CONFLICT(tin) DO UPDATE SET aeo = excluded.aeo")
            .Bind(1, tin).Bind(2, aeo ? 1 : 0).Run();
        *out = LoadProfile(c, tin);
        return Status::Ok();
      },
      std::move(done));
}

Result<std::pair<int64_t, int64_t>> SqliteStore::InspectionTotals() {
  return Read<std::pair<int64_t, int64_t>>([&](Connection& c) -> Result<std::pair<int64_t, int64_t>> {
    auto& q = c.Prepare(
        "SELECT COUNT(*), COALESCE(SUM(outcome <> 'no_discrepancy'), 0) FROM inspections i "
        "WHERE i.id = (SELECT MIN(id) FROM inspections x WHERE x.declaration_id = i.declaration_id)");
    q.Step();
    std::pair<int64_t, int64_t> out{q.Int(0), q.Int(1)};
    q.Reset();
    return out;
  });
}

Result<std::vector<risk::UnitValueObservation>> SqliteStore::UnitValues(const std::string& hs6, int64_t since_day,
                                                                       int limit) {
  return ReadRows<risk::UnitValueObservation>(
      "SELECT origin, value, day, declaration_id FROM unit_values WHERE hs6 = ? AND day >= ? "
      "ORDER BY day DESC, declaration_id DESC LIMIT ?",
      [&](sqlite::Stmt& q) { q.Bind(1, hs6).Bind(2, since_day).Bind(3, limit); },
      [&](sqlite::Stmt& q) { return risk::UnitValueObservation{hs6, q.Text(0), q.Double(1), q.Int(2), q.Int(3)}; });
}

void SqliteStore::AppendUnitValues(std::vector<risk::UnitValueObservation> values, Done<bool> done) {
  auto out = std::make_shared<bool>(true);
  auto v = std::make_shared<std::vector<risk::UnitValueObservation>>(std::move(values));
  EnqueueFor(out,
      [v](Connection& c) -> Status {
        // In commodity order, so that each index page is written once per batch.
        std::sort(v->begin(), v->end(), [](const auto& a, const auto& b) {
          return std::tie(a.hs6, a.day, a.declaration_id) < std::tie(b.hs6, b.day, b.declaration_id);
        });
        int64_t through = 0;
        for (const auto& u : *v) {
          c.Prepare("INSERT INTO unit_values(hs6, origin, day, value, declaration_id) VALUES(?,?,?,?,?)")
              .Bind(1, u.hs6).Bind(2, u.origin).Bind(3, u.day).Bind(4, u.value).Bind(5, u.declaration_id).Run();
          through = std::max(through, u.declaration_id);
        }
        c.Prepare("INSERT INTO counters(name, value) VALUES('unit_values_through', ?) "
                  "ON CONFLICT(name) DO UPDATE SET value = MAX(value, excluded.value)")
            .Bind(1, through).Run();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::RecoverUnitValues(Connection& c) {
  auto& w = c.Prepare("SELECT value FROM counters WHERE name = 'unit_values_through'");
  int64_t through = w.Step() ? w.Int(0) : 0;
  w.Reset();
  // Decisions taken at registration (version 1) after the mark, whose values were not written
  // (a decision taken later, e.g. on a submitted draft, wrote its own).
  auto& q = c.Prepare(
      "SELECT d.declaration_id, d.facts, d.decided_at FROM risk_decisions d WHERE d.declaration_id > ? AND d.version = 1 "
      "AND NOT EXISTS (SELECT 1 FROM unit_values u WHERE u.declaration_id = d.declaration_id) ORDER BY d.id");
  q.Bind(1, through);
  std::vector<risk::UnitValueObservation> values;
  int64_t newest = through;
  while (q.Step()) {
    int64_t id = q.Int(0);
    newest = std::max(newest, id);
    for (const auto& item : risk::StoredFactItems(q.Text(1))) {
      auto text = [&](const char* k) { return item.contains(k) && item[k].is_string() ? item[k].get<std::string>() : ""; };
      if (!item.contains("unit_value") || !item["unit_value"].is_number()) continue;
      double uv = item["unit_value"].get<double>();
      std::string hs6 = text("hs_code").substr(0, 6);
      if (!(uv > 0) || hs6.empty()) continue;
      values.push_back({hs6, text("origin"), uv, Day(q.Int(2)), id});
    }
  }
  q.Reset();
  for (const auto& u : values)
    c.Prepare("INSERT INTO unit_values(hs6, origin, day, value, declaration_id) VALUES(?,?,?,?,?)")
        .Bind(1, u.hs6).Bind(2, u.origin).Bind(3, u.day).Bind(4, u.value).Bind(5, u.declaration_id).Run();
  if (newest > through)
    c.Prepare("INSERT INTO counters(name, value) VALUES('unit_values_through', ?) "
              "ON CONFLICT(name) DO UPDATE SET value = excluded.value")
        .Bind(1, newest).Run();
}

// ------------------------------------------------------------------ model registry

void SqliteStore::PutRiskModel(risk::ModelEntry m, std::string content, Done<risk::ModelEntry> done) {
  auto out = std::make_shared<risk::ModelEntry>(std::move(m));
  EnqueueFor(out,
      [out, content = std::move(content)](Connection& c) -> Status {
        auto& q = c.Prepare("SELECT 1 FROM risk_models WHERE version = ?");
        q.Bind(1, out->version);
        bool exists = q.Step();
        q.Reset();
        if (exists) return Status::Conflict("model_exists", "a model " + out->version + " is already registered");
        out->role = risk::ModelRole::kCandidate;
        c.Prepare("INSERT INTO risk_models(version, role, trained_from, trained_to, rows, metrics, content, registered_at) "
                  "VALUES(?,?,?,?,?,?,?,?)")
            .Bind(1, out->version).Bind(2, "candidate").Bind(3, out->trained_from).Bind(4, out->trained_to)
            .Bind(5, out->rows).Bind(6, out->metrics_json.empty() ? std::string("{}") : out->metrics_json)
            .Bind(7, content).Bind(8, out->registered_ms).Run();
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::SetRiskModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done) {
  auto out = std::make_shared<risk::ModelEntry>();
  EnqueueFor(out,
      [out, version, role](Connection& c) -> Status {
        std::string sql = std::string("SELECT ") + kModelColumns + " FROM risk_models WHERE version = ?";
        auto& q = c.Prepare(sql);
        q.Bind(1, version);
        if (!q.Step()) {
          q.Reset();
          return Status::NotFound("unknown_model", "no registered model " + version);
        }
        q.Reset();
        // One active and at most one shadow: the one displaced is retired.
        if (role == risk::ModelRole::kActive || role == risk::ModelRole::kShadow)
          c.Prepare("UPDATE risk_models SET role = 'retired' WHERE role = ? AND version <> ?")
              .Bind(1, risk::ModelRoleName(role)).Bind(2, version).Run();
        c.Prepare("UPDATE risk_models SET role = ? WHERE version = ?").Bind(1, risk::ModelRoleName(role)).Bind(2, version).Run();
        auto& again = c.Prepare(sql);
        again.Bind(1, version);
        again.Step();
        *out = ModelFromRow(again);
        again.Reset();
        return Status::Ok();
      },
      std::move(done));
}

Result<std::vector<risk::ModelEntry>> SqliteStore::ListRiskModels() {
  return ReadRows<risk::ModelEntry>(std::string("SELECT ") + kModelColumns + " FROM risk_models ORDER BY registered_at DESC",
                                    [](sqlite::Stmt&) {}, ModelFromRow);
}

Result<std::string> SqliteStore::RiskModelContent(const std::string& version) {
  return Read<std::string>([&](Connection& c) -> Result<std::string> {
    auto& q = c.Prepare("SELECT content FROM risk_models WHERE version = ?");
    q.Bind(1, version);
    if (!q.Step()) {
      q.Reset();
      return Status::NotFound("unknown_model", "no registered model " + version);
    }
    std::string content = q.Text(0);
    q.Reset();
    return content;
  });
}

}  // namespace oc::detail
