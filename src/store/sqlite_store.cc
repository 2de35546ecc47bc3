// The embedded SQLite backend: WAL mode, one writer thread committing writes in groups (one
// transaction and one fsync for many requests), a pool of reader connections, and a background
// checkpointer so that the writer never pays for WAL checkpoints.
#include <pthread.h>

#include <filesystem>
#include <future>
#include <variant>

#include "common/dates.h"
#include "declaration/mrn.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_store_impl.h"

#include <spdlog/spdlog.h>

namespace oc::detail {
namespace {

const char* kDeclarationColumns =
    "d.id, d.lrn, d.declarant_tin, d.representative_tin, COALESCE(d.mrn, ''), d.type, d.office, d.state, d.control, "
    "d.resume_state, d.resume_control, d.version, d.item_count, d.invoice_total, d.invoice_currency, d.created_at, "
    "d.updated_at, d.lane";

DeclarationType TypeFromCode(const std::string& s) {
  return s == "EX" ? DeclarationType::kExport : s == "TR" ? DeclarationType::kTransit : DeclarationType::kImport;
}

DeclarationRecord ReadDeclarationRow(sqlite::Stmt& q) {
  DeclarationRecord r;
  r.id = q.Int(0);
  r.lrn = q.Text(1);
  r.declarant_tin = q.Text(2);
  r.representative_tin = q.Text(3);
  r.mrn = q.Text(4);
  r.type = TypeFromCode(q.Text(5));
  r.office = q.Text(6);
  r.lifecycle.state = StateFromName(q.Text(7)).value_or(State::kDraft);
  r.lifecycle.control = ControlTypeFromName(q.Text(8)).value_or(ControlType::kNone);
  r.lifecycle.resume_state = StateFromName(q.Text(9)).value_or(State::kDraft);
  r.lifecycle.resume_control = ControlTypeFromName(q.Text(10)).value_or(ControlType::kNone);
  r.version = static_cast<int>(q.Int(11));
  r.item_count = static_cast<int>(q.Int(12));
  r.invoice_total = q.Text(13);
  r.invoice_currency = q.Text(14);
  r.created_ms = q.Int(15);
  r.updated_ms = q.Int(16);
  r.lane = q.Text(17);
  return r;
}

uint64_t ElapsedNs(std::chrono::steady_clock::time_point since) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - since).count());
}

const char* ResumeName(const LifecycleState& s) {
  return (s.state == State::kHeld || s.state == State::kDetained) ? StateName(s.resume_state) : "";
}

}  // namespace

Status SqliteStore::Open() {
  std::error_code ec;
  auto parent = std::filesystem::path(opts_.path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto conn = Connection::Open(opts_.path, /*readonly=*/false);
  if (!conn.ok()) return conn.status();
  writer_ = std::move(conn.value());
  try {
    writer_->Exec("PRAGMA journal_mode=WAL");
    writer_->Exec(opts_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    writer_->Exec("PRAGMA foreign_keys=ON");
    writer_->Exec("PRAGMA wal_autocheckpoint=0");  // the checkpointer thread does it
    // A log restarted after a checkpoint is cut back to this size (else it keeps its largest).
    writer_->Exec("PRAGMA journal_size_limit=" + std::to_string(opts_.wal_limit_bytes));
    writer_->Exec("PRAGMA cache_size=-65536");
  } catch (const StoreError& e) {
    return Status::Internal("cannot configure database: " + e.message);
  }
  Status st = sqlite::Migrate(*writer_);
  if (!st.ok()) return st;
  if (st = SealPlainSecrets(); !st.ok()) return st;
  try {
    writer_->Exec("BEGIN IMMEDIATE");
    RecoverUnitValues(*writer_);
    writer_->Exec("COMMIT");
  } catch (const StoreError& e) {
    try { writer_->Exec("ROLLBACK"); } catch (const StoreError&) {}
    return Status::Internal("cannot recover the unit-value history: " + e.message);
  }
  try {
    auto& q = writer_->Prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries");
    ledger_sink_.next = q.Step() ? q.Int(0) : 0;
    q.Reset();
  } catch (const StoreError& e) {
    return Status::Internal("cannot read the ledger: " + e.message);
  }
  writer_->ledger = &ledger_sink_;
  auto search = sqlite::SearchIndex::Open(opts_.path);
  if (!search.ok()) return search.status();
  search_ = std::move(search.value());
  writer_thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "oc-store-writer");
    WriterLoop();
  });
  checkpoint_thread_ = std::thread([this] { CheckpointLoop(); });
  return Status::Ok();
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  search_.reset();
  {
    std::lock_guard lk(ckpt_mu_);
    ckpt_stop_ = true;
  }
  ckpt_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
  try {
    if (writer_) writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const StoreError&) {
  }
}

