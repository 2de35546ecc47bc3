// Routes for accounts: signing in and out, sessions, own password and second factor, users (for
// administrators), API keys and the security log.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <charconv>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "api/request_util.h"
#include "common/dates.h"
#include "declaration/parse.h"

namespace oc::api {

using nlohmann::json;

json PrincipalJson(const Principal& p) {
  json j = {{"user_id", p.user_id}, {"username", p.username}, {"role", RoleName(p.role)}};
  if (!p.org_tin.empty()) j["org_tin"] = p.org_tin;
  if (p.read_only) j["scope"] = "read";
  return j;
}

namespace {

json UserJson(const UserRecord& u) {
  json j = {{"id", u.id},
            {"username", u.username},
            {"role", RoleName(u.role)},
            {"created_at", FormatTimestamp(u.created_ms)},
            {"disabled", u.disabled()},
            {"totp_enabled", u.totp_enabled},
            {"failed_logins", u.failed_logins}};
  if (!u.org_tin.empty()) j["org_tin"] = u.org_tin;
  if (u.disabled()) j["disabled_at"] = FormatTimestamp(u.disabled_ms);
  if (u.locked_until_ms > NowUnixMillis()) j["locked_until"] = FormatTimestamp(u.locked_until_ms);
  return j;
}

json ApiKeyJson(const ApiKeyRecord& k) {
  json j = {{"id", k.id},
            {"name", k.name},
            {"user_id", k.user_id},
            {"scope", k.read_only ? "read" : "full"},
            {"created_at", FormatTimestamp(k.created_ms)},
            {"revoked", k.revoked_ms != 0}};
  if (k.revoked_ms) j["revoked_at"] = FormatTimestamp(k.revoked_ms);
  return j;
}

json LoginJson(const LoginResult& l) {
  return {{"token", l.token},
          {"token_type", "Bearer"},
          {"expires_at", FormatTimestamp(l.expires_ms)},
          {"user", PrincipalJson(l.principal)}};
}

HttpResponse NoContent() {
  HttpResponse r;
  r.status = 204;
  return r;
}

Result<int64_t> IdParam(const std::string& text, const char* what) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0)
    return Status::Invalid("invalid_parameter", std::string("'") + what + "' must be a positive integer id");
  return v;
}

// PATCH /v1/users/{id}: role, org_tin, disabled; anything else is refused.
Result<UserPatch> ParseUserPatch(const HttpRequest& req) {
  auto body = ParseBodyObject(req);
  if (!body.ok()) return body.status();
  if (Status st = RejectUnknownKeys(body.value(), {"role", "org_tin", "disabled"}); !st.ok()) return st;
  UserPatch p;
  const json& b = body.value();
  if (b.contains("role") && !b["role"].is_null()) {
    auto role = b["role"].is_string() ? RoleFromName(b["role"].get<std::string>()) : std::nullopt;
    if (!role)
      return Status::Invalid("invalid_role", "role must be trader, risk_officer, inspection_officer, supervisor or admin");
    p.role = role;
  }
  if (b.contains("org_tin") && !b["org_tin"].is_null()) {
    if (!b["org_tin"].is_string()) return Status::Invalid("wrong_type", "'org_tin' must be a string");
    p.org_tin = b["org_tin"].get<std::string>();
  }
  if (b.contains("disabled") && !b["disabled"].is_null()) {
    if (!b["disabled"].is_boolean()) return Status::Invalid("wrong_type", "'disabled' must be true or false");
    p.disabled = b["disabled"].get<bool>();
  }
  return p;
}

void RegisterSessionRoutes(Router& router, ApiContext& ctx) {
  router.Public("POST", "/v1/auth/login", [&ctx](HttpRequest& req, Respond respond) {
    auto f = StringFields(req, {"username", "password", "otp"}, {"username", "password"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    LoginRequest login{f.value()["username"], f.value()["password"], f.value()["otp"], req.client};
    // Argon2id takes tens of milliseconds: keep it off the I/O threads.
    boost::asio::post(ctx.blocking, [&ctx, login = std::move(login), respond]() {
      auto r = ctx.identity.Login(login);
      if (!r.ok()) return respond(StatusResponse(r.status()));
      respond(JsonResponse(200, LoginJson(r.value())));
    });
  });

  router.Authed("POST", "/v1/auth/logout", Access::kManageOwnAccount,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    Status st = ctx.identity.Logout(who, req.client);
    respond(st.ok() ? NoContent() : StatusResponse(st));
  });

  router.Authed("POST", "/v1/auth/refresh", Access::kManageOwnAccount,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, ctx.identity.Refresh(who, req.client), LoginJson);
  });

  router.Authed("GET", "/v1/me", Access::kReadOwnAccount, [](HttpRequest&, const Principal& who, Respond respond) {
    respond(JsonResponse(200, PrincipalJson(who)));
  });

  router.Authed("PUT", "/v1/me/password", Access::kManageOwnAccount,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"current_password", "new_password"}, {"current_password", "new_password"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    boost::asio::post(ctx.blocking, [&ctx, who, fields = std::move(f.value()), client = req.client, respond]() mutable {
      Status st = ctx.identity.ChangePassword(who, fields["current_password"], fields["new_password"], client);
      respond(st.ok() ? NoContent() : StatusResponse(st));
    });
  });

  router.Authed("POST", "/v1/me/totp", Access::kManageOwnAccount,
                [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    RespondOne(respond, ctx.identity.BeginTotp(who),
               [](const TotpEnrolment& e) { return json{{"secret", e.secret}, {"uri", e.uri}}; }, 201);
  });

  router.Authed("POST", "/v1/me/totp/confirm", Access::kManageOwnAccount,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"code"}, {"code"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    Status st = ctx.identity.ConfirmTotp(who, f.value()["code"]);
    respond(st.ok() ? NoContent() : StatusResponse(st));
  });
}

