// Routes for the organisation registry, webhooks and the client configuration. Accounts, sessions
// and API keys are in routes_accounts.cc; health and metrics in routes_operations.cc.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>
#include <tuple>

#include "api/api.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "api/webhook_dispatcher.h"
#include "clearance/ledger_service.h"
#include "clearance/webhook_service.h"
#include "common/dates.h"
#include "common/encoding.h"

namespace oc::api {

using nlohmann::json;

void RegisterIdentityRoutes(Router& router, ApiContext& ctx) {
  // What a client needs before signing in: the administration's country and currency, the
  // languages of the user interface, and the ledger's name and verifier key (to pin, not to trust
  // from here: a verifier gets the key from the administration's published documents).
  router.Public("GET", "/v1/config", [&ctx](HttpRequest&, Respond respond) {
    json body = {{"country", ctx.clearance.config().country},
                 {"currency", ctx.clearance.config().national_currency},
                 {"languages", {"uz", "ru", "en"}},
                 // Demo data share one published password, which the sign-in page may then show.
                 {"demo", ctx.identity.IsDemo()}};
    if (ctx.ledger)
      body["ledger"] = {{"origin", ctx.ledger->origin()}, {"verifier_key", ledger::VerifierKeyString(ctx.ledger->key())}};
    respond(JsonResponse(200, body));
  });

  // The organisation registry: a trader reads its own organisation (the lodgement form fills the
  // declarant from it); customs staff read any; administrators and supervisors register them.
  auto organisation_json = [](const Organisation& o) {
    return json{{"tin", o.tin},
                {"name", o.name},
                {"address", {{"street", o.street}, {"city", o.city}, {"postcode", o.postcode}, {"country", o.country}}},
                {"updated_at", FormatTimestamp(o.updated_ms)},
                {"updated_by", o.updated_by}};
  };
  router.Authed("GET", "/v1/organisations/{tin}", Access::kReadOrganisation,
                [&ctx, organisation_json](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, ctx.identity.GetOrganisation(who, req.params["tin"]), organisation_json);
  });
  router.Authed("PUT", "/v1/organisations/{tin}", Access::kRegisterOrganisation,
                [&ctx, organisation_json](HttpRequest& req, const Principal& who, Respond respond) {
    auto body = ParseBodyObject(req);
    if (!body.ok()) return respond(StatusResponse(body.status()));
    if (Status st = RejectUnknownKeys(body.value(), {"name", "address"}); !st.ok()) return respond(StatusResponse(st));
    const json empty = json::object();
    const json& address = body->contains("address") ? body.value()["address"] : empty;
    if (!address.is_object())
      return respond(StatusResponse(Status::Invalid("bad_request", "'address' must be an object")));
    if (Status st = RejectUnknownKeys(address, {"street", "city", "postcode", "country"}); !st.ok())
      return respond(StatusResponse(st));
    Organisation o;
    o.tin = req.params["tin"];
    using Member = std::tuple<std::string*, const json*, const char*>;
    for (auto [target, from, key] : {Member{&o.name, &body.value(), "name"}, Member{&o.street, &address, "street"},
                                     Member{&o.city, &address, "city"}, Member{&o.postcode, &address, "postcode"},
                                     Member{&o.country, &address, "country"}}) {
      auto v = OptString(*from, key, 200);
      if (!v.ok()) return respond(StatusResponse(v.status()));
      *target = v.value();
    }
    ctx.identity.PutOrganisation(who, std::move(o), [respond, organisation_json](Result<Organisation> r) {
      RespondOne(respond, r, organisation_json);
    });
  });

  router.Authed("PUT", "/v1/webhook", Access::kManageWebhook,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"url", "secret"}, {"url", "secret"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    auto url = ParseHttpUrl(f.value()["url"]);
    if (!url) return respond(StatusResponse(Status::Invalid("invalid_url", "url must be https://host[:port]/path or http://host[:port]/path")));
    if (f.value()["secret"].size() < 16)
      return respond(StatusResponse(Status::Invalid("weak_secret", "secret needs at least 16 characters")));
    // The destination is resolved (off the I/O threads) and must be public: a trader may not
    // make the server post to its own network (SSRF). Delivery checks again at every connection.
    boost::asio::post(ctx.blocking, [&ctx, who, url = *url, fields = std::move(f.value()), respond]() mutable {
      Status st = CheckDestination(url, ctx.webhook_allowed_hosts);
      if (!st.ok())
        return respond(StatusResponse(st.kind() == StatusKind::kForbidden ? Status::Invalid(st.code(), st.message()) : st));
      ctx.webhooks.Put(who, fields["url"], fields["secret"], [respond](Result<WebhookRecord> r) {
        if (!r.ok()) return respond(StatusResponse(r.status()));
        respond(JsonResponse(200, {{"org_tin", r->org_tin}, {"url", r->url}, {"cursor", std::to_string(r->cursor)}}));
      });
    });
  });

  router.Authed("GET", "/v1/webhook", Access::kManageWebhook,
                [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    RespondOne(respond, ctx.webhooks.Get(who), [](const WebhookRecord& w) {
      return json{{"org_tin", w.org_tin}, {"url", w.url}, {"cursor", std::to_string(w.cursor)},
                  {"failures", w.failures}, {"last_error", w.last_error}};
    });
  });

  router.Authed("DELETE", "/v1/webhook", Access::kManageWebhook,
                [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    ctx.webhooks.Delete(who, [respond](Result<bool> r) {
      if (!r.ok()) return respond(StatusResponse(r.status()));
      HttpResponse resp;
      resp.status = 204;
      respond(std::move(resp));
    });
  });
}

}  // namespace oc::api
