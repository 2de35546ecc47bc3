// Store: the storage interface every backend implements (SQLite embedded now, PostgreSQL later).
//
// Contract shared by all backends:
//  * Writes are asynchronous. `done` is called exactly once, after the write is durable (committed
//    and synced) or has definitely failed; it runs on a store thread and must not block.
//    Backends commit many writes in one transaction (group commit); writes from one caller are
//    applied in the order they were submitted.
//  * Reads are synchronous, thread-safe, and see every write whose `done` has been called.
//  * Errors come back as Status (NotFound, Conflict, Internal), never as exceptions.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "declaration/clearance_times.h"
#include "declaration/declaration.h"
#include "declaration/lifecycle.h"
#include "declaration/records.h"
#include "identity/organisation.h"
#include "identity/principal.h"
#include "ledger/merkle.h"
#include "payment/debt.h"
#include "risk/decision.h"
#include "risk/profile.h"

namespace oc {

template <typename T>
using Done = std::function<void(Result<T>)>;

// Blocks until `call` hands its Done a result (for blocking threads, never the store's writer).
template <typename T, typename Call>
Result<T> AwaitDone(Call call) {
  std::promise<Result<T>> p;
  auto f = p.get_future();
  call([&p](Result<T> r) { p.set_value(std::move(r)); });
  return f.get();
}

struct DeclarationRecord {
  int64_t id = 0;
  std::string lrn, declarant_tin, representative_tin, mrn;
  DeclarationType type = DeclarationType::kImport;
  std::string office;
  LifecycleState lifecycle;
  int version = 0;
  std::string content_json, content_hash;
  int item_count = 0;
  std::string invoice_total, invoice_currency;
  int64_t created_ms = 0, updated_ms = 0;
  // The debt of its latest assessment; loaded by single-declaration reads, not by lists.
  std::optional<payment::Debt> debt;
  std::string lane;  // the risk decision's lane ("" before one); in lists too
};

// What a create or update writes. For creation, `lifecycle` is the initial state.
struct DeclarationChange {
  LifecycleState lifecycle;
  std::optional<VersionEntry> new_version;  // set when the content changes (and on creation)
  std::vector<TransitionEntry> transitions; // recorded in order; each also notifies the declarant
  bool assign_mrn = false;                  // allocate an MRN in this transaction
  std::string mrn_country;                  // country of the MRN to allocate
  // Applied in the same transaction. A guarantee reservation is checked first: NotFound
  // ("unknown_guarantee"), Forbidden (another organisation's), Conflict("guarantee_insufficient")
  // fail the whole update with nothing written.
  std::optional<payment::DebtChange> debt;
  // The risk decision of the current version: stored, the lane set on the declaration, the
  // accountable trader's profile counted, the unit values added to the reference history and
  // each fired criterion's count raised, all in this transaction.
  std::optional<risk::Decision> risk_decision;
  // An inspection result: stored, and the trader's profile and the hit counts of the criteria
  // that fired on the latest decision updated with it.
  std::optional<risk::Inspection> inspection;
};

struct NewDeclaration {
  std::string lrn, declarant_tin, representative_tin, office;
  DeclarationType type = DeclarationType::kImport;
  int item_count = 0;
  std::string invoice_total, invoice_currency;
  DeclarationChange change;  // new_version must be set
};

struct CreateOutcome {
  DeclarationRecord record;
  bool created = false;  // false: the same LRN with the same content was lodged before (idempotent replay)
};

// Decides an update from the current record, inside the write transaction.
using DecideFn = std::function<Result<DeclarationChange>(const DeclarationRecord& current)>;

struct DeclarationFilter {
  std::string visible_to_org;  // "" = everything (customs staff); else declarant or representative TIN
  std::vector<std::string> states;  // any of these; empty = every state
  std::string type, office, lrn, mrn, declarant_tin, lane;
  // "" = no search; else declarations whose LRN or MRN contains it (case-insensitive), or whose
  // search text (SearchText: invoice, parties, goods, codes, documents) has every word of it,
  // each as a word or a word's beginning, ignoring case and diacritics.
  std::string text;
  int64_t from_ms = 0, to_ms = 0;  // created_at range; 0 = open
  int64_t before_id = 0;           // pagination cursor: ids strictly below this; 0 = from the newest
  int limit = 50;
};

struct NotificationRecord {
  int64_t seq = 0;
  std::string org_tin;
  int64_t declaration_id = 0;
  std::string mrn, lrn, action, state, control, cusres, reason;
  int64_t at_ms = 0;
};

struct UserRecord {
  int64_t id = 0;
  std::string username;
  Role role = Role::kTrader;
  std::string org_tin, password_hash;
  int64_t created_ms = 0;
};

struct ApiKeyRecord {
  int64_t id = 0, user_id = 0;
  std::string name, key_hash;
  int64_t created_ms = 0;
};

struct WebhookRecord {
  std::string org_tin, url, secret;
  int64_t cursor = 0;  // last notification seq delivered
  int failures = 0;
  std::string last_error;
};

struct PaymentFilter {
  int64_t declaration_id = 0;  // 0 = any
  std::string org_tin;         // "" = any
  std::string status;          // "" = any
  int limit = 100;
};

// One entry of the ledger: the canonical JSON of a decision (docs/notes/ledger.md).
struct LedgerEntry {
  int64_t index = 0;
  std::string type;            // transition, lodgement, amendment, assessment, risk_decision, inspection, receipt
  int64_t declaration_id = 0;  // 0 when the event is not about a declaration
  int64_t at_ms = 0;
  ledger::Hash leaf_hash{};
  std::string data;  // the leaf bytes (RFC 8785 JSON)
};

struct LedgerCheckpointRecord {
  int64_t size = 0;
  ledger::Hash root{};
  std::string note;  // the signed note as published
  int64_t at_ms = 0;
};

// An entry appended on its own (not as part of a decision the store writes): an exported document.
struct NewLedgerEntry {
  std::string type;
  int64_t declaration_id = 0;
  int64_t at_ms = 0;
  std::string event_json;  // a JSON object: the entry's "event"
};

// The latest checkpoint this instance's witness cosigned for a partner's log.
struct WitnessStateRecord {
  std::string origin;
  int64_t size = 0;
  ledger::Hash root{};
  std::string note;  // the checkpoint as cosigned
  int64_t at_ms = 0;
};

// A partner administration's document imported from a verified bundle.
struct PartnerDocumentRecord {
  int64_t id = 0;
  std::string issuer;      // the partner log's origin
  int64_t leaf_index = 0;  // of the entry in the partner's log
  std::string kind;        // export_declaration, certificate_of_origin
  std::string reference;   // the document's number at the issuer (an export MRN)
  std::string document;    // JSON
  std::string bundle;      // the bundle as received, kept as evidence
  int64_t tree_size = 0;   // of the checkpoint it was verified against
  int64_t imported_at_ms = 0;
  std::string imported_by;
  bool created = false;    // PutPartnerDocument: false when the same entry was imported before
};

class Store {
 public:
  virtual ~Store() = default;