void RegisterUserRoutes(Router& router, ApiContext& ctx) {
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
      RespondOne(respond, u, UserJson, 201);
    });
  });

  router.Authed("GET", "/v1/users", Access::kManageUsers, [&ctx](HttpRequest&, const Principal& who, Respond respond) {
    auto users = ctx.identity.ListUsers(who);
    if (!users.ok()) return respond(StatusResponse(users.status()));
    json arr = json::array();
    for (const auto& u : users.value()) arr.push_back(UserJson(u));
    respond(JsonResponse(200, {{"users", arr}}));
  });

  router.Authed("PATCH", "/v1/users/{id}", Access::kManageUsers,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req.params["id"], "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    auto patch = ParseUserPatch(req);
    if (!patch.ok()) return respond(StatusResponse(patch.status()));
    RespondOne(respond, ctx.identity.UpdateUser(who, id.value(), patch.value(), req.client), UserJson);
  });

  router.Authed("PUT", "/v1/users/{id}/password", Access::kManageUsers,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req.params["id"], "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    auto f = StringFields(req, {"password"}, {"password"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    boost::asio::post(ctx.blocking, [&ctx, who, id = id.value(), password = f.value()["password"], client = req.client,
                                     respond]() {
      Status st = ctx.identity.ResetPassword(who, id, password, client);
      respond(st.ok() ? NoContent() : StatusResponse(st));
    });
  });

  router.Authed("POST", "/v1/users/{id}/unlock", Access::kManageUsers,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req.params["id"], "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    bool remove_totp = false;
    if (!req.body.empty()) {
      auto body = ParseBodyObject(req);
      if (!body.ok()) return respond(StatusResponse(body.status()));
      if (Status st = RejectUnknownKeys(body.value(), {"remove_totp"}); !st.ok()) return respond(StatusResponse(st));
      if (body->contains("remove_totp")) {
        if (!body.value()["remove_totp"].is_boolean())
          return respond(StatusResponse(Status::Invalid("wrong_type", "'remove_totp' must be true or false")));
        remove_totp = body.value()["remove_totp"].get<bool>();
      }
    }
    RespondOne(respond, ctx.identity.Unlock(who, id.value(), remove_totp, req.client), UserJson);
  });

  router.Authed("GET", "/v1/security-events", Access::kManageUsers,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    std::string after = req.Query("after");
    if (!after.empty() && !IsDigits(after, 1, 18))
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'after' must be an event id")));
    auto events = ctx.identity.SecurityEvents(who, after.empty() ? 0 : std::stoll(after), limit.value());
    if (!events.ok()) return respond(StatusResponse(events.status()));
    json items = json::array();
    for (const auto& e : events.value()) {
      json j = {{"id", e.id}, {"at", FormatTimestamp(e.at_ms)}, {"kind", e.kind}, {"username", e.username},
                {"address", e.address}};
      if (e.user_id) j["user_id"] = e.user_id;
      if (!e.actor.empty()) j["actor"] = e.actor;
      if (!e.detail.empty()) j["detail"] = e.detail;
      items.push_back(std::move(j));
    }
    respond(JsonResponse(200, {{"items", items}}));
  });
}

void RegisterApiKeyRoutes(Router& router, ApiContext& ctx) {
  router.Authed("POST", "/v1/api-keys", Access::kManageApiKeys,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto f = StringFields(req, {"name", "user_id", "scope"}, {"name"});
    if (!f.ok()) return respond(StatusResponse(f.status()));
    int64_t owner = who.user_id;
    if (!f.value()["user_id"].empty()) {
      auto id = IdParam(f.value()["user_id"], "user_id");
      if (!id.ok()) return respond(StatusResponse(id.status()));
      owner = id.value();
    }
    const std::string& scope = f.value()["scope"];
    if (!scope.empty() && scope != "read" && scope != "full")
      return respond(StatusResponse(Status::Invalid("invalid_scope", "'scope' is read or full")));
    auto k = ctx.identity.CreateApiKey(who, owner, f.value()["name"], scope == "read");
    if (!k.ok()) return respond(StatusResponse(k.status()));
    json j = ApiKeyJson(k->record);
    j["key"] = k->key;
    respond(JsonResponse(201, j));
  });

  router.Authed("GET", "/v1/api-keys", Access::kManageApiKeys,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    std::optional<int64_t> user;
    if (std::string u = req.Query("user_id"); !u.empty()) {
      if (!IsDigits(u, 1, 18)) return respond(StatusResponse(Status::Invalid("invalid_parameter", "'user_id' must be a user id (0: all)")));
      user = std::stoll(u);
    }
    RespondList(respond, ctx.identity.ListApiKeys(who, user), ApiKeyJson);
  });

  router.Authed("DELETE", "/v1/api-keys/{id}", Access::kManageApiKeys,
                [&ctx](HttpRequest& req, const Principal& who, Respond respond) {
    auto id = IdParam(req.params["id"], "id");
    if (!id.ok()) return respond(StatusResponse(id.status()));
    RespondOne(respond, ctx.identity.RevokeApiKey(who, id.value(), req.client), ApiKeyJson);
  });
}

}  // namespace

void RegisterAccountRoutes(Router& router, ApiContext& ctx) {
  RegisterSessionRoutes(router, ctx);
  RegisterUserRoutes(router, ctx);
  RegisterApiKeyRoutes(router, ctx);
}

}  // namespace oc::api
