// Risk management: criteria (four eyes), named lists, decisions, inspections, trader profiles,
// unit values and the model registry.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "risk/decision.h"
#include "risk/profile.h"
#include "risk/selectivity.h"
#include "store/done.h"

namespace oc {

class RiskStore {
 public:
  virtual ~RiskStore() = default;

  // --- risk (criteria, lists, decisions, inspections, profiles, unit values, models) ---
  // Stores a criterion as pending: a new id ("RC-0001"...) when c.id is empty, else the next
  // version of c.id (NotFound("unknown_criterion")).
  virtual void CreateCriterion(risk::Criterion c, Done<risk::Criterion> done) = 0;
  // Activates a pending version, superseding the id's active one. Conflict("not_pending");
  // Forbidden("same_officer") when `officer` created it (four eyes); NotFound("unknown_criterion").
  virtual void ApproveCriterion(std::string id, int version, std::string officer, Done<risk::Criterion> done) = 0;
  // Retires the id's active or pending version. Conflict("not_active") when none is.
  virtual void RetireCriterion(std::string id, std::string officer, Done<risk::Criterion> done) = 0;
  // All versions when all_versions, else the latest version of each id; by id.
  virtual Result<std::vector<risk::Criterion>> ListCriteria(bool all_versions) = 0;
  virtual Result<risk::Criterion> GetCriterion(const std::string& id, int version) = 0;  // 0 = latest
  virtual void PutRiskList(risk::NamedList l, Done<risk::NamedList> done) = 0;  // insert or replace
  virtual Result<std::vector<risk::NamedList>> ListRiskLists() = 0;
  // The latest decision of a declaration; NotFound("no_decision") before one.
  virtual Result<risk::Decision> GetRiskDecision(int64_t declaration_id) = 0;
  virtual Result<std::vector<risk::Inspection>> Inspections(int64_t declaration_id) = 0;
  // Decisions made at or after since_ms with their facts and outcome, oldest first.
  virtual Result<std::vector<risk::DecisionHistory>> DecisionsSince(int64_t since_ms) = 0;
  // A trader's profile (all zero for an unknown TIN).
  virtual Result<risk::TraderProfile> GetTraderProfile(const std::string& tin) = 0;
  virtual void SetAeo(std::string tin, bool aeo, Done<risk::TraderProfile> done) = 0;
  // Inspections and hits over all traders: the prior of smoothed hit rates.
  virtual Result<std::pair<int64_t, int64_t>> InspectionTotals() = 0;
  // The newest `limit` unit values of a commodity on or after since_day, newest first (by day,
  // then declaration id), with their origins, days and declarations.
  virtual Result<std::vector<risk::UnitValueObservation>> UnitValues(const std::string& hs6, int64_t since_day,
                                                                     int limit) = 0;
  // Adds the unit values of decisions taken at registration (CreateDeclaration writes the decision
  // but leaves its unit values to this bulk write) and records the newest declaration id among
  // them as written. Values of decisions committed after the last such write are derived from
  // the stored decisions when the store opens, so a crash loses none.
  virtual void AppendUnitValues(std::vector<risk::UnitValueObservation> values, Done<bool> done) = 0;
  // Registers a model file's content as a candidate. Conflict("model_exists").
  virtual void PutRiskModel(risk::ModelEntry m, std::string content, Done<risk::ModelEntry> done) = 0;
  // Sets a model's role; a new active (or shadow) model demotes the previous one to retired.
  // NotFound("unknown_model").
  virtual void SetRiskModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done) = 0;
  virtual Result<std::vector<risk::ModelEntry>> ListRiskModels() = 0;
  virtual Result<std::string> RiskModelContent(const std::string& version) = 0;  // NotFound("unknown_model")
};

}  // namespace oc
