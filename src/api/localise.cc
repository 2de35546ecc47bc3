#include "api/localise.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace oc::api {
namespace {

struct Wording {
  const char* code;
  const char* ru;
  const char* uz;
};

// Placeholders are {name}, filled from the message's parameters.
constexpr Wording kWordings[] = {
    // release blockers (payment/debt.h)
    {"not_assessed", "таможенные платежи не начислены", "bojxona toʻlovlari hisoblanmagan"},
    {"assessment_outdated", "декларация изменена после начисления (начислено по версии {assessed}, текущая версия {current}): начислите заново",
     "deklaratsiya hisoblangandan keyin oʻzgartirilgan ({assessed}-versiya hisoblangan, joriy versiya {current}): qayta hisoblang"},
    {"debt_unpaid", "{amount} {currency} не уплачено и не списано с отсроченного счёта",
     "{amount} {currency} toʻlanmagan va kechiktirilgan hisobdan yechilmagan"},
    {"not_secured", "{amount} {currency} приостановленных платежей не обеспечены гарантией",
     "toʻxtatilgan toʻlovlarning {amount} {currency} qismi kafolat bilan taʼminlanmagan"},
    {"guarantee_short", "гарантия {guarantee} обеспечивает {secured} из требуемых {required} {currency}",
     "{guarantee} kafolati talab qilingan {required} {currency} dan {secured} ni taʼminlaydi"},
    {"illegal_transition", "невозможно в текущем статусе декларации ({state})", "deklaratsiyaning joriy holatida mumkin emas ({state})"},
    {"read_only", "этот ключ API только для чтения", "bu API kaliti faqat oʻqish uchun"},
    // reasons the system gives in histories and notifications
    {"accepted", "принята", "qabul qilindi"},
    {"has_errors", "в декларации есть ошибки", "deklaratsiyada xatolar bor"},
    {"lane_green", "зелёный коридор: без контроля; товары выпускаются после уплаты или обеспечения платежей",
     "yashil yoʻlak: nazoratsiz; toʻlovlar toʻlangach yoki taʼminlangach tovarlar chiqariladi"},
    {"lane_blue", "синий коридор: без контроля до выпуска; декларация может быть проверена после выпуска",
     "koʻk yoʻlak: chiqarishdan oldin nazoratsiz; deklaratsiya chiqarilgandan keyin tekshirilishi mumkin"},
    {"lane_yellow", "жёлтый коридор: документальный контроль; представьте счёт, транспортные документы и документы о происхождении",
     "sariq yoʻlak: hujjatli nazorat; hisob-faktura, transport va kelib chiqish hujjatlarini taqdim eting"},
    {"lane_red", "красный коридор: таможенный досмотр; предъявите товары с документами для досмотра",
     "qizil yoʻlak: bojxona koʻrigi; tovarlarni hujjatlari bilan koʻrikka taqdim eting"},
    {"released_nothing_due", "выпущено автоматически: платежей к уплате или обеспечению нет",
     "avtomatik chiqarildi: toʻlanadigan yoki taʼminlanadigan toʻlov yoʻq"},
    {"released_settled", "выпущено автоматически: платежи уплачены или обеспечены",
     "avtomatik chiqarildi: toʻlovlar toʻlangan yoki taʼminlangan"},
    {"seized", "товары изъяты при досмотре", "tovarlar koʻrikda olib qoʻyildi"},
};

const Wording* Find(std::string_view code) {
  for (const auto& w : kWordings)
    if (code == w.code) return &w;
  return nullptr;
}

std::string Fill(std::string text, const Message& m) {
  for (const auto& [name, value] : m.params) {
    std::string key = "{" + name + "}";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  return text;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string PreferredLanguage(std::string_view header) {
  std::string best = "en";
  double best_q = -1;
  size_t order = 0;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view part = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    ++order;
    std::string_view tag = Trim(part.substr(0, part.find(';')));
    double q = 1;
    if (size_t at = part.find(";q="); at != std::string_view::npos) {
      std::string value(Trim(part.substr(at + 3)));
      char* end = nullptr;
      q = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || q < 0 || q > 1) continue;  // malformed: ignored, as RFC 9110 allows
    }
    std::string primary(tag.substr(0, tag.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(), [](unsigned char c) { return std::tolower(c); });
    if (primary == "*") primary = "en";
    if (primary != "uz" && primary != "ru" && primary != "en") continue;
    if (q > best_q && q > 0) {  // earlier tags win ties
      best = primary;
      best_q = q;
    }
  }
  return best;
}

std::string RequestLanguage(const HttpRequest& req) { return PreferredLanguage(req.Header("accept-language")); }

std::string LocalisedText(const Message& m, std::string_view lang) {
  const Wording* w = lang == "en" ? nullptr : Find(m.code);
  if (!w) return m.text;
  return Fill(lang == "ru" ? w->ru : w->uz, m);
}

std::string LocalisedReason(std::string_view reason_code, const std::string& reason, std::string_view lang) {
  if (reason_code.empty() || lang == "en") return reason;
  return LocalisedText(Message{std::string(reason_code), {}, reason}, lang);
}

}  // namespace oc::api
