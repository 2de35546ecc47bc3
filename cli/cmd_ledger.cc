// `ledger audit` (recompute the whole tree from the store and report tampering by index) and
// `ledger verify` (a checkpoint's signature, an inclusion or a consistency proof, offline from
// files or fetched from a server).
#include <fstream>
#include <thread>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/http_client.h"
#include "cli/commands.h"
#include "clearance/ledger_audit.h"
#include "ledger/audit.h"
#include "ledger/bundle.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/store.h"

namespace oc::cli {

namespace {

struct LedgerOptions {
  std::string data = "var", json_out;
  std::string key, checkpoint, server, entry, proof, old_checkpoint, consistency, bundle;
  int64_t index = -1;
};

Result<std::vector<ledger::Hash>> ProofHashes(const std::string& text, const std::string& what) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("hashes") || !j["hashes"].is_array())
    return Status::Invalid("bad_proof", what + " is not a proof ({\"hashes\": [base64, ...]})");
  std::vector<ledger::Hash> out;
  for (const auto& h : j["hashes"]) {
    if (!h.is_string()) return Status::Invalid("bad_proof", what + ": a hash is not a string");
    auto hash = ledger::HashFromBase64(h.get<std::string>());
    if (!hash.ok()) return Status::Invalid("bad_proof", what + ": " + hash.status().message());
    out.push_back(hash.value());
  }
  return out;
}

// A checkpoint note checked against the verifier key: its parsed checkpoint.
Result<ledger::Checkpoint> CheckedCheckpoint(const std::string& note_text, const ledger::NoteKey& key, const std::string& what) {
  auto note = ledger::ParseNote(note_text);
  if (!note.ok()) return Status::Invalid(note.status().code(), what + ": " + note.status().message());
  if (Status st = ledger::VerifyNote(note.value(), key); !st.ok()) return Status::Invalid(st.code(), what + ": " + st.message());
  auto c = ledger::ParseCheckpoint(note->text);
  if (!c.ok()) return Status::Invalid(c.status().code(), what + ": " + c.status().message());
  return c;
}

Result<std::string> Fetch(api::HttpClient& client, const std::string& target) {
  auto r = client.Request("GET", target);
  if (!r.ok()) return r.status();
  if (r->status != 200) return Status::Invalid("server_error", "GET " + target + " answered " + std::to_string(r->status) + ": " + r->body);
  return r->body;
}

// A partner bundle, offline: the issuer's signature, the proof for the checkpoint's tree, a document.
Status VerifyBundleFile(const LedgerOptions& o, const ledger::NoteKey& key) {
  auto text = ReadWholeFile(o.bundle);
  if (!text.ok()) return text.status();
  auto bundle = ledger::ParseBundle(text.value());
  if (!bundle.ok()) return bundle.status();
  auto doc = ledger::VerifyBundle(bundle.value(), {key});
  if (!doc.ok()) return doc.status();
  std::printf("bundle: %s %s from %s, entry %llu of the signed tree of %llu entries\n", doc->kind.c_str(),
              doc->reference.c_str(), doc->checkpoint.origin.c_str(), static_cast<unsigned long long>(bundle->leaf_index),
              static_cast<unsigned long long>(bundle->tree_size));
  return Status::Ok();
}

Status Verify(const LedgerOptions& o) {
  auto key = ledger::ParseVerifierKey(o.key);
  if (!key.ok()) return key.status();
  if (!o.bundle.empty()) return VerifyBundleFile(o, key.value());
  std::unique_ptr<api::HttpClient> client;
  if (!o.server.empty()) {
    auto url = api::ParseHttpUrl(o.server);
    if (!url) return Status::Invalid("bad_server", "--server must be http[s]://host:port");
    client = std::make_unique<api::HttpClient>(*url, 10000, api::TlsTrust{CliTlsCaFile()});
  }
  std::string note;
  if (!o.checkpoint.empty()) {
    auto text = ReadWholeFile(o.checkpoint);
    if (!text.ok()) return text.status();
    note = text.value();
  } else if (client) {
    auto text = Fetch(*client, "/v1/ledger/checkpoint");
    if (!text.ok()) return text.status();
    note = text.value();
  } else {
    return Status::Invalid("no_checkpoint", "give --checkpoint FILE or --server URL");
  }
  auto cp = CheckedCheckpoint(note, key.value(), "the checkpoint");
  if (!cp.ok()) return cp.status();
  std::printf("checkpoint: signature by %s verifies; %s, %llu entries, root %s\n", key->name.c_str(), cp->origin.c_str(),
              static_cast<unsigned long long>(cp->size), ledger::HashBase64(cp->root).c_str());

  if (!o.entry.empty()) {
    auto entry = ReadWholeFile(o.entry);
    if (!entry.ok()) return entry.status();
    ledger::Hash leaf = ledger::HashLeaf(entry.value());
    std::string proof_text;
    uint64_t index = 0;
    if (!o.proof.empty()) {
      auto text = ReadWholeFile(o.proof);
      if (!text.ok()) return text.status();
      proof_text = text.value();
      auto j = nlohmann::json::parse(proof_text, nullptr, false);
      if (j.is_discarded() || !j.contains("leaf_index") || !j["leaf_index"].is_number_unsigned())
        return Status::Invalid("bad_proof", o.proof + " has no leaf_index");
      if (j.contains("tree_size") && j["tree_size"] != cp->size)
        return Status::Invalid("bad_proof", "the proof is for a tree of " + j["tree_size"].dump() + " entries, the checkpoint has " +
                                                std::to_string(cp->size));
      index = j["leaf_index"].get<uint64_t>();
    } else if (client && o.index >= 0) {
      auto text = Fetch(*client, "/v1/ledger/proof/inclusion?index=" + std::to_string(o.index) + "&size=" + std::to_string(cp->size));
      if (!text.ok()) return text.status();
      proof_text = text.value();
      index = static_cast<uint64_t>(o.index);
    } else {
      return Status::Invalid("no_proof", "give --proof FILE or --server URL with --index");
    }
    auto hashes = ProofHashes(proof_text, "the inclusion proof");
    if (!hashes.ok()) return hashes.status();
    if (Status st = ledger::VerifyInclusion(index, cp->size, leaf, hashes.value(), cp->root); !st.ok()) return st;
    std::printf("inclusion: the entry is leaf %llu of the checkpoint's tree\n", static_cast<unsigned long long>(index));
  }

  if (!o.old_checkpoint.empty()) {
    auto old_text = ReadWholeFile(o.old_checkpoint);
    if (!old_text.ok()) return old_text.status();
    auto old = CheckedCheckpoint(old_text.value(), key.value(), "the old checkpoint");
    if (!old.ok()) return old.status();
    std::string proof_text;
    if (!o.consistency.empty()) {
      auto text = ReadWholeFile(o.consistency);
      if (!text.ok()) return text.status();
      proof_text = text.value();
    } else if (client) {
      if (old->size == 0) return Status::Invalid("bad_proof", "every log extends the empty one: nothing to prove");
      auto text = Fetch(*client, "/v1/ledger/proof/consistency?first=" + std::to_string(old->size) + "&second=" +
                                     std::to_string(cp->size));
      if (!text.ok()) return text.status();
      proof_text = text.value();
    } else {
      return Status::Invalid("no_proof", "give --consistency FILE or --server URL");
    }
    auto hashes = ProofHashes(proof_text, "the consistency proof");
    if (!hashes.ok()) return hashes.status();
    if (Status st = ledger::VerifyConsistency(old->size, cp->size, old->root, cp->root, hashes.value()); !st.ok()) return st;
    std::printf("consistency: the log of %llu entries is a prefix of the log of %llu\n",
                static_cast<unsigned long long>(old->size), static_cast<unsigned long long>(cp->size));
  }
  return Status::Ok();
}

