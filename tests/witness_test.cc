// The witness protocol and partner bundles, pure parts: cosignature/v1 lines (signed message,
// key ids, timestamps), the witness's judgement of add-checkpoint requests for every outcome the
// protocol names (cosign, 400, 403, 404, 409, 422 on a forked log), and bundles that are refused
// when any byte of them changes, when the proof is for another tree or the key is unknown.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/encoding.h"
#include "ledger/bundle.h"
#include "ledger/jcs.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/witness.h"

namespace oc::ledger {
namespace {

std::array<uint8_t, 32> Seed(uint8_t b) {
  std::array<uint8_t, 32> s;
  s.fill(b);
  return s;
}

NoteSigner LogSigner(const std::string& origin = "customs.a.example/ledger", uint8_t seed = 1) {
  return SignerFromSeed(origin, Seed(seed)).value();
}
NoteSigner Cosigner(uint8_t seed = 9) { return SignerFromSeed("customs.b.example/witness", Seed(seed), kCosignatureV1).value(); }

// A log of n leaves "entry i" (or a fork that differs from leaf `fork_at` on).
MerkleTree Tree(uint64_t n, uint64_t fork_at = UINT64_MAX) {
  MerkleTree t;
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < n; ++i) leaves.push_back(HashLeaf((i >= fork_at ? "forged " : "entry ") + std::to_string(i)));
  t.Append(leaves);
  return t;
}

std::string SignedCheckpoint(const MerkleTree& t, uint64_t size, const NoteSigner& signer,
                             const std::string& origin = "customs.a.example/ledger") {
  Checkpoint c{origin, size, t.Root(size).value(), {}};
  return SignNote(CheckpointText(c), signer).value();
}

TEST(Cosignature, SignsTheTimestampedMessageAndVerifiesOnlyWithItsKey) {
  NoteSigner w = Cosigner();
  EXPECT_EQ(w.key.type, kCosignatureV1);
  std::string text = "customs.a.example/ledger\n5\n" + HashBase64(Tree(5).Root(5).value()) + "\n";
  std::string note = SignNote(text, LogSigner()).value();
  std::string line = CosignatureLine(text, w, 1700000000).value();
  auto parsed = ParseNote(note + line);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->signatures.size(), 2u);
  EXPECT_EQ(parsed->signatures[1].signature.size(), 8u + 64u);  // timestamp || Ed25519 signature
  auto ts = VerifyCosignature(parsed.value(), w.key);
  ASSERT_TRUE(ts.ok()) << ts.status().ToString();
  EXPECT_EQ(ts.value(), 1700000000u);

  // The key id commits to the type: the same key as a plain note key is another key.
  NoteKey as_note_key = w.key;
  as_note_key.type = kNoteSignature;
  auto round = ParseVerifierKey(VerifierKeyString(w.key));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->type, kCosignatureV1);
  EXPECT_EQ(round->key_hash, w.key.key_hash);
  auto signer_round = ParseSignerKey(SignerKeyString(w));
  ASSERT_TRUE(signer_round.ok()) << signer_round.status().ToString();
  EXPECT_EQ(signer_round->key.key_hash, w.key.key_hash);

  // The timestamp is signed: changing it (or the text) breaks the signature.
  SignedNote altered = parsed.value();
  altered.signatures[1].signature[7] ^= 1;
  EXPECT_EQ(VerifyNote(altered, w.key).code(), "bad_signature");
  altered = parsed.value();
  altered.text = "customs.a.example/ledger\n6\n" + HashBase64(Tree(6).Root(6).value()) + "\n";
  EXPECT_EQ(VerifyNote(altered, w.key).code(), "bad_signature");
  // A log key cannot cosign, and another witness's key finds no cosignature.
  EXPECT_FALSE(CosignatureLine(text, LogSigner(), 1).ok());
  EXPECT_EQ(VerifyNote(parsed.value(), Cosigner(10).key).code(), "unknown_key");
}

