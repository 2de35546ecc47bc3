// Between administrations: the witness's state per partner log, and partner documents imported
// from verified bundles.
//
// One facet of the storage interface (store/store.h has the contract every facet shares: writes
// asynchronous with `done` called once after the write is durable or has failed, on a store
// thread; reads synchronous, thread-safe and seeing every acknowledged write; errors as Status).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/records.h"
#include "store/done.h"

namespace oc {

class ExchangeStore {
 public:
  virtual ~ExchangeStore() = default;

  // --- witnessing and partner exchange ---
  virtual Result<std::vector<WitnessStateRecord>> WitnessStates() = 0;
  // Replaces the origin's state when `expected_size` is still its stored size (0 when none):
  // Conflict("witness_moved") otherwise, so that two cosignings cannot roll the state back.
  virtual void PutWitnessState(WitnessStateRecord s, int64_t expected_size, Done<bool> done) = 0;
  // Inserts the document unless (issuer, leaf_index) was imported: then the stored one, created=false.
  virtual void PutPartnerDocument(PartnerDocumentRecord d, Done<PartnerDocumentRecord> done) = 0;
  virtual Result<PartnerDocumentRecord> GetPartnerDocument(int64_t id) = 0;  // NotFound("unknown_document")
  // Documents with this reference (all when ""), newest first, without their bundles.
  virtual Result<std::vector<PartnerDocumentRecord>> FindPartnerDocuments(const std::string& reference, int limit) = 0;
};

}  // namespace oc
