// Golden bytes of every ledger event. Partner administrations and `ledger audit` recompute leaf
// hashes from these exact bytes, so each expected string here is what the platform has always
// written (they were the JSON literals of the SQLite backend before ledger/events): a change to
// one is a change to the log format and breaks every existing ledger's audit.
#include "ledger/events.h"

#include <gtest/gtest.h>

#include <cmath>

namespace oc::ledger {
namespace {

constexpr int64_t kAt = 1767225600000 + 3723004;  // 2026-01-01T01:02:03.004Z
constexpr const char* kMrn = "26UZ10000000000017";

std::string Hex(const Hash& h) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t b : h) s += {d[b >> 4], d[b & 15]};
  return s;
}

Event Must(Result<Event> e) {
  EXPECT_TRUE(e.ok()) << e.status().message();
  return e.ok() ? std::move(e).value() : Event{};
}

TEST(LedgerEventsTest, TransitionBytesAndLeafArePinned) {
  TransitionEntry t;
  t.action = Action::kControl;
  t.from.state = State::kRegistered;
  t.to = {State::kUnderControl, ControlType::kPhysical};
  t.cusres = "9";
  t.actor = "inspector";
  t.reason = "red lane: physical examination";
  t.at_ms = kAt;
  Event e = Must(events::Transition(42, kMrn, 2, t));
  EXPECT_EQ(e.type, "transition");
  EXPECT_EQ(e.declaration_id, 42);
  EXPECT_EQ(e.at_ms, kAt);
  EXPECT_EQ(e.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":42,"event":{"action":"control","actor":"inspector",)"
            R"("cusres":"9","from":{"control":"","state":"registered"},"mrn":"26UZ10000000000017",)"
            R"("reason":"red lane: physical examination","to":{"control":"physical","state":"under_control"},)"
            R"("version":2},"type":"transition"})");
  // SHA-256(0x00 || bytes), computed outside the project (printf '\0…' | sha256sum).
  EXPECT_EQ(Hex(e.leaf), "fa6e59ee7c3e3ef0e0dc8457bfe579360210c31126c8f46b81fca7a1ef197537");
  EXPECT_EQ(e.leaf, HashLeaf(e.bytes));
}

TEST(LedgerEventsTest, TransitionKeepsItsOwnVersionAndNonAsciiText) {
  TransitionEntry t;
  t.action = Action::kRelease;
  t.from = {State::kAssessed, ControlType::kNone};
  t.to = {State::kReleased, ControlType::kNone};
  t.cusres = "1";
  t.actor = "system";
  t.reason = "Выпуск разрешён";
  t.at_ms = kAt;
  t.version = 3;
  Event e = Must(events::Transition(7, "", 5, t));
  EXPECT_EQ(e.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":7,"event":{"action":"release","actor":"system",)"
            R"("cusres":"1","from":{"control":"","state":"assessed"},"mrn":"","reason":"Выпуск разрешён",)"
            R"("to":{"control":"","state":"released"},"version":3},"type":"transition"})");
}

TEST(LedgerEventsTest, FirstVersionIsALodgementLaterOnesAmendments) {
  VersionEntry v;
  v.version = 1;
  v.content_hash = "ab12";
  v.actor = "silkroad";
  v.at_ms = kAt;
  Event lodged = Must(events::Version(42, v));
  EXPECT_EQ(lodged.type, "lodgement");
  EXPECT_EQ(lodged.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":42,"event":{"actor":"silkroad","content_hash":"ab12",)"
            R"("reason":"","reason_code":"","version":1},"type":"lodgement"})");
  v.version = 2;
  v.reason_code = "AMD01";
  v.reason = "invoice corrected";
  Event amended = Must(events::Version(42, v));
  EXPECT_EQ(amended.type, "amendment");
  EXPECT_EQ(amended.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":42,"event":{"actor":"silkroad","content_hash":"ab12",)"
            R"("reason":"invoice corrected","reason_code":"AMD01","version":2},"type":"amendment"})");
}

TEST(LedgerEventsTest, AssessmentListsAssessedAndSecuredLines) {
  payment::Debt d;
  d.currency = "UZS";
  d.version = 1;
  d.assessed_ms = kAt;
  d.lines = {{"duty", 150000, 150000, false}, {"vat", 300000, 0, true}};
  Event e = Must(events::Assessment(42, kMrn, d));
  EXPECT_EQ(e.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":42,"event":{"currency":"UZS","lines":[)"
            R"({"assessed":150000,"secured":false,"tax":"duty"},{"assessed":300000,"secured":true,"tax":"vat"}],)"
            R"("mrn":"26UZ10000000000017","version":1},"type":"assessment"})");
}

