// Routes of the payments sub-ledger: a declaration's debt, guarantees, payment orders, the bank
// confirmation callback, deferred accounts, refunds, receipts and the revenue report.
#include <map>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "api/localise.h"
#include "api/request_util.h"
#include "common/dates.h"
#include "payment/bank_message.h"

namespace oc::api {

using nlohmann::json;
using payment::FormatCents;

namespace {


json TaxLinesJson(const std::vector<payment::TaxAmount>& lines) {
  json out = json::array();
  for (const auto& l : lines) out.push_back({{"tax", l.tax}, {"amount", FormatCents(l.amount)}});
  return out;
}

json OrderJson(const payment::PaymentOrder& o) {
  json j = {{"reference", o.reference}, {"declaration_id", o.declaration_id}, {"mrn", o.mrn},
            {"org_tin", o.org_tin},     {"office", o.office},                 {"currency", o.currency},
            {"amount", FormatCents(o.amount)}, {"lines", TaxLinesJson(o.lines)},
            {"status", payment::OrderStatusName(o.status)}, {"created_at", TimestampOrEmpty(o.created_ms)}};
  if (o.status == payment::OrderStatus::kPaid) {
    j["method"] = o.method;
    j["settled_by"] = o.settled_by;
    j["receipt"] = o.receipt;
  }
  if (o.settled_ms) j[o.status == payment::OrderStatus::kPaid ? "settled_at" : "cancelled_at"] = TimestampOrEmpty(o.settled_ms);
  return j;
}

json ReceiptJson(const payment::Receipt& r) {
  json j = {{"number", r.number},     {"kind", r.kind},         {"org_tin", r.org_tin},
            {"reference", r.reference}, {"currency", r.currency}, {"amount", FormatCents(r.amount)},
            {"lines", TaxLinesJson(r.lines)}, {"details", r.details}, {"issued_at", TimestampOrEmpty(r.issued_ms)}};
  if (!r.mrn.empty()) j["mrn"] = r.mrn;
  if (!r.office.empty()) j["office"] = r.office;
  return j;
}

json RefundJson(const payment::Refund& r) {
  json j = {{"reference", r.reference}, {"declaration_id", r.declaration_id}, {"mrn", r.mrn},
            {"org_tin", r.org_tin},     {"office", r.office},                 {"currency", r.currency},
            {"amount", FormatCents(r.amount)}, {"lines", TaxLinesJson(r.lines)}, {"reason", r.reason},
            {"status", payment::RefundStatusName(r.status)}, {"created_at", TimestampOrEmpty(r.created_ms)}};
  if (r.status == payment::RefundStatus::kPaid) {
    j["receipt"] = r.receipt;
    j["paid_at"] = TimestampOrEmpty(r.paid_ms);
  }
  return j;
}

json AccountJson(const payment::DeferredAccount& a) {
  return {{"id", a.id},
          {"org_tin", a.org_tin},
          {"currency", a.currency},
          {"limit", FormatCents(a.limit)},
          {"balance", FormatCents(a.balance)},
          {"available", FormatCents(a.limit - a.balance)},
          {"created_at", TimestampOrEmpty(a.created_ms)}};
}

json GuaranteeJson(const payment::Guarantee& g) {
  return {{"reference", g.reference}, {"org_tin", g.org_tin},
          {"office", g.office},       {"currency", g.currency},
          {"amount", FormatCents(g.amount)}, {"in_use", FormatCents(g.in_use)},
          {"available", FormatCents(g.amount - g.in_use)}, {"created_at", TimestampOrEmpty(g.created_ms)}};
}

json BankJson(const payment::Bank& b) {
  json j = {{"id", b.id}, {"name", b.name}, {"scheme", b.scheme}, {"created_at", TimestampOrEmpty(b.created_ms)}};
  if (b.scheme == "ed25519") j["public_key"] = payment::EncodeBase64(b.key);  // never the HMAC secret
  return j;
}

json SettlementJson(const payment::Settlement& s) {
  json j = {{"receipt", ReceiptJson(s.receipt)}, {"replay", s.replay}};
  if (s.order) j["order"] = OrderJson(*s.order);
  if (s.account) j["account"] = AccountJson(*s.account);
  if (s.refund) j["refund"] = RefundJson(*s.refund);
  return j;
}

json DebtJson(const DebtView& v, std::string_view lang = "en") {
  const DeclarationRecord& r = v.record;
  json j = {{"declaration_id", r.id}, {"mrn", r.mrn}, {"state", StateName(r.lifecycle.state)}, {"version", r.version}};
  json orders = json::array(), refunds = json::array(), receipts = json::array();
  for (const auto& o : v.orders) orders.push_back(OrderJson(o));
  for (const auto& f : v.refunds) refunds.push_back(RefundJson(f));
  for (const auto& rc : v.receipts) receipts.push_back(ReceiptJson(rc));
  if (r.debt) {
    const payment::Debt& d = *r.debt;
    json lines = json::array();
    for (const auto& l : d.lines)
      lines.push_back({{"tax", l.tax},
                       {"assessed", FormatCents(l.assessed)},
                       {"settled", FormatCents(l.settled)},
                       {"outstanding", FormatCents(l.secured ? 0 : std::max<payment::Cents>(0, l.assessed - l.settled))},
                       {"secured", l.secured}});
    j["currency"] = d.currency;
    j["assessed_version"] = d.version;
    j["assessed_at"] = TimestampOrEmpty(d.assessed_ms);
    j["assessed"] = FormatCents(d.Assessed());
    j["settled"] = FormatCents(d.Settled());
    j["outstanding"] = FormatCents(d.Outstanding());
    j["to_secure"] = FormatCents(d.ToSecure());
    j["guarantee"] = d.guarantee.empty() ? json(nullptr)
                                         : json{{"reference", d.guarantee}, {"amount", FormatCents(d.guaranteed)}};
    j["lines"] = lines;
  } else {
    j["assessed_version"] = nullptr;
  }
  j["orders"] = orders;
  j["refunds"] = refunds;
  j["receipts"] = receipts;
  j["releasable"] = v.release_blockers.empty() && r.debt.has_value();
  j["release_blockers"] = MessagesJson(v.release_blockers, lang);
  return j;
}

// Reads a required money member: a decimal string with at most two fractional digits.
Result<payment::Cents> MoneyMember(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string())
    return Status::Invalid("bad_request", std::string("'") + key + "' must be a decimal string such as \"1500000.00\"");
  auto c = payment::ParseCents(it->get<std::string>());
  if (!c) return Status::Invalid("invalid_amount", std::string("'") + key + "' must be a decimal with at most two fractional digits");
  if (*c <= 0) return Status::Invalid("invalid_amount", std::string("'") + key + "' must be positive");
  return *c;
}

// Reads the listed string members of a request object that allows only them.
Result<std::map<std::string, std::string>> Members(const HttpRequest& req, std::initializer_list<const char*> allowed,
                                                   std::initializer_list<const char*> required, json* body_out = nullptr) {
  auto body = ParseBodyObject(req);
  if (!body.ok()) return body.status();
  if (Status st = RejectUnknownKeys(body.value(), allowed); !st.ok()) return st;
  std::map<std::string, std::string> out;
  const json& j = body.value();
  for (const char* k : allowed) {
    if (j.contains(k) && j[k].is_string()) out[k] = j[k].get<std::string>();
    else if (j.contains(k) && !j[k].is_null())
      return Status::Invalid("wrong_type", std::string("'") + k + "' must be a string");
    if (out[k].size() > 512) return Status::Invalid("invalid_parameter", std::string("'") + k + "' is too long");
  }
  for (const char* k : required)
    if (out[k].empty()) return Status::Invalid("bad_request", std::string("'") + k + "' is required");
  if (body_out) *body_out = std::move(body.value());
  return out;
}

void RespondSettlement(const Respond& respond, Result<payment::Settlement> r, int created_status = 201) {
  if (!r.ok()) return respond(StatusResponse(r.status()));
  respond(JsonResponse(r->replay ? 200 : created_status, SettlementJson(r.value())));
}

DebtReplyFn RespondDebt(Respond respond) {
  return [respond = std::move(respond)](DebtReply r) {
    if (!r.status.ok()) return respond(StatusResponse(r.status, r.errors));
    respond(JsonResponse(200, DebtJson(*r.debt)));
  };
}

}  // namespace

