#include "demo/demo_generator.h"

#include <cstdlib>

#include <algorithm>

#include "common/dates.h"
#include "tariff/declaration_assessment.h"

namespace oc {
namespace {

struct Partner {
  const char* country;
  const char* currency;
  const char* rate;  // demo exchange rate to the national currency
  const char* city;
  const char* loading;
  const char* mode;  // UN/ECE Rec 19 mode at the border
};

// Main trading partners of a Central-Asian importer; rates are illustrative demo values.
const Partner kPartners[] = {
    {"CN", "USD", "12650.25", "Urumqi", "CNURC", "3"}, {"RU", "RUB", "138.4", "Moscow", "RUMOW", "2"},
    {"KZ", "USD", "12650.25", "Almaty", "KZALA", "3"}, {"TR", "EUR", "13710.5", "Istanbul", "TRIST", "3"},
    {"DE", "EUR", "13710.5", "Hamburg", "DEHAM", "2"}, {"KR", "USD", "12650.25", "Seoul", "KRSEL", "4"},
    {"IN", "USD", "12650.25", "Mumbai", "INBOM", "1"}, {"US", "USD", "12650.25", "Chicago", "USCHI", "4"},
    {"IT", "EUR", "13710.5", "Milan", "ITMIL", "3"},   {"KG", "USD", "12650.25", "Bishkek", "KGFRU", "3"},
};

const char* kNouns[] = {"industrial", "household", "spare", "assorted", "packaged", "new", "commercial", "bulk"};

// Plausible value per kilogram (USD) by HS chapter group, to keep unit prices realistic.
int64_t CentsPerKg(const std::string& hs) {
  int ch = std::stoi(hs.substr(0, 2));
  if (ch <= 24) return 150 + ch * 20;       // food and agriculture
  if (ch <= 27) return 40;                  // minerals, fuels
  if (ch <= 38) return 600;                 // chemicals, pharma
  if (ch <= 40) return 350;                 // plastics, rubber
  if (ch <= 63) return 1200;                // textiles and apparel
  if (ch <= 71) return 900;                 // footwear, stone, glass, precious
  if (ch <= 83) return 250;                 // base metals
  if (ch <= 85) return 2500;                // machinery and electronics
  if (ch <= 89) return 1500;                // vehicles
  if (ch <= 92) return 6000;                // instruments
  return 800;
}

// A stable hash of a code (std::hash may differ between library versions).
uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

std::string CentsText(int64_t cents) {
  return std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
}

}  // namespace

const std::vector<DemoTrader>& DemoTraders() {
  static const std::vector<DemoTrader> kTraders = {
      {"301234567", "Silk Road Trading LLC (demo)", "Tashkent", "silkroad"},
      {"302345678", "Fergana Textile Import JSC (demo)", "Fergana", "fergana"},
      {"303456789", "Samarkand Machinery LLC (demo)", "Samarkand", "samarkand"},
      {"304567890", "Aral Agro Export LLC (demo)", "Nukus", "aralagro"},
      {"305678901", "Navoi Electronics Distribution (demo)", "Navoi", "navoi"},
      {"306789012", "Bukhara Pharma Supply LLC (demo)", "Bukhara", "bukhara"},
  };
  return kTraders;
}

DemoGenerator::DemoGenerator(const ReferenceData& ref, uint64_t seed, std::string country, std::string currency)
    : ref_(ref), rng_(seed), country_(std::move(country)), currency_(std::move(currency)), seed_(seed) {
  // Skip chapters 93 (arms) and 97 (art) to keep the demo mundane.
  for (const auto& hs : ref_.HsSubheadings())
    if (hs.substr(0, 2) != "93" && hs.substr(0, 2) != "97") hs_pool_.push_back(hs);
  for (const auto& [code, e] : ref_.offices().entries())
    if (!e.extra.empty() && e.extra[0] == country_) entry_offices_.push_back(code);
  std::sort(entry_offices_.begin(), entry_offices_.end());
  std::mt19937_64 pick(seed_ ^ 0x5eedc0de);
  std::vector<std::string> shuffled = hs_pool_;
  for (size_t i = 0; i < shuffled.size() && i < kCommonCommodities; ++i)
    std::swap(shuffled[i], shuffled[i + pick() % (shuffled.size() - i)]);
  common_.assign(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(std::min(kCommonCommodities, shuffled.size())));
}

bool DemoGenerator::Undervalued(uint64_t n) const { return (n * 2654435761ULL + seed_ * 40503ULL) % 1000 < 85; }

// Without the nomenclature there is nothing to draw from: the item has no code (and is refused).
std::string DemoGenerator::PickHs() {
  if (hs_pool_.empty()) return std::string();
  if (!common_.empty() && static_cast<int>(rng_() % 100) < kCommonPercent) return common_[rng_() % common_.size()];
  return hs_pool_[rng_() % hs_pool_.size()];
}

Declaration DemoGenerator::Make(uint64_t n, int items, const std::string& issue_date) {
  const auto& traders = DemoTraders();
  return Make(n, traders[n % traders.size()], items, issue_date);
}

Declaration DemoGenerator::Make(uint64_t n, const DemoTrader& declarant, int items, const std::string& issue_date) {
  rng_.seed(seed_ * 1000003ULL + n);
  const Partner& p = kPartners[rng_() % std::size(kPartners)];
  Declaration d;
  d.lrn = "DEMO-" + std::to_string(seed_) + "-" + std::to_string(n);
  d.type = DeclarationType::kImport;
  d.procedure = "4000";
  d.office = entry_offices_.empty() ? "" : entry_offices_[rng_() % entry_offices_.size()];
  d.issue_date = issue_date;
  Party decl{declarant.tin, declarant.name, {"1 Amir Temur street", declarant.city, "100000", country_}, ""};
  d.parties.declarant = decl;
  d.parties.importer = decl;
  std::string seller_tin = "EX" + std::to_string(100000 + rng_() % 900000);
  Party seller{seller_tin, std::string("Partner Exports ") + p.country + " Ltd (demo)",
               {"12 Harbour road", p.city, "", p.country}, ""};
  d.parties.exporter = seller;
  d.parties.seller = seller;
  d.parties.buyer = decl;
  d.transport.border_mode = p.mode;
  d.transport.means_id = p.mode[0] == '3' ? "01A" + std::to_string(100 + rng_() % 900) + "BC" : "MEANS" + std::to_string(rng_() % 10000);
  d.transport.means_nationality = p.mode[0] == '3' ? country_ : p.country;
  d.locations.loading = p.loading;
  d.locations.entry_office = d.office;
  d.locations.destination_country = country_;
  d.invoice.number = "INV-" + std::to_string(n);
  d.invoice.date = issue_date;
  d.invoice.currency = p.currency;
  d.invoice.incoterm = rng_() % 2 ? "FCA" : "CPT";
  d.invoice.incoterm_place = p.city;
  int count = items > 0 ? items : 1 + static_cast<int>(rng_() % 8);
  const double usd_per_unit = std::atof(kPartners[0].rate) / std::atof(p.rate);  // USD -> the invoice currency
  int64_t total_cents = 0;
  for (int i = 0; i < count; ++i) {
    GoodsItem it;
    it.seq = i + 1;
    it.commodity.hs = PickHs();
    const HsEntry* e = ref_.Hs(it.commodity.hs);
    std::string desc = e ? e->description : "goods";
    if (desc.size() > 200) desc.resize(200);
    it.description = std::string(kNouns[rng_() % std::size(kNouns)]) + " " + desc;
    it.origin = p.country;
    int64_t net_g = 5000 + static_cast<int64_t>(rng_() % 2000000);  // 5 kg .. 2 t
    int64_t gross_g = net_g + net_g / 20 + static_cast<int64_t>(rng_() % 5000);
    it.net_mass = Decimal::FromUnits(static_cast<__int128>(net_g) * 1000);  // grams -> kg with 6 places
    it.gross_mass = Decimal::FromUnits(static_cast<__int128>(gross_g) * 1000);
    // The commodity's own price level (60-160 % of its chapter group's), give or take 15 %.
    int64_t level = 60 + static_cast<int64_t>(Fnv1a(it.commodity.hs) % 101);
    int64_t cents = net_g * CentsPerKg(it.commodity.hs) / 1000 * level / 100 * (85 + static_cast<int64_t>(rng_() % 31)) / 100;
    // Prices are in US dollars; an invoice in another currency states the same value in it.
    cents = static_cast<int64_t>(static_cast<double>(cents) * usd_per_unit);
    if (i == 0 && Undervalued(n)) cents = cents * (30 + static_cast<int64_t>(rng_() % 16)) / 100;
    if (cents < 100) cents = 100;
    it.price = *Decimal::Parse(CentsText(cents));
    total_cents += cents;
    it.valuation_method = "1";
    if (schedule_) {
      auto day = ParseIsoDate(issue_date);
      auto units = tariff::UnitsNeeded(*schedule_, it.commodity.hs + "0000", it.origin, day ? *day : 0);
      if (!units.empty()) {
        // A plausible quantity in the unit the schedule asks for, scaled from the net mass.
        const std::string& u = units.front();
        int64_t kg = net_g / 1000 + 1;
        int64_t q = u == "NAR" ? kg * 4 : u == "LPA" ? kg * 2 / 5 + 1 : u == "CMQ" ? 1500 + static_cast<int64_t>(rng_() % 2000)
                  : u == "MTK" ? kg * 2 : u == "MTQ" ? kg / 500 + 1 : kg;
        it.supplementary = SupplementaryQuantity{Decimal::FromInt(q), u};
      }
    }
    it.packages.push_back(Package{1 + static_cast<int64_t>(rng_() % 40), rng_() % 3 ? "CT" : "PX", "N/M"});
    d.items.push_back(std::move(it));
  }
  d.invoice.total = *Decimal::Parse(CentsText(total_cents));
  int64_t freight = total_cents / 25 + 50000;
  d.freight = oc::Money{*Decimal::Parse(CentsText(freight)), p.currency};
  d.exchange_rates.push_back(ExchangeRate{p.currency, *Decimal::Parse(p.rate), issue_date});
  d.documents.push_back(Document{"N380", d.invoice.number, seller.name.substr(0, 70), issue_date});
  d.documents.push_back(Document{p.mode[0] == '3' ? "N730" : p.mode[0] == '4' ? "N740" : p.mode[0] == '2' ? "N720" : "N705",
                                 "TD-" + std::to_string(n), "", issue_date});
  return d;
}

}  // namespace oc
