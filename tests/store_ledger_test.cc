// The store's guarantees around the ledger and the payments sub-ledger: a job that fails after
// writing ledger entries leaves none of them (and the other jobs of its batch all of theirs), and
// a bank confirmation settles its order once whatever the retries.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "common/dates.h"
#include "common/encoding.h"
#include "ledger/merkle.h"
#include "store/store.h"
#include "tests/test_support.h"

namespace oc {
namespace {

using testing::TempDir;

std::unique_ptr<Store> Open(const TempDir& dir) {
  auto s = OpenSqliteStore(SqliteOptions{dir.path() + "/oc.db"});
  if (!s.ok()) throw std::runtime_error(s.status().ToString());
  return std::move(s.value());
}

NewDeclaration Registered(const std::string& lrn) {
  NewDeclaration d;
  d.lrn = lrn;
  d.declarant_tin = "301234567";
  d.office = "UZ260101";
  d.item_count = 1;
  d.invoice_total = "10";
  d.invoice_currency = "USD";
  VersionEntry v;
  v.version = 1;
  v.content_json = "{\"lrn\":\"" + lrn + "\"}";
  v.content_hash = Blake2bHex(v.content_json);
  v.actor = "test";
  v.at_ms = NowUnixMillis();
  d.change.new_version = v;
  d.change.lifecycle.state = State::kRegistered;
  TransitionEntry t;
  t.action = Action::kRegister;
  t.to = d.change.lifecycle;
  t.cusres = "1";
  t.actor = "test";
  t.at_ms = v.at_ms;
  d.change.transitions = {t};
  d.change.assign_mrn = true;
  d.change.mrn_country = "UZ";
  return d;
}

// A control decision: one transition (one ledger entry) and, when `debt` is given, an assessment.
DecideFn Control(std::optional<payment::Debt> debt, std::optional<std::vector<payment::TaxAmount>> order = {}) {
  return [debt, order](const DeclarationRecord& cur) -> Result<DeclarationChange> {
    DeclarationChange ch;
    ch.lifecycle = cur.lifecycle;
    ch.lifecycle.state = State::kUnderControl;
    ch.lifecycle.control = ControlType::kDocumentary;
    TransitionEntry t;
    t.action = Action::kControl;
    t.from = cur.lifecycle;
    t.to = ch.lifecycle;
    t.actor = "inspector";
    t.at_ms = NowUnixMillis();
    ch.transitions = {t};
    if (debt) {
      ch.debt.emplace();
      ch.debt->debt = debt;
      ch.debt->order = order;
    }
    return ch;
  };
}

payment::Debt DebtOf(std::vector<payment::DebtLine> lines) {
  payment::Debt d;
  d.currency = "UZS";
  d.version = 1;
  d.assessed_ms = NowUnixMillis();
  d.lines = std::move(lines);
  return d;
}

// Every stored entry hashes to its stored leaf, indexes run 0..n-1 with no gap, and the observer
// (the in-memory tree) was handed exactly the stored leaves, in order.
void ExpectLedgerConsistent(Store& store, const std::vector<ledger::Hash>& observed) {
  int64_t n = store.LedgerSize().value();
  auto entries = store.LedgerEntries(0, n).value();
  ASSERT_EQ(static_cast<int64_t>(entries.size()), n);
  ASSERT_EQ(observed.size(), entries.size());
  for (int64_t i = 0; i < n; ++i) {
    EXPECT_EQ(entries[i].index, i);
    EXPECT_EQ(entries[i].leaf_hash, ledger::HashLeaf(entries[i].data)) << i;
    EXPECT_EQ(entries[i].leaf_hash, observed[i]) << i;
  }
}

TEST(StoreLedger, AJobFailingAfterItsLedgerEntriesLeavesNoneAndSparesItsBatch) {
  TempDir dir;
  std::vector<ledger::Hash> observed;
  std::mutex mu;
  std::vector<int64_t> ids;
  {
    auto store = Open(dir);
    store->SetLedgerObserver([&](int64_t first, const std::vector<ledger::Hash>& leaves) {
      std::lock_guard lk(mu);
      ASSERT_EQ(first, static_cast<int64_t>(observed.size()));
      observed.insert(observed.end(), leaves.begin(), leaves.end());
    });
    for (const char* lrn : {"A", "B", "C", "D"}) ids.push_back(store->CreateDeclarationSync(Registered(lrn))->record.id);
    const int64_t before = store->LedgerSize().value();

    // B's transition is written (a ledger entry) before its debt, whose two "duty" lines break
    // the debt lines' key: a storage error after the ledger append, in the middle of a batch.
    std::atomic<int> done{0};
    std::vector<Status> results(4);
    auto update = [&](size_t i, DecideFn fn) {
      store->UpdateDeclaration(ids[i], std::move(fn), [&, i](Result<DeclarationRecord> r) {
        results[i] = r.status();
        ++done;
      });
    };
    update(0, Control(std::nullopt));
    update(1, Control(DebtOf({{"duty", 100, 0, false}, {"duty", 200, 0, false}})));
    update(2, Control(DebtOf({{"duty", 100, 0, false}})));
    update(3, Control(std::nullopt));
    while (done < 4) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    EXPECT_TRUE(results[0].ok()) << results[0].ToString();
    EXPECT_FALSE(results[1].ok());
    EXPECT_TRUE(results[2].ok()) << results[2].ToString();
    EXPECT_TRUE(results[3].ok()) << results[3].ToString();

    // A, C (transition + assessment) and D: four entries, none of B's.
    EXPECT_EQ(store->LedgerSize().value(), before + 4);
    EXPECT_EQ(store->LedgerIndexesOf(ids[1])->size(), 2u);  // its lodgement and registration only
    EXPECT_EQ(store->History(ids[1])->size(), 1u);
    EXPECT_EQ(store->GetDeclaration(ids[1])->lifecycle.state, State::kRegistered);
    ExpectLedgerConsistent(*store, observed);
  }
  auto reopened = Open(dir);  // what was committed is what the tree saw
  ExpectLedgerConsistent(*reopened, observed);
}

TEST(StoreLedger, ABankConfirmationSettlesItsOrderOnceWhateverTheRetries) {
  TempDir dir;
  auto store = Open(dir);
  int64_t id = store->CreateDeclarationSync(Registered("P"))->record.id;
  auto assessed = store->UpdateDeclarationSync(
      id, Control(DebtOf({{"duty", 150000, 0, false}, {"vat", 300000, 0, false}}),
                  std::vector<payment::TaxAmount>{{"duty", 150000}, {"vat", 300000}}));
  ASSERT_TRUE(assessed.ok()) << assessed.status().ToString();
  PaymentFilter f;
  f.declaration_id = id;
  auto orders = store->ListPaymentOrders(f).value();
  ASSERT_EQ(orders.size(), 1u);

  payment::BankConfirmation c;
  c.bank_id = "BANK1";
  c.bank_ref = "TX-1";
  c.order = orders[0].reference;
  c.amount = 450000;
  c.currency = "UZS";
  auto settle = [&](payment::BankConfirmation conf) {
    return AwaitDone<payment::Settlement>([&](Done<payment::Settlement> d) { store->SettleByBank(conf, std::move(d)); });
  };
  const int64_t ledger_before = store->LedgerSize().value();
  auto first = settle(c);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->replay);
  EXPECT_EQ(first->order->status, payment::OrderStatus::kPaid);

  std::vector<std::thread> retries;
  std::atomic<int> replays{0};
  for (int i = 0; i < 4; ++i)
    retries.emplace_back([&] {
      auto again = settle(c);
      if (again.ok() && again->replay && again->receipt.number == first->receipt.number) ++replays;
    });
  for (auto& t : retries) t.join();
  EXPECT_EQ(replays.load(), 4);

  c.amount = 1;
  EXPECT_EQ(settle(c).status().code(), "bank_ref_reused");

  EXPECT_EQ(store->ListReceipts(f)->size(), 1u);
  EXPECT_EQ(store->LedgerSize().value(), ledger_before + 1);  // one receipt entry
  std::string day = FormatIsoDate(first->receipt.issued_ms / 86400000);
  auto revenue = store->Revenue(day, day, "").value();
  payment::Cents collected = 0;
  for (const auto& row : revenue) collected += row.collected;
  EXPECT_EQ(collected, 450000);
  auto debt = store->GetDeclaration(id)->debt;
  ASSERT_TRUE(debt.has_value());
  for (const auto& l : debt->lines) EXPECT_EQ(l.settled, l.assessed) << l.tax;
}

}  // namespace
}  // namespace oc
