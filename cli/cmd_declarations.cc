// `lodge FILE.json` and `show MRN`, against the local store (--data, --as) or a server (--server).
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/http_client.h"
#include "api/problem.h"
#include "app/app.h"
#include "cli/commands.h"
#include "common/dates.h"

namespace oc::cli {
namespace {

struct Target {
  std::string data = "var";
  std::string as;      // local mode: act as this user
  std::string server;  // server mode: base URL
  std::string api_key; // server mode credential (or OPENCUSTOMS_API_KEY)
};

void AddTargetOptions(CLI::App* cmd, Target& t) {
  cmd->add_option("--data", t.data, "directory of the embedded store (local mode)")->capture_default_str();
  cmd->add_option("--as", t.as, "local mode: act as this user");
  cmd->add_option("--server", t.server, "talk to a running server instead, e.g. http://localhost:8080");
  cmd->add_option("--api-key", t.api_key, "server mode: API key (default: $OPENCUSTOMS_API_KEY)");
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void PrintErrors(const nlohmann::json& problem) {
  std::cerr << "error: " << problem.value("detail", problem.value("title", "request failed")) << "\n";
  if (problem.contains("errors"))
    for (const auto& e : problem["errors"])
      std::cerr << "  " << e.value("pointer", "") << "  [" << e.value("code", "") << "] " << e.value("message", "") << "\n";
}

// Performs a request in server mode; prints the problem and returns nullopt on failure.
std::optional<nlohmann::json> ServerCall(const Target& t, const std::string& method, const std::string& path,
                                         const std::string& body, int& exit_code) {
  auto url = api::ParseHttpUrl(t.server);
  if (!url) {
    std::cerr << "error: --server must be http[s]://host:port\n";
    exit_code = 2;
    return std::nullopt;
  }
  std::string key = t.api_key;
  if (key.empty()) if (const char* env = std::getenv("OPENCUSTOMS_API_KEY")) key = env;
  if (key.empty()) {
    std::cerr << "error: server mode needs --api-key or OPENCUSTOMS_API_KEY\n";
    exit_code = 2;
    return std::nullopt;
  }
  api::HttpClient client(*url, 10000, api::TlsTrust{CliTlsCaFile()});
  auto r = client.Request(method, path, body, {{"X-API-Key", key}});
  if (!r.ok()) {
    std::cerr << "error: " << r.status().message() << "\n";
    exit_code = 1;
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (r->status >= 400) {
    if (j.is_object()) PrintErrors(j); else std::cerr << "error: HTTP " << r->status << "\n";
    exit_code = 1;
    return std::nullopt;
  }
  return j;
}

Result<Principal> LocalPrincipal(Core& core, const std::string& username) {
  if (username.empty()) return Status::Invalid("as_required", "local mode needs --as USERNAME (or use --server)");
  auto u = core.store().FindUser(username);
  if (!u.ok()) return Status::NotFound("no user named " + username);
  return Principal{u->id, u->username, u->role, u->org_tin, "cli"};
}

void PrintDeclaration(const nlohmann::json& d, const nlohmann::json& history) {
  std::cout << "MRN        " << (d["mrn"].is_string() ? d["mrn"].get<std::string>() : std::string("(none)")) << "\n"
            << "LRN        " << d.value("lrn", "") << "\n"
            << "Type       " << d.value("type", "") << "   State " << d.value("state", "")
            << (d.contains("control") ? " (" + d["control"].get<std::string>() + ")" : "") << "   CUSRES "
            << d.value("cusres", "") << "\n"
            << "Lane       " << (d["lane"].is_string() ? d["lane"].get<std::string>() : std::string("(not decided)")) << "\n"
            << "Declarant  " << d.value("declarant_tin", "") << "   Office " << d.value("office", "") << "\n"
            << "Items      " << d.value("item_count", 0) << "   Invoice " << d.value("invoice_total", "") << " "
            << d.value("invoice_currency", "") << "   Version " << d.value("version", 0) << "\n";
  if (history.is_array()) {
    std::cout << "History\n";
    for (const auto& t : history)
      std::cout << "  " << t.value("at", "") << "  " << t.value("action", "") << ": " << t.value("from", "") << " -> "
                << t.value("to", "") << "  by " << t.value("actor", "")
                << (t.value("reason", "").empty() ? "" : "  (" + t.value("reason", "") + ")") << "\n";
  }
}

}  // namespace

void RegisterLodgeShow(CLI::App& app, int& exit_code) {
  {
    auto* cmd = app.add_subcommand("lodge", "Lodge a declaration from a JSON file");
    auto t = std::make_shared<Target>();
    auto file = std::make_shared<std::string>();
    auto draft = std::make_shared<bool>(false);
    cmd->add_option("FILE", *file, "declaration JSON")->required();
    cmd->add_flag("--draft", *draft, "store as a draft without submitting");
    AddTargetOptions(cmd, *t);
    cmd->callback([t, file, draft, &exit_code] {
      std::string body;
      if (!ReadFile(*file, body)) {
        std::cerr << "error: cannot read " << *file << "\n";
        exit_code = 2;
        return;
      }
      if (!t->server.empty()) {
        auto j = ServerCall(*t, "POST", std::string("/v1/declarations") + (*draft ? "?draft=true" : ""), body, exit_code);
        if (j) std::cout << "lodged: id " << (*j)["id"] << ", MRN " << (*j)["mrn"] << ", state " << (*j)["state"] << "\n";
        return;
      }
      AppConfig cfg;
      cfg.data_dir = t->data;
      auto core = Core::Open(cfg);
      if (Failed(core.status(), exit_code)) return;
      auto who = LocalPrincipal(*core.value(), t->as);
      if (Failed(who.status(), exit_code, 2)) return;
      std::promise<Reply> p;
      core.value()->clearance().Lodge(who.value(), body, *draft ? LodgeMode::kDraft : LodgeMode::kSubmit,
                                      [&p](Reply r) { p.set_value(std::move(r)); });
      Reply r = p.get_future().get();
      if (!r.status.ok()) {
        PrintErrors(nlohmann::json::parse(api::StatusResponse(r.status, r.errors).body));
        exit_code = 1;
        return;
      }
      std::cout << (r.created ? "lodged" : "already lodged (same LRN and content)") << ": id " << r.record->id << ", MRN "
                << (r.record->mrn.empty() ? "(none)" : r.record->mrn) << ", state " << StateName(r.record->lifecycle.state)
                << (r.record->lane.empty() ? "" : ", " + r.record->lane + " lane") << "\n";
    });
  }
  {
    auto* cmd = app.add_subcommand("show", "Show a declaration and its history");
    auto t = std::make_shared<Target>();
    auto ref = std::make_shared<std::string>();
    auto as_json = std::make_shared<bool>(false);
    cmd->add_option("MRN", *ref, "MRN or declaration id")->required();
    cmd->add_flag("--json", *as_json, "print JSON");
    AddTargetOptions(cmd, *t);
    cmd->callback([t, ref, as_json, &exit_code] {
      nlohmann::json decl, history;
      if (!t->server.empty()) {
        auto d = ServerCall(*t, "GET", "/v1/declarations/" + *ref, "", exit_code);
        if (!d) return;
        auto h = ServerCall(*t, "GET", "/v1/declarations/" + *ref + "/history", "", exit_code);
        if (!h) return;
        decl = *d;
        history = (*h)["transitions"];
      } else {
        AppConfig cfg;
      cfg.data_dir = t->data;
      auto core = Core::Open(cfg);
        if (Failed(core.status(), exit_code)) return;
        // Local mode reads as customs staff unless --as names a trader.
        Principal who{0, "cli", Role::kSupervisor, "", "cli"};
        if (!t->as.empty()) {
          auto p = LocalPrincipal(*core.value(), t->as);
          if (Failed(p.status(), exit_code, 2)) return;
          who = p.value();
        }
        auto r = core.value()->clearance().Get(who, *ref);
        if (Failed(r.status(), exit_code)) return;
        decl = api::DeclarationJson(r.value());
        auto h = core.value()->clearance().History(who, *ref);
        history = nlohmann::json::array();
        if (h.ok())
          for (const auto& e : h.value())
            history.push_back({{"at", FormatTimestamp(e.at_ms)}, {"action", ActionName(e.action)},
                               {"from", StateName(e.from.state)}, {"to", StateName(e.to.state)},
                               {"actor", e.actor}, {"reason", e.reason}});
      }
      if (*as_json) {
        decl["history"] = history;
        std::cout << decl.dump(2) << "\n";
      } else {
        PrintDeclaration(decl, history);
      }
    });
  }
}

}  // namespace oc::cli
