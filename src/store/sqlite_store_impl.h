// Private to store/: the SQLite backend's class, shared by its implementation files —
// sqlite_store.cc (declarations, group commit, checkpoints) and sqlite_store_accounts.cc
// (users, API keys, webhooks) and sqlite_store_payments.cc (debts, orders, guarantees, receipts) and sqlite_store_risk.cc (criteria,
// decisions, inspections, profiles, unit values, models).
// Nothing outside store/ includes this.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite_search_index.h"
#include "store/sqlite_store_ledger.h"
#include "store/sqlite_util.h"
#include "store/store.h"

namespace oc::detail {

using sqlite::Connection;
using sqlite::StoreError;

// One writer thread commits writes in groups; readers use a pool of WAL connections.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteOptions opts) : opts_(std::move(opts)) {}

  Status Open();
  ~SqliteStore() override;
  // ---------------------------------------------------------------- declarations

  void CreateDeclaration(NewDeclaration d, Done<CreateOutcome> done) override;
  void UpdateDeclaration(int64_t id, DecideFn decide, Done<DeclarationRecord> done) override;
  Result<DeclarationRecord> GetDeclaration(int64_t id) override;
  Result<DeclarationRecord> GetDeclarationByMrn(const std::string& mrn) override;
  Result<std::vector<DeclarationRecord>> ListDeclarations(const DeclarationFilter& f) override;
  Result<std::vector<TransitionEntry>> History(int64_t id) override;
  Result<std::vector<VersionEntry>> Versions(int64_t id) override;
  Result<std::vector<NotificationRecord>> Notifications(const std::string& org, int64_t after, int limit,
                                                        int64_t declaration_id, int64_t before) override;
  Result<std::vector<std::pair<std::string, int64_t>>> CountByState() override;
  WriterStats WriterStatistics() const override;
  Result<std::vector<ReleaseTiming>> ReleasesBetween(int64_t from_ms, int64_t to_ms, const std::string& office) override;
  // ---------------------------------------------------------------- identity

  void CreateUser(UserRecord u, Done<UserRecord> done) override;
  Result<UserRecord> FindUser(const std::string& username) override;
  Result<UserRecord> GetUser(int64_t id) override;
  Result<std::vector<UserRecord>> ListUsers() override;
  void UpdateUser(int64_t id, UserChange change, Done<UserRecord> done) override;
  void CreateApiKey(ApiKeyRecord k, Done<ApiKeyRecord> done) override;
  Result<ApiKeyRecord> FindApiKey(const std::string& key_hash) override;
  Result<std::vector<ApiKeyRecord>> ListApiKeys(int64_t user_id) override;
  void RevokeApiKey(int64_t id, int64_t at_ms, Done<ApiKeyRecord> done) override;
  void CreateSession(SessionRecord s, Done<SessionRecord> done) override;
  Result<SessionRecord> GetSession(const std::string& id) override;
  void RevokeSessions(int64_t user_id, std::string id, int64_t at_ms, Done<int64_t> done) override;
  void AppendSecurityEvent(SecurityEvent e, Done<SecurityEvent> done) override;
  Result<std::vector<SecurityEvent>> SecurityEvents(int64_t after, int limit) override;
  void PutSetting(std::string name, std::string value, Done<bool> done) override;
  Result<std::string> GetSetting(const std::string& name) override;
  // ---------------------------------------------------------------- webhooks

  void PutWebhook(WebhookRecord w, Done<WebhookRecord> done) override;
  void DeleteWebhook(const std::string& org, Done<bool> done) override;
  Result<std::vector<WebhookRecord>> ListWebhooks() override;
  void PutOrganisation(Organisation o, Done<Organisation> done) override;
  Result<Organisation> GetOrganisation(const std::string& tin) override;
  void RecordWebhookDelivery(const std::string& org, int64_t cursor, int failures, std::string last_error,
                             Done<bool> done) override;
  // ---------------------------------------------------------------- payments

