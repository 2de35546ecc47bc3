#include "app/operations.h"

#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/app.h"
#include "common/dates.h"

#ifndef OC_VERSION
#define OC_VERSION "unknown"
#endif
#ifndef OC_GIT_COMMIT
#define OC_GIT_COMMIT "unknown"
#endif

namespace oc {
namespace {

// A readiness check fails below this much free space: the writer needs room for the log.
constexpr uint64_t kMinFreeBytes = 256ull << 20;

const int64_t kStartedMs = NowUnixMillis();

std::string Line(const char* name, const char* type, const char* help, double value) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "# HELP %s %s\n# TYPE %s %s\n%s %.15g\n", name, help, name, type, name, value);
  return buf;
}

std::string StoreMetrics(Store& store) {
  std::string out;
  if (auto counts = store.CountByState(); counts.ok()) {
    out += "# HELP oc_declarations Declarations by state.\n# TYPE oc_declarations gauge\n";
    for (auto& [state, n] : counts.value()) out += "oc_declarations{state=\"" + state + "\"} " + std::to_string(n) + "\n";
  }
  // The single writer: busy seconds per second near 1 means writes queue behind it.
  const Store::WriterStats w = store.WriterStatistics();
  out += Line("oc_store_commits_total", "counter", "Group commits of the store's writer.", static_cast<double>(w.commits));
  out += Line("oc_store_writes_total", "counter", "Writes committed (or refused) by the store's writer.",
              static_cast<double>(w.writes));
  out += Line("oc_store_writer_busy_seconds_total", "counter", "Time the store's writer spent on batches.", w.busy_seconds);
  out += Line("oc_store_commit_seconds_total", "counter", "Time in COMMIT (WAL write and fsync).", w.commit_seconds);
  // The write-ahead log: bounded when checkpoints keep up (SqliteOptions::wal_limit_bytes).
  double age = w.last_checkpoint_ms ? (NowUnixMillis() - w.last_checkpoint_ms) / 1000.0 : -1;
  out += Line("oc_store_wal_bytes", "gauge", "Size of the store's write-ahead log.", static_cast<double>(w.wal_bytes));
  out += Line("oc_store_checkpoints_total", "counter", "Checkpoints of the write-ahead log into the database.",
              static_cast<double>(w.checkpoints));
  out += Line("oc_store_checkpoint_age_seconds", "gauge", "Seconds since the last checkpoint (-1: none yet).", age);
  return out;
}

std::string ProcessMetrics() {
  std::string out;
  long page = sysconf(_SC_PAGESIZE);
  long pages_total = 0, pages_resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_total = pages_resident = 0;
    std::fclose(f);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  size_t fds = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec))
    ++fds;
  out += Line("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
              static_cast<double>(pages_resident) * page);
  out += Line("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", static_cast<double>(pages_total) * page);
  out += Line("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", cpu);
  out += Line("process_open_fds", "gauge", "Number of open file descriptors.", static_cast<double>(fds));
  out += Line("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.",
              kStartedMs / 1000.0);
  out += "# HELP oc_build_info The running build.\n# TYPE oc_build_info gauge\noc_build_info{version=\"" OC_VERSION
         "\",commit=\"" OC_GIT_COMMIT "\"} 1\n";
  return out;
}

std::string WebhookMetrics(WebhookService& webhooks) {
  auto all = webhooks.All();
  if (!all.ok()) return "";
  // Undelivered notifications per webhook, counted up to 1000 each (a backlog that large is an
  // alarm whatever its exact size).
  double backlog = 0, failing = 0;
  for (const auto& w : all.value()) {
    if (auto pending = webhooks.After(w.org_tin, w.cursor, 1000); pending.ok()) backlog += pending->size();
    if (w.failures > 0) ++failing;
  }
  return Line("oc_webhooks", "gauge", "Registered webhooks.", static_cast<double>(all->size())) +
         Line("oc_webhook_backlog", "gauge", "Notifications not yet delivered to webhooks (up to 1000 counted per webhook).",
              backlog) +
         Line("oc_webhooks_failing", "gauge", "Webhooks whose last delivery failed.", failing);
}

std::string ModelMetrics(RiskService& risk) {
  auto t = risk.ModelStatistics();
  return Line("oc_model_scorings_total", "counter", "Declarations scored by the fraud model.", static_cast<double>(t.scored)) +
         Line("oc_model_scoring_seconds_total", "counter", "Time the fraud model spent scoring.", t.seconds);
}

}  // namespace

std::string OperationsMetrics(Core& core) {
  return StoreMetrics(core.store()) + ProcessMetrics() + WebhookMetrics(core.webhooks()) + ModelMetrics(core.risk());
}

std::vector<api::ReadinessCheck> ReadinessChecks(Core& core) {
  std::vector<api::ReadinessCheck> checks;
  std::string db = core.data_dir() + "/opencustoms.db";
  bool writable = ::access(db.c_str(), W_OK) == 0 && ::access(core.data_dir().c_str(), W_OK) == 0;
  checks.push_back({"store_writable", writable, writable ? db : db + " or its directory cannot be written"});
  struct statvfs fs{};
  if (::statvfs(core.data_dir().c_str(), &fs) == 0) {
    uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
    checks.push_back({"disk_space", free_bytes >= kMinFreeBytes,
                      std::to_string(free_bytes >> 20) + " MB free in " + core.data_dir() + " (at least " +
                          std::to_string(kMinFreeBytes >> 20) + " MB needed)"});
  }
  std::string model = core.risk().ActiveModelVersion();
  checks.push_back({"fraud_model", true, model.empty() ? "none active (lanes from criteria and random selection)" : model});
  auto classifier = core.classifier();
  checks.push_back({"hs_classifier", true,
                    classifier ? std::to_string(classifier->codes()) + " codes" : "none (POST /v1/hs/suggest answers 503)"});
  return checks;
}

}  // namespace oc
