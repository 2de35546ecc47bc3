// The use-case layer over a real store: lodging, drafts, actions, amendments, visibility.
#include "clearance/clearance_service.h"
#include "store/store.h"

#include <gtest/gtest.h>

#include <set>

#include <future>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace oc {
namespace {

using testing::Ref;
using testing::TempDir;
using testing::ValidDeclarationJson;

class ClearanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenSqliteStore(SqliteOptions{dir_.path() + "/oc.db"});
    ASSERT_TRUE(s.ok());
    store_ = std::move(s.value());
    svc_ = std::make_unique<ClearanceService>(ClearanceStores{*store_, *store_, *store_}, Ref(), ClearanceConfig{});
  }
  Reply Sync(const std::function<void(ReplyFn)>& call) {
    std::promise<Reply> p;
    call([&p](Reply r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }
  Reply Lodge(const nlohmann::json& j, const Principal& who, LodgeMode m = LodgeMode::kSubmit) {
    return Sync([&](ReplyFn f) { svc_->Lodge(who, j.dump(), m, f); });
  }
  Reply Act(const Principal& who, int64_t id, Action a, ControlType c = ControlType::kNone) {
    return Sync([&](ReplyFn f) { svc_->Act(who, id, a, c, "test", f); });
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ClearanceService> svc_;
  Principal trader_a_{1, "a", Role::kTrader, "301234567", "token"};
  Principal trader_b_{2, "b", Role::kTrader, "302345678", "token"};
  Principal officer_{3, "o", Role::kInspectionOfficer, "", "token"};
  Principal supervisor_{4, "s", Role::kSupervisor, "", "token"};
};

TEST_F(ClearanceTest, LodgeRegistersWithMrnAndRecordsEveryTransition) {
  Reply r = Lodge(ValidDeclarationJson(1), trader_a_);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE(r.created);
  EXPECT_EQ(r.record->lifecycle.state, State::kRegistered);
  EXPECT_EQ(r.record->mrn.substr(2, 2), "UZ");
  auto h = svc_->History(trader_a_, r.record->mrn);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ(h.value()[0].action, Action::kSubmit);
  EXPECT_EQ(h.value()[1].to.state, State::kRegistered);
  EXPECT_EQ(h.value()[0].actor, "user:1 (a)");
}

TEST_F(ClearanceTest, InvalidLodgementStoresNothing) {
  auto j = ValidDeclarationJson(2);
  j["items"][0]["commodity"]["hs"] = "999999";
  Reply r = Lodge(j, trader_a_);
  EXPECT_EQ(r.status.code(), "invalid_declaration");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].pointer, "/items/0/commodity/hs");
  EXPECT_TRUE(store_->ListDeclarations(DeclarationFilter{})->empty());
}

// Found in use: a document with five errors was answered with the two the parser found; the
// other three came only after those were fixed. Every error comes at once, none twice.
TEST_F(ClearanceTest, EveryErrorOfADocumentIsReportedAtOnce) {
  auto j = ValidDeclarationJson(2, "301234567", 2);
  j["items"][0]["net_mass"] = "heavy";                 // does not parse
  j["invoice"]["date"] = "31/12/2026";                 // does not parse
  j["items"][1]["commodity"]["hs"] = "999999";         // parses, not in the nomenclature
  j["items"][1]["origin"] = "QQ";                      // parses, no such country
  j["invoice"]["currency"] = "ZZZ";                    // parses, no such currency
  Reply r = Lodge(j, trader_a_);
  EXPECT_EQ(r.status.code(), "invalid_declaration");
  std::set<std::string> pointers;
  for (const auto& e : r.errors) EXPECT_TRUE(pointers.insert(e.pointer).second) << "twice: " << e.pointer;
  EXPECT_EQ(pointers, (std::set<std::string>{"/items/0/net_mass", "/invoice/date", "/items/1/commodity/hs",
                                             "/items/1/origin", "/invoice/currency"}));
  // A draft only has to parse: its errors are the parser's.
  Reply draft = Lodge(j, trader_a_, LodgeMode::kDraft);
  EXPECT_EQ(draft.errors.size(), 2u);
}

TEST_F(ClearanceTest, TradersLodgeOnlyForThemselves) {
  Reply r = Lodge(ValidDeclarationJson(3, "302345678"), trader_a_);
  EXPECT_EQ(r.status.kind(), StatusKind::kForbidden);
  Reply o = Lodge(ValidDeclarationJson(3), officer_);
  EXPECT_EQ(o.status.kind(), StatusKind::kForbidden);
}

