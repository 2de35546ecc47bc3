// Two administrations, two real servers on loopback. A (the exporting country) logs its
// decisions; B (the importing country) trusts A's ledger key and witnesses A's log. The test
// exports a released export declaration from A as a bundle, imports and verifies it on B, uses it
// to pre-fill and mirror-check the import declaration, and checks that forged bundles are
// refused with the reason. It also has B cosign A's checkpoints over the witness protocol and
// refuse a fork of A's log.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "common/encoding.h"
#include "ledger/bundle.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/witness.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace oc::testing {
namespace {

using nlohmann::json;

constexpr const char* kOriginA = "customs.a.example/ledger";
constexpr const char* kOriginB = "customs.b.example/ledger";

void WriteKey(const std::string& dir, const ledger::NoteSigner& signer) {
  std::ofstream(dir + "/ledger.key") << ledger::SignerKeyString(signer) << "\n";
}

// An export declaration of org A: the declarant exports to a buyer abroad.
json ExportDeclaration(uint64_t n) {
  json d = ValidDeclarationJson(n, TestServer::kOrgA, 2);
  d["type"] = "EX";
  d["procedure"] = "1000";
  json foreign = d["parties"]["exporter"];
  d["parties"]["exporter"] = d["parties"]["declarant"];
  d["parties"]["seller"] = d["parties"]["declarant"];
  d["parties"]["buyer"] = foreign;
  d["parties"].erase("importer");
  d["locations"]["destination_country"] = "KZ";
  return d;
}

// Drives a registered declaration to release: control, assessment, payment if any, release.
void Release(TestServer& s, const std::string& path, const std::string& bank_ref) {
  auto act = [&](const std::string& body) { return s.Call("POST", path + "/actions", body, "inspector"); };
  ASSERT_EQ(act(R"({"action":"control","control":"documentary","reason":"export check"})").status, 200);
  ASSERT_EQ(act(R"({"action":"assess"})").status, 200);
  auto debt = s.Call("GET", path + "/debt", "", "trader_a");
  ASSERT_EQ(debt.status, 200) << debt.raw;
  for (const auto& order : debt.body["orders"]) {
    s.RegisterTestBank();
    ASSERT_EQ(s.PayOrder(order["reference"], order["amount"], bank_ref).status, 201);
  }
  auto rel = act(R"({"action":"release"})");
  ASSERT_EQ(rel.status, 200) << rel.raw;
  ASSERT_EQ(rel.body["state"], "released");
}

class PartnerExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    signer_a_ = ledger::GenerateSigner(kOriginA).value();
    std::string key_a = ledger::VerifierKeyString(signer_a_.key);
    b_ = std::make_unique<TestServer>(0, true, [&](AppConfig& c) {
      c.ledger_origin = kOriginB;
      c.peers = {key_a};
      c.checkpoint_interval_s = 0;
    });
    std::string witness_b = "http://127.0.0.1:" + std::to_string(b_->port()) + "/v1/witness=" +
                            ledger::VerifierKeyString(b_->core().witness().key());
    a_ = std::make_unique<TestServer>(0, false, [&](AppConfig& c) {
      c.ledger_origin = kOriginA;
      WriteKey(c.data_dir, signer_a_);
      c.witnesses = {witness_b};
      c.checkpoint_interval_s = 0;
    });
  }

  // Lodges and releases an export on A; returns its path.
  std::string ReleasedExport(uint64_t n) {
    auto lodged = a_->Lodge(ExportDeclaration(n));
    EXPECT_EQ(lodged.status, 201) << lodged.raw;
    std::string path = "/v1/declarations/" + lodged.body["mrn"].get<std::string>();
    Release(*a_, path, "BR-EX-" + std::to_string(n));
    return path;
  }

  ledger::NoteSigner signer_a_;
  std::unique_ptr<TestServer> b_, a_;
};

