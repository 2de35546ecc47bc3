// Demo seeding for `make run`: accounts for every role and a realistic spread of declarations
// across the lifecycle, lodged through the same ClearanceService path as the API.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "app/app.h"

#include <spdlog/spdlog.h>
#include "common/dates.h"
#include "demo/demo_generator.h"
#include "refdata/data_dirs.h"
#include "payment/bank_message.h"

namespace oc {
namespace {

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

// The demo replays the last 30 days of customs work, so that dashboards show days, waits and
// hit rates: the clock is pinned to each step's time (never later than the real now, and
// released when the seed ends, however it ends).
class ReplayClock {
 public:
  ReplayClock() : real_now_(NowUnixMillis()) {}
  ~ReplayClock() { PinClock(std::nullopt); }
  int64_t real_now() const { return real_now_; }
  void At(int64_t ms) { PinClock(std::min(ms, real_now_ - 1000)); }

 private:
  int64_t real_now_;
};

}  // namespace

Result<std::string> SeedDemo(Core& core, int declarations) {
  auto users = core.store().ListUsers();
  if (!users.ok()) return users.status();
  if (!users->empty()) return std::string();
  if (declarations > 0 && !core.reference().hs_available()) {
    // Demo goods are drawn from the nomenclature: without it, accounts only.
    spdlog::warn("demo: no declarations seeded: they need the HS nomenclature of the shared data directory");
    declarations = 0;
  }
  ReplayClock clock;
  constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
  const int64_t first_day = clock.real_now() / kDay - 29;
  clock.At(first_day * kDay + 7 * kHour);  // accounts, the bank and the criteria come first

  struct Account { std::string username; Role role; std::string org; };
  std::vector<Account> accounts = {{"admin", Role::kAdmin, ""},
                                   {"risk", Role::kRiskOfficer, ""},
                                   {"inspector", Role::kInspectionOfficer, ""},
                                   {"supervisor", Role::kSupervisor, ""}};
  for (const auto& t : DemoTraders()) accounts.push_back({t.username, Role::kTrader, t.tin});
  std::vector<Principal> traders;
  Principal officer, supervisor, admin, risk_officer;
  for (const auto& a : accounts) {
    auto u = core.identity().AddUser(a.username, a.role, a.org, kDemoPassword);
    if (!u.ok()) return u.status();
    Principal p{u->id, u->username, u->role, u->org_tin, "token"};
    if (a.role == Role::kTrader) traders.push_back(p);
    if (a.role == Role::kInspectionOfficer) officer = p;
    if (a.role == Role::kSupervisor) supervisor = p;
    if (a.role == Role::kAdmin) admin = p;
    if (a.role == Role::kRiskOfficer) risk_officer = p;
  }

  // The accounts share a published password: the sign-in page may say so (GET /v1/config "demo").
  if (Status st = core.identity().MarkDemo(); !st.ok()) return st;

  // The traders' organisations as customs registered them (the lodgement form's declarant).
  for (const auto& t : DemoTraders()) {
    Organisation o{t.tin, t.name, "", t.city, "", "UZ", NowUnixMillis(), admin.username};
    if (auto r = core.store().PutOrganisationSync(std::move(o)); !r.ok()) return r.status();
  }

  // Cargo tracking: the demo route library (<ref>/routes/*.geojson, the file's name its id).
  std::error_code ec;
  int routes = 0;
  for (const auto& e : std::filesystem::directory_iterator(DefaultReferenceDir() + "/routes", ec)) {
    if (e.path().extension() != ".geojson") continue;
    std::ifstream in(e.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = core.tracking().PutRoute(supervisor, e.path().stem().string(), std::move(text));
    if (!r.ok()) return Status::Internal(e.path().string() + ": " + r.status().message());
    ++routes;
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
  int paid = 0, deferred = 0, guaranteed = 0, inspected = 0;

  // Risk: a watch-list and a few criteria written by the risk officer and approved by the
  // supervisor (four eyes), so that the demo shows every lane with its reasons.
  auto list = WaitFor<risk::NamedList>([&](Done<risk::NamedList> d) {
    core.risk().PutList(risk_officer, risk::NamedList{"watch_importers", "importers under investigation (demo)",
                                                      {DemoTraders()[4].tin}, "", 0},
                        d);
  });
  if (!list.ok()) return list.status();
  struct Rule { const char* name; const char* expr; risk::Lane lane; double percent; int priority; const char* why; };
  const Rule rules[] = {
      {"Watch-listed importer", "importer in @watch_importers", risk::Lane::kRed, 25, 100,
       "The importer is on the investigation watch-list: examine the goods against the invoice and the packing list."},
      {"Electronics far below reference price", "chapter in [\"84\", \"85\"] and valuation_ratio < 0.6",
       risk::Lane::kYellow, 100, 50, "Declared unit value of machinery or electronics is well below what others declare: "
       "request the contract, proof of payment and the seller's price list."},
      {"High value from a new trader", "customs_value > 2000000000 and trader_declarations < 3", risk::Lane::kYellow,
       50, 40, "A new importer declares a high-value consignment: check the documents and the trader's registration."},
      {"Textiles and footwear, random physical check", "chapter in [\"61\", \"62\", \"64\"]", risk::Lane::kRed, 10,
       10, "Textiles and footwear are often misdescribed: physically verify quantity, composition and origin marks."},
  };
  for (const auto& rule : rules) {
    risk::Criterion c;
    c.name = rule.name;
    c.expression = rule.expr;
    c.lane = rule.lane;
    c.selection_percent = rule.percent;
    c.priority = rule.priority;
    c.description = rule.why;
    auto made = WaitFor<NewCriterion>([&](Done<NewCriterion> d) { core.risk().CreateCriterion(risk_officer, c, d); });
    if (!made.ok()) return Status::Internal("demo criterion '" + std::string(rule.name) + "': " + made.status().ToString());
    auto approved = WaitFor<risk::Criterion>([&](Done<risk::Criterion> d) {
      core.risk().ApproveCriterion(supervisor, made->criterion.id, made->criterion.version, d);
    });
    if (!approved.ok()) return approved.status();
  }

  DemoGenerator gen(core.reference(), 2026);
  gen.SetSchedule(core.schedule());
  const auto& demo_traders = DemoTraders();
  for (int n = 0; n < declarations; ++n) {
    size_t t = static_cast<size_t>(n) % demo_traders.size();
    // Spread over the 30 days in order, lodged between 08:00 and 18:00 UTC.
    int64_t day = first_day + static_cast<int64_t>(n) * 30 / std::max(declarations, 1);
    int64_t lodged_at = day * kDay + 8 * kHour + static_cast<int64_t>((n * 7919) % 600) * kMinute;
    clock.At(lodged_at);
    Declaration d = gen.Make(static_cast<uint64_t>(n), demo_traders[t], 0, FormatIsoDate(day));
    // Some goods enter temporary admission: their duties are secured by a guarantee, not paid.
    if (n % 10 == 4) d.procedure = "5300";
    Reply r = Wait([&](ReplyFn done) { core.clearance().LodgeParsed(traders[t], std::move(d), LodgeMode::kSubmit, done); });
    if (!r.status.ok()) return Status::Internal("demo lodgement failed: " + r.status.ToString());
    int64_t id = r.record->id;
    // The risk decision follows the registration; the seed acts on its lane.
    core.clearance().WaitForBackground();
    if (auto decided = core.store().GetDeclaration(id); decided.ok()) r.record = std::move(decided.value());
    auto act = [&](const Principal& who, Action a, ControlType c, const char* reason) {
      return Wait([&](ReplyFn done) { core.clearance().Act(who, id, a, c, reason, done); });
    };
    // The trader pays (bank, deferred account) or secures the duties; a green lane then
    // releases itself.
    auto settle = [&]() -> Status {
      if (!core.schedule()) return Status::Ok();
      if (n % 10 == 4) {
        Wait([&](ReplyFn done) { core.clearance().ReserveGuarantee(traders[t], id, guarantees[t], done); });
        ++guaranteed;
      }
      auto debt = core.payments().Debt(traders[t], std::to_string(id));
      for (const auto& o : debt.ok() ? debt->orders : std::vector<payment::PaymentOrder>{}) {
        if (o.status != payment::OrderStatus::kOpen) continue;
        Result<payment::Settlement> s = Status::Internal("unset");
        if (!deferred_accounts[t].empty() && n % 3 == 0) {
          s = WaitFor<payment::Settlement>([&](Done<payment::Settlement> dn) {
            core.payments().PayFromDeferredAccount(traders[t], o.reference, deferred_accounts[t], dn);
          });
          if (s.ok()) ++deferred;
        }
        if (!s.ok()) {
          s = WaitFor<payment::Settlement>([&](Done<payment::Settlement> dn) { core.payments().DemoBankPay(traders[t], o.reference, dn); });
          if (s.ok()) ++paid;
        }
        if (!s.ok()) return Status::Internal("demo payment failed: " + s.status().ToString());
      }
      return Status::Ok();
    };
    auto inspect = [&](risk::InspectionOutcome outcome, const char* kind, const char* revenue, const char* notes) {
      risk::Inspection ins;
      ins.outcome = outcome;
      ins.kind = kind;
      ins.additional_revenue = revenue;
      ins.notes = notes;
      Wait([&](ReplyFn done) { core.clearance().RecordInspection(officer, id, ins, done); });
      ++inspected;
    };
    const std::string lane = r.record->lane;
    // Traders pay within minutes to a few hours; examinations take hours to two days.
    int64_t paid_at = lodged_at + (5 + (n * 37) % 175) * kMinute;
    int64_t examined_at = lodged_at + (2 + (n * 13) % 46) * kHour;
    if (lane == "green" || lane == "blue" || lane.empty()) {
      clock.At(paid_at);
      // Most pay at once; a few are still waiting for payment, one in twenty is held.
      if (n % 20 == 9) act(officer, Action::kHold, ControlType::kNone, "awaiting permit from the veterinary service");
      else if (n % 10 != 8)
        if (Status st = settle(); !st.ok()) return st;
      if (lane.empty() && r.record->lifecycle.state == State::kAssessed) act(officer, Action::kRelease, ControlType::kNone, "released");
    } else if (n % 3 != 1) {
      // Two in three controlled declarations were examined: most clean, some with findings.
      clock.At(examined_at);
      // The examination finds what is there: the generator's undervalued declarations.
      bool hit = gen.Undervalued(static_cast<uint64_t>(n));
      inspect(hit ? risk::InspectionOutcome::kDiscrepancy : risk::InspectionOutcome::kNoDiscrepancy, hit ? "undervaluation" : "",
              hit ? "1250000.00" : "0", hit ? "invoice value below the seller's price list" : "goods match the declaration");
      if (!hit) {
        act(officer, Action::kAssess, ControlType::kNone, "examination found no discrepancy");
        clock.At(examined_at + 40 * kMinute);
        if (Status st = settle(); !st.ok()) return st;
        act(officer, Action::kRelease, ControlType::kNone, "released after examination");
      }
    }
  }

  std::ostringstream out;
  out << "Demo accounts (password for all: " << kDemoPassword << ")\n";
  for (const auto& a : accounts)
    out << "  " << a.username << std::string(12 - std::min<size_t>(12, a.username.size()), ' ') << RoleName(a.role)
        << (a.org.empty() ? "" : "  org " + a.org) << "\n";
  out << "Seeded " << declarations << " demo declarations (" << paid << " paid through the demo bank, " << deferred
      << " charged to deferred accounts, " << guaranteed << " secured by guarantees, " << inspected
      << " inspection results), " << std::size(rules) << " approved risk criteria and " << routes
      << " transit routes.\n";
  return out.str();
}

}  // namespace oc