  // --- declarations ---
  // Inserts a declaration unless (declarant_tin, lrn) exists: same content hash -> the existing
  // record with created=false; different content -> Conflict("lrn_reused"). The change's debt and
  // risk decision (taken at registration) are written in the same transaction as the insert.
  virtual void CreateDeclaration(NewDeclaration d, Done<CreateOutcome> done) = 0;
  // Applies decide(current) atomically. NotFound if `id` is unknown; decide's error is passed through.
  virtual void UpdateDeclaration(int64_t id, DecideFn decide, Done<DeclarationRecord> done) = 0;

  virtual Result<DeclarationRecord> GetDeclaration(int64_t id) = 0;
  virtual Result<DeclarationRecord> GetDeclarationByMrn(const std::string& mrn) = 0;
  virtual Result<std::vector<DeclarationRecord>> ListDeclarations(const DeclarationFilter& f) = 0;  // newest first, no content
  virtual Result<std::vector<TransitionEntry>> History(int64_t id) = 0;
  virtual Result<std::vector<VersionEntry>> Versions(int64_t id) = 0;
  // Notifications with seq > after, oldest first; org "" = all orgs; declaration_id 0 = all.
  virtual Result<std::vector<NotificationRecord>> Notifications(const std::string& org, int64_t after, int limit,
                                                                int64_t declaration_id = 0) = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountByState() = 0;
  // Cumulative figures of the write path since the store opened (for /metrics): how busy the
  // single writer is tells whether writes queue behind it. Thread-safe, lock-free.
  struct WriterStats {
    uint64_t commits = 0;         // group commits (transactions)
    uint64_t writes = 0;          // write jobs in them
    double busy_seconds = 0;      // running batches, commit included
    double commit_seconds = 0;    // in COMMIT (WAL write and fsync)
  };
  virtual WriterStats WriterStatistics() const = 0;
  // Declarations released in [from_ms, to_ms) (at `office`; "" = all) with when they were first
  // registered and the lane of their latest risk decision, by release time.
  virtual Result<std::vector<ReleaseTiming>> ReleasesBetween(int64_t from_ms, int64_t to_ms, const std::string& office) = 0;

