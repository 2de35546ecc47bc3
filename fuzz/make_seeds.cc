// Writes the seeds that cannot be typed by hand: notes, witness requests and bundles signed by
// the targets' fixed keys (the fuzzer cannot forge a signature, so without them it would never
// get past the signature checks), and declarations from the generator the unit tests use
// (tests/test_support.cc). Run once; the output, merged, is committed under fuzz/corpus/.
//   cmake --build build-fuzz --target make_seeds && build-fuzz/fuzz/make_seeds fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/encoding.h"
#include "declaration/declaration.h"
#include "demo/demo_generator.h"
#include "fuzz_util.h"
#include "ledger/bundle.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/witness.h"

namespace {

using namespace oc::ledger;

void Write(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
}

std::string SignedCheckpoint(const NoteSigner& log, const MerkleTree& tree, uint64_t size) {
  Checkpoint c{oc::fuzz::kLogOrigin, size, tree.Root(size).value(), {}};
  return SignNote(CheckpointText(c), log).value();
}

void NoteSeeds(const std::string& dir, const NoteSigner& log, const NoteSigner& witness) {
  MerkleTree tree;
  for (int i = 0; i < 8; ++i) tree.Append(HashLeaf("entry " + std::to_string(i)));
  std::string note = SignedCheckpoint(log, tree, 8);
  Write(dir, "signed-checkpoint", note);
  Checkpoint c{oc::fuzz::kLogOrigin, 8, tree.Root(8).value(), {}};
  Write(dir, "cosigned-checkpoint", note + CosignatureLine(CheckpointText(c), witness, 1767225600).value());
  Checkpoint ext{oc::fuzz::kLogOrigin, 3, tree.Root(3).value(), {"extension line", "another"}};
  Write(dir, "checkpoint-extensions", SignNote(CheckpointText(ext), log).value());
  Write(dir, "checkpoint-text", CheckpointText(c));
  Write(dir, "verifier-key", VerifierKeyString(log.key));
  Write(dir, "witness-key", VerifierKeyString(witness.key));
  Write(dir, "signer-key", SignerKeyString(log));
}

void WitnessSeeds(const std::string& dir, const NoteSigner& log) {
  MerkleTree tree;
  for (int i = 0; i < 8; ++i) tree.Append(HashLeaf("entry " + std::to_string(i)));
  auto request = [&](uint64_t old_size, uint64_t size) {
    AddCheckpointRequest r;
    r.old_size = old_size;
    if (old_size > 0 && old_size < size) r.proof = tree.ConsistencyProof(old_size, size).value();
    r.note = SignedCheckpoint(log, tree, size);
    return FormatAddCheckpoint(r);
  };
  Write(dir, "first-3", request(0, 3));
  Write(dir, "extend-3-8", request(3, 8));
  Write(dir, "extend-3-5", request(3, 5));
  Write(dir, "same-8", request(8, 8));
  Write(dir, "first-8", request(0, 8));
}

void BundleSeeds(const std::string& dir, const NoteSigner& log) {
  using nlohmann::json;
  json doc = {{"mrn", "26UZ000000000000A1"}, {"exporter", {{"tin", "301234567"}}}, {"items", json::array({{{"hs", "851712"}}})}};
  std::vector<std::string> entries = {
      json{{"type", kDocumentEntryType}, {"at", "2026-01-01T00:00:00Z"},
           {"event", {{"kind", "export_declaration"}, {"reference", "26UZ000000000000A1"}, {"document", doc}}}}.dump(),
      json{{"type", kDocumentEntryType}, {"event", {{"kind", "certificate_of_origin"}, {"reference", "CO-1"}, {"document", {{"origin", "UZ"}}}}}}.dump(),
      json{{"type", "declaration_registered"}, {"event", {{"mrn", "26UZ000000000000A1"}}}}.dump(),
      json{{"type", kDocumentEntryType}, {"event", {{"kind", 1}, {"reference", "x"}, {"document", nullptr}}}}.dump(),
      json{{"type", 7}, {"event", json::object()}}.dump(),
      "[1,2,3]",
      "not json",
  };
  MerkleTree tree;
  for (const auto& e : entries) tree.Append(HashLeaf(e));
  const uint64_t n = tree.size();
  for (uint64_t i = 0; i < n; ++i) {
    Bundle b{entries[i], i, n, tree.InclusionProof(i, n).value(), SignedCheckpoint(log, tree, n)};
    Write(dir, "bundle-" + std::to_string(i), FormatBundle(b));
  }
  Bundle smaller{entries[0], 0, 3, tree.InclusionProof(0, 3).value(), SignedCheckpoint(log, tree, 3)};
  Write(dir, "bundle-tree-3", FormatBundle(smaller));
}

void DeclarationSeeds(const std::string& dir) {
  using nlohmann::json;
  auto ref = oc::ReferenceData::Load(oc::DefaultReferenceDir()).value();
  oc::DemoGenerator gen(*ref, 7);
  oc::DemoTrader trader{"301234567", "Test Trader", "Tashkent", "t"};
  for (int items : {1, 2, 3, 8}) {
    auto d = gen.Make(static_cast<uint64_t>(items), trader, items, "2026-05-30");
    Write(dir, "demo-" + std::to_string(items), oc::CanonicalJson(d));
  }
  // The shapes the parser's unit tests (tests/parse_test.cc) feed it.
  json j = json::parse(oc::CanonicalJson(gen.Make(9, trader, 3, "2026-05-30")));
  json full = j;
  full["items"][0]["supplementary"] = {{"quantity", "12.5"}, {"unit", "LTR"}};
  full["items"][0]["documents"] = json::array({{{"type", "N380"}, {"id", "INV-1"}, {"date", "2026-05-01"}}});
  full["parties"]["representative"] = {{"tin", "301234568"}, {"name", "Broker"}, {"status", "2"},
                                       {"address", {{"country", "UZ"}, {"city", "Tashkent"}}}};
  full["freight"] = {{"amount", "120.50"}, {"currency", "USD"}};
  full["transport"]["containers"] = json::array({"MSCU1234567", "TGHU7654321"});
  Write(dir, "full", full.dump());
  json bad = j;
  bad["surprise"] = 1;
  bad["items"][1]["net_mass"] = 12.5;
  bad["items"][2]["commodity"]["hs"] = "8471";
  bad["items"][0]["price"] = "1e5";
  bad["invoice"].erase("currency");
  bad["issue_date"] = "2026-02-30";
  bad["a/b~c"] = nullptr;
  Write(dir, "errors", bad.dump(1));
  Write(dir, "malformed", "{\"lrn\": ");
  Write(dir, "not-an-object", "[1,2]");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds CORPUS_DIR (fuzz/corpus)\n");
    return 2;
  }
  oc::InitCrypto();
  std::string root = argv[1];
  auto log = SignerFromSeed(oc::fuzz::kLogOrigin, oc::fuzz::Seed(oc::fuzz::kLogSeed)).value();
  auto witness = SignerFromSeed(oc::fuzz::kWitnessName, oc::fuzz::Seed(oc::fuzz::kWitnessSeed), kCosignatureV1).value();
  NoteSeeds(root + "/note", log, witness);
  WitnessSeeds(root + "/witness", log);
  BundleSeeds(root + "/bundle", log);
  DeclarationSeeds(root + "/declaration");
  return 0;
}