TEST_F(ClearanceTest, DraftSubmitRejectsWithErrorsKept) {
  auto j = ValidDeclarationJson(4);
  j["items"][0]["origin"] = "QQ";
  Reply d = Lodge(j, trader_a_, LodgeMode::kDraft);
  ASSERT_TRUE(d.status.ok());
  EXPECT_EQ(d.record->lifecycle.state, State::kDraft);
  EXPECT_TRUE(d.record->mrn.empty());
  Reply s = Act(trader_a_, d.record->id, Action::kSubmit);
  ASSERT_TRUE(s.status.ok());
  EXPECT_EQ(s.record->lifecycle.state, State::kRejected);
  ASSERT_FALSE(s.errors.empty());
  EXPECT_EQ(s.errors[0].code, "unknown_country");
}

TEST_F(ClearanceTest, OfficersDriveControlAndIllegalMovesReportState) {
  Reply r = Lodge(ValidDeclarationJson(5), trader_a_);
  int64_t id = r.record->id;
  EXPECT_EQ(Act(trader_a_, id, Action::kRelease).status.kind(), StatusKind::kForbidden);
  EXPECT_TRUE(Act(officer_, id, Action::kControl, ControlType::kPhysical).status.ok());
  Reply illegal = Act(officer_, id, Action::kRelease);
  EXPECT_EQ(illegal.status.code(), "illegal_transition");
  EXPECT_EQ(illegal.current_state, "under_control");
  EXPECT_TRUE(Act(officer_, id, Action::kAssess).status.ok());
  Reply rel = Act(officer_, id, Action::kRelease);
  ASSERT_TRUE(rel.status.ok());
  EXPECT_EQ(rel.record->lifecycle.state, State::kReleased);
  EXPECT_EQ(Act(officer_, id, Action::kDetain).status.kind(), StatusKind::kForbidden);
}

TEST_F(ClearanceTest, AmendmentKeepsEveryVersionAndNamesChanges) {
  auto j = ValidDeclarationJson(6);
  Reply r = Lodge(j, trader_a_);
  int64_t id = r.record->id;
  j["items"][1]["description"] = "corrected description";
  j["items"][1]["gross_mass"] = "999999";
  Reply a = Sync([&](ReplyFn f) { svc_->Amend(trader_a_, id, j.dump(), "R01", "typo", f); });
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  EXPECT_EQ(a.record->version, 2);
  auto versions = svc_->Versions(trader_a_, std::to_string(id));
  ASSERT_EQ(versions->size(), 2u);
  auto changed = nlohmann::json::parse(versions.value()[1].changed_json);
  EXPECT_EQ(changed, nlohmann::json::parse(R"(["/items/1/description", "/items/1/gross_mass"])"));
  EXPECT_NE(versions.value()[0].content_json, versions.value()[1].content_json);
  // After physical control is announced, amendments are refused with the current state.
  Act(officer_, id, Action::kControl, ControlType::kPhysical);
  j["items"][1]["description"] = "again";
  Reply late = Sync([&](ReplyFn f) { svc_->Amend(trader_a_, id, j.dump(), "R01", "", f); });
  EXPECT_EQ(late.status.code(), "illegal_transition");
  EXPECT_EQ(late.current_state, "under_control");
  // The LRN cannot change through an amendment.
  j["lrn"] = "OTHER";
  Reply lrn = Sync([&](ReplyFn f) { svc_->Amend(trader_a_, id, j.dump(), "R01", "", f); });
  EXPECT_EQ(lrn.status.code(), "invalid_amendment");
}

TEST_F(ClearanceTest, VisibilityFollowsTheOrganisation) {
  Reply r = Lodge(ValidDeclarationJson(7), trader_a_);
  EXPECT_TRUE(svc_->Get(trader_a_, r.record->mrn).ok());
  EXPECT_EQ(svc_->Get(trader_b_, r.record->mrn).status().kind(), StatusKind::kNotFound);
  EXPECT_TRUE(svc_->Get(officer_, std::to_string(r.record->id)).ok());
  EXPECT_TRUE(svc_->List(trader_b_, DeclarationFilter{})->empty());
  EXPECT_EQ(svc_->List(trader_a_, DeclarationFilter{})->size(), 1u);
  EXPECT_EQ(Act(trader_b_, r.record->id, Action::kInvalidate).status.kind(), StatusKind::kNotFound);
  EXPECT_TRUE(svc_->Notifications(trader_b_, 0, 100)->empty());
  EXPECT_EQ(svc_->Notifications(trader_a_, 0, 100)->size(), 2u);
}

}  // namespace
}  // namespace oc
