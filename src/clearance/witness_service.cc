#include "clearance/witness_service.h"

#include <spdlog/spdlog.h>

#include "common/dates.h"

namespace oc {

WitnessService::WitnessService(ExchangeStore& store, ledger::NoteSigner cosigner, std::vector<ledger::WitnessedLog> logs)
    : store_(store), cosigner_(std::move(cosigner)), logs_(std::move(logs)) {}

Status WitnessService::Open() {
  auto rows = store_.WitnessStates();
  if (!rows.ok()) return rows.status();
  std::lock_guard lk(mu_);
  for (const auto& r : rows.value()) states_[r.origin] = {r.origin, static_cast<uint64_t>(r.size), r.root};
  return Status::Ok();
}

std::vector<ledger::WitnessedState> WitnessService::States() const {
  std::lock_guard lk(mu_);
  std::vector<ledger::WitnessedState> out;
  for (const auto& [origin, s] : states_) out.push_back(s);
  return out;
}

Result<WitnessAnswer> WitnessService::AddCheckpoint(std::string_view body) {
  WitnessAnswer answer;
  auto request = ledger::ParseAddCheckpoint(body);
  if (!request.ok()) {
    answer.reason = request.status().message();
    return answer;
  }
  std::lock_guard lk(mu_);
  // The origin is only known after parsing; the judgement parses the note itself.
  auto note = ledger::ParseNote(request->note);
  std::optional<ledger::WitnessedState> latest;
  if (note.ok())
    if (auto c = ledger::ParseCheckpoint(note->text); c.ok())
      if (auto it = states_.find(c->origin); it != states_.end()) latest = it->second;
  ledger::WitnessJudgement j = ledger::JudgeCheckpoint(request.value(), logs_, latest);
  answer.verdict = j.verdict;
  answer.reason = j.reason;
  answer.latest_size = j.latest_size;
  if (j.verdict != ledger::WitnessVerdict::kCosign) {
    if (j.verdict == ledger::WitnessVerdict::kInconsistent ||
        (j.verdict == ledger::WitnessVerdict::kConflict && latest && latest->size == j.checkpoint.size))
      spdlog::error("witness: {} refused: {}", j.checkpoint.origin, j.reason);
    return answer;
  }
  const ledger::Checkpoint& c = j.checkpoint;
  auto line = ledger::CosignatureLine(note->text, cosigner_, static_cast<uint64_t>(NowUnixMillis() / 1000));
  if (!line.ok()) return line.status();
  // Persisted before answering (the protocol's rule): a cosignature is a promise about the state.
  WitnessStateRecord record{c.origin, static_cast<int64_t>(c.size), c.root, request->note, NowUnixMillis()};
  auto stored = AwaitDone<bool>([&](Done<bool> done) {
    store_.PutWitnessState(std::move(record), latest ? static_cast<int64_t>(latest->size) : 0, std::move(done));
  });
  if (!stored.ok()) return stored.status();
  states_[c.origin] = {c.origin, c.size, c.root};
  answer.cosignature = line.value();
  return answer;
}

}  // namespace oc