  Result<payment::PaymentOrder> GetPaymentOrder(const std::string& reference) override;
  Result<std::vector<payment::PaymentOrder>> ListPaymentOrders(const PaymentFilter& f) override;
  void SettleByBank(payment::BankConfirmation c, Done<payment::Settlement> done) override;
  void SettleByDeferred(std::string order_reference, std::string account_id, Done<payment::Settlement> done) override;
  void PutBank(payment::Bank b, Done<payment::Bank> done) override;
  Result<payment::Bank> GetBank(const std::string& id) override;
  Result<std::vector<payment::Bank>> ListBanks() override;
  void CreateDeferredAccount(payment::DeferredAccount a, Done<payment::DeferredAccount> done) override;
  Result<payment::DeferredAccount> GetDeferredAccount(const std::string& id) override;
  Result<std::vector<payment::DeferredAccount>> ListDeferredAccounts(const std::string& org) override;
  void CreateGuarantee(payment::Guarantee g, Done<payment::Guarantee> done) override;
  Result<payment::Guarantee> GetGuarantee(const std::string& reference) override;
  Result<std::vector<payment::Guarantee>> ListGuarantees(const std::string& org) override;
  Result<payment::Refund> GetRefund(const std::string& reference) override;
  Result<std::vector<payment::Refund>> ListRefunds(const PaymentFilter& f) override;
  void PayRefund(std::string reference, std::string details, Done<payment::Settlement> done) override;
  Result<payment::Receipt> GetReceipt(const std::string& number) override;
  Result<std::vector<payment::Receipt>> ListReceipts(const PaymentFilter& f) override;
  Result<std::vector<payment::RevenueRow>> Revenue(const std::string& from_day, const std::string& to_day,
                                                   const std::string& office) override;
  // ---------------------------------------------------------------- risk (sqlite_store_risk.cc)

