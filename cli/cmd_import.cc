// `import FILE.csv`: bulk lodgement from a flat CSV, one row per goods item, rows of one
// declaration sharing an LRN. Each declaration goes through the same parse/validate/lodge path
// as the API; rejected ones are reported with their CSV line numbers and reasons.
// Columns: docs/import-csv.md.
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "cli/commands.h"
#include "declaration/csv_import.h"
#include "refdata/csv.h"

namespace oc::cli {

void RegisterImport(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("import", "Lodge declarations in bulk from a CSV file (one row per item)");
  struct Opts { std::string file, data = "var", as; };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "CSV file")->required();
  cmd->add_option("--data", o->data, "directory of the embedded store")->capture_default_str();
  cmd->add_option("--as", o->as, "act as this trader user")->required();
  cmd->callback([o, &exit_code] {
    std::vector<int> lines;
    auto rows = ReadCsvFile(o->file, &lines);
    if (Failed(rows.status(), exit_code, 2)) return;
    auto parsed = DeclarationsFromCsv(rows.value(), &lines);
    if (Failed(parsed.status(), exit_code, 2)) return;
    const std::vector<CsvDeclaration>& groups = parsed.value();
    AppConfig cfg;
    cfg.data_dir = o->data;
    auto core = Core::Open(cfg);
    if (Failed(core.status(), exit_code)) return;
    auto u = core.value()->store().FindUser(o->as);
    if (!u.ok()) { std::cerr << "error: no user named " << o->as << "\n"; exit_code = 2; return; }
    Principal who{u->id, u->username, u->role, u->org_tin, "cli-import"};

    std::mutex mu;
    std::condition_variable cv;
    int pending = 0, lodged = 0, replayed = 0;
    size_t done = 0;
    std::vector<std::string> rejections;
    bool tty = isatty(STDERR_FILENO);
    auto progress = [&] {
      size_t width = 30, filled = groups.empty() ? width : done * width / groups.size();
      std::cerr << (tty ? "\r" : "") << "import [" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
                << done << "/" << groups.size() << (tty ? "" : "\n") << std::flush;
    };
    for (const CsvDeclaration& g : groups) {
      std::string body = g.declaration.dump();
      {
        std::unique_lock lk(mu);
        cv.wait(lk, [&] { return pending < 256; });
        ++pending;
      }
      core.value()->clearance().Lodge(who, body, LodgeMode::kSubmit, [&, gp = &g](Reply r) {
        std::lock_guard lk(mu);
        if (r.status.ok()) {
          (r.created ? lodged : replayed)++;
        } else {
          std::string msg = "LRN " + gp->lrn + ": " + r.status.message();
          if (r.errors.empty()) msg = "line " + std::to_string(gp->lines.front()) + " " + msg;
          for (const auto& e : r.errors)
            msg += "\n    line " + std::to_string(gp->LineFor(e.pointer)) + " " + e.pointer + " [" + e.code + "] " + e.message;
          rejections.push_back(msg);
        }
        --pending;
        ++done;
        if (done % 100 == 0 || done == groups.size()) progress();
        cv.notify_all();
      });
    }
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return pending == 0; });
    if (tty) std::cerr << "\n";
    std::cout << "imported " << groups.size() << " declarations from " << rows->size() - 1 << " rows: " << lodged
              << " lodged, " << replayed << " already present, " << rejections.size() << " rejected\n";
    for (const auto& m : rejections) std::cout << "  rejected " << m << "\n";
    if (!rejections.empty()) exit_code = 1;
  });
}

}  // namespace oc::cli
