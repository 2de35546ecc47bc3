// `backup` (an online copy of a running server's store, its keys and models, with a manifest)
// and `restore` (a backup checked — file hashes, SQLite integrity, schema, ledger audit against
// the manifest — then put in place as a data directory).
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "clearance/ledger_audit.h"
#include "common/dates.h"
#include "common/encoding.h"
#include "ledger/merkle.h"
#include "store/sqlite_backup.h"
#include "store/store.h"

namespace oc::cli {
namespace {

namespace fs = std::filesystem;

// Files of a data directory a backup carries besides the database: the signing keys (partners
// pin the ledger's and witness's; tokens are signed with token.key), the demo bank's key, and
// secrets.key, without which the secrets sealed in the database do not open.
constexpr const char* kKeyFiles[] = {"token.key", "ledger.key", "witness.key", "demo-bank.key", "secrets.key"};

Status CopyPrivate(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Internal("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  return Status::Ok();
}

struct LedgerFacts {
  int64_t entries = 0;
  std::string root;
  bool clean = false;
  size_t findings = 0;
};

// Opens the store in `dir` (migrating an older schema) and audits its ledger.
Result<LedgerFacts> AuditCopy(const std::string& dir) {
  auto store = OpenSqliteStore(SqliteOptions{dir + "/opencustoms.db"});
  if (!store.ok()) return store.status();
  auto report = AuditStoredLedger(*store.value(), std::max(1u, std::thread::hardware_concurrency()));
  if (!report.ok()) return report.status();
  return LedgerFacts{static_cast<int64_t>(report->entries), ledger::HashBase64(report->root), report->clean(),
                     report->findings.size()};
}

Status Backup(const std::string& data, const std::string& dest, const std::string& json_out) {
  std::string db = data + "/opencustoms.db";
  if (!fs::exists(db)) return Status::NotFound("no store in " + data + " (opencustoms.db)");
  std::error_code ec;
  if (fs::exists(dest, ec) && !fs::is_empty(dest, ec)) return Status::Invalid("backup_exists", dest + " exists and is not empty");
  fs::create_directories(dest, ec);
  if (ec) return Status::Internal("cannot create " + dest + ": " + ec.message());
  fs::permissions(dest, fs::perms::owner_all, fs::perm_options::replace, ec);
  auto started = std::chrono::steady_clock::now();
  if (Status st = BackupSqliteDatabase(db, dest + "/opencustoms.db"); !st.ok()) return st;
  std::vector<std::string> files = {"opencustoms.db"};
  for (const char* key : kKeyFiles)
    if (fs::exists(data + "/" + key)) {
      if (Status st = CopyPrivate(data + "/" + key, dest + "/" + key); !st.ok()) return st;
      files.push_back(key);
    }
  if (fs::is_directory(data + "/models"))
    for (auto it = fs::recursive_directory_iterator(data + "/models", ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string rel = fs::relative(it->path(), data).generic_string();
      if (Status st = CopyPrivate(it->path(), dest + "/" + rel); !st.ok()) return st;
      files.push_back(rel);
    }
  auto facts = AuditCopy(dest);
  if (!facts.ok()) return facts.status();
  nlohmann::json manifest = {{"format", "opencustoms-backup-1"},
                             {"created_at", FormatTimestamp(NowUnixMillis())},
                             {"source", fs::absolute(data).string()},
                             {"schema_version", SqliteSchemaVersion()},
                             {"ledger", {{"entries", facts->entries}, {"root", facts->root}, {"clean", facts->clean}}},
                             {"files", nlohmann::json::object()}};
  for (const auto& f : files) {
    auto bytes = ReadWholeFile(dest + "/" + f);
    if (!bytes.ok()) return bytes.status();
    manifest["files"][f] = {{"bytes", bytes->size()}, {"blake2b", Blake2bHex(bytes.value())}};
  }
  std::ofstream(dest + "/manifest.json") << manifest.dump(2) << "\n";
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("backup of %s in %s: %zu files, ledger of %lld entries (root %s, %s), %.1f s\n", data.c_str(), dest.c_str(),
              files.size(), static_cast<long long>(facts->entries), facts->root.c_str(),
              facts->clean ? "clean" : "NOT CLEAN", secs);
  if (!json_out.empty())
    std::ofstream(json_out) << nlohmann::json{{"files", files.size()}, {"ledger_entries", facts->entries},
                                              {"ledger_root", facts->root}, {"clean", facts->clean}, {"seconds", secs}}
                                   .dump()
                            << "\n";
  return Status::Ok();
}

// Whether a server holds the data directory's lock.
bool InUse(const std::string& dir) {
  int fd = ::open((dir + "/opencustoms.lock").c_str(), O_RDWR);
  if (fd < 0) return false;
  bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);
  return busy;
}

Status Restore(const std::string& backup, const std::string& data, bool force, const std::string& json_out) {
  auto text = ReadWholeFile(backup + "/manifest.json");
  if (!text.ok()) return Status::Invalid("not_a_backup", backup + " has no manifest.json (made by opencustoms backup)");
  nlohmann::json manifest = nlohmann::json::parse(text.value(), nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != "opencustoms-backup-1" || !manifest["files"].is_object())
    return Status::Invalid("not_a_backup", backup + "/manifest.json is not an opencustoms backup manifest");
  if (manifest.value("schema_version", 0) > SqliteSchemaVersion())
    return Status::Invalid("backup_too_new", "the backup's schema " + std::to_string(manifest.value("schema_version", 0)) +
                                                 " is newer than this build's " + std::to_string(SqliteSchemaVersion()));
  for (const auto& [name, info] : manifest["files"].items()) {
    auto bytes = ReadWholeFile(backup + "/" + name);
    if (!bytes.ok()) return Status::Invalid("backup_incomplete", "the backup lacks " + name);
    if (Blake2bHex(bytes.value()) != info.value("blake2b", ""))
      return Status::Invalid("backup_damaged", name + " differs from the manifest (damaged or changed since the backup)");
  }
  if (Status st = CheckSqliteIntegrity(backup + "/opencustoms.db"); !st.ok()) return st;
  std::error_code ec;
  bool occupied = fs::exists(data, ec) && !fs::is_empty(data, ec);
  if (occupied && InUse(data)) return Status::Unavailable("a server is running on " + data + ": stop it first");
  if (occupied && !force) return Status::Invalid("data_exists", data + " is not empty (--force moves it aside)");
  // Restored beside the target, checked there, then renamed into place.
  std::string staging = data + ".restoring";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  fs::permissions(staging, fs::perms::owner_all, fs::perm_options::replace, ec);
  for (const auto& [name, info] : manifest["files"].items())
    if (Status st = CopyPrivate(backup + "/" + name, staging + "/" + name); !st.ok()) return st;
  auto facts = AuditCopy(staging);
  if (!facts.ok()) return facts.status();
  const auto& expected = manifest["ledger"];
  if (!facts->clean || facts->entries != expected.value("entries", int64_t{-1}) || facts->root != expected.value("root", ""))
    return Status::Invalid("ledger_mismatch", "the restored ledger (" + std::to_string(facts->entries) + " entries, root " +
                                                  facts->root + (facts->clean ? "" : ", not clean") +
                                                  ") is not the one the manifest records; left in " + staging);
  std::string aside;
  if (occupied) {
    aside = data + ".before-restore-" + std::to_string(NowUnixMillis() / 1000);
    fs::rename(data, aside, ec);
    if (ec) return Status::Internal("cannot move " + data + " aside: " + ec.message());
  }
  fs::rename(staging, data, ec);
  if (ec) return Status::Internal("cannot move " + staging + " to " + data + ": " + ec.message());
  std::printf("restored %s into %s: schema %d, ledger of %lld entries audits clean (root %s)%s\n", backup.c_str(),
              data.c_str(), SqliteSchemaVersion(), static_cast<long long>(facts->entries), facts->root.c_str(),
              aside.empty() ? "" : ("; the previous data is in " + aside).c_str());
  if (!json_out.empty())
    std::ofstream(json_out) << nlohmann::json{{"ledger_entries", facts->entries}, {"ledger_root", facts->root},
                                              {"clean", facts->clean}, {"schema_version", SqliteSchemaVersion()},
                                              {"previous", aside}}
                                   .dump()
                            << "\n";
  return Status::Ok();
}

}  // namespace

void RegisterBackup(CLI::App& app, int& exit_code) {
  struct Opts { std::string data = "var", dest, json; bool force = false; };
  auto o = std::make_shared<Opts>();
  auto* backup = app.add_subcommand("backup", "Copy the store (online, while the server runs), its keys and models into "
                                              "a new directory with a manifest");
  backup->add_option("dest", o->dest, "the backup directory (new or empty)")->required();
  backup->add_option("--data", o->data, "the server's data directory")->capture_default_str();
  backup->add_option("--json", o->json, "also write the figures as JSON");
  backup->callback([o, &exit_code] { Failed(Backup(o->data, o->dest, o->json), exit_code, 2); });

  auto* restore = app.add_subcommand("restore", "Check a backup (hashes, integrity, schema, ledger audit) and make it a "
                                                "data directory (the server stopped)");
  restore->add_option("backup", o->dest, "the backup directory")->required();
  restore->add_option("--data", o->data, "the data directory to restore into")->capture_default_str();
  restore->add_flag("--force", o->force, "move a non-empty data directory aside (to DATA.before-restore-TIME)");
  restore->add_option("--json", o->json, "also write the figures as JSON");
  restore->callback([o, &exit_code] { Failed(Restore(o->dest, o->data, o->force, o->json), exit_code, 2); });
}

}  // namespace oc::cli
