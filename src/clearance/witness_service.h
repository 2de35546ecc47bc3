// WitnessService: this instance as a witness of partner administrations' ledgers
// (c2sp.org/tlog-witness). It cosigns a partner's checkpoint only when a consistency proof shows
// the checkpoint extends the last one it cosigned for that log, and it refuses a checkpoint that
// contradicts one it saw — so a partner cannot show this administration one history and another
// administration a different one. The state (last cosigned checkpoint per log) is stored and is
// checked and replaced atomically.
//
// Thread-safety: every method may be called from any thread; AddCheckpoint blocks on the store
// (call it off the I/O threads).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ledger/note.h"
#include "ledger/witness.h"
#include "store/exchange_store.h"

namespace oc {

struct WitnessAnswer {
  ledger::WitnessVerdict verdict = ledger::WitnessVerdict::kBadRequest;
  std::string reason;          // why it was refused
  uint64_t latest_size = 0;    // kConflict: the size last cosigned
  std::string cosignature;     // kCosign: the cosignature line(s), "— name base64\n"
};

class WitnessService {
 public:
  // `cosigner` has a cosignature/v1 (0x04) key; `logs` are the partner logs followed.
  WitnessService(ExchangeStore& store, ledger::NoteSigner cosigner, std::vector<ledger::WitnessedLog> logs);

  // Loads the stored state. Internal on a storage error.
  Status Open();
  // Handles one add-checkpoint request body. Storage errors come back as Internal.
  Result<WitnessAnswer> AddCheckpoint(std::string_view body);

  const ledger::NoteKey& key() const { return cosigner_.key; }
  const std::vector<ledger::WitnessedLog>& logs() const { return logs_; }
  std::vector<ledger::WitnessedState> States() const;

 private:
  ExchangeStore& store_;
  ledger::NoteSigner cosigner_;
  std::vector<ledger::WitnessedLog> logs_;
  mutable std::mutex mu_;  // held from the check to the stored new state
  std::map<std::string, ledger::WitnessedState> states_;
};

}  // namespace oc