void SqliteStore::CreateDeclaration(NewDeclaration d, Done<CreateOutcome> done) {
  auto out = std::make_shared<CreateOutcome>();
  auto nd = std::make_shared<NewDeclaration>(std::move(d));
  EnqueueFor(out,
      [this, nd, out](Connection& c) -> Status {
        auto& find = c.Prepare(
            "SELECT d.id, v.content_hash FROM declarations d JOIN declaration_versions v "
            "ON v.declaration_id = d.id AND v.version = 1 WHERE d.declarant_tin = ? AND d.lrn = ?");
        find.Bind(1, nd->declarant_tin).Bind(2, nd->lrn);
        if (find.Step()) {
          int64_t id = find.Int(0);
          std::string hash = find.Text(1);
          find.Reset();
          if (hash != nd->change.new_version->content_hash)
            return Status::Conflict("lrn_reused", "LRN '" + nd->lrn +
                                                      "' was already used by this declarant for a declaration with "
                                                      "different content");
          auto rec = LoadDeclaration(c, id, /*with_content=*/true);
          if (!rec.ok()) return rec.status();
          out->record = std::move(rec.value());
          out->created = false;
          return Status::Ok();
        }
        find.Reset();
        const DeclarationChange& ch = nd->change;
        if (ch.debt)
          if (Status st = CheckDebtChange(c, out->record, *ch.debt); !st.ok()) return st;
        const VersionEntry& v = *ch.new_version;
        DeclarationRecord& r = out->record;
        r.lrn = nd->lrn;
        r.declarant_tin = nd->declarant_tin;
        r.representative_tin = nd->representative_tin;
        r.type = nd->type;
        r.office = nd->office;
        r.lifecycle = ch.lifecycle;
        r.version = v.version;
        r.item_count = nd->item_count;
        r.invoice_total = nd->invoice_total;
        r.invoice_currency = nd->invoice_currency;
        r.created_ms = r.updated_ms = v.at_ms;
        r.content_json = v.content_json;
        r.content_hash = v.content_hash;
        if (ch.risk_decision) r.lane = risk::LaneName(ch.risk_decision->lane);
        if (!ch.transitions.empty()) r.updated_ms = ch.transitions.back().at_ms;
        if (ch.assign_mrn) r.mrn = AllocateMrn(c, ch.mrn_country, r.type, v.at_ms);
        auto& ins = c.Prepare(
            "INSERT INTO declarations(lrn, declarant_tin, representative_tin, mrn, type, office, state, control, "
            "resume_state, resume_control, version, item_count, invoice_total, invoice_currency, created_at, "
            "updated_at, lane) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        ins.Bind(1, r.lrn).Bind(2, r.declarant_tin).Bind(3, r.representative_tin);
        if (r.mrn.empty()) ins.BindNull(4); else ins.Bind(4, r.mrn);
        ins.Bind(5, DeclarationTypeCode(r.type)).Bind(6, r.office).Bind(7, StateName(r.lifecycle.state))
            .Bind(8, ControlTypeName(r.lifecycle.control)).Bind(9, ResumeName(r.lifecycle))
            .Bind(10, ControlTypeName(r.lifecycle.resume_control)).Bind(11, r.version).Bind(12, r.item_count)
            .Bind(13, r.invoice_total).Bind(14, r.invoice_currency).Bind(15, r.created_ms).Bind(16, r.updated_ms);
        ins.Bind(17, r.lane);
        ins.Run();
        r.id = c.LastInsertId();
        InsertVersion(c, r.id, v);
        for (const auto& t : ch.transitions) InsertTransition(c, r, t);
        if (ch.debt) {
          ApplyDebtChange(c, r, *ch.debt, r.updated_ms);
          r.debt = LoadDebt(c, r.id);
        }
        if (ch.risk_decision) ApplyRiskDecision(c, r, *ch.risk_decision, /*fresh=*/true);
        out->created = true;
        return Status::Ok();
      },
      std::move(done));
}

void SqliteStore::UpdateDeclaration(int64_t id, DecideFn decide, Done<DeclarationRecord> done) {
  auto out = std::make_shared<DeclarationRecord>();
  EnqueueFor(out,
      [this, id, decide = std::move(decide), out](Connection& c) -> Status {
        auto cur = LoadDeclaration(c, id, /*with_content=*/true);
        if (!cur.ok()) return cur.status();
        auto change = decide(cur.value());
        if (!change.ok()) return change.status();
        DeclarationRecord r = std::move(cur.value());
        const DeclarationChange& ch = change.value();
        if (ch.debt)
          if (Status st = CheckDebtChange(c, r, *ch.debt); !st.ok()) return st;
        int64_t at = NowUnixMillis();
        if (!ch.transitions.empty()) at = ch.transitions.back().at_ms;
        if (ch.new_version) {
          at = ch.new_version->at_ms;
          r.version = ch.new_version->version;
          r.content_json = ch.new_version->content_json;
          r.content_hash = ch.new_version->content_hash;
          InsertVersion(c, r.id, *ch.new_version);
        }
        if (ch.summary) {
          r.item_count = ch.summary->item_count;
          r.invoice_total = ch.summary->invoice_total;
          r.invoice_currency = ch.summary->invoice_currency;
        }
        if (ch.assign_mrn && r.mrn.empty()) r.mrn = AllocateMrn(c, ch.mrn_country, r.type, at);
        r.lifecycle = ch.lifecycle;
        r.updated_ms = at;
        c.Prepare(
             "UPDATE declarations SET state=?, control=?, resume_state=?, resume_control=?, version=?, "
             "mrn=COALESCE(mrn, NULLIF(?, '')), updated_at=?, item_count=?, invoice_total=?, invoice_currency=? "
             "WHERE id=?")
            .Bind(1, StateName(r.lifecycle.state)).Bind(2, ControlTypeName(r.lifecycle.control))
            .Bind(3, ResumeName(r.lifecycle)).Bind(4, ControlTypeName(r.lifecycle.resume_control))
            .Bind(5, r.version).Bind(6, r.mrn).Bind(7, r.updated_ms).Bind(8, r.item_count)
            .Bind(9, r.invoice_total).Bind(10, r.invoice_currency).Bind(11, r.id)
            .Run();
        for (const auto& t : ch.transitions) InsertTransition(c, r, t);
        if (ch.debt) {
          ApplyDebtChange(c, r, *ch.debt, at);
          r.debt = LoadDebt(c, r.id);
        }
        if (ch.risk_decision) {
          ApplyRiskDecision(c, r, *ch.risk_decision, /*fresh=*/false);
          r.lane = risk::LaneName(ch.risk_decision->lane);
        }
        if (ch.inspection) ApplyInspection(c, r, *ch.inspection);
        *out = std::move(r);
        return Status::Ok();
      },
      std::move(done));
}

Result<DeclarationRecord> SqliteStore::GetDeclaration(int64_t id) {
  return Read<DeclarationRecord>([&](Connection& c) { return LoadDeclaration(c, id, true); });
}

Result<DeclarationRecord> SqliteStore::GetDeclarationByMrn(const std::string& mrn) {
  return Read<DeclarationRecord>([&](Connection& c) -> Result<DeclarationRecord> {
    auto& q = c.Prepare("SELECT id FROM declarations WHERE mrn = ?");
    q.Bind(1, mrn);
    if (!q.Step()) return Status::NotFound("no declaration has MRN " + mrn);
    int64_t id = q.Int(0);
    q.Reset();
    return LoadDeclaration(c, id, true);
  });
}

Result<std::vector<DeclarationRecord>> SqliteStore::ListDeclarations(const DeclarationFilter& f) {
  // A search sees every write acknowledged before it (the index is otherwise up to
  // kSearchIndexInterval behind).
  if (!f.text.empty())
    if (Status st = CatchUpSearchIndex(); !st.ok()) return st;
  return Read<std::vector<DeclarationRecord>>([&](Connection& c) -> Result<std::vector<DeclarationRecord>> {
    std::string sql = std::string("SELECT ") + kDeclarationColumns + " FROM declarations d WHERE 1=1";
    std::vector<std::variant<std::string, int64_t>> args;
    if (!f.visible_to_org.empty()) {
      sql += " AND (d.declarant_tin = ?1 OR d.representative_tin = ?1)";  // later '?' continue at 2
      args.emplace_back(f.visible_to_org);
    }
    auto add_text = [&](const char* clause, const std::string& v) {
      if (v.empty()) return;
      sql += clause;
      args.emplace_back(v);
    };
    auto add_int = [&](const char* clause, int64_t v) {
      if (v <= 0) return;
      sql += clause;
      args.emplace_back(v);
    };
    if (!f.states.empty()) {
      sql += " AND d.state IN (";
      for (size_t i = 0; i < f.states.size(); ++i) {
        sql += i ? ", ?" : "?";
        args.emplace_back(f.states[i]);
      }
      sql += ")";
    }
    if (!f.text.empty()) {
      // LRN and MRN by substring (a scan of the caller's declarations; they are ASCII, so lower()
      // folds them); everything else through the full-text index.
      sql += " AND (instr(lower(d.lrn), lower(?)) > 0 OR instr(lower(COALESCE(d.mrn, '')), lower(?)) > 0";
      args.emplace_back(f.text);
      args.emplace_back(f.text);
      if (std::string match = sqlite::FullTextQuery(f.text); !match.empty()) {
        sql += " OR d.id IN (SELECT rowid FROM search.declaration_search(?))";
        args.emplace_back(match);
      }
      sql += ")";
    }
    add_text(" AND d.type = ?", f.type);
    add_text(" AND d.office = ?", f.office);
    add_text(" AND d.lrn = ?", f.lrn);
    add_text(" AND d.mrn = ?", f.mrn);
    add_text(" AND d.declarant_tin = ?", f.declarant_tin);
    add_text(" AND d.lane = ?", f.lane);
    add_int(" AND d.created_at >= ?", f.from_ms);
    add_int(" AND d.created_at < ?", f.to_ms);
    add_int(" AND d.id < ?", f.before_id);
    sql += " ORDER BY d.id DESC LIMIT ?";
    args.emplace_back(static_cast<int64_t>(f.limit));
    auto& q = c.Prepare(sql);
    for (size_t i = 0; i < args.size(); ++i) {
      if (const auto* text = std::get_if<std::string>(&args[i])) q.Bind(static_cast<int>(i + 1), *text);
      else q.Bind(static_cast<int>(i + 1), std::get<int64_t>(args[i]));
    }
    std::vector<DeclarationRecord> out;
    while (q.Step()) out.push_back(ReadDeclarationRow(q));
    q.Reset();
    return out;
  });
}

Result<std::vector<TransitionEntry>> SqliteStore::History(int64_t id) {
  return ReadRows<TransitionEntry>(
      "SELECT id, version, action, from_state, from_control, to_state, to_control, cusres, actor, reason, "
      "details, at, internal_reason, reason_code FROM transitions WHERE declaration_id = ? ORDER BY id",
      [&](sqlite::Stmt& q) { q.Bind(1, id); },
      [](sqlite::Stmt& q) {
        TransitionEntry t;
        t.seq = q.Int(0);
        t.version = static_cast<int>(q.Int(1));
        t.action = ActionFromName(q.Text(2)).value_or(Action::kSubmit);
        t.from.state = StateFromName(q.Text(3)).value_or(State::kDraft);
        t.from.control = ControlTypeFromName(q.Text(4)).value_or(ControlType::kNone);
        t.to.state = StateFromName(q.Text(5)).value_or(State::kDraft);
        t.to.control = ControlTypeFromName(q.Text(6)).value_or(ControlType::kNone);
        t.cusres = q.Text(7);
        t.actor = q.Text(8);
        t.reason = q.Text(9);
        t.details_json = q.Text(10);
        t.at_ms = q.Int(11);
        t.internal_reason = q.Text(12);
        t.reason_code = q.Text(13);
        return t;
      });
}

Result<std::vector<VersionEntry>> SqliteStore::Versions(int64_t id) {
  return ReadRows<VersionEntry>(
      "SELECT version, content, content_hash, reason_code, reason, changed, actor, at FROM declaration_versions "
      "WHERE declaration_id = ? ORDER BY version",
      [&](sqlite::Stmt& q) { q.Bind(1, id); },
      [](sqlite::Stmt& q) {
        return VersionEntry{static_cast<int>(q.Int(0)), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5),
                            q.Text(6), q.Int(7), std::string()};
      });
}

