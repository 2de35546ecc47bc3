// Demo seeding for `make run`: accounts for every role and a realistic spread of declarations
// across the lifecycle, lodged through the same ClearanceService path as the API.
#include <fcntl.h>
#include <unistd.h>

#include <future>
#include <sstream>

#include "app/app.h"
#include "common/dates.h"
#include "demo/demo_generator.h"
#include "payment/bank_message.h"

namespace oc {
namespace {

constexpr const char* kDemoPassword = "demo-password";

Reply Wait(const std::function<void(ReplyFn)>& call) {
  std::promise<Reply> p;
  auto f = p.get_future();
  call([&p](Reply r) { p.set_value(std::move(r)); });
  return f.get();
}

template <typename T>
Result<T> WaitFor(const std::function<void(Done<T>)>& call) {
  std::promise<Result<T>> p;
  auto f = p.get_future();
  call([&p](Result<T> r) { p.set_value(std::move(r)); });
  return f.get();
}

// The demo bank: a fresh Ed25519 key pair, the secret kept beside the store (0600), the public
// key registered like any bank's, so that demo payments take the signed callback path.
Status CreateDemoBank(Core& core, const Principal& admin) {
  auto kp = payment::GenerateEd25519();
  std::string path = core.data_dir() + "/" + kDemoBankKeyFile;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ::write(fd, kp.secret_key.data(), kp.secret_key.size()) != static_cast<ssize_t>(kp.secret_key.size()) ||
      ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return Status::Internal("cannot write " + path);
  }
  ::close(fd);
  payment::Bank bank{kDemoBankId, "Demo Bank (payments simulated for the demo)", "ed25519", kp.public_key, 0};
  auto r = WaitFor<payment::Bank>([&](Done<payment::Bank> d) { core.payments().RegisterBank(admin, bank, d); });
  if (!r.ok()) return r.status();
  core.payments().SetDemoBank(kDemoBankId, kp.secret_key);
  return Status::Ok();
}

}  // namespace

