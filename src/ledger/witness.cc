#include "ledger/witness.h"

#include <charconv>

namespace oc::ledger {

namespace {

constexpr size_t kMaxProofLines = 63;  // the protocol's bound (a proof of a 2^63-entry tree)

Status BadRequest(std::string why) { return Status::Invalid("bad_request", std::move(why)); }

WitnessJudgement Verdict(WitnessVerdict v, std::string reason) {
  WitnessJudgement j;
  j.verdict = v;
  j.reason = std::move(reason);
  return j;
}

}  // namespace

std::string FormatAddCheckpoint(const AddCheckpointRequest& r) {
  std::string out = "old " + std::to_string(r.old_size) + "\n";
  for (const auto& h : r.proof) out += HashBase64(h) + "\n";
  return out + "\n" + r.note;
}

Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body) {
  if (body.size() > (1 << 20)) return BadRequest("the request is larger than 1 MiB");
  AddCheckpointRequest r;
  size_t eol = body.find('\n');
  if (eol == std::string_view::npos || body.substr(0, 4) != "old ") return BadRequest("the first line is 'old <size>'");
  std::string_view size = body.substr(4, eol - 4);
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), r.old_size);
  if (ec != std::errc() || end != size.data() + size.size() || size.empty() || (size.size() > 1 && size[0] == '0'))
    return BadRequest("the old size is a decimal number without leading zeroes");
  body.remove_prefix(eol + 1);
  while (true) {
    eol = body.find('\n');
    if (eol == std::string_view::npos) return BadRequest("an empty line ends the consistency proof");
    if (eol == 0) break;
    if (r.proof.size() == kMaxProofLines) return BadRequest("more than 63 consistency proof lines");
    auto h = HashFromBase64(body.substr(0, eol));
    if (!h.ok()) return BadRequest("proof line " + std::to_string(r.proof.size() + 1) + " is not a base64 hash");
    r.proof.push_back(h.value());
    body.remove_prefix(eol + 1);
  }
  r.note = std::string(body.substr(1));
  if (r.note.empty()) return BadRequest("the checkpoint is missing");
  return r;
}

WitnessJudgement JudgeCheckpoint(const AddCheckpointRequest& request, const std::vector<WitnessedLog>& logs,
                                 const std::optional<WitnessedState>& latest) {
  auto note = ParseNote(request.note);
  if (!note.ok()) return Verdict(WitnessVerdict::kBadRequest, note.status().message());
  auto checkpoint = ParseCheckpoint(note->text);
  if (!checkpoint.ok()) return Verdict(WitnessVerdict::kBadRequest, checkpoint.status().message());
  const Checkpoint& c = checkpoint.value();

  const WitnessedLog* log = nullptr;
  for (const auto& l : logs)
    if (l.origin == c.origin) log = &l;
  if (!log) return Verdict(WitnessVerdict::kUnknownLog, "this witness does not follow the log '" + c.origin + "'");
  bool signed_by_log = false;
  for (const auto& key : log->keys)
    if (VerifyNote(note.value(), key).ok()) signed_by_log = true;
  if (!signed_by_log)
    return Verdict(WitnessVerdict::kForbidden, "no signature by a key this witness trusts for '" + c.origin + "' verifies");
  if (request.old_size > c.size)
    return Verdict(WitnessVerdict::kBadRequest, "the old size " + std::to_string(request.old_size) +
                                                    " is above the checkpoint's size " + std::to_string(c.size));

  uint64_t last = latest ? latest->size : 0;
  if (request.old_size != last) {
    WitnessJudgement j = Verdict(WitnessVerdict::kConflict, "the last checkpoint cosigned for this log has size " +
                                                                std::to_string(last));
    j.latest_size = last;
    return j;
  }
  if (latest && latest->size == c.size && latest->root != c.root) {
    WitnessJudgement j = Verdict(WitnessVerdict::kConflict, "a checkpoint of the same size with another root hash was "
                                                            "cosigned: the log forked its history");
    j.latest_size = last;
    return j;
  }
  if (request.old_size == 0 || request.old_size == c.size) {
    if (!request.proof.empty())
      return Verdict(WitnessVerdict::kInconsistent, "the consistency proof from size " + std::to_string(request.old_size) +
                                                        " must be empty");
  } else if (!VerifyConsistency(request.old_size, c.size, latest->root, c.root, request.proof).ok()) {
    return Verdict(WitnessVerdict::kInconsistent, "the consistency proof from size " + std::to_string(request.old_size) +
                                                      " does not verify: this checkpoint does not extend the one cosigned");
  }
  WitnessJudgement j = Verdict(WitnessVerdict::kCosign, "");
  j.checkpoint = c;
  return j;
}

}  // namespace oc::ledger