Result<std::vector<NotificationRecord>> SqliteStore::Notifications(const std::string& org, int64_t after, int limit,
                                                                   int64_t declaration_id, int64_t before) {
  std::string sql = "SELECT seq, org_tin, declaration_id, mrn, lrn, action, state, control, cusres, reason, at, "
                    "reason_code FROM notifications WHERE seq ";
  sql += before > 0 ? "< ?1" : "> ?1";
  if (!org.empty()) sql += " AND org_tin = ?3";
  if (declaration_id > 0) sql += " AND declaration_id = ?4";
  sql += before > 0 ? " ORDER BY seq DESC LIMIT ?2" : " ORDER BY seq LIMIT ?2";
  return ReadRows<NotificationRecord>(
      sql,
      [&](sqlite::Stmt& q) {
        q.Bind(1, before > 0 ? before : after).Bind(2, limit);
        if (!org.empty()) q.Bind(3, org);
        if (declaration_id > 0) q.Bind(4, declaration_id);
      },
      [](sqlite::Stmt& q) {
        return NotificationRecord{q.Int(0),  q.Text(1), q.Int(2),  q.Text(3), q.Text(4), q.Text(5),
                                  q.Text(6), q.Text(7), q.Text(8), q.Text(9), q.Int(10), q.Text(11)};
      });
}

