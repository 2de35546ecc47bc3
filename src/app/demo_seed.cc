// Demo seeding for `make run`: accounts for every role and a realistic spread of declarations
// across the lifecycle, lodged through the same ClearanceService path as the API.
#include <future>
#include <sstream>

#include "app/app.h"
#include "common/dates.h"
#include "demo/demo_generator.h"

namespace oc {
namespace {

constexpr const char* kDemoPassword = "demo-password";

Reply Wait(const std::function<void(ReplyFn)>& call) {
  std::promise<Reply> p;
  auto f = p.get_future();
  call([&p](Reply r) { p.set_value(std::move(r)); });
  return f.get();
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
  Principal officer, supervisor;
  for (const auto& a : accounts) {
    auto u = core.identity().AddUser(a.username, a.role, a.org, kDemoPassword);
    if (!u.ok()) return u.status();
    Principal p{u->id, u->username, u->role, u->org_tin, "token"};
    if (a.role == Role::kTrader) traders.push_back(p);
    if (a.role == Role::kInspectionOfficer) officer = p;
    if (a.role == Role::kSupervisor) supervisor = p;
  }

  DemoGenerator gen(core.reference(), 2026);
  gen.SetSchedule(core.schedule());
  const auto& demo_traders = DemoTraders();
  int64_t today = TodayUtcDays();
  for (int n = 0; n < declarations; ++n) {
    size_t t = static_cast<size_t>(n) % demo_traders.size();
    Declaration d = gen.Make(static_cast<uint64_t>(n), demo_traders[t], 0, FormatIsoDate(today - (declarations - n) % 30));
    Reply r = Wait([&](ReplyFn done) { core.clearance().LodgeParsed(traders[t], std::move(d), LodgeMode::kSubmit, done); });
    if (!r.status.ok()) return Status::Internal("demo lodgement failed: " + r.status.ToString());
    int64_t id = r.record->id;
    auto act = [&](const Principal& who, Action a, ControlType c, const char* reason) {
      Wait([&](ReplyFn done) { core.clearance().Act(who, id, a, c, reason, done); });
    };
    // A spread that looks like a working day: most released, some under control, a few held.
    switch (n % 10) {
      case 0: case 1: case 2: case 3: case 4:
        act(officer, Action::kAssess, ControlType::kNone, "duties assessed");
        act(officer, Action::kRelease, ControlType::kNone, "green lane");
        break;
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
  out << "Seeded " << declarations << " demo declarations.\n";
  return out.str();
}

}  // namespace oc
