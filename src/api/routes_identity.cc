// Routes for identity (login, users, API keys), webhooks and operations (/healthz, /metrics).
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

json PrincipalJson(const Principal& p) {
  json j = {{"user_id", p.user_id}, {"username", p.username}, {"role", RoleName(p.role)}};
  if (!p.org_tin.empty()) j["org_tin"] = p.org_tin;
  return j;
}

namespace {

json UserJson(const UserRecord& u) {
  json j = {{"id", u.id}, {"username", u.username}, {"role", RoleName(u.role)}, {"created_at", FormatTimestamp(u.created_ms)}};
  if (!u.org_tin.empty()) j["org_tin"] = u.org_tin;
  return j;
}

// Reads a small JSON object body with string members only; unknown members are refused.
Result<std::unordered_map<std::string, std::string>> StringFields(const HttpRequest& req,
                                                                  std::initializer_list<const char*> allowed,
                                                                  std::initializer_list<const char*> required) {
  if (!IsValidUtf8(req.body)) return Status::Invalid("invalid_utf8", "the body is not valid UTF-8");
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Status::Invalid("malformed_json", "the body is not valid JSON");
  if (!j.is_object()) return Status::Invalid("not_an_object", "the body must be a JSON object");
  std::unordered_map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) if (it.key() == a) known = true;
    if (!known) return Status::Invalid("unknown_field", "unknown element '" + it.key() + "'");
    if (it->is_null()) continue;
    if (!it->is_string()) return Status::Invalid("wrong_type", "'" + it.key() + "' must be a string");
    out[it.key()] = it->get<std::string>();
  }
  for (const char* r : required)
    if (out[r].empty()) return Status::Invalid("required", std::string("'") + r + "' is required");
  return out;
}

}  // namespace

void RegisterIdentityRoutes(Router& router, ApiContext& ctx) {
  router.Public("GET", "/healthz", [&ctx](HttpRequest&, Respond respond) {
    auto schema = ctx.clearance.Health();
    if (!schema.ok()) return respond(ProblemResponse(503, "store_unavailable", "Unhealthy", schema.status().message()));
    respond(JsonResponse(200, {{"status", "ok"}, {"schema_version", schema.value()}}));
  });

  router.Public("GET", "/metrics", [&ctx](HttpRequest&, Respond respond) {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = ctx.metrics.Render();
    respond(std::move(r));
  });

  router.Public("POST", "/v1/auth/login", [&ctx](HttpRequest& req, Respond respond) {
    auto f = StringFields(req, {"username", "password"}, {"username", "password"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    // Argon2id takes tens of milliseconds: keep it off the I/O threads.
    boost::asio::post(ctx.blocking, [&ctx, fields = std::move(f.value()), respond]() mutable {
      auto login = ctx.identity.Login(fields["username"], fields["password"]);
      if (!login.ok()) return respond(StatusResponse(login.status()));
      respond(JsonResponse(200, {{"token", login->token},
                                 {"token_type", "Bearer"},
                                 {"expires_at", FormatTimestamp(login->expires_ms)},
                                 {"user", PrincipalJson(login->principal)}}));
    });
  });

  // What a client needs before signing in: the administration's country and currency, the
  // languages of the user interface, and the ledger's name and verifier key (to pin, not to trust
  // from here: a verifier gets the key from the administration's published documents).
  router.Public("GET", "/v1/config", [&ctx](HttpRequest&, Respond respond) {
    json body = {{"country", ctx.clearance.config().country},
                 {"currency", ctx.clearance.config().national_currency},
                 {"languages", {"uz", "ru", "en"}}};
    if (ctx.ledger)
      body["ledger"] = {{"origin", ctx.ledger->origin()}, {"verifier_key", ledger::VerifierKeyString(ctx.ledger->key())}};
    respond(JsonResponse(200, body));
  });

  router.Authed("GET", "/v1/me", Access::kReadOwnAccount, [](HttpRequest&, const Principal& who, Respond respond) {
    respond(JsonResponse(200, PrincipalJson(who)));
  });

  router.Authed("POST", "/v1/users", Access::kManageUsers,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"username", "role", "org_tin", "password"}, {"username", "role", "password"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    auto role = RoleFromName(f.value()["role"]);
    if (!role)
      return respond(StatusResponse(Status::Invalid("invalid_role", "role must be trader, risk_officer, "
                                                                     "inspection_officer, supervisor or admin")));
    boost::asio::post(ctx.blocking, [&ctx, who, fields = std::move(f.value()), role = *role, respond]() mutable {
      auto u = ctx.identity.AddUser(who, fields["username"], role, fields["org_tin"], fields["password"]);
      if (!u.ok()) return respond(StatusResponse(u.status()));
      respond(JsonResponse(201, UserJson(u.value())));
    });
  });

  router.Authed("GET", "/v1/users", Access::kManageUsers, [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    auto users = ctx.identity.ListUsers(who);
    if (!users.ok()) return respond(StatusResponse(users.status()));
    json arr = json::array();
    for (const auto& u : users.value()) arr.push_back(UserJson(u));
    respond(JsonResponse(200, {{"users", arr}}));
  });

  router.Authed("POST", "/v1/api-keys", Access::kCreateApiKey,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"name", "user_id"}, {"name"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    int64_t owner = who.user_id;
    if (!f.value()["user_id"].empty()) {
      const std::string& s = f.value()["user_id"];
      if (s.find_first_not_of("0123456789") != std::string::npos || s.size() > 18)
        return respond(StatusResponse(Status::Invalid("invalid_parameter", "'user_id' must be a user id")));
      owner = std::stoll(s);
    }
    auto k = ctx.identity.CreateApiKey(who, owner, f.value()["name"]);
    if (!k.ok()) return respond(StatusResponse(k.status()));
    respond(JsonResponse(201, {{"id", k->record.id}, {"name", k->record.name}, {"user_id", k->record.user_id},
                               {"key", k->key}, {"created_at", FormatTimestamp(k->record.created_ms)}}));
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
    if (!url) return respond(StatusResponse(Status::Invalid("invalid_url", "url must be http://host[:port]/path")));
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
