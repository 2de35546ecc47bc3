// The witness protocol (c2sp.org/tlog-witness): a witness cosigns a log's checkpoint only after a
// consistency proof shows it extends the last checkpoint the witness cosigned for that log, so a
// log cannot show two histories to two audiences without one witness refusing. This file is the
// protocol's pure part — request format and the witness's judgement; WitnessService keeps the
// state and the key, LedgerService's publisher is the client.
//
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

namespace oc::ledger {

// POST <prefix>/add-checkpoint body: "old <size>\n", one base64 proof hash per line, "\n", the
// signed checkpoint.
struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string note;  // the signed checkpoint as sent
};
std::string FormatAddCheckpoint(const AddCheckpointRequest& r);
// Invalid("bad_request") naming what is malformed (more than 63 proof lines included).
Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body);

// A log the witness follows: its origin and the keys that sign its checkpoints.
struct WitnessedLog {
  std::string origin;
  std::vector<NoteKey> keys;
};

// The latest checkpoint the witness cosigned for a log.
struct WitnessedState {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
};

enum class WitnessVerdict {
  kCosign,        // 200: consistent, cosign and record
  kBadRequest,    // 400: malformed, or old size above the checkpoint's
  kForbidden,     // 403: no signature by a key the witness trusts for the origin
  kUnknownLog,    // 404: the origin is not a log this witness follows
  kConflict,      // 409: old size is not the last cosigned size, or same size with another root
  kInconsistent,  // 422: the consistency proof does not verify: the log forked its history
};

struct WitnessJudgement {
  WitnessVerdict verdict = WitnessVerdict::kBadRequest;
  std::string reason;         // for people: what failed
  uint64_t latest_size = 0;   // kConflict: the size the witness last cosigned
  Checkpoint checkpoint;      // parsed, when the note was
};

// Judges a request against the logs followed and the state of the checkpoint's origin (nullopt:
// never cosigned). Records nothing: the caller persists the new state atomically with the check.
WitnessJudgement JudgeCheckpoint(const AddCheckpointRequest& request, const std::vector<WitnessedLog>& logs,
                                 const std::optional<WitnessedState>& latest);

}  // namespace oc::ledger
