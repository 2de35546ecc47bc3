// The track store in SQLite: one table a day (fixes_<days since 1970>), rows keyed by (device
// number, time) WITHOUT ROWID so that a device's fixes of a day lie together on disk; retention
// drops whole tables, which costs nothing like deleting rows would.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <optional>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "store/sqlite_util.h"
#include "store/track_store.h"

namespace oc {

namespace {

using sqlite::Connection;
using sqlite::StoreError;

constexpr int64_t kDayMs = 86400000;
constexpr size_t kMaxBatchFixes = 200000;

int64_t DayOf(int64_t ms) { return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs; }
std::string TableOf(int64_t day) { return "fixes_" + std::to_string(day); }

std::optional<int64_t> Scaled(double v, double scale) {
  if (!std::isfinite(v)) return std::nullopt;
  return static_cast<int64_t>(std::llround(v * scale));
}

class SqliteTrackStore final : public TrackStore {
 public:
  explicit SqliteTrackStore(std::string path) : path_(std::move(path)) {}
  ~SqliteTrackStore() override;
  Status Open();

  void AppendFixes(std::vector<tracking::Fix> fixes, Done<int64_t> done) override;
  Result<std::vector<tracking::Fix>> Track(const std::vector<std::string>& devices, int64_t from_ms, int64_t to_ms,
                                           int limit) override;
  Result<std::optional<tracking::Fix>> LastFix(const std::string& device, int64_t from_ms, int64_t to_ms) override;
  void DropBefore(int64_t before_ms, Done<int64_t> done) override;
  TrackStats Stats() override;

 private:
  struct Job {
    std::vector<tracking::Fix> fixes;
    int64_t drop_before_ms = -1;  // a retention job instead
    std::function<void(Result<int64_t>)> done;
  };
  void Enqueue(Job job);
  void WriterLoop();
  // Runs the batch in one transaction; throws StoreError.
  void RunBatch(std::vector<Job>& batch, std::vector<Result<int64_t>>& results);
  int64_t DeviceNumber(const std::string& device);
  void EnsureDay(int64_t day);
  int64_t Drop(int64_t before_ms);
  std::set<int64_t> Days(Connection& c);
  // Runs `f` on a pooled reader connection inside a read transaction.
  template <typename T, typename F>
  Result<T> Read(F f);