void RegisterPaymentRoutes(Router& router, ApiContext& ctx) {
  PaymentService& pay = ctx.payments;

  router.Authed("GET", "/v1/declarations/{ref}/debt", Access::kReadDeclaration,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    std::string lang = RequestLanguage(req);
    RespondOne(respond, pay.Debt(who, req.params["ref"]), [&lang](const DebtView& v) { return DebtJson(v, lang); });
  });

  router.Authed("POST", "/v1/declarations/{ref}/guarantee", Late(Access::kProvideGuarantee),
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    auto m = Members(req, {"guarantee"}, {"guarantee"});
    if (!m.ok()) return respond(StatusResponse(m.status()));
    pay.ReserveGuarantee(who, req.params["ref"], m.value()["guarantee"], RespondDebt(std::move(respond)));
  });

  router.Authed("POST", "/v1/declarations/{ref}/discharge", Late(Access::kDischargeProcedure),
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    pay.Discharge(who, req.params["ref"], RespondDebt(std::move(respond)));
  });

  router.Authed("GET", "/v1/payment-orders", Access::kReadPayments,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    PaymentFilter f;
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    f.limit = limit.value();
    f.status = req.Query("status");
    if (!f.status.empty() && f.status != "open" && f.status != "paid" && f.status != "cancelled")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'status' must be open, paid or cancelled")));
    RespondList(respond, pay.Orders(who, f, req.Query("declaration")), OrderJson);
  });

  router.Authed("GET", "/v1/payment-orders/{order}", Access::kReadPayments,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, pay.Order(who, req.params["order"]), OrderJson);
  });

  router.Authed("POST", "/v1/payment-orders/{order}/deferred", Late(Access::kPayFromDeferredAccount),
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    auto m = Members(req, {"account"}, {"account"});
    if (!m.ok()) return respond(StatusResponse(m.status()));
    pay.PayFromDeferredAccount(who, req.params["order"], m.value()["account"],
                               [respond](Result<payment::Settlement> r) { RespondSettlement(respond, std::move(r)); });
  });

  router.Authed("POST", "/v1/payment-orders/{order}/demo-bank", Access::kPayThroughDemoBank,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    pay.DemoBankPay(who, req.params["order"],
                    [respond](Result<payment::Settlement> r) { RespondSettlement(respond, std::move(r)); });
  });

  // Banks authenticate by signature, not by user credentials.
  router.Public("POST", "/v1/bank/confirmations", [&pay](HttpRequest& req, Respond respond) {
    pay.ReceiveBankConfirmation(std::string(req.Header("x-bank-id")), std::string(req.Header("x-bank-signature")),
                                req.body,
                                [respond](Result<payment::Settlement> r) { RespondSettlement(respond, std::move(r)); });
  });

  router.Authed("POST", "/v1/banks", Late(Access::kRegisterBank),
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    auto m = Members(req, {"id", "name", "scheme", "key"}, {"id", "name", "scheme", "key"});
    if (!m.ok()) return respond(StatusResponse(m.status()));
    auto key = payment::DecodeBase64Any(m.value()["key"]);
    if (!key) return respond(StatusResponse(Status::Invalid("invalid_key", "'key' must be base64")));
    payment::Bank b;
    b.id = m.value()["id"];
    b.name = m.value()["name"];
    b.scheme = m.value()["scheme"];
    b.key = *key;
    pay.RegisterBank(who, std::move(b), [respond](Result<payment::Bank> r) { RespondOne(respond, r, BankJson, 201); });
  });

  router.Authed("GET", "/v1/banks", Access::kListBanks, [&pay](HttpRequest&, const Principal& who, Respond respond) {
    RespondList(respond, pay.Banks(who), BankJson);
  });

  router.Authed("POST", "/v1/deferred-accounts", Late(Access::kOpenDeferredAccount),
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    json body;
    auto m = Members(req, {"org_tin", "limit", "currency"}, {"org_tin"}, &body);
    if (!m.ok()) return respond(StatusResponse(m.status()));
    auto limit = MoneyMember(body, "limit");
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    payment::DeferredAccount a;
    a.org_tin = m.value()["org_tin"];
    a.currency = m.value()["currency"];
    a.limit = limit.value();
    pay.OpenDeferredAccount(who, std::move(a), [respond](Result<payment::DeferredAccount> r) { RespondOne(respond, r, AccountJson, 201); });
  });

  router.Authed("GET", "/v1/deferred-accounts", Access::kReadPayments,
                [&pay](HttpRequest&, const Principal& who, Respond respond) {
    RespondList(respond, pay.Accounts(who), AccountJson);
  });

  router.Authed("GET", "/v1/deferred-accounts/{account}", Access::kReadPayments,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, pay.Account(who, req.params["account"]), AccountJson);
  });

  router.Authed("POST", "/v1/guarantees", Late(Access::kRegisterGuarantee),
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    json body;
    auto m = Members(req, {"reference", "org_tin", "office", "amount", "currency"}, {"org_tin"}, &body);
    if (!m.ok()) return respond(StatusResponse(m.status()));
    auto amount = MoneyMember(body, "amount");
    if (!amount.ok()) return respond(StatusResponse(amount.status()));
    payment::Guarantee g;
    g.reference = m.value()["reference"];
    g.org_tin = m.value()["org_tin"];
    g.office = m.value()["office"];
    g.currency = m.value()["currency"];
    g.amount = amount.value();
    pay.RegisterGuarantee(who, std::move(g), [respond](Result<payment::Guarantee> r) { RespondOne(respond, r, GuaranteeJson, 201); });
  });

  router.Authed("GET", "/v1/guarantees", Access::kReadPayments,
                [&pay](HttpRequest&, const Principal& who, Respond respond) {
    RespondList(respond, pay.Guarantees(who), GuaranteeJson);
  });

  router.Authed("GET", "/v1/guarantees/{guarantee}", Access::kReadPayments,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, pay.GuaranteeOf(who, req.params["guarantee"]), GuaranteeJson);
  });

  router.Authed("GET", "/v1/refunds", Access::kReadPayments,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    PaymentFilter f;
    auto limit = IntParam(req, "limit", 100, 1, 1000);
    if (!limit.ok()) return respond(StatusResponse(limit.status()));
    f.limit = limit.value();
    f.status = req.Query("status");
    if (!f.status.empty() && f.status != "due" && f.status != "paid")
      return respond(StatusResponse(Status::Invalid("invalid_parameter", "'status' must be due or paid")));
    RespondList(respond, pay.Refunds(who, f, req.Query("declaration")), RefundJson);
  });

  router.Authed("POST", "/v1/refunds/{refund}/payment", Access::kPayRefund,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    pay.PayRefund(who, req.params["refund"],
                  [respond](Result<payment::Settlement> r) { RespondSettlement(respond, std::move(r)); });
  });

  router.Authed("GET", "/v1/receipts/{receipt}", Access::kReadPayments,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    RespondOne(respond, pay.Receipt(who, req.params["receipt"]), ReceiptJson);
  });

  router.Authed("GET", "/v1/reports/revenue", Access::kReadRevenueReport,
                [&pay](HttpRequest& req, const Principal& who, Respond respond) {
    std::string today = FormatIsoDate(TodayUtcDays());
    std::string from = req.Query("from"), to = req.Query("to");
    if (to.empty()) to = today;
    if (from.empty()) from = to;
    auto report = pay.Revenue(who, from, to, req.Query("office"));
    if (!report.ok()) return respond(StatusResponse(report.status()));
    json rows = json::array();
    std::map<std::string, std::pair<payment::Cents, payment::Cents>> by_tax, by_office, by_day;
    payment::Cents collected = 0, refunded = 0;
    for (const auto& r : report->rows) {
      rows.push_back({{"day", r.day}, {"office", r.office}, {"tax", r.tax}, {"collected", FormatCents(r.collected)},
                      {"refunded", FormatCents(r.refunded)}, {"net", FormatCents(r.collected - r.refunded)}});
      for (auto [m, k] : {std::pair{&by_tax, &r.tax}, std::pair{&by_office, &r.office}, std::pair{&by_day, &r.day}}) {
        (*m)[*k].first += r.collected;
        (*m)[*k].second += r.refunded;
      }
      collected += r.collected;
      refunded += r.refunded;
    }
    auto sums = [](const std::map<std::string, std::pair<payment::Cents, payment::Cents>>& m) {
      json out = json::object();
      for (const auto& [k, v] : m)
        out[k] = {{"collected", FormatCents(v.first)}, {"refunded", FormatCents(v.second)},
                  {"net", FormatCents(v.first - v.second)}};
      return out;
    };
    respond(JsonResponse(200, {{"from", report->from_day},
                               {"to", report->to_day},
                               {"office", report->office.empty() ? json(nullptr) : json(report->office)},
                               {"currency", report->currency},
                               {"rows", rows},
                               {"by_tax", sums(by_tax)},
                               {"by_office", sums(by_office)},
                               {"by_day", sums(by_day)},
                               {"total", {{"collected", FormatCents(collected)},
                                          {"refunded", FormatCents(refunded)},
                                          {"net", FormatCents(collected - refunded)}}}}));
  });
}

}  // namespace oc::api
