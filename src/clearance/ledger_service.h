// LedgerService: the running ledger. The Merkle tree of every entry the store has written (loaded
// at start-up, then fed by the store's writer after each commit), signed checkpoints, and the
// proofs partners and auditors ask for (docs/notes/ledger.md). Methods taking a Principal check it
// through the access policy (identity/access.h).
//
// Thread-safety: every method may be called from any thread (a shared mutex guards the tree; the
// store's writer is the only one that appends).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "identity/principal.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/ledger_store.h"

namespace oc {

struct LedgerConfig {
  std::string origin = "opencustoms.localhost/ledger";  // the checkpoint's first line: the log's name
  ledger::NoteSigner signer;                            // the log's key
};

struct SignedCheckpoint {
  ledger::Checkpoint checkpoint;
  std::string note;  // the signed note, as published
};

// A declaration's entries, each with its inclusion proof against `checkpoint`: everything a
// third party needs to check the declaration's history offline.
struct DeclarationLedger {
  int64_t declaration_id = 0;
  SignedCheckpoint checkpoint;
  struct Entry {
    int64_t index = 0;
    std::string type, data;  // data empty when withheld
    std::vector<ledger::Hash> proof;
    bool withheld = false;   // confidential to customs (ledger::events::Confidential): leaf only
    ledger::Hash leaf{};     // HashLeaf(data): what the proof proves
  };
  std::vector<Entry> entries;
};

class ClearanceService;

class LedgerService {
 public:
  LedgerService(LedgerStore& store, LedgerConfig config);

  // Loads every stored leaf hash into the tree and subscribes to the store's new entries. Call
  // once, before the store writes anything. Internal on a storage error.
  Status Open();

  uint64_t Size() const;
  // Hashes the tree holds in memory (for figures: the rest is read from the store when needed).
  uint64_t HashesInMemory() const;
  const ledger::NoteKey& key() const { return config_.signer.key; }
  const std::string& origin() const { return config_.origin; }

  // The checkpoint of the current tree, signed (a new one only when the tree grew since the last),
  // with the witnesses' cosignatures once they have given them.
  SignedCheckpoint Checkpoint();
  // Adds verified cosignature lines to the latest checkpoint if it still has `size` entries.
  void AddCosignatures(uint64_t size, const std::string& lines);
  // RFC 9162 proofs over the current tree; Invalid("bad_index" / "bad_size") out of range.
  Result<std::vector<ledger::Hash>> InclusionProof(uint64_t index, uint64_t size) const;
  Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t first, uint64_t second) const;
  // The first leaf with this hash; NotFound otherwise. One indexed read of the store.
  Result<uint64_t> IndexOf(const ledger::Hash& leaf_hash) const;

  // Finds the declarations EntriesOf is asked about, with the reader's visibility. Set once,
  // before serving (the ledger is opened before the clearance service exists); must outlive this.
  void SetDeclarations(ClearanceService* clearance) { clearance_ = clearance; }
  // Entries [start, end), end by default start + 100 capped at the size: they name declarations,
  // actors and amounts, so staff only. Invalid("invalid_parameter") unless start ≤ end and at
  // most 1000 entries.
  Result<std::vector<LedgerEntry>> Entries(const Principal& who, int64_t start, std::optional<int64_t> end);
  // A declaration's entries (id or MRN) for whoever may see the declaration (NotFound otherwise);
  // entries confidential to customs are withheld, leaf and proof only, from readers without
  // access kReadConfidentialRisk. Unavailable before SetDeclarations.
  Result<DeclarationLedger> EntriesOf(const Principal& who, const std::string& ref);

 private:
  void Appended(int64_t first_index, const std::vector<ledger::Hash>& leaves);

  LedgerStore& store_;
  LedgerConfig config_;
  ClearanceService* clearance_ = nullptr;
  mutable std::shared_mutex mu_;
  ledger::MerkleTree tree_;
  std::mutex sign_mu_;
  std::shared_ptr<const SignedCheckpoint> latest_;
};

}  // namespace oc
