#include "risk/mirror.h"

#include <cmath>
#include <map>

#include "common/format.h"

namespace oc::risk {

MirrorComparison CompareWithExport(const Declaration& import, const Declaration& exported, const MirrorTolerance& tol) {
  MirrorComparison out;
  auto add = [&](Message why) {
    out.mismatch = true;
    out.reasons.push_back(std::move(why));
  };
  std::map<int, const GoodsItem*> exported_items;
  for (const auto& it : exported.items) exported_items[it.seq] = &it;
  if (import.items.size() != exported.items.size())
    add({"mirror_item_count",
         {{"declared", std::to_string(import.items.size())}, {"exported", std::to_string(exported.items.size())}},
         "the import declares " + std::to_string(import.items.size()) + " items, the export declaration " +
             std::to_string(exported.items.size())});
  bool same_currency = !import.invoice.currency.empty() && import.invoice.currency == exported.invoice.currency;
  const std::string& currency = import.invoice.currency;
  for (const auto& it : import.items) {
    auto e = exported_items.find(it.seq);
    std::string seq = std::to_string(it.seq), item = "item " + seq;
    if (e == exported_items.end()) {
      add({"mirror_item_missing", {{"seq", seq}}, item + " is not on the export declaration"});
      continue;
    }
    const GoodsItem& x = *e->second;
    if (it.commodity.hs != x.commodity.hs)
      add({"mirror_code", {{"seq", seq}, {"declared", it.commodity.hs}, {"exported", x.commodity.hs}},
           item + ": declared as " + it.commodity.hs + ", exported as " + x.commodity.hs});
    double mass = it.net_mass.ToDouble(), exported_mass = x.net_mass.ToDouble();
    if (exported_mass > 0 && std::fabs(mass - exported_mass) > tol.mass * exported_mass)
      add({"mirror_mass", {{"seq", seq}, {"declared", Fixed(mass, 3)}, {"exported", Fixed(exported_mass, 3)}},
           item + ": net mass " + Fixed(mass, 3) + " kg, exported " + Fixed(exported_mass, 3) + " kg"});
    double price = it.price.ToDouble(), exported_price = x.price.ToDouble();
    if (same_currency && exported_price > 0 && price < (1 - tol.value) * exported_price) {
      std::string percent = Fixed(100 * price / exported_price, 0);
      add({"mirror_price",
           {{"seq", seq}, {"declared", Fixed(price, 2)}, {"currency", currency}, {"percent", percent},
            {"exported", Fixed(exported_price, 2)}},
           item + ": price " + Fixed(price, 2) + " " + currency + " is " + percent + "% of the exported " +
               Fixed(exported_price, 2)});
    }
  }
  double total = import.invoice.total.ToDouble(), exported_total = exported.invoice.total.ToDouble();
  if (same_currency && exported_total > 0) {
    out.value_ratio = total / exported_total;
    if (out.value_ratio < 1 - tol.value) {
      std::string percent = Fixed(100 * out.value_ratio, 0);
      add({"mirror_total",
           {{"declared", Fixed(total, 2)}, {"currency", currency}, {"percent", percent},
            {"exported", Fixed(exported_total, 2)}},
           "invoice total " + Fixed(total, 2) + " " + currency + " is " + percent + "% of the export declaration's " +
               Fixed(exported_total, 2)});
    }
  }
  return out;
}

}  // namespace oc::risk