Result<std::vector<ReleaseTiming>> SqliteStore::ReleasesBetween(int64_t from_ms, int64_t to_ms, const std::string& office) {
  return ReadRows<ReleaseTiming>(
      "SELECT t.declaration_id, d.office, "
      "COALESCE((SELECT x.lane FROM risk_decisions x WHERE x.declaration_id = t.declaration_id ORDER BY x.id DESC LIMIT 1), ''), "
      "COALESCE((SELECT MIN(r.at) FROM transitions r WHERE r.declaration_id = t.declaration_id AND r.action = 'register'), t.at), "
      "t.at FROM transitions t JOIN declarations d ON d.id = t.declaration_id "
      "WHERE t.action = 'release' AND t.at >= ?1 AND t.at < ?2 AND (?3 = '' OR d.office = ?3) ORDER BY t.at",
      [&](sqlite::Stmt& q) { q.Bind(1, from_ms).Bind(2, to_ms).Bind(3, office); },
      [](sqlite::Stmt& q) { return ReleaseTiming{q.Int(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4)}; });
}

Result<std::vector<std::pair<std::string, int64_t>>> SqliteStore::CountByState() {
  return ReadRows<std::pair<std::string, int64_t>>(
      "SELECT state, COUNT(*) FROM declarations GROUP BY state ORDER BY state", [](sqlite::Stmt&) {},
      [](sqlite::Stmt& q) { return std::make_pair(q.Text(0), q.Int(1)); });
}