  // --- identity ---
  virtual void CreateUser(UserRecord u, Done<UserRecord> done) = 0;  // Conflict("username_taken")
  virtual Result<UserRecord> FindUser(const std::string& username) = 0;
  virtual Result<UserRecord> GetUser(int64_t id) = 0;
  virtual Result<std::vector<UserRecord>> ListUsers() = 0;
  virtual void CreateApiKey(ApiKeyRecord k, Done<ApiKeyRecord> done) = 0;
  virtual Result<ApiKeyRecord> FindApiKey(const std::string& key_hash) = 0;

  // --- organisations (the registry of traders' names and addresses) ---
  // Inserts or replaces the organisation with o.tin; the stored record back.
  virtual void PutOrganisation(Organisation o, Done<Organisation> done) = 0;
  virtual Result<Organisation> GetOrganisation(const std::string& tin) = 0;  // NotFound("unknown_organisation")

  // --- webhooks ---
  virtual void PutWebhook(WebhookRecord w, Done<WebhookRecord> done) = 0;  // insert or replace; keeps cursor at the newest seq
  virtual void DeleteWebhook(const std::string& org, Done<bool> done) = 0;
  virtual Result<std::vector<WebhookRecord>> ListWebhooks() = 0;
  virtual void RecordWebhookDelivery(const std::string& org, int64_t cursor, int failures, std::string last_error,
                                     Done<bool> done) = 0;

  // --- payments (amounts in cents; see payment/records.h) ---
  virtual Result<payment::PaymentOrder> GetPaymentOrder(const std::string& reference) = 0;
  virtual Result<std::vector<payment::PaymentOrder>> ListPaymentOrders(const PaymentFilter& f) = 0;  // newest first
  // Applies a verified bank confirmation to the order (or deferred account) it names, issuing a
  // receipt and recording revenue. Idempotent on (bank, bank_ref): the same confirmation again
  // gives the first settlement with replay=true; different content under that bank_ref is
  // Conflict("bank_ref_reused"). NotFound("unknown_order"); the checks of payment/settlement.h
  // (amount_mismatch, order_not_open...) fail it with nothing written.
  virtual void SettleByBank(payment::BankConfirmation c, Done<payment::Settlement> done) = 0;
  // Charges an open order to a deferred-payment account of the order's organisation within its limit.
  virtual void SettleByDeferred(std::string order_reference, std::string account_id, Done<payment::Settlement> done) = 0;
  virtual void PutBank(payment::Bank b, Done<payment::Bank> done) = 0;  // insert or replace the key
  virtual Result<payment::Bank> GetBank(const std::string& id) = 0;
  virtual Result<std::vector<payment::Bank>> ListBanks() = 0;
  virtual void CreateDeferredAccount(payment::DeferredAccount a, Done<payment::DeferredAccount> done) = 0;  // assigns id
  virtual Result<payment::DeferredAccount> GetDeferredAccount(const std::string& id) = 0;
  virtual Result<std::vector<payment::DeferredAccount>> ListDeferredAccounts(const std::string& org) = 0;  // "" = all
  // Conflict("guarantee_exists") when the reference is taken; a reference is assigned when empty.
  virtual void CreateGuarantee(payment::Guarantee g, Done<payment::Guarantee> done) = 0;
  virtual Result<payment::Guarantee> GetGuarantee(const std::string& reference) = 0;
  virtual Result<std::vector<payment::Guarantee>> ListGuarantees(const std::string& org) = 0;  // "" = all
  virtual Result<payment::Refund> GetRefund(const std::string& reference) = 0;
  virtual Result<std::vector<payment::Refund>> ListRefunds(const PaymentFilter& f) = 0;  // newest first
  // Pays a due refund: receipt, negative revenue. Conflict("refund_not_due") when already paid.
  virtual void PayRefund(std::string reference, std::string details, Done<payment::Settlement> done) = 0;
  virtual Result<payment::Receipt> GetReceipt(const std::string& number) = 0;
  virtual Result<std::vector<payment::Receipt>> ListReceipts(const PaymentFilter& f) = 0;  // newest first
  // Collected and refunded per day, office and tax for days in [from_day, to_day] ("YYYY-MM-DD").
  virtual Result<std::vector<payment::RevenueRow>> Revenue(const std::string& from_day, const std::string& to_day,
                                                           const std::string& office) = 0;

