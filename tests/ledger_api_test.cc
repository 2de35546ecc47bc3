// The ledger through the API of a real server: every decision about a declaration is an entry,
// the published checkpoint is signed by the server's key, every entry's inclusion proof and the
// consistency proofs verify against it with the client-side RFC 9162 algorithms, the tree
// survives a restart, and bad parameters get a specific 4xx.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "common/encoding.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace oc::testing {
namespace {

using nlohmann::json;

// Fetches the checkpoint without credentials and checks its signature with the server's key.
ledger::Checkpoint FetchCheckpoint(TestServer& server) {
  auto r = server.Call("GET", "/v1/ledger/checkpoint");
  EXPECT_EQ(r.status, 200) << r.raw;
  auto note = ledger::ParseNote(r.raw);
  EXPECT_TRUE(note.ok()) << note.status().ToString() << "\n" << r.raw;
  if (!note.ok()) return {};
  EXPECT_TRUE(ledger::VerifyNote(note.value(), server.core().ledger().key()).ok());
  auto c = ledger::ParseCheckpoint(note->text);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? c.value() : ledger::Checkpoint{};
}

std::vector<ledger::Hash> Hashes(const json& list) {
  std::vector<ledger::Hash> out;
  for (const auto& h : list) out.push_back(ledger::HashFromBase64(h.get<std::string>()).value());
  return out;
}

TEST(LedgerApi, EveryDecisionIsAnEntryProvableAgainstTheSignedCheckpoint) {
  TempDir data;
  ledger::Hash root_before_restart{};
  uint64_t size_before_restart = 0;
  {
    TestServer server(0, true, [&](AppConfig& c) { c.data_dir = data.path(); });
    auto lodged = server.Lodge(ValidDeclarationJson(901, TestServer::kOrgA, 2));
    ASSERT_EQ(lodged.status, 201) << lodged.raw;
    std::string path = "/v1/declarations/" + std::to_string(lodged.body["id"].get<int>());
    ledger::Checkpoint cp = FetchCheckpoint(server);
    ASSERT_GT(cp.size, 0u);
    std::string old_note = server.Call("GET", "/v1/ledger/checkpoint").raw;

    // The declaration's history: lodgement, its transitions, the risk decision, each provable.
    // The trader gets the risk decision's leaf hash, not its bytes; an officer gets every entry.
    for (const char* reader : {"trader_a", "risk"}) {
      auto history = server.Call("GET", path + "/ledger", "", reader);
      ASSERT_EQ(history.status, 200) << history.raw;
      std::set<std::string> types;
      for (const auto& e : history.body["entries"]) {
        ledger::Hash leaf{};
        std::string type = e["type"];
        types.insert(type);
        if (e.contains("withheld")) {
          EXPECT_EQ(std::string(reader), "trader_a");
          EXPECT_EQ(type, "risk_decision") << e;
          std::string hash = Base64Decode(e["leaf_hash"].get<std::string>()).value();
          ASSERT_EQ(hash.size(), leaf.size());
          std::copy(hash.begin(), hash.end(), leaf.begin());
        } else {
          std::string data = Base64Decode(e["data"].get<std::string>()).value();
          auto entry = json::parse(data);
          EXPECT_EQ(entry["declaration"], lodged.body["id"]);
          EXPECT_EQ(entry["type"], type);
          leaf = ledger::HashLeaf(data);
        }
        uint64_t size = history.body["tree_size"].get<uint64_t>();
        auto note = ledger::ParseNote(history.body["checkpoint"].get<std::string>()).value();
        auto c = ledger::ParseCheckpoint(note.text).value();
        ASSERT_EQ(c.size, size);
        EXPECT_TRUE(ledger::VerifyInclusion(e["index"].get<uint64_t>(), size, leaf, Hashes(e["hashes"]), c.root).ok()) << e;
      }
      EXPECT_TRUE(types.count("lodgement") && types.count("transition") && types.count("risk_decision")) << history.raw;
    }
    EXPECT_EQ(server.Call("GET", path + "/ledger", "", "trader_b").status, 404) << "another organisation's declaration";

    // All entries: officers only; their leaves rebuild the checkpoint's root.
    EXPECT_EQ(server.Call("GET", "/v1/ledger/entries?start=0", "", "trader_a").status, 403);
    auto all = server.Call("GET", "/v1/ledger/entries?start=0&end=" + std::to_string(cp.size), "", "risk");
    ASSERT_EQ(all.status, 200) << all.raw;
    ASSERT_EQ(all.body["entries"].size(), cp.size);
    ledger::MerkleTree rebuilt;
    for (const auto& e : all.body["entries"]) rebuilt.Append(ledger::HashLeaf(Base64Decode(e["data"].get<std::string>()).value()));
    EXPECT_EQ(rebuilt.Root(cp.size).value(), cp.root);

    // An inclusion proof by index and by entry hash; a consistency proof from an earlier size.
    auto first = Base64Decode(all.body["entries"][0]["data"].get<std::string>()).value();
    auto by_index = server.Call("GET", "/v1/ledger/proof/inclusion?index=0&size=" + std::to_string(cp.size));
    ASSERT_EQ(by_index.status, 200) << by_index.raw;
    EXPECT_EQ(by_index.body["leaf_index"], 0);
    EXPECT_TRUE(ledger::VerifyInclusion(0, cp.size, ledger::HashLeaf(first), Hashes(by_index.body["hashes"]), cp.root).ok());
    std::string hash = ledger::HashBase64(ledger::HashLeaf(first));
    std::string escaped;
    for (char ch : hash) escaped += ch == '+' ? "%2B" : ch == '/' ? "%2F" : ch == '=' ? "%3D" : std::string(1, ch);
    auto by_hash = server.Call("GET", "/v1/ledger/proof/inclusion?hash=" + escaped + "&size=" + std::to_string(cp.size));
    ASSERT_EQ(by_hash.status, 200) << by_hash.raw;
    EXPECT_EQ(by_hash.body["hashes"], by_index.body["hashes"]);

    auto second = server.Lodge(ValidDeclarationJson(902, TestServer::kOrgA, 1));
    ASSERT_EQ(second.status, 201);
    ledger::Checkpoint later = FetchCheckpoint(server);
    ASSERT_GT(later.size, cp.size);
    auto consistency = server.Call("GET", "/v1/ledger/proof/consistency?first=" + std::to_string(cp.size) +
                                              "&second=" + std::to_string(later.size));
    ASSERT_EQ(consistency.status, 200) << consistency.raw;
    EXPECT_TRUE(ledger::VerifyConsistency(cp.size, later.size, cp.root, later.root, Hashes(consistency.body["hashes"])).ok());

    // The CLI verifies the same from outside: signature, an entry's inclusion, consistency with
    // the older checkpoint; an altered checkpoint is refused (exit 3).
    {
      std::string dir = data.path();
      std::ofstream(dir + "/old.note") << old_note;
      std::ofstream(dir + "/entry.bin", std::ios::binary) << first;
      std::string altered = old_note;
      altered[altered.find('\n') + 1] = altered[altered.find('\n') + 1] == '1' ? '2' : '1';  // the size line
      std::ofstream(dir + "/altered.note") << altered;
      std::string base = std::string(OC_BINARY) + " ledger verify --key '" +
                         ledger::VerifierKeyString(server.core().ledger().key()) + "' --server http://127.0.0.1:" +
                         std::to_string(server.port());
      EXPECT_EQ(std::system((base + " --entry " + dir + "/entry.bin --index 0 --old-checkpoint " + dir + "/old.note > " + dir +
                             "/verify.out 2>&1").c_str()), 0);
      int rc = std::system((base + " --old-checkpoint " + dir + "/altered.note > /dev/null 2>&1").c_str());
      EXPECT_EQ(WEXITSTATUS(rc), 3) << "an altered checkpoint must not verify";
      rc = std::system((base + " --entry " + dir + "/old.note --index 0 > /dev/null 2>&1").c_str());
      EXPECT_EQ(WEXITSTATUS(rc), 3) << "another entry's bytes must not verify at index 0";
    }

    // Bad parameters: specific 4xx.
    auto code = [&](const std::string& p) {
      auto r = server.Call("GET", p);
      EXPECT_GE(r.status, 400) << p << " " << r.raw;
      EXPECT_LT(r.status, 500) << p << " " << r.raw;
      return r.body.value("code", std::string());
    };
    EXPECT_EQ(code("/v1/ledger/proof/inclusion"), "invalid_parameter");
    EXPECT_EQ(code("/v1/ledger/proof/inclusion?index=abc"), "invalid_parameter");
    EXPECT_EQ(code("/v1/ledger/proof/inclusion?index=99999"), "bad_index");
    EXPECT_EQ(code("/v1/ledger/proof/inclusion?index=0&size=99999"), "bad_size");
    EXPECT_EQ(code("/v1/ledger/proof/inclusion?hash=AAAA"), "invalid_parameter");
    EXPECT_EQ(code("/v1/ledger/proof/consistency?first=0&second=3"), "bad_size");
    EXPECT_EQ(code("/v1/ledger/proof/consistency?second=3"), "invalid_parameter");
    root_before_restart = later.root;
    size_before_restart = later.size;
  }
  // A restart loads the tree from the store: the same size signs the same root.
  TestServer again(0, true, [&](AppConfig& c) { c.data_dir = data.path(); });
  ledger::Checkpoint after = FetchCheckpoint(again);
  ASSERT_GE(after.size, size_before_restart);
  auto proof = again.Call("GET", "/v1/ledger/proof/consistency?first=" + std::to_string(size_before_restart) +
                                     "&second=" + std::to_string(after.size));
  ASSERT_EQ(proof.status, 200) << proof.raw;
  EXPECT_TRUE(ledger::VerifyConsistency(size_before_restart, after.size, root_before_restart, after.root,
                                        Hashes(proof.body["hashes"])).ok());
}

}  // namespace
}  // namespace oc::testing