TEST_F(PartnerExchangeTest, ExportedBundleIsVerifiedOnThePartnerAndMirrorsTheImport) {
  // Not before release, and only export declarations.
  auto lodged = a_->Lodge(ExportDeclaration(11));
  ASSERT_EQ(lodged.status, 201) << lodged.raw;
  std::string path = "/v1/declarations/" + lodged.body["mrn"].get<std::string>();
  auto early = a_->Call("POST", path + "/bundle", R"({"kind":"export_declaration"})", "trader_a");
  EXPECT_EQ(early.status, 409) << early.raw;
  EXPECT_EQ(early.body["code"], "not_released");
  auto import_decl = a_->Lodge(ValidDeclarationJson(12, TestServer::kOrgA, 1));
  EXPECT_EQ(a_->Call("POST", "/v1/declarations/" + std::to_string(import_decl.body["id"].get<int>()) + "/bundle", "{}",
                     "trader_a").body["code"], "not_export");
  Release(*a_, path, "BR-EX-11");
  EXPECT_EQ(a_->Call("POST", path + "/bundle", R"({"kind":"passport"})", "trader_a").body["code"], "unknown_kind");
  EXPECT_EQ(a_->Call("POST", path + "/bundle", "{}", "trader_b").status, 404);  // another trader's declaration

  auto exported = a_->Call("POST", path + "/bundle", R"({"kind":"export_declaration"})", "trader_a");
  ASSERT_EQ(exported.status, 200) << exported.raw;
  EXPECT_EQ(exported.body["format"], ledger::kBundleFormat);
  // The same document again is the same entry (a newer checkpoint may carry it).
  auto again = a_->Call("POST", path + "/bundle", R"({"kind":"export_declaration"})", "trader_a");
  EXPECT_EQ(again.body["leaf_index"], exported.body["leaf_index"]);

  // On B: verified against A's key and kept.
  auto imported = b_->Call("POST", "/v1/partner/bundles", exported.raw, "trader_b");
  ASSERT_EQ(imported.status, 201) << imported.raw;
  EXPECT_EQ(imported.body["issuer"], kOriginA);
  EXPECT_EQ(imported.body["kind"], "export_declaration");
  EXPECT_EQ(imported.body["reference"], lodged.body["mrn"]);
  EXPECT_EQ(imported.body["document"]["type"], "EX");
  EXPECT_EQ(b_->Call("POST", "/v1/partner/bundles", exported.raw, "trader_b").status, 200);  // idempotent
  int64_t id = imported.body["id"].get<int64_t>();
  EXPECT_EQ(b_->Call("GET", "/v1/partner/documents/" + std::to_string(id), "", "trader_b").status, 200);
  EXPECT_EQ(b_->Call("GET", "/v1/partner/documents/" + std::to_string(id), "", "trader_a").status, 404);  // not theirs
  EXPECT_EQ(b_->Call("GET", "/v1/partner/documents?reference=" + lodged.body["mrn"].get<std::string>(), "", "risk")
                .body["documents"].size(), 1u);

  // The pre-filled import: the exported items, and the N830 link to the export.
  json prefill = imported.body["prefill"];
  EXPECT_EQ(prefill["type"], "IM");
  ASSERT_EQ(prefill["items"].size(), 2u);
  EXPECT_EQ(prefill["documents"][0]["type"], "N830");
  EXPECT_EQ(prefill["documents"][0]["id"], lodged.body["mrn"]);

  // A faithful import (B's own declaration completed with the pre-filled goods) is not flagged;
  // the same goods at 60 % of the exported price are.
  auto import_of = [&](uint64_t n, double price_factor) {
    json d = ValidDeclarationJson(n, TestServer::kOrgB, 2);
    d["items"] = prefill["items"];
    d["invoice"] = prefill["invoice"];
    // This country's official rate for the invoice currency (the exporting country's file has it).
    for (const auto& rate : imported.body["document"]["exchange_rates"])
      if (rate["currency"] != d["exchange_rates"][0]["currency"]) d["exchange_rates"].push_back(rate);
    for (auto& item : d["items"]) {
      double price = std::stod(item["price"].get<std::string>()) * price_factor;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", price);
      item["price"] = buf;
    }
    double total = 0;
    for (auto& item : d["items"]) total += std::stod(item["price"].get<std::string>());
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", total);
    d["invoice"]["total"] = buf;
    d["documents"].push_back(prefill["documents"][0]);
    return b_->Lodge(d, "trader_b");
  };
  auto fired = [&](const CallResult& lodged_import) {
    std::string p = "/v1/declarations/" + std::to_string(lodged_import.body["id"].get<int>()) + "/risk";
    auto r = b_->Call("GET", p, "", "risk");
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& f : r.body["criteria"])
      if (f["id"] == "PARTNER_MISMATCH") return r;
    r.status = 0;
    return r;
  };
  auto faithful = import_of(21, 1.0);
  ASSERT_EQ(faithful.status, 201) << faithful.raw;
  EXPECT_EQ(fired(faithful).status, 0) << fired(faithful).raw;
  auto cheap = import_of(22, 0.6);
  ASSERT_EQ(cheap.status, 201) << cheap.raw;
  auto flagged = fired(cheap);
  ASSERT_EQ(flagged.status, 200) << "no PARTNER_MISMATCH: " << flagged.raw;
  EXPECT_NE(flagged.body["lane"], "green");
  EXPECT_NE(flagged.body.dump().find("of the exported"), std::string::npos) << flagged.body.dump();
}