  std::string path_;
  std::unique_ptr<Connection> writer_;
  std::unordered_map<std::string, int64_t> device_numbers_;  // writer thread only
  std::set<int64_t> days_;                                   // writer thread only
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> pool_;
  std::atomic<uint64_t> fixes_written_{0}, commits_{0};
};

Status SqliteTrackStore::Open() {
  auto c = Connection::Open(path_, /*readonly=*/false);
  if (!c.ok()) return c.status();
  writer_ = std::move(c.value());
  try {
    writer_->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    writer_->Exec("CREATE TABLE IF NOT EXISTS devices(id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE) WITHOUT ROWID");
    auto& q = writer_->Prepare("SELECT id, number FROM devices");
    while (q.Step()) device_numbers_[q.Text(0)] = q.Int(1);
    q.Reset();
    days_ = Days(*writer_);
  } catch (const StoreError& e) {
    return Status::Internal("cannot open the track store " + path_ + ": " + e.message);
  }
  writer_thread_ = std::thread([this] { WriterLoop(); });
  return Status::Ok();
}

SqliteTrackStore::~SqliteTrackStore() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  try {
    if (writer_) writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const StoreError&) {
  }
}

std::set<int64_t> SqliteTrackStore::Days(Connection& c) {
  std::set<int64_t> out;
  auto& q = c.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'fixes_*'");
  while (q.Step()) {
    std::string name = q.Text(0);
    try {
      out.insert(std::stoll(name.substr(6)));
    } catch (...) {
    }
  }
  q.Reset();
  return out;
}

void SqliteTrackStore::Enqueue(Job job) {
  {
    std::lock_guard lk(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      cv_.notify_one();
      return;
    }
  }
  job.done(Status::Unavailable("the track store is closing"));
}

void SqliteTrackStore::AppendFixes(std::vector<tracking::Fix> fixes, Done<int64_t> done) {
  Enqueue(Job{std::move(fixes), -1, std::move(done)});
}

void SqliteTrackStore::DropBefore(int64_t before_ms, Done<int64_t> done) {
  Enqueue(Job{{}, before_ms, std::move(done)});
}

int64_t SqliteTrackStore::DeviceNumber(const std::string& device) {
  auto it = device_numbers_.find(device);
  if (it != device_numbers_.end()) return it->second;
  int64_t n = static_cast<int64_t>(device_numbers_.size()) + 1;
  writer_->Prepare("INSERT INTO devices(id, number) VALUES(?, ?)").Bind(1, device).Bind(2, n).Run();
  device_numbers_[device] = n;
  return n;
}

void SqliteTrackStore::EnsureDay(int64_t day) {
  if (days_.count(day)) return;
  writer_->Exec("CREATE TABLE IF NOT EXISTS " + TableOf(day) +
                "(device INTEGER NOT NULL, t INTEGER NOT NULL, lat INTEGER NOT NULL, lon INTEGER NOT NULL, "
                "speed INTEGER, heading INTEGER, seal INTEGER NOT NULL, battery INTEGER, seq INTEGER, "
                "PRIMARY KEY(device, t)) WITHOUT ROWID");
  days_.insert(day);
}

int64_t SqliteTrackStore::Drop(int64_t before_ms) {
  int64_t dropped = 0;
  int64_t first_kept = DayOf(before_ms);
  for (auto it = days_.begin(); it != days_.end() && *it < first_kept;) {
    writer_->Exec("DROP TABLE IF EXISTS " + TableOf(*it));
    it = days_.erase(it);
    ++dropped;
  }
  return dropped;
}

void SqliteTrackStore::RunBatch(std::vector<Job>& batch, std::vector<Result<int64_t>>& results) {
  // Device numbers and new days made in a transaction that rolls back must be forgotten too.
  auto numbers = device_numbers_;
  auto days = days_;
  try {
    writer_->Exec("BEGIN IMMEDIATE");
    for (size_t i = 0; i < batch.size(); ++i) {
      Job& job = batch[i];
      if (job.drop_before_ms >= 0) {
        results[i] = Drop(job.drop_before_ms);
        continue;
      }
      for (const auto& f : job.fixes) {
        int64_t day = DayOf(f.time_ms);
        EnsureDay(day);
        auto& q = writer_->Prepare("INSERT OR IGNORE INTO " + TableOf(day) + " VALUES(?,?,?,?,?,?,?,?,?)");
        q.Bind(1, DeviceNumber(f.device)).Bind(2, f.time_ms).Bind(3, *Scaled(f.lat, 1e7)).Bind(4, *Scaled(f.lon, 1e7));
        auto bind_opt = [&q](int col, std::optional<int64_t> v) { v ? q.Bind(col, *v) : q.BindNull(col); };
        bind_opt(5, Scaled(f.speed_kmh, 10));
        bind_opt(6, Scaled(f.heading, 1));
        q.Bind(7, static_cast<int64_t>(f.seal));
        bind_opt(8, Scaled(f.battery, 1));
        bind_opt(9, f.sequence >= 0 ? std::optional<int64_t>(f.sequence) : std::nullopt);
        q.Run();
      }
      results[i] = static_cast<int64_t>(job.fixes.size());
    }
    writer_->Exec("COMMIT");
  } catch (...) {
    try {
      writer_->Exec("ROLLBACK");
    } catch (const StoreError&) {
    }
    device_numbers_ = std::move(numbers);
    days_ = std::move(days);
    throw;
  }
}

void SqliteTrackStore::WriterLoop() {
  std::vector<Job> batch;
  std::vector<Result<int64_t>> results;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      size_t fixes = 0;
      while (!queue_.empty() && fixes < kMaxBatchFixes) {
        fixes += queue_.front().fixes.size() + 1;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    results.assign(batch.size(), Status::Internal("not written"));
    try {
      RunBatch(batch, results);
      commits_.fetch_add(1, std::memory_order_relaxed);
      for (const auto& j : batch) fixes_written_.fetch_add(j.fixes.size(), std::memory_order_relaxed);
    } catch (const StoreError& e) {
      for (auto& r : results) r = Status::Internal("track store: " + e.message);
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
    batch.clear();
  }
}

template <typename T, typename F>
Result<T> SqliteTrackStore::Read(F f) {
  std::unique_ptr<Connection> c;
  {
    std::lock_guard lk(pool_mu_);
    if (!pool_.empty()) {
      c = std::move(pool_.back());
      pool_.pop_back();
    }
  }
  if (!c) {
    auto opened = Connection::Open(path_, /*readonly=*/true);
    if (!opened.ok()) return opened.status();
    c = std::move(opened.value());
  }
  Result<T> out = Status::Internal("unreachable");
  try {
    c->Exec("BEGIN");
    out = f(*c);
    c->Exec("COMMIT");
  } catch (const StoreError& e) {
    out = Status::Internal("track store: " + e.message);
    try {
      c->Exec("ROLLBACK");
    } catch (const StoreError&) {
    }
  }
  std::lock_guard lk(pool_mu_);
  pool_.push_back(std::move(c));
  return out;
}

namespace {
const char* kFixColumns = "d.id, f.t, f.lat, f.lon, f.speed, f.heading, f.seal, f.battery, f.seq";

tracking::Fix FixRow(sqlite::Stmt& q) {
  tracking::Fix f;
  f.device = q.Text(0);
  f.time_ms = q.Int(1);
  f.lat = static_cast<double>(q.Int(2)) / 1e7;
  f.lon = static_cast<double>(q.Int(3)) / 1e7;
  if (!q.IsNull(4)) f.speed_kmh = static_cast<double>(q.Int(4)) / 10;
  if (!q.IsNull(5)) f.heading = static_cast<double>(q.Int(5));
  f.seal = static_cast<tracking::SealState>(std::clamp<int64_t>(q.Int(6), 0, 3));
  if (!q.IsNull(7)) f.battery = static_cast<double>(q.Int(7));
  if (!q.IsNull(8)) f.sequence = q.Int(8);
  return f;
}

// A statement built for one call (the days it spans vary): finalized when it goes out of scope.
class OneOff {
 public:
  OneOff(Connection& c, const std::string& sql) {
    if (sqlite3_prepare_v2(c.db(), sql.c_str(), -1, &raw_, nullptr) != SQLITE_OK) {
      std::string msg = sqlite3_errmsg(c.db());
      sqlite3_finalize(raw_);
      throw StoreError{sqlite3_errcode(c.db()), msg};
    }
    stmt_ = std::make_unique<sqlite::Stmt>(c.db(), raw_);
  }
  ~OneOff() { sqlite3_finalize(raw_); }
  sqlite::Stmt& q() { return *stmt_; }

 private:
  sqlite3_stmt* raw_ = nullptr;
  std::unique_ptr<sqlite::Stmt> stmt_;
};
}  // namespace

Result<std::vector<tracking::Fix>> SqliteTrackStore::Track(const std::vector<std::string>& devices, int64_t from_ms,
                                                           int64_t to_ms, int limit) {
  if (devices.empty() || from_ms > to_ms || limit <= 0) return std::vector<tracking::Fix>{};
  return Read<std::vector<tracking::Fix>>([&](Connection& c) {
    std::vector<tracking::Fix> out;
    std::vector<int64_t> days;
    for (int64_t day : Days(c))
      if (day >= DayOf(from_ms) && day <= DayOf(to_ms)) days.push_back(day);
    if (days.empty()) return out;
    std::string marks(devices.size() * 2 - 1, ',');
    for (size_t i = 0; i < devices.size(); ++i) marks[2 * i] = '?';
    std::string sql;
    for (int64_t day : days) {
      if (!sql.empty()) sql += " UNION ALL ";
      sql += std::string("SELECT ") + kFixColumns + " FROM " + TableOf(day) +
             " f JOIN devices d ON d.number = f.device WHERE d.id IN (" + marks + ") AND f.t BETWEEN ? AND ?";
    }
    sql += " ORDER BY 2, 1 LIMIT ?";
    OneOff stmt(c, sql);
    auto& q = stmt.q();
    int col = 1;
    for (size_t i = 0; i < days.size(); ++i) {
      for (const auto& d : devices) q.Bind(col++, d);
      q.Bind(col++, from_ms).Bind(col++, to_ms);
    }
    q.Bind(col, limit);
    while (q.Step()) out.push_back(FixRow(q));
    return out;
  });
}

Result<std::optional<tracking::Fix>> SqliteTrackStore::LastFix(const std::string& device, int64_t from_ms, int64_t to_ms) {
  return Read<std::optional<tracking::Fix>>([&](Connection& c) {
    std::optional<tracking::Fix> out;
    auto days = Days(c);
    for (auto it = days.rbegin(); it != days.rend() && !out; ++it) {
      if (*it > DayOf(to_ms)) continue;
      if (*it < DayOf(from_ms)) break;
      OneOff stmt(c, std::string("SELECT ") + kFixColumns + " FROM " + TableOf(*it) +
                         " f JOIN devices d ON d.number = f.device WHERE d.id = ? AND f.t BETWEEN ? AND ? "
                         "ORDER BY f.t DESC LIMIT 1");
      stmt.q().Bind(1, device).Bind(2, from_ms).Bind(3, to_ms);
      if (stmt.q().Step()) out = FixRow(stmt.q());
    }
    return out;
  });
}

TrackStats SqliteTrackStore::Stats() {
  TrackStats s;
  s.fixes_written = fixes_written_.load();
  s.commits = commits_.load();
  auto c = Connection::Open(path_, /*readonly=*/true);
  if (c.ok()) {
    try {
      auto days = Days(*c.value());
      s.partitions = static_cast<int>(days.size());
      if (!days.empty()) s.oldest_day_ms = *days.begin() * kDayMs;
    } catch (const StoreError&) {
    }
  }
  return s;
}

}  // namespace

Result<std::unique_ptr<TrackStore>> OpenSqliteTrackStore(const std::string& path) {
  auto store = std::make_unique<SqliteTrackStore>(path);
  if (Status st = store->Open(); !st.ok()) return st;
  return std::unique_ptr<TrackStore>(std::move(store));
}

}  // namespace oc