Status Audit(const LedgerOptions& o, int& exit_code) {
  auto store = OpenSqliteStore(SqliteOptions{o.data + "/opencustoms.db"});
  if (!store.ok()) return store.status();
  auto& s = *store.value();
  auto audited = AuditStoredLedger(s, std::max(1u, std::thread::hardware_concurrency()));
  if (!audited.ok()) return audited.status();
  const ledger::AuditReport& report = audited.value();

  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"index", f.index}, {"kind", f.kind}, {"detail", f.detail}});
    std::printf("%s at %llu: %s\n", f.kind.c_str(), static_cast<unsigned long long>(f.index), f.detail.c_str());
  }
  std::printf("%llu entries, %llu checkpoints checked, root %s: %s\n", static_cast<unsigned long long>(report.entries),
              static_cast<unsigned long long>(report.checkpoints), ledger::HashBase64(report.root).c_str(),
              report.clean() ? "clean" : (std::to_string(report.findings.size()) + " findings").c_str());
  if (!o.json_out.empty()) {
    std::ofstream f(o.json_out);
    f << nlohmann::json{{"entries", report.entries}, {"checkpoints", report.checkpoints},
                        {"root", ledger::HashBase64(report.root)}, {"clean", report.clean()}, {"findings", findings}}
             .dump()
      << "\n";
  }
  if (!report.clean()) exit_code = 3;
  return Status::Ok();
}

}  // namespace

void RegisterLedger(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<LedgerOptions>();
  auto* cmd = app.add_subcommand("ledger", "The tamper-evident ledger: audit the store, verify checkpoints and proofs");
  cmd->require_subcommand(1);

  auto* audit = cmd->add_subcommand("audit", "Recompute the whole tree from the store; report changed, removed or "
                                             "reordered entries by index (exit 3 when any)");
  audit->add_option("--data", o->data, "directory of the embedded store (the server stopped)")->capture_default_str();
  audit->add_option("--json", o->json_out, "also write the report as JSON");
  audit->callback([o, &exit_code] { Failed(Audit(*o, exit_code), exit_code); });

  auto* verify = cmd->add_subcommand("verify", "Verify a checkpoint's signature and, optionally, an inclusion or a "
                                               "consistency proof, from files or a server");
  verify->add_option("--key", o->key, "the log's verifier key (<name>+<hash>+<base64 key>)")->required();
  verify->add_option("--checkpoint", o->checkpoint, "the signed checkpoint (a file; else fetched from --server)");
  verify->add_option("--server", o->server, "a server to fetch the checkpoint and proofs from, e.g. http://localhost:8080");
  verify->add_option("--entry", o->entry, "an entry's exact bytes: prove it is in the checkpoint's tree");
  verify->add_option("--proof", o->proof, "its inclusion proof ({leaf_index, tree_size, hashes}); else fetched with --index");
  verify->add_option("--index", o->index, "the entry's index (with --server)");
  verify->add_option("--old-checkpoint", o->old_checkpoint, "an earlier signed checkpoint: prove the log only grew since");
  verify->add_option("--consistency", o->consistency, "the consistency proof ({hashes}); else fetched from --server");
  verify->add_option("--bundle", o->bundle, "a partner bundle (opencustoms-bundle/v1): verify it offline with the issuer's key");
  verify->callback([o, &exit_code] {
    Status st = Verify(*o);
    if (Failed(st, exit_code, st.kind() == StatusKind::kInvalid ? 3 : 1)) return;
  });
}

}  // namespace oc::cli