TEST(Witness, RequestBodyRoundTripsAndMalformedOnesAreRefused) {
  MerkleTree t = Tree(10);
  AddCheckpointRequest r{5, t.ConsistencyProof(5, 10).value(), SignedCheckpoint(t, 10, LogSigner())};
  std::string body = FormatAddCheckpoint(r);
  EXPECT_EQ(body.substr(0, 6), "old 5\n");
  auto parsed = ParseAddCheckpoint(body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->old_size, 5u);
  EXPECT_EQ(parsed->proof, r.proof);
  EXPECT_EQ(parsed->note, r.note);
  for (const std::string& bad : {std::string("old 05\n\n") + r.note, std::string("old x\n\n") + r.note, std::string("new 5\n\n") + r.note,
                                std::string("old 5\nnot-a-hash\n\n") + r.note, std::string("old 5\n"), std::string("old 5\n\n")}) {
    auto p = ParseAddCheckpoint(bad);
    EXPECT_FALSE(p.ok()) << bad;
    if (!p.ok()) { EXPECT_EQ(p.status().code(), "bad_request"); }
  }
  AddCheckpointRequest many = r;
  many.proof.assign(64, Hash{});
  EXPECT_FALSE(ParseAddCheckpoint(FormatAddCheckpoint(many)).ok());
}

TEST(Witness, CosignsOnlyCheckpointsThatExtendTheLastOneCosigned) {
  NoteSigner log = LogSigner();
  std::vector<WitnessedLog> logs{{"customs.a.example/ledger", {log.key}}};
  MerkleTree t = Tree(20);
  auto judge = [&](uint64_t old_size, std::vector<Hash> proof, const std::string& note, std::optional<WitnessedState> latest) {
    return JudgeCheckpoint({old_size, std::move(proof), note}, logs, latest);
  };

  // First sight: old size 0, no proof.
  WitnessJudgement first = judge(0, {}, SignedCheckpoint(t, 5, log), std::nullopt);
  EXPECT_EQ(first.verdict, WitnessVerdict::kCosign) << first.reason;
  EXPECT_EQ(first.checkpoint.size, 5u);
  WitnessedState at5{"customs.a.example/ledger", 5, t.Root(5).value()};

  // Growth with a valid consistency proof; the same checkpoint again.
  EXPECT_EQ(judge(5, t.ConsistencyProof(5, 12).value(), SignedCheckpoint(t, 12, log), at5).verdict, WitnessVerdict::kCosign);
  EXPECT_EQ(judge(5, {}, SignedCheckpoint(t, 5, log), at5).verdict, WitnessVerdict::kCosign);

  // 409: the client's old size is not what the witness holds; the answer names the size.
  WitnessJudgement stale = judge(3, t.ConsistencyProof(3, 12).value(), SignedCheckpoint(t, 12, log), at5);
  EXPECT_EQ(stale.verdict, WitnessVerdict::kConflict);
  EXPECT_EQ(stale.latest_size, 5u);
  EXPECT_EQ(judge(0, {}, SignedCheckpoint(t, 12, log), at5).verdict, WitnessVerdict::kConflict);

  // A fork: a log whose leaves differ from index 3 on. At the same size: 409; grown: 422.
  MerkleTree fork = Tree(20, 3);
  EXPECT_EQ(judge(5, {}, SignedCheckpoint(fork, 5, log), at5).verdict, WitnessVerdict::kConflict);
  WitnessJudgement forked = judge(5, fork.ConsistencyProof(5, 12).value(), SignedCheckpoint(fork, 12, log), at5);
  EXPECT_EQ(forked.verdict, WitnessVerdict::kInconsistent) << forked.reason;
  // A truncated or tampered proof of the real log is not enough either.
  auto proof = t.ConsistencyProof(5, 12).value();
  proof[0][0] ^= 1;
  EXPECT_EQ(judge(5, proof, SignedCheckpoint(t, 12, log), at5).verdict, WitnessVerdict::kInconsistent);
  EXPECT_EQ(judge(0, {Hash{}}, SignedCheckpoint(t, 5, log), std::nullopt).verdict, WitnessVerdict::kInconsistent);

  // 400: old size above the checkpoint's; malformed note.
  EXPECT_EQ(judge(13, {}, SignedCheckpoint(t, 12, log), at5).verdict, WitnessVerdict::kBadRequest);
  EXPECT_EQ(judge(0, {}, "not a note", std::nullopt).verdict, WitnessVerdict::kBadRequest);
  // 403: the origin is followed but the signature is by another key (or the note was altered).
  EXPECT_EQ(judge(0, {}, SignedCheckpoint(t, 5, LogSigner("customs.a.example/ledger", 2)), std::nullopt).verdict,
            WitnessVerdict::kForbidden);
  std::string altered = SignedCheckpoint(t, 5, log);
  altered[altered.find('\n') + 1] = '6';
  EXPECT_EQ(judge(0, {}, altered, std::nullopt).verdict, WitnessVerdict::kForbidden);
  // 404: a log this witness does not follow.
  NoteSigner other = LogSigner("customs.c.example/ledger", 3);
  EXPECT_EQ(judge(0, {}, SignedCheckpoint(t, 5, other, "customs.c.example/ledger"), std::nullopt).verdict,
            WitnessVerdict::kUnknownLog);
}