TEST_F(PartnerExchangeTest, ForgedBundlesAreRefusedWithTheReason) {
  std::string path = ReleasedExport(31);
  auto exported = a_->Call("POST", path + "/bundle", R"({"kind":"certificate_of_origin"})", "trader_a");
  ASSERT_EQ(exported.status, 200) << exported.raw;
  auto bundle = ledger::ParseBundle(exported.raw).value();
  auto import_code = [&](const ledger::Bundle& b) {
    auto r = b_->Call("POST", "/v1/partner/bundles", ledger::FormatBundle(b), "risk");
    return std::to_string(r.status) + " " + r.body.value("code", "");
  };
  EXPECT_EQ(import_code(bundle).substr(0, 3), "201");

  // Offline, with the issuer's key: `opencustoms ledger verify --bundle`.
  TempDir files;
  auto verify_offline = [&](const ledger::Bundle& b) {
    std::ofstream(files.path() + "/bundle.json") << ledger::FormatBundle(b);
    std::string cmd = std::string(OC_BINARY) + " ledger verify --key '" + ledger::VerifierKeyString(signer_a_.key) +
                      "' --bundle " + files.path() + "/bundle.json > " + files.path() + "/out.txt 2>&1";
    int rc = system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  };
  EXPECT_EQ(verify_offline(bundle), 0);

  // One byte of the document changed.
  ledger::Bundle b = bundle;
  size_t at = b.entry.find("\"origin\":\"");
  ASSERT_NE(at, std::string::npos);
  b.entry[at + 10] = b.entry[at + 10] == 'X' ? 'Y' : 'X';
  EXPECT_EQ(import_code(b), "422 bad_proof");
  EXPECT_EQ(verify_offline(b), 3);
  // A proof for another tree: A's log has grown; the proof of the new size with the old checkpoint.
  ReleasedExport(32);
  auto cp_note = a_->Call("GET", "/v1/ledger/checkpoint").raw;
  uint64_t grown = ledger::ParseCheckpoint(ledger::ParseNote(cp_note)->text)->size;
  auto proof = a_->Call("GET", "/v1/ledger/proof/inclusion?index=" + std::to_string(b.leaf_index) + "&size=" + std::to_string(grown));
  b = bundle;
  b.tree_size = grown;
  b.inclusion_proof.clear();
  for (const auto& h : proof.body["hashes"]) b.inclusion_proof.push_back(ledger::HashFromBase64(h.get<std::string>()).value());
  EXPECT_EQ(import_code(b), "422 proof_mismatch");
  // ... and with the new checkpoint it is genuine again.
  b.checkpoint = cp_note;
  EXPECT_EQ(import_code(b).substr(0, 3), "200");
  // A checkpoint with a changed root, or signed by a key B does not know.
  b = bundle;
  b.checkpoint[b.checkpoint.find('\n', b.checkpoint.find('\n') + 1) + 2] ^= 1;
  EXPECT_EQ(import_code(b).substr(0, 3), "422");
  auto impostor = ledger::GenerateSigner(kOriginA).value();
  b = bundle;
  b.checkpoint = ledger::SignNote(ledger::ParseNote(bundle.checkpoint)->text, impostor).value();
  EXPECT_EQ(import_code(b), "422 unknown_key");
  // A's own server does not trust A's ledger as a partner.
  auto self = a_->Call("POST", "/v1/partner/bundles", exported.raw, "risk");
  EXPECT_EQ(self.status, 422);
  EXPECT_EQ(self.body["code"], "unknown_key");
  // Not a bundle at all.
  auto junk = b_->Call("POST", "/v1/partner/bundles", R"({"format":"opencustoms-bundle/v1"})", "risk");
  EXPECT_EQ(junk.status, 400);
  EXPECT_EQ(junk.body["code"], "invalid_bundle");
}

