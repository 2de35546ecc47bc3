// `rates import` and `rates show`: the official exchange-rate table (data/ref/exchange_rates.csv)
// that assessments convert invoice amounts with, on the acceptance date.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "common/dates.h"
#include "refdata/reference_data.h"
#include "tariff/exchange_rates.h"

namespace oc::cli {

namespace {

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot_read", "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Replaces `path` atomically, so a reader never sees half a table.
Status WriteAtomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!(out << text) || !out.flush()) return Status::Internal("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Internal("cannot replace " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

void RegisterRates(CLI::App& app, int& exit_code) {
  auto* rates = app.add_subcommand("rates", "Official exchange rates with validity dates");
  rates->require_subcommand(1);
  struct Opts { std::string file, format = "auto", national = "UZS", table; std::string from, to, date; };
  auto o = std::make_shared<Opts>();
  auto default_table = [] { return DefaultReferenceDir() + "/ref/exchange_rates.csv"; };

  auto* import = rates->add_subcommand("import", "Merge published rates into the table (new rates end the old ones)");
  import->add_option("file", o->file, "rates file: a central bank's JSON array (Ccy, Rate, Nominal, Date) or CSV "
                                      "from,to,rate,valid_from[,valid_to]")->required();
  import->add_option("--format", o->format, "cbu-json, csv or auto (by extension)")->capture_default_str();
  import->add_option("--national", o->national, "the national currency the JSON rates convert into")->capture_default_str();
  import->add_option("--table", o->table, "the table to update (default data/ref/exchange_rates.csv)");
  import->callback([o, &exit_code, default_table] {
    std::string table_path = o->table.empty() ? default_table() : o->table;
    auto text = ReadAll(o->file);
    if (Failed(text.status(), exit_code, 2)) return;
    std::string format = o->format;
    if (format == "auto") format = o->file.size() > 5 && o->file.substr(o->file.size() - 5) == ".json" ? "cbu-json" : "csv";
    Result<std::vector<tariff::ExchangeRateEntry>> incoming = Status::Invalid("bad_format", "--format must be cbu-json, csv or auto");
    if (format == "cbu-json") incoming = tariff::ParseCentralBankJson(text.value(), o->national);
    else if (format == "csv") incoming = tariff::ParseRatesCsv(text.value());
    if (Failed(incoming.status(), exit_code, 2)) return;
    auto current = tariff::ExchangeRates::Load(table_path);
    if (Failed(current.status(), exit_code)) return;
    std::vector<tariff::ExchangeRateEntry> table = current.value()->entries();
    int changed = tariff::MergeRates(table, incoming.value());
    if (Failed(WriteAtomically(table_path, tariff::RatesCsv(table)), exit_code)) return;
    std::cout << "read " << incoming->size() << " rates, " << changed << " new or changed; " << table_path << " has "
              << table.size() << " periods (servers read it at start)\n";
  });

  auto* show = rates->add_subcommand("show", "The rate valid on a date");
  show->add_option("--from", o->from, "currency converted")->required();
  show->add_option("--to", o->to, "into this currency")->default_val("UZS");
  show->add_option("--date", o->date, "YYYY-MM-DD (default today)");
  show->add_option("--table", o->table, "the table (default data/ref/exchange_rates.csv)");
  show->callback([o, &exit_code, default_table] {
    auto table = tariff::ExchangeRates::Load(o->table.empty() ? default_table() : o->table);
    if (Failed(table.status(), exit_code)) return;
    int64_t day = TodayUtcDays();
    if (!o->date.empty()) {
      auto d = ParseIsoDate(o->date);
      if (!d) { Failed(Status::Invalid("bad_date", "--date must be YYYY-MM-DD"), exit_code, 2); return; }
      day = *d;
    }
    auto rate = table.value()->Find(o->from, o->to, day);
    if (Failed(rate.status(), exit_code)) return;
    std::cout << "1 " << o->from << " = " << rate->ToString() << " " << o->to << " on " << FormatIsoDate(day) << "\n";
  });
}

}  // namespace oc::cli
