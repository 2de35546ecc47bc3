#include "ledger/bundle.h"

#include "common/encoding.h"

namespace oc::ledger {

namespace {

using nlohmann::json;

Status Bad(std::string why) { return Status::Invalid("invalid_bundle", std::move(why)); }

}  // namespace

std::string FormatBundle(const Bundle& b) {
  json proof = json::array();
  for (const auto& h : b.inclusion_proof) proof.push_back(HashBase64(h));
  return json{{"format", kBundleFormat},          {"entry", Base64Encode(b.entry)},
              {"leaf_index", b.leaf_index},       {"tree_size", b.tree_size},
              {"inclusion_proof", std::move(proof)}, {"checkpoint", b.checkpoint}}
      .dump();
}

Result<Bundle> ParseBundle(std::string_view text) {
  if (text.size() > (8 << 20)) return Bad("a bundle is at most 8 MiB");
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("a bundle is a JSON object");
  auto str = [&](const char* k) -> const json* {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? &*it : nullptr;
  };
  auto count = [&](const char* k) -> const json* {
    auto it = j.find(k);
    return it != j.end() && it->is_number_unsigned() ? &*it : nullptr;
  };
  const json* format = str("format");
  if (!format || *format != kBundleFormat) return Bad(std::string("'format' must be \"") + kBundleFormat + "\"");
  Bundle b;
  const json* entry = str("entry");
  if (!entry) return Bad("'entry' (base64 of the entry's bytes) is missing");
  auto bytes = Base64Decode(entry->get<std::string>());
  if (!bytes || bytes->empty()) return Bad("'entry' is not base64");
  b.entry = std::move(*bytes);
  const json* index = count("leaf_index");
  const json* size = count("tree_size");
  if (!index || !size) return Bad("'leaf_index' and 'tree_size' are whole numbers");
  b.leaf_index = index->get<uint64_t>();
  b.tree_size = size->get<uint64_t>();
  auto proof = j.find("inclusion_proof");
  if (proof == j.end() || !proof->is_array() || proof->size() > 64) return Bad("'inclusion_proof' is a list of base64 hashes");
  for (const auto& h : *proof) {
    auto hash = h.is_string() ? HashFromBase64(h.get<std::string>()) : Result<Hash>(Status::Invalid("x", "x"));
    if (!hash.ok()) return Bad("'inclusion_proof' holds a value that is not a base64 hash");
    b.inclusion_proof.push_back(hash.value());
  }
  const json* checkpoint = str("checkpoint");
  if (!checkpoint) return Bad("'checkpoint' (the signed note) is missing");
  b.checkpoint = checkpoint->get<std::string>();
  return b;
}

Result<VerifiedDocument> VerifyBundle(const Bundle& b, const std::vector<NoteKey>& trusted) {
  auto note = ParseNote(b.checkpoint);
  if (!note.ok()) return Status::Invalid("bad_checkpoint", note.status().message());
  auto checkpoint = ParseCheckpoint(note->text);
  if (!checkpoint.ok()) return checkpoint.status();
  VerifiedDocument out;
  out.checkpoint = checkpoint.value();

  // The signature, by a key trusted for the origin the checkpoint claims.
  Status signature = Status::Invalid("unknown_key", "no trusted partner key for the log '" + out.checkpoint.origin + "'");
  for (const auto& key : trusted) {
    if (key.name != out.checkpoint.origin || key.type != kNoteSignature) continue;
    signature = VerifyNote(note.value(), key);
    if (signature.ok()) break;
  }
  if (!signature.ok()) return signature;

  if (b.tree_size != out.checkpoint.size)
    return Status::Invalid("proof_mismatch", "the proof is for a tree of " + std::to_string(b.tree_size) +
                                                 " entries, the checkpoint is for " + std::to_string(out.checkpoint.size));
  if (Status st = VerifyInclusion(b.leaf_index, b.tree_size, HashLeaf(b.entry), b.inclusion_proof, out.checkpoint.root);
      !st.ok())
    return Status::Invalid("bad_proof", "the entry is not leaf " + std::to_string(b.leaf_index) +
                                            " of the checkpoint's tree: " + st.message());

  // Authentic from here on; what remains is whether it is a document.
  // The issuer's signature vouches for the bytes, not for their shape: another implementation
  // may log entries of any JSON type, and json::value() would throw on a non-string "type".
  out.entry = json::parse(b.entry, nullptr, false);
  auto not_document = Status::Invalid("not_a_document", "the entry is not an exported document");
  if (out.entry.is_discarded() || !out.entry.is_object()) return not_document;
  auto type = out.entry.find("type");
  if (type == out.entry.end() || *type != kDocumentEntryType) return not_document;
  auto event = out.entry.find("event");
  if (event == out.entry.end() || !event->is_object() || !event->contains("document") || !(*event)["kind"].is_string() ||
      !(*event)["reference"].is_string())
    return not_document;
  out.kind = (*event)["kind"].get<std::string>();
  out.reference = (*event)["reference"].get<std::string>();
  out.document = (*event)["document"];
  return out;
}

}  // namespace oc::ledger