TEST_F(PartnerExchangeTest, PartnerWitnessCosignsConsistentCheckpointsAndRefusesAFork) {
  ReleasedExport(41);
  // A publishes: B verifies and cosigns.
  auto published = a_->Call("POST", "/v1/ledger/checkpoint", "", "risk");
  ASSERT_EQ(published.status, 200) << published.raw;
  EXPECT_EQ(published.headers["x-cosignatures"], "1");
  auto note = ledger::ParseNote(published.raw);
  ASSERT_TRUE(note.ok()) << published.raw;
  EXPECT_TRUE(ledger::VerifyNote(note.value(), signer_a_.key).ok());
  auto ts = ledger::VerifyCosignature(note.value(), b_->core().witness().key());
  ASSERT_TRUE(ts.ok()) << ts.status().ToString() << "\n" << published.raw;
  uint64_t first_size = ledger::ParseCheckpoint(note->text)->size;
  // The published checkpoint carries the cosignature for everyone.
  EXPECT_TRUE(ledger::VerifyNote(ledger::ParseNote(a_->Call("GET", "/v1/ledger/checkpoint").raw).value(),
                                 b_->core().witness().key()).ok());
  auto witness_info = b_->Call("GET", "/v1/witness");
  ASSERT_EQ(witness_info.status, 200);
  EXPECT_EQ(witness_info.body["logs"][0]["size"], first_size);

  // A grows; the next publication is cosigned after B checks the consistency proof.
  ReleasedExport(42);
  published = a_->Call("POST", "/v1/ledger/checkpoint", "", "risk");
  EXPECT_EQ(published.headers["x-cosignatures"], "1") << published.raw;
  uint64_t second_size = ledger::ParseCheckpoint(ledger::ParseNote(published.raw)->text)->size;
  ASSERT_GT(second_size, first_size);
  EXPECT_EQ(b_->Call("GET", "/v1/witness").body["logs"][0]["size"], second_size);
  auto status = a_->Call("GET", "/v1/ledger/witnesses", "", "risk");
  EXPECT_EQ(status.body["witnesses"][0]["cosigned_size"], second_size) << status.raw;

  // A fork of A's log, signed with A's real key (a compromised or lying log): B refuses it.
  ledger::MerkleTree fork;
  std::vector<ledger::Hash> leaves;
  for (uint64_t i = 0; i < second_size + 3; ++i) leaves.push_back(ledger::HashLeaf("forged " + std::to_string(i)));
  fork.Append(leaves);
  auto forged = [&](uint64_t size) {
    return ledger::SignNote(ledger::CheckpointText({kOriginA, size, fork.Root(size).value(), {}}), signer_a_).value();
  };
  auto add = [&](const ledger::AddCheckpointRequest& r) {
    return b_->Call("POST", "/v1/witness/add-checkpoint", ledger::FormatAddCheckpoint(r));
  };
  auto same_size = add({second_size, {}, forged(second_size)});
  EXPECT_EQ(same_size.status, 409) << same_size.raw;
  auto grown = add({second_size, fork.ConsistencyProof(second_size, second_size + 3).value(), forged(second_size + 3)});
  EXPECT_EQ(grown.status, 422) << grown.raw;
  EXPECT_EQ(grown.body["code"], "inconsistent_checkpoint");
  auto stale = add({1, {}, forged(second_size + 3)});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.headers["content-type"], "text/x.tlog.size");
  EXPECT_EQ(stale.raw, std::to_string(second_size) + "\n");
  auto unknown = ledger::GenerateSigner("customs.z.example/ledger").value();
  EXPECT_EQ(add({0, {}, ledger::SignNote(ledger::CheckpointText({"customs.z.example/ledger", 1, ledger::HashLeaf("x"), {}}), unknown).value()})
                .status, 404);
  auto impostor = ledger::GenerateSigner(kOriginA).value();
  EXPECT_EQ(add({second_size, {}, ledger::SignNote(ledger::CheckpointText({kOriginA, second_size, fork.Root(second_size).value(), {}}),
                                                   impostor).value()}).status, 403);
  EXPECT_EQ(add({0, {}, "garbage"}).status, 400);
  // B still holds A's genuine state and cosigns A's next genuine checkpoint.
  EXPECT_EQ(b_->Call("GET", "/v1/witness").body["logs"][0]["size"], second_size);
  ReleasedExport(43);
  EXPECT_EQ(a_->Call("POST", "/v1/ledger/checkpoint", "", "risk").headers["x-cosignatures"], "1");
}

}  // namespace
}  // namespace oc::testing
