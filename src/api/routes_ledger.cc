// Routes of the tamper-evident ledger. The paths and shapes are a contract partner
// administrations code against (issue 6): checkpoint, entries, inclusion and consistency proofs,
// and a declaration's entries with their proofs.
#include <optional>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "clearance/ledger_service.h"
#include "common/encoding.h"

namespace oc::api {

using nlohmann::json;

namespace {

json HashesJson(const std::vector<ledger::Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(ledger::HashBase64(h));
  return out;
}

// A non-negative integer query parameter; `def` when absent (-1: required).
Result<int64_t> Count(const HttpRequest& req, const char* name, int64_t def = -1) {
  std::string v(req.Query(name));
  if (v.empty()) {
    if (def >= 0) return def;
    return Status::Invalid("invalid_parameter", std::string("'") + name + "' is required");
  }
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > (int64_t{1} << 50)) return Status::Invalid("invalid_parameter", std::string("'") + name + "' must be a whole number ≥ 0");
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

void RegisterLedgerRoutes(Router& router, ApiContext& ctx) {
  LedgerService* ledger = ctx.ledger;
  if (!ledger) return;

  // Public: a checkpoint and proofs are hashes and a signature, and partners and witnesses need them.
  router.Public("GET", "/v1/ledger/checkpoint", [ledger](HttpRequest&, Respond respond) {
    HttpResponse r;
    r.status = 200;
    r.content_type = "text/plain; charset=utf-8";
    r.body = ledger->Checkpoint().note;
    r.headers.emplace_back("Cache-Control", "no-cache");
    respond(std::move(r));
  });

  router.Public("GET", "/v1/ledger/proof/inclusion", [ledger](HttpRequest& req, Respond respond) {
    auto size = Count(req, "size", static_cast<int64_t>(ledger->Size()));
    if (!size.ok()) return respond(StatusResponse(size.status()));
    int64_t index = 0;
    std::string hash(req.Query("hash"));
    if (!hash.empty()) {
      auto h = ledger::HashFromBase64(hash);
      if (!h.ok()) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'hash' must be 32 bytes in base64")));
      auto i = ledger->IndexOf(h.value());
      if (!i.ok()) return respond(StatusResponse(i.status()));
      index = static_cast<int64_t>(i.value());
    } else {
      auto i = Count(req, "index");
      if (!i.ok()) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'index' or 'hash' is required")));
      index = i.value();
    }
    auto proof = ledger->InclusionProof(static_cast<uint64_t>(index), static_cast<uint64_t>(size.value()));
    if (!proof.ok()) return respond(StatusResponse(proof.status()));
    respond(JsonResponse(200, {{"leaf_index", index}, {"tree_size", size.value()}, {"hashes", HashesJson(proof.value())}}));
  });

  router.Public("GET", "/v1/ledger/proof/consistency", [ledger](HttpRequest& req, Respond respond) {
    auto first = Count(req, "first");
    if (!first.ok()) return respond(StatusResponse(first.status()));
    auto second = Count(req, "second", static_cast<int64_t>(ledger->Size()));
    if (!second.ok()) return respond(StatusResponse(second.status()));
    auto proof = ledger->ConsistencyProof(static_cast<uint64_t>(first.value()), static_cast<uint64_t>(second.value()));
    if (!proof.ok()) return respond(StatusResponse(proof.status()));
    respond(JsonResponse(200, {{"first", first.value()}, {"second", second.value()}, {"hashes", HashesJson(proof.value())}}));
  });

  router.Authed("GET", "/v1/ledger/entries", Access::kReadLedgerEntries,
                [ledger](HttpRequest& req, const Principal& who, Respond respond) {
    auto start = Count(req, "start");
    if (!start.ok()) return respond(StatusResponse(start.status()));
    std::optional<int64_t> end;
    if (!req.Query("end").empty()) {
      auto e = Count(req, "end");
      if (!e.ok()) return respond(StatusResponse(e.status()));
      end = e.value();
    }
    auto entries = ledger->Entries(who, start.value(), end);
    if (!entries.ok()) return respond(StatusResponse(entries.status()));
    json list = json::array();
    for (const auto& e : entries.value()) list.push_back({{"index", e.index}, {"data", Base64Encode(e.data)}});
    respond(JsonResponse(200, {{"entries", list}}));
  });

  // A declaration's entries with their inclusion proofs against the current signed checkpoint:
  // everything a third party needs to check its history offline.
  router.Authed("GET", "/v1/declarations/{ref}/ledger", Access::kReadDeclaration,
                [ledger](HttpRequest& req, const Principal& who, Respond respond) {
    auto view = ledger->EntriesOf(who, req.params["ref"]);
    if (!view.ok()) return respond(StatusResponse(view.status()));
    json list = json::array();
    for (const auto& e : view->entries) {
      json j = {{"index", e.index}, {"type", e.type}, {"hashes", HashesJson(e.proof)}};
      if (e.withheld) {
        j["withheld"] = "confidential";  // the proof still shows the entry is in the tree
        j["leaf_hash"] = Base64Encode(std::string(e.leaf.begin(), e.leaf.end()));
      } else {
        j["data"] = Base64Encode(e.data);
      }
      list.push_back(std::move(j));
    }
    respond(JsonResponse(200, {{"declaration_id", view->declaration_id}, {"tree_size", view->checkpoint.checkpoint.size},
                               {"checkpoint", view->checkpoint.note}, {"entries", list}}));
  });
}

}  // namespace oc::api