  void CreateCriterion(risk::Criterion c, Done<risk::Criterion> done) override;
  void ApproveCriterion(std::string id, int version, std::string officer, Done<risk::Criterion> done) override;
  void RetireCriterion(std::string id, std::string officer, Done<risk::Criterion> done) override;
  Result<std::vector<risk::Criterion>> ListCriteria(bool all_versions) override;
  Result<risk::Criterion> GetCriterion(const std::string& id, int version) override;
  void PutRiskList(risk::NamedList l, Done<risk::NamedList> done) override;
  Result<std::vector<risk::NamedList>> ListRiskLists() override;
  Result<risk::Decision> GetRiskDecision(int64_t declaration_id) override;
  Result<std::vector<risk::Inspection>> Inspections(int64_t declaration_id) override;
  Result<std::vector<risk::DecisionHistory>> DecisionsSince(int64_t since_ms) override;
  Result<risk::TraderProfile> GetTraderProfile(const std::string& tin) override;
  void SetAeo(std::string tin, bool aeo, Done<risk::TraderProfile> done) override;
  Result<std::pair<int64_t, int64_t>> InspectionTotals() override;
  Result<std::vector<risk::UnitValueObservation>> UnitValues(const std::string& hs6, int64_t since_day,
                                                                 int limit) override;
  void AppendUnitValues(std::vector<risk::UnitValueObservation> values, Done<bool> done) override;
  void PutRiskModel(risk::ModelEntry m, std::string content, Done<risk::ModelEntry> done) override;
  void SetRiskModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done) override;
  Result<std::vector<risk::ModelEntry>> ListRiskModels() override;
  Result<std::string> RiskModelContent(const std::string& version) override;
  // ---------------------------------------------------------------- ledger (sqlite_store_ledger.cc)

  void SetLedgerObserver(LedgerObserver observer) override;
  Result<int64_t> LedgerSize() override;
  Result<std::vector<LedgerEntry>> LedgerEntries(int64_t start, int64_t end) override;
  Result<std::vector<ledger::Hash>> LedgerLeafHashes(int64_t start, int64_t end) override;
  Result<int64_t> LedgerIndexOfLeaf(const ledger::Hash& leaf_hash) override;
  Status ScanLedger(int64_t start, int64_t end, const LedgerRowFn& row) override;
  Result<std::vector<int64_t>> LedgerIndexesOf(int64_t declaration_id) override;
  void PutLedgerCheckpoint(LedgerCheckpointRecord c, Done<bool> done) override;
  Result<std::vector<LedgerCheckpointRecord>> LedgerCheckpoints() override;
  void AppendLedgerEntries(std::vector<NewLedgerEntry> entries, Done<int64_t> done) override;
  Result<std::vector<WitnessStateRecord>> WitnessStates() override;
  void PutWitnessState(WitnessStateRecord s, int64_t expected_size, Done<bool> done) override;
  void PutPartnerDocument(PartnerDocumentRecord d, Done<PartnerDocumentRecord> done) override;
  Result<PartnerDocumentRecord> GetPartnerDocument(int64_t id) override;
  Result<std::vector<PartnerDocumentRecord>> FindPartnerDocuments(const std::string& reference, int limit) override;

  // ---------------------------------------------------------------- devices
  void PutDevice(tracking::Device d, Done<tracking::Device> done) override;
  void UpdateDevice(tracking::Device d, Done<tracking::Device> done) override;
  Result<tracking::Device> GetDevice(const std::string& id) override;
  Result<std::vector<tracking::Device>> ListDevices(const std::string& owner_tin, const std::string& after_id,
                                                    int limit) override;

  // ---------------------------------------------------------------- journeys (sqlite_store_journeys.cc)
  void PutRoute(tracking::RouteEntry r, Done<tracking::RouteEntry> done) override;
  Result<tracking::RouteEntry> GetRoute(const std::string& id, int version) override;
  Result<std::vector<tracking::RouteEntry>> ListRoutes() override;
  void CreateJourney(tracking::Journey j, Done<tracking::Journey> done) override;
  Result<tracking::Journey> GetJourney(int64_t id) override;
  Result<tracking::Journey> JourneyOfDeclaration(int64_t declaration_id) override;
  Result<std::vector<tracking::Journey>> ListJourneys(const JourneyFilter& f) override;
  void AppendAlerts(std::vector<tracking::JourneyAlert> alerts, Done<std::vector<tracking::JourneyAlert>> done) override;
  Result<tracking::JourneyAlert> GetAlert(int64_t id) override;
  Result<std::vector<tracking::JourneyAlert>> ListAlerts(const AlertFilter& f) override;
  void MoveAlert(int64_t id, tracking::AlertState to, std::string by, std::string note, int64_t at_ms,
                 Done<tracking::JourneyAlert> done) override;
  void CloseJourney(tracking::Journey j, Done<tracking::Journey> done) override;

  // ScanStore (sqlite_store_scans.cc)
  void AddScan(ScanRecord scan, Done<ScanRecord> done) override;
  Result<ScanRecord> GetScan(int64_t id) override;
  Result<std::vector<ScanRecord>> ListScans(int64_t declaration_id) override;

 private:
  // A write. `work` runs inside the batch transaction and may fail with a Status only before it
  // has written anything (checks first, then writes); `after` gets the outcome once durable.
  struct Job {
    std::function<Status(Connection&)> work;
    std::function<void(Status)> after;
  };

  // Enqueues a job whose result is *out, handed to done once durable.
  template <typename T>
  void EnqueueFor(std::shared_ptr<T> out, std::function<Status(Connection&)> work, Done<T> done) {
    Enqueue(std::move(work), [out, done = std::move(done)](Status st) {
      if (st.ok()) done(std::move(*out)); else done(st);
    });
  }

  void Enqueue(std::function<Status(Connection&)> work, std::function<void(Status)> after);

  void WriterLoop();
  // Brings the search index up to every acknowledged write (a search's read-your-writes).
  Status CatchUpSearchIndex();

  // Runs the batch in one transaction. Returns false, with everything rolled back, if a job
  // raised a storage error and savepoints were off; with savepoints only the failing jobs fail.
  bool RunBatch(std::vector<Job>& batch, std::vector<Status>& results, bool savepoints);

  void CheckpointLoop();

  // Runs a query on a reader connection and maps every row with `row`.
  template <typename T, typename BindFn, typename RowFn>
  Result<std::vector<T>> ReadRows(const std::string& sql, BindFn bind, RowFn row) {
    return Read<std::vector<T>>([&](Connection& c) -> Result<std::vector<T>> {
      auto& q = c.Prepare(sql);
      bind(q);
      std::vector<T> out;
      while (q.Step()) out.push_back(row(q));
      q.Reset();
      return out;
    });
  }

  template <typename T, typename F>
  Result<T> Read(F f) {
    std::unique_ptr<Connection> c;
    {
      std::lock_guard lk(pool_mu_);
      if (!pool_.empty()) {
        c = std::move(pool_.back());
        pool_.pop_back();
      }
    }
    if (!c) {
      auto opened = Connection::Open(opts_.path, /*readonly=*/true);
      if (!opened.ok()) return opened.status();
      c = std::move(opened.value());
      try {  // the search index is read beside the store (ListDeclarations)
        c->Prepare("ATTACH DATABASE ? AS search").Bind(1, sqlite::SearchIndex::PathFor(opts_.path)).Run();
      } catch (const StoreError& e) {
        return Status::Internal("cannot open the search index: " + e.message);
      }
    }
    Result<T> out = Status::Internal("unreachable");
    try {
      out = f(*c);
    } catch (const StoreError& e) {
      out = Status::Internal("storage error: " + e.message);
    }
    std::lock_guard lk(pool_mu_);
    pool_.push_back(std::move(c));
    return out;
  }

  static Result<DeclarationRecord> LoadDeclaration(Connection& c, int64_t id, bool with_content);

  UserRecord UserFromRow(sqlite::Stmt& q) const;

  Result<UserRecord> LoadUser(Connection& c, const char* sql, const std::string& key, std::string not_found) const;

  // Secrets at rest (SqliteOptions::secrets): sealed when written, opened when read; a sealed
  // value that does not open throws StoreError (an Internal status to the caller).
  std::string SealSecret(std::string_view plain) const;
  std::string OpenSecret(std::string_view stored) const;
  // Seals the secrets written before sealing existed (or before the store had a key).
  Status SealPlainSecrets();

  static std::string AllocateMrn(Connection& c, const std::string& country, DeclarationType type, int64_t at_ms);

  static void InsertVersion(Connection& c, int64_t id, const VersionEntry& v);

  static void InsertTransition(Connection& c, const DeclarationRecord& r, const TransitionEntry& t);

  // The debt of a declaration, part of every single-declaration read (sqlite_store_payments.cc).
  static std::optional<payment::Debt> LoadDebt(Connection& c, int64_t declaration_id);
  // Read-only checks of a debt change (the guarantee it reserves); run before anything is written.
  static Status CheckDebtChange(Connection& c, const DeclarationRecord& r, const payment::DebtChange& ch);
  static void ApplyDebtChange(Connection& c, const DeclarationRecord& r, const payment::DebtChange& ch, int64_t at);
  // The risk parts of a declaration change (sqlite_store_risk.cc), after the lifecycle is written.
  // `fresh`: the declaration is inserted in this transaction with its lane (nothing to replace).
  static void ApplyRiskDecision(Connection& c, const DeclarationRecord& r, const risk::Decision& d, bool fresh);
  static void ApplyInspection(Connection& c, const DeclarationRecord& r, risk::Inspection i);
  static risk::TraderProfile LoadProfile(Connection& c, const std::string& tin);
  // Derives the unit values of decisions taken at registration after the last bulk write (a
  // crash in between) from their stored facts. Runs once, when the store opens.
  static void RecoverUnitValues(Connection& c);
  // The next value of a named counter (1, 2, ...), in the write transaction.
  static int64_t NextCounter(Connection& c, const std::string& name);

  SqliteOptions opts_;
  std::unique_ptr<Connection> writer_;
  sqlite::LedgerSink ledger_sink_;  // the writer's: entries of the open transaction
  LedgerObserver ledger_observer_;
  std::unique_ptr<sqlite::SearchIndex> search_;
  // WriterStatistics: written by the writer thread only.
  std::atomic<uint64_t> stat_commits_{0}, stat_writes_{0}, stat_busy_ns_{0}, stat_commit_ns_{0};
  std::thread writer_thread_, checkpoint_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::mutex ckpt_mu_;
  std::condition_variable ckpt_cv_;
  bool ckpt_stop_ = false;
  int commits_since_checkpoint_ = 0;
  std::atomic<int64_t> stat_checkpoints_{0}, stat_last_checkpoint_ms_{0};
  std::atomic<bool> wal_over_limit_{false};  // set by the checkpointer, acted on by the writer
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> pool_;
};

}  // namespace oc::detail
