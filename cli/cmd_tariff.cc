// `tariff quote` and `tariff stats`: duty quotes and schedule coverage from the command line,
// through the same code path as the API.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "cli/commands.h"
#include "common/dates.h"
#include "tariff/assess.h"
#include "tariff/registry.h"

namespace oc::cli {


void RegisterTariff(CLI::App& app, int& exit_code) {
  auto* tariff_cmd = app.add_subcommand("tariff", "Tariff schedules and duty quotes");
  tariff_cmd->require_subcommand(1);

  struct QuoteOpts {
    std::string schedule = "us-hts", code, origin, preference, date;
    std::vector<std::string> value, quantity;
    std::string net_kg;
    bool json = false;
  };
  auto o = std::make_shared<QuoteOpts>();
  auto* quote = tariff_cmd->add_subcommand("quote", "Duties and taxes for one goods item");
  quote->add_option("--schedule", o->schedule, "schedule name")->capture_default_str();
  quote->add_option("--code", o->code, "commodity code (8 or 10 digits, dots optional)")->required();
  quote->add_option("--origin", o->origin, "country of origin (ISO 3166-1 alpha-2)")->required();
  quote->add_option("--value", o->value, "customs value: AMOUNT CURRENCY")->expected(2)->required();
  quote->add_option("--net-kg", o->net_kg, "net mass in kilograms");
  quote->add_option("--quantity", o->quantity, "supplementary quantity: N UNIT (UN/ECE Rec 20)")->expected(2);
  quote->add_option("--preference", o->preference, "claim a preferential programme (with its proof of origin)");
  quote->add_option("--date", o->date, "acceptance date YYYY-MM-DD (default today)");
  quote->add_flag("--json", o->json, "print JSON");
  quote->callback([o, &exit_code] {
    auto amount = Decimal::Parse(o->value[0]);
    if (!amount) { Failed(Status::Invalid("bad_value", "--value must be AMOUNT CURRENCY, e.g. 1000 USD"), exit_code, 2); return; }
    int64_t day = TodayUtcDays();
    if (!o->date.empty()) {
      auto d = ParseIsoDate(o->date);
      if (!d) { Failed(Status::Invalid("bad_date", "--date must be YYYY-MM-DD"), exit_code, 2); return; }
      day = *d;
    }
    tariff::QuoteInput input;
    input.schedule = o->schedule;
    input.currency = o->value[1];
    input.day = day;
    tariff::QuoteRequest& req = input.request;
    req.code = o->code;
    req.origin = o->origin;
    req.preference = o->preference;
    req.customs_value = *amount;
    // On the command line, claiming a programme vouches for its proof of origin.
    if (!o->preference.empty() && tariff::IsNationalSchedule(o->schedule)) {
      auto national = tariff::LoadNationalSchedule(o->schedule);
      if (Failed(national.status(), exit_code)) return;
      if (const auto* pref = national.value()->Find(tariff::MeasureType::kPreference, "", day, o->origin, o->preference))
        input.documents.insert(pref->proof);
    }
    if (!o->net_kg.empty()) {
      auto kg = Decimal::Parse(o->net_kg);
      if (!kg) { Failed(Status::Invalid("bad_mass", "--net-kg must be a decimal number"), exit_code, 2); return; }
      req.net_kg = *kg;
    }
    if (!o->quantity.empty()) {
      auto n = Decimal::Parse(o->quantity[0]);
      if (!n) { Failed(Status::Invalid("bad_quantity", "--quantity must be N UNIT"), exit_code, 2); return; }
      req.quantities.push_back(tariff::Quantity{*n, o->quantity[1]});
    }
    auto q = tariff::QuoteInSchedule(input);
    if (!q.ok()) {
      if (o->json) std::cout << nlohmann::json{{"error", q.status().code()}, {"message", q.status().message()}}.dump() << "\n";
      Failed(q.status(), exit_code);
      return;
    }
    if (o->json) {
      std::cout << api::QuoteJson(q.value()).dump(2) << "\n";
      return;
    }
    std::cout << q->code << "  " << q->description.substr(0, 160) << "\n"
              << "customs value " << q->customs_value.ToFixed(2) << " " << q->currency << "\n";
    for (const auto& l : q->lines)
      std::cout << "  " << l.amount.ToFixed(2) << " " << q->currency << "  " << l.description << "  [" << l.rate_text
                << "] on " << l.base << "  (" << l.legal_ref << ")\n";
    for (const auto& n : q->notes) std::cout << "  note: " << n << "\n";
    std::cout << "total " << q->total.ToFixed(2) << " " << q->currency << "\n";
  });

  auto stats_schedule = std::make_shared<std::string>("us-hts");
  auto stats_json = std::make_shared<std::string>();
  auto* stats = tariff_cmd->add_subcommand("stats", "Lines loaded, computable and declined by reason");
  stats->add_option("--schedule", *stats_schedule, "schedule name")->capture_default_str();
  stats->add_option("--json", *stats_json, "also write the figures to this JSON file");
  stats->callback([stats_schedule, stats_json, &exit_code] {
    if (tariff::IsNationalSchedule(*stats_schedule)) {
      auto national = tariff::LoadNationalSchedule(*stats_schedule);
      if (Failed(national.status(), exit_code)) return;
      std::cout << "schedule " << *stats_schedule << ": " << national.value()->size() << " measures (currency "
                << national.value()->currency() << ")\n";
      return;
    }
    auto schedule = tariff::LoadSchedule(*stats_schedule);
    if (Failed(schedule.status(), exit_code)) return;
    const auto& s = schedule.value()->stats();
    nlohmann::json j = {{"schedule", *stats_schedule}, {"rows", s.rows}, {"lines", s.lines},
                        {"computable", s.computable}, {"declined", s.lines - s.computable},
                        {"declined_by_reason", s.declined_by_reason}, {"computable_by_kind", s.by_kind},
                        {"additional_measures", s.additional_measures}};
    std::cout << "schedule " << *stats_schedule << ": " << s.rows << " rows, " << s.lines << " tariff lines, "
              << s.computable << " computable, " << s.lines - s.computable << " declined\n";
    for (auto& [k, n] : s.by_kind) std::cout << "  computable " << k << ": " << n << "\n";
    for (auto& [k, n] : s.declined_by_reason) std::cout << "  declined (" << k << "): " << n << "\n";
    std::cout << "  additional duties attached (Section 301): " << s.additional_measures << "\n";
    if (!stats_json->empty()) std::ofstream(*stats_json) << j.dump(2) << "\n";
  });
}

}  // namespace oc::cli