void SqliteStore::Enqueue(std::function<Status(Connection&)> work, std::function<void(Status)> after) {
  {
    std::lock_guard lk(mu_);
    if (stopping_) {
      after(Status::Unavailable("the store is shutting down"));
      return;
    }
    queue_.push_back(Job{std::move(work), std::move(after)});
  }
  cv_.notify_one();
}

void SqliteStore::WriterLoop() {
  std::vector<Job> batch;
  std::vector<Status> results;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && static_cast<int>(batch.size()) < opts_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    results.assign(batch.size(), Status::Ok());
    // Jobs fail (with a Status) only before they write, so the batch runs without savepoints.
    // A storage error in the middle of a job rolls the whole batch back and replays it with a
    // savepoint around each job, so that only the faulty job fails.
    const auto started = std::chrono::steady_clock::now();
    bool committed = RunBatch(batch, results, /*savepoints=*/false);
    if (!committed) committed = RunBatch(batch, results, /*savepoints=*/true);
    stat_busy_ns_.fetch_add(ElapsedNs(started), std::memory_order_relaxed);
    stat_writes_.fetch_add(batch.size(), std::memory_order_relaxed);
    for (size_t i = 0; i < batch.size(); ++i) batch[i].after(std::move(results[i]));
    batch.clear();
    if (committed) {
      search_->Poke();
      std::lock_guard lk(ckpt_mu_);
      ++commits_since_checkpoint_;
    }
    ckpt_cv_.notify_one();
    // Past its limit the log is restarted here, between batches: under steady load the writer
    // takes the write lock again at once, so the checkpointer's own attempts at it never win.
    // Readers finish within milliseconds; the checkpointer has copied most frames already.
    if (wal_over_limit_.exchange(false, std::memory_order_relaxed)) {
      int log = 0, done = 0;
      int rc = sqlite3_wal_checkpoint_v2(writer_->db(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
      if (rc == SQLITE_OK) {
        stat_checkpoints_.fetch_add(1, std::memory_order_relaxed);
        stat_last_checkpoint_ms_.store(NowUnixMillis(), std::memory_order_relaxed);
      } else {
        spdlog::warn("store: the log could not be restarted ({}): {} frames, {} checkpointed", sqlite3_errmsg(writer_->db()),
                     log, done);
      }
    }
  }
}

bool SqliteStore::RunBatch(std::vector<Job>& batch, std::vector<Status>& results, bool savepoints) {
  const size_t batch_mark = ledger_sink_.Mark();
  try {
    writer_->Prepare("BEGIN IMMEDIATE").Run();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (savepoints) writer_->Prepare("SAVEPOINT job").Run();
      const size_t job_mark = ledger_sink_.Mark();
      try {
        results[i] = batch[i].work(*writer_);
      } catch (const StoreError& e) {
        if (!savepoints) throw;
        results[i] = Status::Internal("storage error: " + e.message);
      }
      if (!results[i].ok() && !savepoints && ledger_sink_.Mark() != job_mark) {
        // The job wrote ledger entries before it failed: without a savepoint its rows would be
        // committed while the tree forgets them. Replay the batch with savepoints instead.
        spdlog::warn("store: a job failed after writing ledger entries ({}); replaying its batch with savepoints",
                     results[i].ToString());
        throw StoreError{SQLITE_ABORT, "job failed after writing: " + results[i].ToString()};
      }
      if (!results[i].ok()) ledger_sink_.RollbackTo(job_mark);
      if (savepoints) {
        if (!results[i].ok()) writer_->Prepare("ROLLBACK TO job").Run();
        writer_->Prepare("RELEASE job").Run();
      }
    }
    const auto commit_started = std::chrono::steady_clock::now();
    writer_->Prepare("COMMIT").Run();
    stat_commit_ns_.fetch_add(ElapsedNs(commit_started), std::memory_order_relaxed);
    stat_commits_.fetch_add(1, std::memory_order_relaxed);
  } catch (const StoreError& e) {
    try { writer_->Exec("ROLLBACK"); } catch (const StoreError&) {}
    ledger_sink_.RollbackTo(batch_mark);
    if (!savepoints) return false;
    for (auto& r : results) r = Status::Internal("commit failed: " + e.message);
    return false;
  }
  // Durable: the tree learns the new entries before anyone is answered.
  if (!ledger_sink_.pending.empty()) {
    if (ledger_observer_)
      ledger_observer_(ledger_sink_.next - static_cast<int64_t>(ledger_sink_.pending.size()), ledger_sink_.pending);
    ledger_sink_.pending.clear();
  }
  return true;
}

