// Cargo in transit: the route library, journeys bound to transit declarations, and the alerts
// raised on them (the fixes themselves are in the track store, store/track_store.h).
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
// Each journey write records its ledger entry (ledger/events.h) in the same transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/done.h"
#include "tracking/journey.h"

namespace oc {

struct JourneyFilter {
  bool open_only = false;          // active or arrived
  std::string party_tin;           // "": all; else journeys declared or carried by this TIN
  int64_t after_id = 0;
  int limit = 100;
};

struct AlertFilter {
  int64_t journey_id = 0;          // 0: every journey's
  bool unresolved_only = false;
  std::string party_tin;           // as JourneyFilter
  int64_t after_id = 0;
  int limit = 100;
};

class JourneyStore {
 public:
  virtual ~JourneyStore() = default;

  // Stores `r` as the route's next version (r.version is set here: 1 for a new id).
  virtual void PutRoute(tracking::RouteEntry r, Done<tracking::RouteEntry> done) = 0;
  // A version (0: the latest); NotFound("unknown_route").
  virtual Result<tracking::RouteEntry> GetRoute(const std::string& id, int version) = 0;
  virtual Result<std::vector<tracking::RouteEntry>> ListRoutes() = 0;  // latest versions, by id

  // Stores a new journey (id set here) and marks its devices fitted. Conflict("journey_exists")
  // when the declaration has an open journey; Conflict("device_busy") naming a device on another
  // open journey; NotFound("unknown_device"); Conflict("device_removed").
  virtual void CreateJourney(tracking::Journey j, Done<tracking::Journey> done) = 0;
  virtual Result<tracking::Journey> GetJourney(int64_t id) = 0;  // NotFound("unknown_journey")
  // The declaration's latest journey; NotFound("unknown_journey") when it has none.
  virtual Result<tracking::Journey> JourneyOfDeclaration(int64_t declaration_id) = 0;
  virtual Result<std::vector<tracking::Journey>> ListJourneys(const JourneyFilter& f) = 0;  // by id

  // Stores alerts (ids set here) with a ledger entry and a notification to the declarant each;
  // an arrival moves an active journey to arrived. Alerts of a closed journey are stored too.
  virtual void AppendAlerts(std::vector<tracking::JourneyAlert> alerts, Done<std::vector<tracking::JourneyAlert>> done) = 0;
  virtual Result<tracking::JourneyAlert> GetAlert(int64_t id) = 0;  // NotFound("unknown_alert")
  virtual Result<std::vector<tracking::JourneyAlert>> ListAlerts(const AlertFilter& f) = 0;  // by id
  // Acknowledges or resolves (tracking::CheckAlertMove decides, inside the transaction).
  virtual void MoveAlert(int64_t id, tracking::AlertState to, std::string by, std::string note, int64_t at_ms,
                         Done<tracking::JourneyAlert> done) = 0;

  // Closes an open journey as `j` says (state discharged or enquiry, closed_*, seal_checks);
  // its seals are removed (used once) and its trackers back in stock.
  // Conflict("journey_closed") when it is closed already.
  virtual void CloseJourney(tracking::Journey j, Done<tracking::Journey> done) = 0;
};

}  // namespace oc
