// CheckpointPublisher: publishes the ledger's checkpoint periodically — signs one when the log
// grew and asks each configured witness to cosign it (c2sp.org/tlog-witness), sending the
// consistency proof from the size the witness last cosigned. Verified cosignatures are attached
// to the published checkpoint; a witness that refuses is logged (a refusal with 422 or a
// conflict at equal size means someone saw another history of this log: an alarm).
//
// Thread-safety: PublishOnce and Publish may be called from any thread (calls are serialised);
// Start/Stop from the owner.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "clearance/ledger_service.h"
#include "common/status.h"
#include "identity/principal.h"
#include "ledger/note.h"

namespace oc {

struct WitnessEndpoint {
  std::string url;      // the witness's submission prefix; "/add-checkpoint" is appended
  ledger::NoteKey key;  // its cosignature/v1 key
};

// POSTs `body` to `url`: (HTTP status, response body); Unavailable when unreachable. Given by the
// app (domain code does not speak HTTP).
using PostFn = std::function<Result<std::pair<int, std::string>>(const std::string& url, const std::string& body)>;

struct WitnessStatus {
  std::string name, url;
  uint64_t cosigned_size = 0;  // the size it last cosigned for us (0: not yet)
  std::string last_error;
};

class CheckpointPublisher {
 public:
  CheckpointPublisher(LedgerService& ledger, std::vector<WitnessEndpoint> witnesses, PostFn post);
  ~CheckpointPublisher();

  // Signs (if the log grew) and gathers cosignatures. Returns how many witnesses cosigned the
  // current checkpoint.
  int PublishOnce();
  // Publishes every `interval_s` seconds on a thread of its own until Stop.
  void Start(double interval_s);
  void Stop();
  std::vector<WitnessStatus> Witnesses() const;

  // The same on behalf of `who` (staff only, Forbidden otherwise): publishing now answers the
  // checkpoint note as it then stands and how many witnesses cosigned it. Publish blocks on the
  // witnesses: call it off the I/O threads.
  struct Published {
    int cosigned = 0;
    std::string note;
  };
  Result<Published> Publish(const Principal& who);
  Result<std::vector<WitnessStatus>> Witnesses(const Principal& who) const;

 private:
  struct Witness {
    WitnessEndpoint endpoint;
    uint64_t old_size = 0;  // what we believe it last cosigned
    uint64_t cosigned = 0;
    std::string last_error;
  };
  bool AskWitness(Witness& w, const SignedCheckpoint& cp);

  LedgerService& ledger_;
  PostFn post_;
  mutable std::mutex mu_;
  std::vector<Witness> witnesses_;
  std::mutex run_mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace oc
