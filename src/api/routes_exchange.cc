// Routes between administrations: this instance as a witness of partners' ledgers
// (c2sp.org/tlog-witness add-checkpoint), the status of the witnesses of our own ledger, and
// partner bundles — exported from a released export declaration, imported (verified) on the
// partner's side to pre-fill and mirror-check the matching import declaration.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "clearance/checkpoint_publisher.h"
#include "clearance/ledger_service.h"
#include "clearance/partner_exchange.h"
#include "clearance/witness_service.h"
#include "common/dates.h"

namespace oc::api {

using nlohmann::json;

namespace {

int WitnessHttpStatus(ledger::WitnessVerdict v) {
  switch (v) {
    case ledger::WitnessVerdict::kCosign: return 200;
    case ledger::WitnessVerdict::kBadRequest: return 400;
    case ledger::WitnessVerdict::kForbidden: return 403;
    case ledger::WitnessVerdict::kUnknownLog: return 404;
    case ledger::WitnessVerdict::kConflict: return 409;
    case ledger::WitnessVerdict::kInconsistent: return 422;
  }
  return 500;
}

const char* WitnessCode(ledger::WitnessVerdict v) {
  switch (v) {
    case ledger::WitnessVerdict::kBadRequest: return "bad_request";
    case ledger::WitnessVerdict::kForbidden: return "unknown_key";
    case ledger::WitnessVerdict::kUnknownLog: return "unknown_log";
    case ledger::WitnessVerdict::kInconsistent: return "inconsistent_checkpoint";
    default: return "conflict";
  }
}

json PartnerDocumentJson(const PartnerDocumentRecord& d, bool with_document) {
  json out = {{"id", d.id},         {"issuer", d.issuer},       {"leaf_index", d.leaf_index},
              {"kind", d.kind},     {"reference", d.reference}, {"tree_size", d.tree_size},
              {"imported_at", FormatTimestamp(d.imported_at_ms)}, {"imported_by", d.imported_by}};
  if (with_document) {
    out["document"] = json::parse(d.document, nullptr, false);
    out["prefill"] = PartnerExchange::Prefill(d);
  }
  return out;
}

}  // namespace

void RegisterExchangeRoutes(Router& router, ApiContext& ctx) {
  if (WitnessService* witness = ctx.witness) {
    // The protocol authenticates by the checkpoint's signature, not by the caller.
    router.Public("POST", "/v1/witness/add-checkpoint", [&ctx, witness](HttpRequest& req, Respond respond) {
      boost::asio::post(ctx.blocking, [witness, body = std::move(req.body), respond]() mutable {
        auto answer = witness->AddCheckpoint(body);
        if (!answer.ok()) return respond(StatusResponse(answer.status()));
        HttpResponse r;
        r.status = WitnessHttpStatus(answer->verdict);
        r.headers.emplace_back("Cache-Control", "no-store");
        if (answer->verdict == ledger::WitnessVerdict::kCosign) {
          r.content_type = "text/plain; charset=utf-8";
          r.body = answer->cosignature;
        } else if (answer->verdict == ledger::WitnessVerdict::kConflict) {
          r.content_type = "text/x.tlog.size";  // the protocol's answer: the size last cosigned
          r.body = std::to_string(answer->latest_size) + "\n";
        } else {
          r = ProblemResponse(r.status, WitnessCode(answer->verdict), "Checkpoint not cosigned", answer->reason);
        }
        respond(std::move(r));
      });
    }, /*body_type=*/"");

    router.Public("GET", "/v1/witness", [witness](HttpRequest&, Respond respond) {
      json logs = json::array();
      auto states = witness->States();
      for (const auto& log : witness->logs()) {
        json keys = json::array();
        for (const auto& k : log.keys) keys.push_back(ledger::VerifierKeyString(k));
        json entry = {{"origin", log.origin}, {"keys", keys}, {"size", 0}};
        for (const auto& s : states)
          if (s.origin == log.origin) entry["size"] = s.size, entry["root"] = ledger::HashBase64(s.root);
        logs.push_back(std::move(entry));
      }
      respond(JsonResponse(200, {{"name", witness->key().name},
                                 {"verifier_key", ledger::VerifierKeyString(witness->key())},
                                 {"logs", logs}}));
    });
  }

  // The witnesses of our own ledger: what they last cosigned, and why not when they did not.
  router.Authed("GET", "/v1/ledger/witnesses", Access::kReadWitnesses,
                [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    json list = json::array();
    if (ctx.publisher) {
      auto witnesses = ctx.publisher->Witnesses(who);
      if (!witnesses.ok()) return respond(StatusResponse(witnesses.status()));
      for (const auto& w : witnesses.value())
        list.push_back({{"name", w.name}, {"url", w.url}, {"cosigned_size", w.cosigned_size}, {"last_error", w.last_error}});
    }
    respond(JsonResponse(200, {{"witnesses", list}}));
  });

  // Publishes now: signs a checkpoint if the log grew and gathers the witnesses' cosignatures.
  router.Authed("POST", "/v1/ledger/checkpoint", Access::kPublishCheckpoint,
                [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    if (!ctx.publisher || !ctx.ledger) return respond(StatusResponse(Status::Unavailable("no ledger")));
    boost::asio::post(ctx.blocking, [&ctx, who, respond]() mutable {
      auto published = ctx.publisher->Publish(who);
      if (!published.ok()) return respond(StatusResponse(published.status()));
      HttpResponse r;
      r.content_type = "text/plain; charset=utf-8";
      r.body = published->note;
      r.headers.emplace_back("Cache-Control", "no-store");
      r.headers.emplace_back("X-Cosignatures", std::to_string(published->cosigned));
      respond(std::move(r));
    });
  });

  PartnerExchange* exchange = ctx.exchange;
  if (!exchange) return;

  router.Authed("POST", "/v1/declarations/{ref}/bundle", Access::kExportBundle,
                [&ctx, exchange](HttpRequest& req, const Principal& who, Respond respond) {
    json body = req.body.empty() ? json::object() : json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return respond(StatusResponse(Status::Invalid("malformed_json", "the body is a JSON object {\"kind\": …}")));
    auto kind = body.find("kind");
    if (kind != body.end() && !kind->is_string())
      return respond(StatusResponse(Status::Invalid("wrong_type", "'kind' is a string")));
    std::string k = kind == body.end() ? kExportDeclarationKind : kind->get<std::string>();
    boost::asio::post(ctx.blocking, [exchange, who, ref = req.params["ref"], k, respond]() mutable {
      auto bundle = exchange->Export(who, ref, k, NowUnixMillis());
      if (!bundle.ok()) return respond(StatusResponse(bundle.status()));
      HttpResponse r;
      r.status = 200;
      r.body = ledger::FormatBundle(bundle.value());
      respond(std::move(r));
    });
  });

  router.Authed("POST", "/v1/partner/bundles", Access::kImportBundle,
                [&ctx, exchange](HttpRequest& req, const Principal& who, Respond respond) {
    boost::asio::post(ctx.blocking, [exchange, body = std::move(req.body), who, respond]() mutable {
      auto doc = exchange->Import(who, body, NowUnixMillis());
      if (!doc.ok()) return respond(StatusResponse(doc.status()));
      respond(JsonResponse(doc->created ? 201 : 200, PartnerDocumentJson(doc.value(), true)));
    });
  });

  router.Authed("GET", "/v1/partner/documents", Access::kReadPartnerDocuments,
                [exchange](HttpRequest& req, const Principal& who, Respond respond) {
    auto docs = exchange->FindDocuments(who, std::string(req.Query("reference")));
    if (!docs.ok()) return respond(StatusResponse(docs.status()));
    json list = json::array();
    for (const auto& d : docs.value()) list.push_back(PartnerDocumentJson(d, false));
    respond(JsonResponse(200, {{"documents", list}}));
  });

  router.Authed("GET", "/v1/partner/documents/{id}", Access::kReadPartnerDocuments,
                [exchange](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, exchange->GetDocument(who, req.params["id"]),
               [](const PartnerDocumentRecord& d) { return PartnerDocumentJson(d, true); });
  });
}

}  // namespace oc::api