  // --- risk (criteria, lists, decisions, inspections, profiles, unit values, models) ---
  // Stores a criterion as pending: a new id ("RC-0001"...) when c.id is empty, else the next
  // version of c.id (NotFound("unknown_criterion")).
  virtual void CreateCriterion(risk::Criterion c, Done<risk::Criterion> done) = 0;
  // Activates a pending version, superseding the id's active one. Conflict("not_pending");
  // Forbidden("same_officer") when `officer` created it (four eyes); NotFound("unknown_criterion").
  virtual void ApproveCriterion(std::string id, int version, std::string officer, Done<risk::Criterion> done) = 0;
  // Retires the id's active or pending version. Conflict("not_active") when none is.
  virtual void RetireCriterion(std::string id, std::string officer, Done<risk::Criterion> done) = 0;
  // All versions when all_versions, else the latest version of each id; by id.
  virtual Result<std::vector<risk::Criterion>> ListCriteria(bool all_versions) = 0;
  virtual Result<risk::Criterion> GetCriterion(const std::string& id, int version) = 0;  // 0 = latest
  virtual void PutRiskList(risk::NamedList l, Done<risk::NamedList> done) = 0;  // insert or replace
  virtual Result<std::vector<risk::NamedList>> ListRiskLists() = 0;
  // The latest decision of a declaration; NotFound("no_decision") before one.
  virtual Result<risk::Decision> GetRiskDecision(int64_t declaration_id) = 0;
  virtual Result<std::vector<risk::Inspection>> Inspections(int64_t declaration_id) = 0;
  // Decisions made at or after since_ms with their facts and outcome, oldest first.
  virtual Result<std::vector<risk::DecisionHistory>> DecisionsSince(int64_t since_ms) = 0;
  // A trader's profile (all zero for an unknown TIN).
  virtual Result<risk::TraderProfile> GetTraderProfile(const std::string& tin) = 0;
  virtual void SetAeo(std::string tin, bool aeo, Done<risk::TraderProfile> done) = 0;
  // Inspections and hits over all traders: the prior of smoothed hit rates.
  virtual Result<std::pair<int64_t, int64_t>> InspectionTotals() = 0;
  // The newest `limit` unit values of a commodity on or after since_day, newest first (by day,
  // then declaration id), with their origins, days and declarations.
  virtual Result<std::vector<risk::UnitValueObservation>> UnitValues(const std::string& hs6, int64_t since_day,
                                                                     int limit) = 0;
  // Adds the unit values of decisions taken at registration (CreateDeclaration writes the decision
  // but leaves its unit values to this bulk write) and records the newest declaration id among
  // them as written. Values of decisions committed after the last such write are derived from
  // the stored decisions when the store opens, so a crash loses none.
  virtual void AppendUnitValues(std::vector<risk::UnitValueObservation> values, Done<bool> done) = 0;
  // Registers a model file's content as a candidate. Conflict("model_exists").
  virtual void PutRiskModel(risk::ModelEntry m, std::string content, Done<risk::ModelEntry> done) = 0;
  // Sets a model's role; a new active (or shadow) model demotes the previous one to retired.
  // NotFound("unknown_model").
  virtual void SetRiskModelRole(std::string version, risk::ModelRole role, Done<risk::ModelEntry> done) = 0;
  virtual Result<std::vector<risk::ModelEntry>> ListRiskModels() = 0;
  virtual Result<std::string> RiskModelContent(const std::string& version) = 0;  // NotFound("unknown_model")