// A log of a few decisions and one exported document, and the bundle of that document.
struct BundleFixture {
  NoteSigner log = LogSigner();
  MerkleTree tree;
  std::vector<std::string> entries;
  Bundle bundle;

  BundleFixture() {
    for (int i = 0; i < 6; ++i) entries.push_back(R"({"event":{"n":)" + std::to_string(i) + R"(},"type":"transition"})");
    nlohmann::json doc = nlohmann::json::parse(R"({"type": "document", "at": "2026-11-21T10:00:00.000Z",
      "event": {"kind": "export_declaration", "reference": "26UZ0000000000001X",
                "document": {"items": [{"seq": 1, "commodity": {"hs": "910229"}, "price": "52218.14", "origin": "UZ"}]}}})");
    entries.push_back(Canonicalize(doc).value());
    for (int i = 0; i < 3; ++i) entries.push_back(R"({"event":{"m":)" + std::to_string(i) + R"(},"type":"transition"})");
    std::vector<Hash> leaves;
    for (const auto& e : entries) leaves.push_back(HashLeaf(e));
    tree.Append(leaves);
    bundle.entry = entries[6];
    bundle.leaf_index = 6;
    bundle.tree_size = tree.size();
    bundle.inclusion_proof = tree.InclusionProof(6, tree.size()).value();
    bundle.checkpoint = SignedCheckpoint(tree, tree.size(), log);
  }
};

TEST(Bundle, VerifiesAndYieldsTheDocument) {
  BundleFixture f;
  auto parsed = ParseBundle(FormatBundle(f.bundle));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto v = VerifyBundle(parsed.value(), {f.log.key});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->kind, "export_declaration");
  EXPECT_EQ(v->reference, "26UZ0000000000001X");
  EXPECT_EQ(v->document["items"][0]["price"], "52218.14");
  EXPECT_EQ(v->checkpoint.origin, "customs.a.example/ledger");
}

TEST(Bundle, EverySingleByteChangeIsRefused) {
  BundleFixture f;
  std::string text = FormatBundle(f.bundle);
  int refused = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    for (char replacement : {'A', '7'}) {
      if (text[i] == replacement) continue;
      std::string changed = text;
      changed[i] = replacement;
      auto b = ParseBundle(changed);
      bool accepted = b.ok() && VerifyBundle(b.value(), {f.log.key}).ok();
      EXPECT_FALSE(accepted) << "byte " << i << " ('" << text[i] << "' -> '" << replacement << "') of " << text;
      refused += !accepted;
    }
  }
  EXPECT_GT(refused, static_cast<int>(text.size()));
}

