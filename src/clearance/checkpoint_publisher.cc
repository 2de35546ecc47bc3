#include "clearance/checkpoint_publisher.h"

#include <charconv>

#include <spdlog/spdlog.h>

#include "identity/access.h"
#include "ledger/witness.h"

namespace oc {

CheckpointPublisher::CheckpointPublisher(LedgerService& ledger, std::vector<WitnessEndpoint> witnesses, PostFn post)
    : ledger_(ledger), post_(std::move(post)) {
  for (auto& e : witnesses) witnesses_.push_back(Witness{std::move(e), 0, 0, {}});
}

CheckpointPublisher::~CheckpointPublisher() { Stop(); }

bool CheckpointPublisher::AskWitness(Witness& w, const SignedCheckpoint& cp) {
  // Two tries: the first may learn from a 409 the size the witness really holds (after our restart).
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (w.old_size > cp.checkpoint.size) w.old_size = 0;
    ledger::AddCheckpointRequest request;
    request.old_size = w.old_size;
    request.note = cp.note;
    if (w.old_size > 0 && w.old_size < cp.checkpoint.size) {
      auto proof = ledger_.ConsistencyProof(w.old_size, cp.checkpoint.size);
      if (!proof.ok()) {
        w.last_error = proof.status().ToString();
        return false;
      }
      request.proof = proof.value();
    }
    auto r = post_(w.endpoint.url + "/add-checkpoint", ledger::FormatAddCheckpoint(request));
    if (!r.ok()) {
      w.last_error = r.status().ToString();
      return false;
    }
    auto [status, body] = r.value();
    if (status == 409) {
      uint64_t size = 0;
      auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), size);
      if (ec == std::errc() && size != w.old_size && size <= cp.checkpoint.size) {
        w.old_size = size;
        continue;
      }
    }
    if (status != 200) {
      w.last_error = "HTTP " + std::to_string(status) + ": " + body.substr(0, 300);
      if (status == 422 || status == 409)
        spdlog::critical("ledger: witness {} refused checkpoint {}: {}", w.endpoint.key.name, cp.checkpoint.size, w.last_error);
      return false;
    }
    // Only lines by the configured key, and only if they verify.
    auto cosigned = ledger::ParseNote(cp.note + body);
    if (!cosigned.ok() || !ledger::VerifyNote(cosigned.value(), w.endpoint.key).ok()) {
      w.last_error = "the witness answered no valid cosignature";
      return false;
    }
    std::string lines;
    for (const auto& s : cosigned->signatures)
      if (s.name == w.endpoint.key.name && s.key_hash == w.endpoint.key.key_hash)
        lines += ledger::FormatNote({"", {s}}).substr(1);  // FormatNote puts the text and a blank line first
    ledger_.AddCosignatures(cp.checkpoint.size, lines);
    w.old_size = w.cosigned = cp.checkpoint.size;
    w.last_error.clear();
    return true;
  }
  w.last_error = "the witness kept answering 409";
  return false;
}

int CheckpointPublisher::PublishOnce() {
  std::lock_guard lk(mu_);
  SignedCheckpoint cp = ledger_.Checkpoint();
  int cosigned = 0;
  for (auto& w : witnesses_) {
    if (w.cosigned == cp.checkpoint.size && cp.checkpoint.size > 0) {
      ++cosigned;
      continue;
    }
    // Only the log's own signature goes to the witness: cosignatures already gathered are kept.
    SignedCheckpoint plain = cp;
    if (auto parsed = ledger::ParseNote(cp.note); parsed.ok()) {
      parsed->signatures.resize(std::min<size_t>(parsed->signatures.size(), 1));
      plain.note = ledger::FormatNote(parsed.value());
    }
    if (AskWitness(w, plain)) ++cosigned;
    else spdlog::warn("ledger: witness {} did not cosign size {}: {}", w.endpoint.key.name, cp.checkpoint.size, w.last_error);
  }
  return cosigned;
}

void CheckpointPublisher::Start(double interval_s) {
  if (interval_s <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this, interval_s] {
    std::unique_lock lk(run_mu_);
    while (!stop_) {
      lk.unlock();
      PublishOnce();
      lk.lock();
      wake_.wait_for(lk, std::chrono::duration<double>(interval_s), [this] { return stop_; });
    }
  });
}

void CheckpointPublisher::Stop() {
  {
    std::lock_guard lk(run_mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<WitnessStatus> CheckpointPublisher::Witnesses() const {
  std::lock_guard lk(mu_);
  std::vector<WitnessStatus> out;
  for (const auto& w : witnesses_) out.push_back({w.endpoint.key.name, w.endpoint.url, w.cosigned, w.last_error});
  return out;
}

Result<CheckpointPublisher::Published> CheckpointPublisher::Publish(const Principal& who) {
  if (Status st = access::Allow(who, access::Action::kPublishCheckpoint); !st.ok()) return st;
  Published p;
  p.cosigned = PublishOnce();
  p.note = ledger_.Checkpoint().note;
  return p;
}

Result<std::vector<WitnessStatus>> CheckpointPublisher::Witnesses(const Principal& who) const {
  if (Status st = access::Allow(who, access::Action::kReadWitnesses); !st.ok()) return st;
  return Witnesses();
}

}  // namespace oc