Status SqliteStore::CatchUpSearchIndex() { return search_->CatchUp(); }

Store::WriterStats SqliteStore::WriterStatistics() const {
  std::error_code ec;
  auto wal = std::filesystem::file_size(opts_.path + "-wal", ec);
  return WriterStats{stat_commits_.load(), stat_writes_.load(), stat_busy_ns_.load() / 1e9, stat_commit_ns_.load() / 1e9,
                     static_cast<uint64_t>(stat_checkpoints_.load()), stat_last_checkpoint_ms_.load(),
                     ec ? 0 : static_cast<int64_t>(wal)};
}

void SqliteStore::CheckpointLoop() {
  auto opened = Connection::Open(opts_.path, /*readonly=*/false);
  if (!opened.ok()) {
    spdlog::error("store: the checkpointer cannot open the database, the log will grow: {}", opened.status().ToString());
    return;
  }
  Connection& conn = *opened.value();
  try {
    // A connection that has read nothing does not know the database is in WAL mode, and a
    // checkpoint through it does nothing at all: found in use, when the log grew to 29 GB in ten
    // minutes beside a 4 KB database. Reading the journal mode opens the log.
    conn.Exec("PRAGMA journal_mode=WAL");
    conn.Exec("PRAGMA journal_size_limit=" + std::to_string(opts_.wal_limit_bytes));
  } catch (const StoreError& e) {
    spdlog::error("store: the checkpointer cannot read the database, the log will grow: {}", e.message);
    return;
  }
  const std::string wal_path = opts_.path + "-wal";
  for (;;) {
    {
      std::unique_lock lk(ckpt_mu_);
      ckpt_cv_.wait_for(lk, std::chrono::milliseconds(100), [&] { return ckpt_stop_; });
      if (ckpt_stop_) return;
      if (commits_since_checkpoint_ == 0) continue;
      commits_since_checkpoint_ = 0;
    }
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(conn.db(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    // Readers that keep arriving can keep the log from ever starting over: past the limit, the
    // writer restarts it between two batches (WriterLoop).
    std::error_code ec;
    auto size = std::filesystem::file_size(wal_path, ec);
    if (!ec && static_cast<int64_t>(size) > opts_.wal_limit_bytes) wal_over_limit_.store(true, std::memory_order_relaxed);
    if (rc == SQLITE_OK) {
      stat_checkpoints_.fetch_add(1, std::memory_order_relaxed);
      stat_last_checkpoint_ms_.store(NowUnixMillis(), std::memory_order_relaxed);
    } else if (rc != SQLITE_BUSY) {
      spdlog::warn("store: checkpoint failed: {}", sqlite3_errmsg(conn.db()));
    }
  }
}

Result<DeclarationRecord> SqliteStore::LoadDeclaration(Connection& c, int64_t id, bool with_content) {
  auto& q = c.Prepare(std::string("SELECT ") + kDeclarationColumns +
                      ", v.content, v.content_hash FROM declarations d JOIN declaration_versions v "
                      "ON v.declaration_id = d.id AND v.version = d.version WHERE d.id = ?");
  q.Bind(1, id);
  if (!q.Step()) return Status::NotFound("no declaration with id " + std::to_string(id));
  DeclarationRecord r = ReadDeclarationRow(q);
  if (with_content) {
    r.content_json = q.Text(18);
    r.content_hash = q.Text(19);
  }
  q.Reset();
  r.debt = LoadDebt(c, id);
  return r;
}

std::string SqliteStore::AllocateMrn(Connection& c, const std::string& country, DeclarationType type, int64_t at_ms) {
  int year = std::stoi(FormatIsoDate(at_ms / 86400000).substr(0, 4));
  uint64_t serial = static_cast<uint64_t>(NextCounter(c, "mrn:" + country + ":" + std::to_string(year)));
  return MakeMrn(year, country, serial, type);
}

int64_t SqliteStore::NextCounter(Connection& c, const std::string& name) {
  auto& q = c.Prepare(
      "INSERT INTO counters(name, value) VALUES(?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 "
      "RETURNING value");
  q.Bind(1, name);
  q.Step();
  int64_t v = q.Int(0);
  q.Reset();
  return v;
}

void SqliteStore::InsertVersion(Connection& c, int64_t id, const VersionEntry& v) {
  c.Prepare(
       "INSERT INTO declaration_versions(declaration_id, version, content, content_hash, reason_code, reason, "
       "changed, actor, at, search_text, seq) "
       "VALUES(?,?,?,?,?,?,?,?,?,?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM declaration_versions))")
      .Bind(1, id).Bind(2, v.version).Bind(3, v.content_json).Bind(4, v.content_hash).Bind(5, v.reason_code)
      .Bind(6, v.reason).Bind(7, v.changed_json.empty() ? std::string("[]") : v.changed_json).Bind(8, v.actor)
      .Bind(9, v.at_ms).Bind(10, v.search_text)
      .Run();  // indexed by the search index's own thread (sqlite_search_index.h)
  sqlite::AppendLedger(c, ledger::events::Version(id, v));
}

void SqliteStore::InsertTransition(Connection& c, const DeclarationRecord& r, const TransitionEntry& t) {
  c.Prepare(
       "INSERT INTO transitions(declaration_id, version, action, from_state, from_control, to_state, to_control, "
       "cusres, actor, reason, details, at, internal_reason, reason_code) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, r.id).Bind(2, t.version ? t.version : r.version).Bind(3, ActionName(t.action))
      .Bind(4, StateName(t.from.state)).Bind(5, ControlTypeName(t.from.control)).Bind(6, StateName(t.to.state))
      .Bind(7, ControlTypeName(t.to.control)).Bind(8, t.cusres).Bind(9, t.actor).Bind(10, t.reason)
      .Bind(11, t.details_json).Bind(12, t.at_ms).Bind(13, t.internal_reason).Bind(14, t.reason_code)
      .Run();
  sqlite::AppendLedger(c, ledger::events::Transition(r.id, r.mrn, r.version, t));
  auto notify = [&](const std::string& org) {
    c.Prepare(
         "INSERT INTO notifications(org_tin, declaration_id, mrn, lrn, action, state, control, cusres, reason, at, "
         "reason_code) VALUES(?,?,?,?,?,?,?,?,?,?,?)")
        .Bind(1, org).Bind(2, r.id).Bind(3, r.mrn).Bind(4, r.lrn).Bind(5, ActionName(t.action))
        .Bind(6, StateName(t.to.state)).Bind(7, ControlTypeName(t.to.control)).Bind(8, t.cusres).Bind(9, t.reason)
        .Bind(10, t.at_ms).Bind(11, t.reason_code)
        .Run();
  };
  notify(r.declarant_tin);
  if (!r.representative_tin.empty() && r.representative_tin != r.declarant_tin) notify(r.representative_tin);
}

}  // namespace oc::detail

namespace oc {

Result<CreateOutcome> DeclarationStore::CreateDeclarationSync(NewDeclaration d) {
  return AwaitDone<CreateOutcome>([&](Done<CreateOutcome> done) { CreateDeclaration(std::move(d), std::move(done)); });
}
Result<DeclarationRecord> DeclarationStore::UpdateDeclarationSync(int64_t id, DecideFn decide) {
  return AwaitDone<DeclarationRecord>([&](Done<DeclarationRecord> done) { UpdateDeclaration(id, std::move(decide), std::move(done)); });
}
Result<UserRecord> IdentityStore::CreateUserSync(UserRecord u) {
  return AwaitDone<UserRecord>([&](Done<UserRecord> done) { CreateUser(std::move(u), std::move(done)); });
}
Result<ApiKeyRecord> IdentityStore::CreateApiKeySync(ApiKeyRecord k) {
  return AwaitDone<ApiKeyRecord>([&](Done<ApiKeyRecord> done) { CreateApiKey(std::move(k), std::move(done)); });
}
Result<WebhookRecord> NotificationStore::PutWebhookSync(WebhookRecord w) {
  return AwaitDone<WebhookRecord>([&](Done<WebhookRecord> done) { PutWebhook(std::move(w), std::move(done)); });
}
Result<Organisation> IdentityStore::PutOrganisationSync(Organisation o) {
  return AwaitDone<Organisation>([&](Done<Organisation> done) { PutOrganisation(std::move(o), std::move(done)); });
}

}  // namespace oc

namespace oc::detail {

std::string SqliteStore::SealSecret(std::string_view plain) const {
  if (!opts_.secrets || plain.empty()) return std::string(plain);
  return opts_.secrets->Seal(plain);
}

std::string SqliteStore::OpenSecret(std::string_view stored) const {
  if (!SecretBox::IsSealed(stored)) return std::string(stored);
  if (!opts_.secrets) throw StoreError{0, "a secret is sealed but the store was opened without secrets.key"};
  auto plain = opts_.secrets->Open(stored);
  if (!plain.ok()) throw StoreError{0, plain.status().message()};
  return plain.value();
}

Status SqliteStore::SealPlainSecrets() {
  if (!opts_.secrets) return Status::Ok();
  try {
    writer_->Exec("BEGIN IMMEDIATE");
    struct Column { const char* table; const char* key; const char* column; bool blob; };
    for (const Column& col : {Column{"webhooks", "org_tin", "secret", false}, Column{"banks", "id", "key", false},
                              Column{"users", "id", "totp_secret", true}}) {
      std::vector<std::pair<std::string, std::string>> plain;
      auto& q = writer_->Prepare(std::string("SELECT ") + col.key + ", " + col.column + " FROM " + col.table +
                                 " WHERE length(" + col.column + ") > 0 AND CAST(" + col.column +
                                 " AS TEXT) NOT LIKE 'sealed:1:%'");
      while (q.Step()) plain.emplace_back(q.Text(0), col.blob ? q.Blob(1) : q.Text(1));
      q.Reset();
      for (const auto& [key, value] : plain) {
        auto& u = writer_->Prepare(std::string("UPDATE ") + col.table + " SET " + col.column + " = ? WHERE " + col.key +
                                   " = ?");
        if (col.blob) u.BindBlob(1, SealSecret(value)); else u.Bind(1, SealSecret(value));
        u.Bind(2, key).Run();
      }
    }
    writer_->Exec("COMMIT");
  } catch (const StoreError& e) {
    try { writer_->Exec("ROLLBACK"); } catch (const StoreError&) {}
    return Status::Internal("cannot seal the stored secrets: " + e.message);
  }
  return Status::Ok();
}

}  // namespace oc::detail

namespace oc {

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  auto s = std::make_unique<detail::SqliteStore>(options);
  Status st = s->Open();
  if (!st.ok()) return st;
  return std::unique_ptr<Store>(std::move(s));
}

int SqliteSchemaVersion() { return sqlite::LatestSchemaVersion(); }

}  // namespace oc