TEST(LedgerEventsTest, ReceiptOfAnAccountHasNoDeclaration) {
  payment::Receipt r;
  r.number = "R26-0000001";
  r.kind = "repayment";
  r.reference = "DA-0001";
  r.currency = "UZS";
  r.amount = 450000;
  r.lines = {{"duty", 150000}, {"vat", 300000}};
  r.details = "not in the event";
  r.issued_ms = kAt;
  Event e = Must(events::Receipt(0, r));
  EXPECT_EQ(e.declaration_id, 0);
  EXPECT_EQ(e.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","event":{"amount":450000,"currency":"UZS","kind":"repayment",)"
            R"("lines":[{"amount":150000,"tax":"duty"},{"amount":300000,"tax":"vat"}],"mrn":"","number":"R26-0000001",)"
            R"("reference":"DA-0001"},"type":"receipt"})");
}

TEST(LedgerEventsTest, RiskDecisionNamesCriteriaNeverReasons) {
  risk::Decision d;
  d.lane = risk::Lane::kRed;
  d.source = risk::LaneSource::kRule;
  d.score = 0.8125;
  d.threshold = NAN;
  d.model_version = "m-2026-01";
  d.fired = {{"RC-0001", 3, risk::Lane::kRed, 10, true, "watch-list"}, {"RC-0002", 1, risk::Lane::kYellow, 5, false, ""}};
  d.reasons = {Message{"risk_criterion", {}, "confidential: the importer is on a watch-list"}};
  d.decided_ms = kAt;
  Event e = Must(events::RiskDecision(42, kMrn, 2, d));
  EXPECT_EQ(e.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":42,"event":{"criteria":[)"
            R"({"id":"RC-0001","lane":"red","selected":true,"version":3},)"
            R"({"id":"RC-0002","lane":"yellow","selected":false,"version":1}],"lane":"red",)"
            R"("model_version":"m-2026-01","mrn":"26UZ10000000000017","score":0.8125,"source":"rule",)"
            R"("threshold":null,"version":2},"type":"risk_decision"})");
  d.version = 4;
  d.score = NAN;
  d.fired.clear();
  EXPECT_NE(Must(events::RiskDecision(42, kMrn, 2, d)).bytes.find(R"("score":null,"source":"rule","threshold":null,"version":4})"),
            std::string::npos);
}

// A declarant reads its declaration's entries; why customs chose a lane is not among them.
TEST(LedgerEventsTest, WhyALaneWasChosenStaysOutOfTheDeclarantsEntries) {
  TransitionEntry t;
  t.action = Action::kControl;
  t.from.state = State::kRegistered;
  t.to = {State::kUnderControl, ControlType::kPhysical};
  t.actor = "system";
  t.reason = risk::PublicLaneReason(risk::Lane::kRed);
  t.at_ms = kAt;
  Event plain = Must(events::Transition(42, kMrn, 2, t));
  t.internal_reason = "red lane: red by criterion RC-0001: watch-list";
  Event e = Must(events::Transition(42, kMrn, 2, t));
  EXPECT_EQ(e.bytes, plain.bytes) << "the internal reason is never written to the ledger";
  EXPECT_FALSE(events::Confidential(e.type, e.bytes));
  // A lane transition written before the reasons were split carries the engine's reason.
  t.reason = t.internal_reason;
  EXPECT_TRUE(events::Confidential("transition", Must(events::Transition(42, kMrn, 2, t)).bytes));
  // An officer's own reason for a control is the officer's to give.
  t.actor = "inspector";
  EXPECT_FALSE(events::Confidential("transition", Must(events::Transition(42, kMrn, 2, t)).bytes));
  risk::Decision d;
  d.decided_ms = kAt;
  EXPECT_TRUE(events::Confidential("risk_decision", Must(events::RiskDecision(42, kMrn, 2, d)).bytes));
  EXPECT_TRUE(events::Confidential("transition", "not json"));
  EXPECT_FALSE(events::Confidential("receipt", "{}"));
}

TEST(LedgerEventsTest, InspectionBytesArePinned) {
  risk::Inspection i;
  i.outcome = risk::InspectionOutcome::kDiscrepancy;
  i.kind = "undervaluation";
  i.additional_revenue = "1250.50";
  i.notes = "not in the event";
  i.officer = "inspector";
  i.at_ms = kAt;
  Event e = Must(events::Inspection(42, kMrn, i));
  EXPECT_EQ(e.bytes,
            R"({"at":"2026-01-01T01:02:03.004Z","declaration":42,"event":{"additional_revenue":"1250.50",)"
            R"("kind":"undervaluation","mrn":"26UZ10000000000017","officer":"inspector","outcome":"discrepancy"},)"
            R"("type":"inspection"})");
}

TEST(LedgerEventsTest, DocumentIsCanonicalisedAndMustBeAnObject) {
  Event e = Must(events::Document("export_declaration", 9, kAt, R"({"b": 1, "a": [true, null, 1.50]})"));
  EXPECT_EQ(e.bytes, R"({"at":"2026-01-01T01:02:03.004Z","declaration":9,"event":{"a":[true,null,1.5],"b":1},)"
                     R"("type":"export_declaration"})");
  for (const char* bad : {"[1]", "\"text\"", "{", ""}) {
    auto r = events::Document("export_declaration", 9, kAt, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), "invalid_event") << bad;
  }
}

}  // namespace
}  // namespace oc::ledger