TEST(Bundle, RefusesOtherTreesUnknownKeysAndNonDocuments) {
  BundleFixture f;
  auto code = [&](const Bundle& b, std::vector<NoteKey> keys) {
    auto v = VerifyBundle(b, keys);
    return v.ok() ? std::string("accepted") : v.status().code();
  };
  // A proof for another tree: the size does not match the checkpoint, or the proof is of another log.
  Bundle b = f.bundle;
  b.tree_size = 9;
  b.inclusion_proof = f.tree.InclusionProof(6, 9).value();
  EXPECT_EQ(code(b, {f.log.key}), "proof_mismatch");
  b = f.bundle;
  MerkleTree other = Tree(10);
  b.inclusion_proof = other.InclusionProof(6, 10).value();
  EXPECT_EQ(code(b, {f.log.key}), "bad_proof");
  b = f.bundle;
  b.leaf_index = 5;
  EXPECT_EQ(code(b, {f.log.key}), "bad_proof");
  // The document itself changed (an undervalued price), everything else kept.
  b = f.bundle;
  b.entry.replace(b.entry.find("52218.14"), 8, "12218.14");
  EXPECT_EQ(code(b, {f.log.key}), "bad_proof");
  // Unknown issuer, or a key of the right name that did not sign; a key for another origin.
  EXPECT_EQ(code(f.bundle, {}), "unknown_key");
  EXPECT_EQ(code(f.bundle, {LogSigner("customs.a.example/ledger", 5).key}), "unknown_key");
  EXPECT_EQ(code(f.bundle, {LogSigner("customs.z.example/ledger", 1).key}), "unknown_key");
  // A checkpoint re-signed by an impostor under the issuer's name.
  b = f.bundle;
  b.checkpoint = SignedCheckpoint(f.tree, f.tree.size(), LogSigner("customs.a.example/ledger", 7));
  EXPECT_EQ(code(b, {f.log.key}), "unknown_key");
  // An authentic entry that is not a document.
  b = f.bundle;
  b.entry = f.entries[2];
  b.leaf_index = 2;
  b.inclusion_proof = f.tree.InclusionProof(2, f.tree.size()).value();
  EXPECT_EQ(code(b, {f.log.key}), "not_a_document");
  // Malformed bundles name the field.
  for (const char* bad : {"", "[]", R"({"format":"x"})", R"({"format":"opencustoms-bundle/v1"})"}) {
    auto p = ParseBundle(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), "invalid_bundle");
  }
}

// Found by fuzz/fuzz_bundle: an authentic entry whose "type" was not a string made VerifyBundle
// throw instead of answering not_a_document.
TEST(Bundle, AuthenticEntriesOfAnyShapeAreRefusedAsNonDocuments) {
  NoteSigner log = LogSigner();
  const std::vector<std::string> entries = {
      R"({"type":7,"event":{}})", R"({"type":null})", R"({"type":["document"]})", R"([1,2])", R"("document")",
      R"({"type":"document","event":[]})", R"({"type":"document","event":{"kind":1,"reference":"R","document":{}}})"};
  MerkleTree tree;
  for (const auto& e : entries) tree.Append(HashLeaf(e));
  for (uint64_t i = 0; i < entries.size(); ++i) {
    Bundle b{entries[i], i, tree.size(), tree.InclusionProof(i, tree.size()).value(),
             SignedCheckpoint(tree, tree.size(), log)};
    auto v = VerifyBundle(b, {log.key});
    ASSERT_FALSE(v.ok()) << entries[i];
    EXPECT_EQ(v.status().code(), "not_a_document") << entries[i];
  }
}

}  // namespace
}  // namespace oc::ledger