  // --- ledger: every decision written above also appends its entry, in the same transaction ---
  // Called on the writer thread after each commit that appended entries: the first new index and
  // the new leaf hashes in order, before any writer of the batch hears back. Set once, before
  // writes start.
  using LedgerObserver = std::function<void(int64_t first_index, const std::vector<ledger::Hash>& leaf_hashes)>;
  virtual void SetLedgerObserver(LedgerObserver observer) = 0;
  virtual Result<int64_t> LedgerSize() = 0;
  // Entries [start, end) in index order.
  virtual Result<std::vector<LedgerEntry>> LedgerEntries(int64_t start, int64_t end) = 0;
  virtual Result<std::vector<ledger::Hash>> LedgerLeafHashes(int64_t start, int64_t end) = 0;
  // Calls `row` for entries [start, end) in index order without copying them (the views are valid
  // during the call only): how audits read millions of entries.
  using LedgerRowFn = std::function<void(int64_t index, std::string_view data, std::string_view leaf_hash)>;
  virtual Status ScanLedger(int64_t start, int64_t end, const LedgerRowFn& row) = 0;
  // The indexes of a declaration's entries, in order.
  virtual Result<std::vector<int64_t>> LedgerIndexesOf(int64_t declaration_id) = 0;
  // Signed checkpoints, kept so that an audit can check the entries still lead to each one.
  // Writing one for a size already stored keeps the first.
  virtual void PutLedgerCheckpoint(LedgerCheckpointRecord c, Done<bool> done) = 0;
  virtual Result<std::vector<LedgerCheckpointRecord>> LedgerCheckpoints() = 0;  // by size
  // Appends entries that record no other write (exported documents), in one transaction; done
  // gets the first one's index. Invalid("invalid_event") when an event is not a JSON object.
  virtual void AppendLedgerEntries(std::vector<NewLedgerEntry> entries, Done<int64_t> done) = 0;

  // --- witnessing and partner exchange ---
  virtual Result<std::vector<WitnessStateRecord>> WitnessStates() = 0;
  // Replaces the origin's state when `expected_size` is still its stored size (0 when none):
  // Conflict("witness_moved") otherwise, so that two cosignings cannot roll the state back.
  virtual void PutWitnessState(WitnessStateRecord s, int64_t expected_size, Done<bool> done) = 0;
  // Inserts the document unless (issuer, leaf_index) was imported: then the stored one, created=false.
  virtual void PutPartnerDocument(PartnerDocumentRecord d, Done<PartnerDocumentRecord> done) = 0;
  virtual Result<PartnerDocumentRecord> GetPartnerDocument(int64_t id) = 0;  // NotFound("unknown_document")
  // Documents with this reference (all when ""), newest first, without their bundles.
  virtual Result<std::vector<PartnerDocumentRecord>> FindPartnerDocuments(const std::string& reference, int limit) = 0;

  // --- blocking helpers for CLI and tests (wait for the asynchronous write) ---
  Result<CreateOutcome> CreateDeclarationSync(NewDeclaration d);
  Result<DeclarationRecord> UpdateDeclarationSync(int64_t id, DecideFn decide);
  Result<UserRecord> CreateUserSync(UserRecord u);
  Result<ApiKeyRecord> CreateApiKeySync(ApiKeyRecord k);
  Result<WebhookRecord> PutWebhookSync(WebhookRecord w);
  Result<Organisation> PutOrganisationSync(Organisation o);
};

struct SqliteOptions {
  std::string path;             // database file; created with its folder if missing
  int max_batch = 1024;         // writes per group commit
  bool synchronous_full = true; // fsync at every commit: a done() write survives power loss
};

// Opens (creating and migrating as needed) the embedded SQLite store. Internal on I/O errors.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The schema version this build migrates to.
int SqliteSchemaVersion();

}  // namespace oc