Result<std::string> SeedDemo(Core& core, int declarations) {
  auto users = core.store().ListUsers();
  if (!users.ok()) return users.status();
  if (!users->empty()) return std::string();

  struct Account { std::string username; Role role; std::string org; };
  std::vector<Account> accounts = {{"admin", Role::kAdmin, ""},
                                   {"risk", Role::kRiskOfficer, ""},
                                   {"inspector", Role::kInspectionOfficer, ""},
                                   {"supervisor", Role::kSupervisor, ""}};
  for (const auto& t : DemoTraders()) accounts.push_back({t.username, Role::kTrader, t.tin});
  std::vector<Principal> traders;
  Principal officer, supervisor, admin;
  for (const auto& a : accounts) {
    auto u = core.identity().AddUser(a.username, a.role, a.org, kDemoPassword);
    if (!u.ok()) return u.status();
    Principal p{u->id, u->username, u->role, u->org_tin, "token"};
    if (a.role == Role::kTrader) traders.push_back(p);
    if (a.role == Role::kInspectionOfficer) officer = p;
    if (a.role == Role::kSupervisor) supervisor = p;
    if (a.role == Role::kAdmin) admin = p;
  }

  // Payments: the demo bank, a guarantee per trader, deferred payment for the first two.
  if (Status st = CreateDemoBank(core, admin); !st.ok()) return st;
  const std::string& currency = core.payments().currency();
  std::vector<std::string> guarantees(traders.size()), deferred_accounts(traders.size());
  for (size_t t = 0; t < traders.size(); ++t) {
    payment::Guarantee g;
    g.org_tin = traders[t].org_tin;
    g.currency = currency;
    g.amount = payment::Cents{5'000'000'000} * 100;
    auto made = WaitFor<payment::Guarantee>([&](Done<payment::Guarantee> d) { core.payments().RegisterGuarantee(supervisor, g, d); });
    if (!made.ok()) return made.status();
    guarantees[t] = made->reference;
    if (t >= 2) continue;
    payment::DeferredAccount a;
    a.org_tin = traders[t].org_tin;
    a.currency = currency;
    a.limit = payment::Cents{2'000'000'000} * 100;
    auto opened = WaitFor<payment::DeferredAccount>([&](Done<payment::DeferredAccount> d) { core.payments().OpenDeferredAccount(supervisor, a, d); });
    if (!opened.ok()) return opened.status();
    deferred_accounts[t] = opened->id;
  }
  int paid = 0, deferred = 0, guaranteed = 0;

  DemoGenerator gen(core.reference(), 2026);
  gen.SetSchedule(core.schedule());
  const auto& demo_traders = DemoTraders();
  int64_t today = TodayUtcDays();
  for (int n = 0; n < declarations; ++n) {
    size_t t = static_cast<size_t>(n) % demo_traders.size();
    Declaration d = gen.Make(static_cast<uint64_t>(n), demo_traders[t], 0, FormatIsoDate(today - (declarations - n) % 30));
    // Some goods enter temporary admission: their duties are secured by a guarantee, not paid.
    if (n % 10 == 4) d.procedure = "5300";
    Reply r = Wait([&](ReplyFn done) { core.clearance().LodgeParsed(traders[t], std::move(d), LodgeMode::kSubmit, done); });
    if (!r.status.ok()) return Status::Internal("demo lodgement failed: " + r.status.ToString());
    int64_t id = r.record->id;
    auto act = [&](const Principal& who, Action a, ControlType c, const char* reason) {
      Wait([&](ReplyFn done) { core.clearance().Act(who, id, a, c, reason, done); });
    };
    // A spread that looks like a working day: most released, some under control, a few held.
    switch (n % 10) {
      case 0: case 1: case 2: case 3: case 4: {
        act(officer, Action::kAssess, ControlType::kNone, "duties assessed");
        if (core.schedule()) {
          if (n % 10 == 4) {
            Wait([&](ReplyFn done) { core.clearance().ReserveGuarantee(traders[t], id, guarantees[t], done); });
            ++guaranteed;
          }
          auto debt = core.payments().Debt(traders[t], std::to_string(id));
          for (const auto& o : debt.ok() ? debt->orders : std::vector<payment::PaymentOrder>{}) {
            if (o.status != payment::OrderStatus::kOpen) continue;
            Result<payment::Settlement> r = Status::Internal("unset");
            if (!deferred_accounts[t].empty() && n % 3 == 0) {
              r = WaitFor<payment::Settlement>([&](Done<payment::Settlement> d) {
                core.payments().PayFromDeferredAccount(traders[t], o.reference, deferred_accounts[t], d);
              });
              if (r.ok()) ++deferred;
            }
            if (!r.ok()) {
              r = WaitFor<payment::Settlement>([&](Done<payment::Settlement> d) { core.payments().DemoBankPay(traders[t], o.reference, d); });
              if (r.ok()) ++paid;
            }
            if (!r.ok()) return Status::Internal("demo payment failed: " + r.status().ToString());
          }
        }
        act(officer, Action::kRelease, ControlType::kNone, "green lane");
        break;
      }
      case 5:
        act(officer, Action::kControl, ControlType::kDocumentary, "invoice to be produced");
        break;
      case 6:
        act(officer, Action::kControl, ControlType::kPhysical, "X-ray examination");
        break;
      case 7:
        act(officer, Action::kControl, ControlType::kDocumentary, "certificate check");
        act(officer, Action::kAssess, ControlType::kNone, "documents in order");
        break;
      case 8:
        act(officer, Action::kHold, ControlType::kNone, "awaiting permit from the veterinary service");
        break;
      default:
        if (n % 20 == 9) act(supervisor, Action::kDetain, ControlType::kNone, "suspected undervaluation");
        break;
    }
  }

  std::ostringstream out;
  out << "Demo accounts (password for all: " << kDemoPassword << ")\n";
  for (const auto& a : accounts)
    out << "  " << a.username << std::string(12 - std::min<size_t>(12, a.username.size()), ' ') << RoleName(a.role)
        << (a.org.empty() ? "" : "  org " + a.org) << "\n";
  out << "Seeded " << declarations << " demo declarations (" << paid << " paid through the demo bank, " << deferred
      << " charged to deferred accounts, " << guaranteed << " secured by guarantees).\n";
  return out.str();
}

}  // namespace oc
