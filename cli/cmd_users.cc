// `opencustoms user ...`, `api-key ...` and `security-log`: the operator's account administration
// on the embedded store, with the server stopped (it holds the store's lock); while it runs, an
// administrator does the same through the API or the web app's administration page.
#include <iomanip>
#include <memory>

#include "app/app.h"
#include "cli/commands.h"
#include "common/dates.h"

namespace oc::cli {

namespace {

// The operator at the console acts as an administrator; histories and the security log name it.
const Principal kOperator{0, "operator", Role::kAdmin, "", "cli"};

struct StoreOpts {
  std::string data = "var";
};

Result<std::unique_ptr<Core>> OpenCore(const StoreOpts& o) {
  AppConfig cfg;
  cfg.data_dir = o.data;
  return Core::Open(cfg);
}

Result<UserRecord> FindByName(Core& core, const std::string& name) {
  auto users = core.identity().ListUsers(kOperator);
  if (!users.ok()) return users.status();
  for (auto& u : users.value())
    if (u.username == name) return u;
  return Status::NotFound("unknown_user", "no user named '" + name + "'");
}

std::string ReadPassword() {
  std::string password;
  std::getline(std::cin, password);
  return password;
}

void PrintUser(const UserRecord& u) {
  std::cout << std::left << std::setw(6) << u.id << std::setw(20) << u.username << std::setw(20) << RoleName(u.role)
            << std::setw(12) << (u.org_tin.empty() ? "-" : u.org_tin)
            << (u.disabled() ? "disabled" : u.locked_until_ms > NowUnixMillis() ? "locked" : "active")
            << (u.totp_enabled ? ", second factor" : "") << "\n";
}

// Adds `name` with its options and the --data option; `run` gets the open core.
CLI::App* Command(CLI::App* parent, const char* name, const char* help, std::shared_ptr<StoreOpts> store) {
  auto* cmd = parent->add_subcommand(name, help);
  cmd->add_option("--data", store->data, "directory of the embedded store")->capture_default_str();
  return cmd;
}

void RegisterUserChanges(CLI::App* user, int& exit_code) {
  struct Opts { std::string name, role, org; bool remove_totp = false; };
  auto store = std::make_shared<StoreOpts>();
  auto o = std::make_shared<Opts>();
  auto with_user = [store, o, &exit_code](std::function<Status(Core&, const UserRecord&)> act) {
    return [store, o, &exit_code, act] {
      auto core = OpenCore(*store);
      if (Failed(core.status(), exit_code)) return;
      auto u = FindByName(*core.value(), o->name);
      if (Failed(u.status(), exit_code)) return;
      Failed(act(*core.value(), u.value()), exit_code);
    };
  };
  auto patch = [](UserPatch p) {
    return [p](Core& core, const UserRecord& u) -> Status {
      auto r = core.identity().UpdateUser(kOperator, u.id, p, "console");
      if (r.ok()) PrintUser(r.value());
      return r.status();
    };
  };
  auto* disable = Command(user, "disable", "Disable a user: its sessions end and its API keys stop at once", store);
  disable->add_option("name", o->name, "login name")->required();
  disable->callback(with_user(patch(UserPatch{std::nullopt, std::nullopt, true})));
  auto* enable = Command(user, "enable", "Enable a disabled user again", store);
  enable->add_option("name", o->name, "login name")->required();
  enable->callback(with_user(patch(UserPatch{std::nullopt, std::nullopt, false})));
  auto* role = Command(user, "role", "Change a user's role (and organisation, for traders)", store);
  role->add_option("name", o->name, "login name")->required();
  role->add_option("role", o->role, "trader, risk_officer, inspection_officer, supervisor or admin")->required();
  role->add_option("--org", o->org, "trader organisation TIN (traders only)");
  role->callback(with_user([o, patch](Core& core, const UserRecord& u) -> Status {
    auto r = RoleFromName(o->role);
    if (!r) return Status::Invalid("invalid_role", "unknown role '" + o->role + "'");
    return patch(UserPatch{r, *r == Role::kTrader ? std::optional<std::string>(o->org) : std::string(), std::nullopt})(core, u);
  }));
  auto* reset = Command(user, "reset-password", "Set a new password (from standard input); the user's sessions end", store);
  reset->add_option("name", o->name, "login name")->required();
  reset->callback(with_user([](Core& core, const UserRecord& u) -> Status {
    Status st = core.identity().ResetPassword(kOperator, u.id, ReadPassword(), "console");
    if (st.ok()) std::cout << "password of " << u.username << " reset\n";
    return st;
  }));
  auto* unlock = Command(user, "unlock", "Lift a lockout after failed sign-ins", store);
  unlock->add_option("name", o->name, "login name")->required();
  unlock->add_flag("--remove-totp", o->remove_totp, "also remove the second factor (a lost device)");
  unlock->callback(with_user([o](Core& core, const UserRecord& u) -> Status {
    auto r = core.identity().Unlock(kOperator, u.id, o->remove_totp, "console");
    if (r.ok()) PrintUser(r.value());
    return r.status();
  }));
}

}  // namespace

void RegisterUser(CLI::App& app, int& exit_code) {
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  struct Opts { std::string role, org, name; bool password_stdin = false; };
  auto store = std::make_shared<StoreOpts>();
  auto o = std::make_shared<Opts>();
  auto* add = Command(user, "add", "Create a user", store);
  add->add_option("--role", o->role, "trader, risk_officer, inspection_officer, supervisor or admin")->required();
  add->add_option("--org", o->org, "trader organisation TIN (traders only)");
  add->add_option("--name", o->name, "login name")->required();
  add->add_flag("--password-stdin", o->password_stdin, "read the password from standard input")->required();
  add->callback([store, o, &exit_code] {
    auto role = RoleFromName(o->role);
    if (!role) {
      std::cerr << "error: unknown role '" << o->role << "'\n";
      exit_code = 2;
      return;
    }
    std::string password = ReadPassword();
    auto core = OpenCore(*store);
    if (Failed(core.status(), exit_code)) return;
    auto u = core.value()->identity().AddUser(o->name, *role, o->org, password);
    if (Failed(u.status(), exit_code)) return;
    std::cout << "created user " << u->username << " (id " << u->id << ", " << RoleName(u->role)
              << (u->org_tin.empty() ? "" : ", org " + u->org_tin) << ")\n";
  });
  auto list_store = std::make_shared<StoreOpts>();
  auto* list = Command(user, "list", "List users: id, name, role, organisation, state", list_store);
  list->callback([list_store, &exit_code] {
    auto core = OpenCore(*list_store);
    if (Failed(core.status(), exit_code)) return;
    auto users = core.value()->identity().ListUsers(kOperator);
    if (Failed(users.status(), exit_code)) return;
    for (const auto& u : users.value()) PrintUser(u);
  });
  RegisterUserChanges(user, exit_code);
}

void RegisterApiKeys(CLI::App& app, int& exit_code) {
  auto* keys = app.add_subcommand("api-key", "List and revoke API keys");
  keys->require_subcommand(1);
  struct Opts { std::string user; int64_t id = 0; };
  auto store = std::make_shared<StoreOpts>();
  auto o = std::make_shared<Opts>();
  auto* list = Command(keys, "list", "Every API key (or one user's): id, user, name, scope, state", store);
  list->add_option("--user", o->user, "login name");
  list->callback([store, o, &exit_code] {
    auto core = OpenCore(*store);
    if (Failed(core.status(), exit_code)) return;
    std::optional<int64_t> of = int64_t{0};
    if (!o->user.empty()) {
      auto u = FindByName(*core.value(), o->user);
      if (Failed(u.status(), exit_code)) return;
      of = u->id;
    }
    auto list = core.value()->identity().ListApiKeys(kOperator, of);
    if (Failed(list.status(), exit_code)) return;
    for (const auto& k : list.value())
      std::cout << std::left << std::setw(6) << k.id << std::setw(8) << k.user_id << std::setw(24) << k.name
                << std::setw(6) << (k.read_only ? "read" : "full") << (k.revoked_ms ? "revoked " + FormatTimestamp(k.revoked_ms) : "in force")
                << "\n";
  });
  auto* revoke = Command(keys, "revoke", "Revoke an API key at once", store);
  revoke->add_option("id", o->id, "the key's id (api-key list)")->required();
  revoke->callback([store, o, &exit_code] {
    auto core = OpenCore(*store);
    if (Failed(core.status(), exit_code)) return;
    auto k = core.value()->identity().RevokeApiKey(kOperator, o->id, "console");
    if (Failed(k.status(), exit_code)) return;
    std::cout << "revoked API key " << k->id << " (" << k->name << ")\n";
  });
}

void RegisterSecurityLog(CLI::App& app, int& exit_code) {
  struct Opts { int64_t after = 0; int limit = 100; };
  auto store = std::make_shared<StoreOpts>();
  auto o = std::make_shared<Opts>();
  auto* cmd = Command(&app, "security-log", "Sign-ins, lockouts and account changes, oldest first", store);
  cmd->add_option("--after", o->after, "events after this id")->capture_default_str();
  cmd->add_option("--limit", o->limit, "at most this many (1-1000)")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->callback([store, o, &exit_code] {
    auto core = OpenCore(*store);
    if (Failed(core.status(), exit_code)) return;
    auto events = core.value()->identity().SecurityEvents(kOperator, o->after, o->limit);
    if (Failed(events.status(), exit_code)) return;
    for (const auto& e : events.value())
      std::cout << e.id << "\t" << FormatTimestamp(e.at_ms) << "\t" << e.kind << "\t" << e.username << "\t"
                << (e.actor.empty() ? "-" : e.actor) << "\t" << (e.address.empty() ? "-" : e.address) << "\t" << e.detail
                << "\n";
  });
}

}  // namespace oc::cli
