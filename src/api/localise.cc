#include "api/localise.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <nlohmann/json.hpp>

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
    // transit alerts (tracking/fix.h), notified to the declarant as transit_<kind>
    {"transit_corridor_exit", "транспорт покинул утверждённый маршрут", "transport tasdiqlangan yoʻnalishdan chiqdi"},
    {"transit_corridor_return", "транспорт вернулся на утверждённый маршрут", "transport tasdiqlangan yoʻnalishga qaytdi"},
    {"transit_long_stop", "длительная стоянка вне разрешённых мест", "ruxsat etilgan joylardan tashqarida uzoq turish"},
    {"transit_seal_opened", "пломба сообщает о вскрытии", "plomba ochilganini bildirmoqda"},
    {"transit_seal_cut", "пломба сообщает о перерезанном тросе", "plomba simi kesilganini bildirmoqda"},
    {"transit_offline", "устройство слежения не выходит на связь", "kuzatuv qurilmasi aloqaga chiqmayapti"},
    {"transit_overdue", "срок доставки истёк до прибытия", "yetkazib berish muddati yetib kelishdan oldin tugadi"},
    {"transit_low_battery", "низкий заряд батареи устройства", "qurilma batareyasi zaryadi past"},
    {"transit_arrived", "транспорт прибыл в таможню назначения", "transport belgilangan bojxona postiga yetib keldi"},
    // what an alert found (tracking/steps/*.cc), in numbers
    {"alert_outside_corridor", "вне коридора", "koridordan tashqarida"},
    {"alert_back_in_corridor", "снова в коридоре", "yana koridorda"},
    {"alert_shortcut", "покинул коридор между двумя отметками: {km} км по маршруту за {minutes} мин",
     "ikki belgi orasida koridordan chiqdi: yoʻnalish boʻylab {km} km {minutes} daqiqada"},
    {"alert_long_stop", "стоит {minutes} мин вне разрешённых мест стоянки",
     "ruxsat etilgan toʻxtash joylaridan tashqarida {minutes} daqiqa turibdi"},
    {"alert_seal_opened", "пломба сообщает о вскрытии", "plomba ochilganini bildirmoqda"},
    {"alert_seal_cut", "пломба сообщает о перерезанном тросе", "plomba simi kesilganini bildirmoqda"},
    {"alert_no_fix", "нет отметок {minutes} мин", "{minutes} daqiqa davomida belgi yoʻq"},
    {"alert_silent", "нет отметок более {minutes} мин", "{minutes} daqiqadan ortiq belgi yoʻq"},
    {"alert_silent_from_start", "нет отметок более {minutes} мин с начала перевозки",
     "tashish boshlanganidan beri {minutes} daqiqadan ortiq belgi yoʻq"},
    {"alert_overdue", "не прибыл в течение {hours} ч", "{hours} soat ichida yetib kelmadi"},
    {"alert_overdue_limit", "не прибыл в установленный срок", "belgilangan muddatda yetib kelmadi"},
    {"alert_low_battery", "заряд батареи {percent} %", "batareya zaryadi {percent} %"},
    {"alert_arrived", "в геозоне таможни назначения", "belgilangan bojxona geozonasida"},
    // why a transit went to enquiry (tracking::DecideClose) and its journey's events (JourneyTimeline)
    {"close_seal_not_fitted", "пломба {seal} не была наложена при отправлении", "{seal} plombasi joʻnatishda qoʻyilmagan"},
    {"close_seal_broken", "пломба {seal} повреждена при прибытии", "{seal} plombasi yetib kelganda buzilgan"},
    {"close_seal_not_checked", "пломба {seal} не проверена в таможне назначения",
     "{seal} plombasi belgilangan bojxonada tekshirilmagan"},
    {"close_seal_reported_opened", "пломба {seal} в последний раз сообщила о вскрытии",
     "{seal} plombasi oxirgi marta ochilganini bildirgan"},
    {"close_seal_reported_cut", "пломба {seal} в последний раз сообщила о перерезанном тросе",
     "{seal} plombasi oxirgi marta simi kesilganini bildirgan"},
    {"close_alert_unresolved", "тревога {alert} ({kind}) не разрешена", "{alert}-signal ({kind}) hal qilinmagan"},
    {"journey_started", "выпущено для отправления по маршруту {route}", "{route} yoʻnalishi boʻyicha joʻnatishga chiqarildi"},
    {"journey_started_sealed", "выпущено для отправления по маршруту {route}, пломбы: {seals}",
     "{route} yoʻnalishi boʻyicha joʻnatishga chiqarildi, plombalar: {seals}"},
    {"alert_acknowledged", "тревога {alert} принята к сведению", "{alert}-signal qabul qilindi"},
    {"alert_resolved", "тревога {alert} разрешена", "{alert}-signal hal qilindi"},
    {"transit_discharged", "транзит завершён в таможне назначения", "tranzit belgilangan bojxonada yakunlandi"},
    {"transit_enquiry", "транзит направлен на розыск", "tranzit surishtiruvga yuborildi"},
    // the risk engine's reasons (risk/decide.cc, risk/mirror.cc), for officers; {lane} is worded below
    {"risk_criterion", "{lane} коридор по критерию {id}: {description}", "{id} mezoni boʻyicha {lane} yoʻlak: {description}"},
    {"risk_undervalued",
     "товар {seq} ({hs}): стоимость единицы {unit_value} {currency}/кг составляет {ratio} от эталонной медианы {median} "
     "({observations} деклараций, {basis})",
     "{seq}-tovar ({hs}): birlik qiymati {unit_value} {currency}/kg maʼlumotnoma medianasi {median} ning {ratio} qismi "
     "({observations} ta deklaratsiya, {basis})"},
    {"risk_misclassified", "товар {seq} ({hs}): по описанию это {suggested} ({suggested_description}, уверенность {confidence})",
     "{seq}-tovar ({hs}): tavsifiga koʻra bu {suggested} ({suggested_description}, ishonch {confidence})"},
    {"risk_random", "выбрана случайно: так выбирается {percent}% деклараций, чтобы никто не мог рассчитывать на зелёный коридор",
     "tasodifiy tanlandi: deklaratsiyalarning {percent}% shunday tanlanadi, hech kim yashil yoʻlakka ishonib qolmasligi uchun"},
    {"risk_model_score", "модель выявления нарушений {model}: оценка {score}",
     "qoidabuzarlikni aniqlash modeli {model}: baho {score}"},
    {"risk_model_lane", "модель выявления нарушений {model}: оценка {score} достигла порога ({lane} коридор) {threshold}",
     "qoidabuzarlikni aniqlash modeli {model}: baho {score} chegaraga ({lane} yoʻlak) {threshold} yetdi"},
    {"risk_no_model", "модель выявления нарушений не активна: коридоры определяются критериями и случайным выбором",
     "qoidabuzarlikni aniqlash modeli faol emas: yoʻlaklar mezonlar va tasodifiy tanlov bilan belgilanadi"},
    {"risk_profile",
     "участник {tin}: деклараций {declarations}, нарушений {hits} при {inspections} проверках (сглаженная доля {hit_rate})",
     "ishtirokchi {tin}: {declarations} ta deklaratsiya, {inspections} ta tekshiruvda {hits} ta qoidabuzarlik "
     "(silliqlangan ulush {hit_rate})"},
    {"risk_profile_aeo",
     "участник {tin}: деклараций {declarations}, нарушений {hits} при {inspections} проверках (сглаженная доля {hit_rate}), "
     "уполномоченный экономический оператор",
     "ishtirokchi {tin}: {declarations} ta deklaratsiya, {inspections} ta tekshiruvda {hits} ta qoidabuzarlik "
     "(silliqlangan ulush {hit_rate}), vakolatli iqtisodiy operator"},
    {"risk_none", "ни один индикатор риска не сработал", "hech bir xavf koʻrsatkichi ishga tushmadi"},
    {"mirror_item_count", "экспорт {export}: в импортной декларации товаров {declared}, в экспортной {exported}",
     "eksport {export}: import deklaratsiyasida {declared} ta tovar, eksport deklaratsiyasida {exported} ta"},
    {"mirror_item_missing", "экспорт {export}: товара {seq} нет в экспортной декларации",
     "eksport {export}: {seq}-tovar eksport deklaratsiyasida yoʻq"},
    {"mirror_code", "экспорт {export}: товар {seq} заявлен как {declared}, вывезен как {exported}",
     "eksport {export}: {seq}-tovar {declared} sifatida deklaratsiya qilingan, {exported} sifatida eksport qilingan"},
    {"mirror_mass", "экспорт {export}: товар {seq}: вес нетто {declared} кг, при вывозе {exported} кг",
     "eksport {export}: {seq}-tovar: sof ogʻirlik {declared} kg, eksportda {exported} kg"},
    {"mirror_price", "экспорт {export}: товар {seq}: цена {declared} {currency} составляет {percent}% экспортной {exported}",
     "eksport {export}: {seq}-tovar: narx {declared} {currency} eksportdagi {exported} ning {percent}% i"},
    {"mirror_total",
     "экспорт {export}: сумма счёта {declared} {currency} составляет {percent}% суммы экспортной декларации {exported}",
     "eksport {export}: hisob summasi {declared} {currency} eksport deklaratsiyasidagi {exported} ning {percent}% i"},
};

// Field errors (docs/errors.md): the code's meaning; the English message, which names values,
// travels beside it as message_en. {message} is that English message.
constexpr Wording kFieldErrorWordings[] = {
    {"required", "Обязательное поле.",
     "Toʻldirish shart."},
    {"unknown_field", "Такого поля в декларации нет.",
     "Deklaratsiyada bunday maydon yoʻq."},
    {"wrong_type", "Неверный тип значения.",
     "Qiymat turi notoʻgʻri."},
    {"invalid_format", "Неверный формат.",
     "Format notoʻgʻri."},
    {"invalid_decimal", "Введите число, например 1250.50 (точка, не более 6 знаков после неё).",
     "Son kiriting, masalan 1250.50 (nuqta, undan keyin koʻpi bilan 6 ta raqam)."},
    {"negative", "Не может быть отрицательным.",
     "Manfiy boʻlishi mumkin emas."},
    {"not_positive", "Должно быть больше нуля.",
     "Noldan katta boʻlishi kerak."},
    {"out_of_range", "Вне допустимого диапазона.",
     "Ruxsat etilgan oraliqdan tashqarida."},
    {"too_long", "Слишком длинно.",
     "Juda uzun."},
    {"too_short", "Слишком коротко.",
     "Juda qisqa."},
    {"too_few", "Слишком мало.",
     "Juda kam."},
    {"too_many", "Слишком много.",
     "Juda koʻp."},
    {"control_characters", "Содержит недопустимые символы.",
     "Ruxsat etilmagan belgilar bor."},
    {"unknown_hs_code", "Это не субпозиция ГС 2022.",
     "Bu HS 2022 subpozitsiyasi emas."},
    {"unknown_country", "Неизвестный код страны.",
     "Mamlakat kodi nomaʼlum."},
    {"unknown_currency", "Неизвестный код валюты.",
     "Valyuta kodi nomaʼlum."},
    {"unknown_unit", "Неизвестный код единицы.",
     "Oʻlchov birligi kodi nomaʼlum."},
    {"unknown_office", "Неизвестный таможенный пост.",
     "Bojxona posti nomaʼlum."},
    {"unknown_document_type", "Неизвестный вид документа.",
     "Hujjat turi nomaʼlum."},
    {"unknown_package_kind", "Неизвестный вид упаковки.",
     "Qadoq turi nomaʼlum."},
    {"unknown_incoterm", "Неизвестное условие Инкотермс.",
     "Inkoterms sharti nomaʼlum."},
    {"unknown_transport_mode", "Неизвестный вид транспорта.",
     "Transport turi nomaʼlum."},
    {"unknown_procedure", "Неизвестный код процедуры.",
     "Rejim kodi nomaʼlum."},
    {"procedure_type_mismatch", "Процедура не соответствует типу декларации.",
     "Rejim deklaratsiya turiga mos emas."},
    {"unknown_valuation_method", "Неизвестный метод определения стоимости.",
     "Qiymatni aniqlash usuli nomaʼlum."},
    {"net_exceeds_gross", "Вес нетто больше веса брутто.",
     "Sof ogʻirlik brutto ogʻirlikdan katta."},
    {"invoice_total_mismatch", "Цены товаров не совпадают с суммой по счёту.",
     "Tovarlar narxlari hisob-faktura summasiga mos emas."},
    {"date_in_future", "Дата в будущем.",
     "Sana kelajakda."},
    {"missing_exchange_rate", "Укажите курс этой валюты.",
     "Bu valyutaning kursini kiriting."},
    {"duplicate_exchange_rate", "Курс указан дважды.",
     "Kurs ikki marta koʻrsatilgan."},
    {"duplicate_seal", "Номер пломбы указан дважды.",
     "Plomba raqami ikki marta koʻrsatilgan."},
    {"duplicate_item_seq", "Номер товара использован дважды.",
     "Tovar raqami ikki marta ishlatilgan."},
    {"immutable_element", "Нельзя менять при изменении декларации.",
     "Oʻzgartirishda buni oʻzgartirib boʻlmaydi."},
    {"quantity_required", "Тарифу нужно количество в его единице: {message}",
     "Tarif oʻz birligidagi miqdorni talab qiladi: {message}"},
    {"possible_misclassification", "Описание похоже на другую товарную позицию; код может быть неверным.",
     "Tavsif boshqa tovar pozitsiyasiga oʻxshaydi; kod notoʻgʻri boʻlishi mumkin."},
    {"lrn_reused", "Этот LRN уже использован для другой декларации.",
     "Bu LRN boshqa deklaratsiya uchun ishlatilgan."},
    {"foreign_office", "Таможенный орган другой страны.",
     "Boshqa davlatning bojxona organi."},
    {"rate_differs_from_official", "Курс заметно отличается от официального.",
     "Kurs rasmiy kursdan sezilarli farq qiladi."},
    {"duplicate_field", "Элемент указан дважды.",
     "Element ikki marta koʻrsatilgan."},
    {"not_an_object", "Ожидается объект JSON.",
     "JSON obyekti kutilmoqda."},
    {"invalid_country", "Неизвестный код страны.",
     "Mamlakat kodi nomaʼlum."},
    {"invalid_hs_code", "Код товара — от 6 до 10 цифр.",
     "Tovar kodi 6 dan 10 gacha raqamdan iborat."},
    {"reason_required", "Укажите причину.",
     "Sababini koʻrsating."},
    {"no_change", "Изменений нет.",
     "Oʻzgarish yoʻq."},
    {"unknown_item", "Такого товара в декларации нет.",
     "Deklaratsiyada bunday tovar yoʻq."},
    {"items_required", "Укажите товары.",
     "Tovarlarni koʻrsating."},
    {"item_required", "Укажите номер товара.",
     "Tovar raqamini koʻrsating."},
    {"invalid_type", "Неверный тип значения.",
     "Qiymat turi notoʻgʻri."},
    {"no_supplementary_unit", "У этого кода нет дополнительной единицы измерения.",
     "Bu kodning qoʻshimcha oʻlchov birligi yoʻq."},
};

// Parameter values that are words themselves.
constexpr Wording kLaneWordings[] = {
    {"green", "зелёный", "yashil"}, {"blue", "синий", "koʻk"}, {"yellow", "жёлтый", "sariq"}, {"red", "красный", "qizil"}};

template <size_t N>
const Wording* FindIn(const Wording (&table)[N], std::string_view code) {
  for (const auto& w : table)
    if (code == w.code) return &w;
  return nullptr;
}
const Wording* Find(std::string_view code) { return FindIn(kWordings, code); }

const char* In(const Wording& w, std::string_view lang) { return lang == "ru" ? w.ru : w.uz; }

std::string Fill(std::string text, const Message& m, std::string_view lang) {
  for (const auto& [name, raw] : m.params) {
    // An alert's kind is worded as its notification is (transit_<kind>).
    const Wording* word = name == "lane"   ? FindIn(kLaneWordings, raw)
                          : name == "kind" ? Find("transit_" + raw)
                                           : nullptr;
    // A parameter people wrote in several languages (a criterion's description) comes with
    // "<name>_<lang>" beside it.
    const std::string& own = m.Param(name + "_" + std::string(lang));
    const std::string value = !own.empty() ? own : word ? In(*word, lang) : raw;
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
  std::string text = Fill(In(*w, lang), m, lang);
  // The model's strongest factors are feature names (identifiers), listed as they are.
  if (const std::string& factors = m.Param("factors"); !factors.empty())
    text += (lang == "ru" ? "; наиболее значимые факторы: " : "; eng kuchli omillar: ") + factors;
  return text;
}

bool LocaliseProblem(std::string& body, std::string_view lang) {
  if (lang == "en") return false;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("errors") || !j["errors"].is_array()) return false;
  bool changed = false;
  for (auto& e : j["errors"]) {
    if (!e.is_object() || !e.contains("code") || !e["code"].is_string() || !e.contains("message") ||
        !e["message"].is_string())
      continue;
    const Wording* w = FindIn(kFieldErrorWordings, e["code"].get<std::string>());
    if (!w) continue;
    std::string english = e["message"].get<std::string>();
    e["message"] = Fill(In(*w, lang), Message{"", {{"message", english}}, english}, lang);
    e["message_en"] = std::move(english);
    changed = true;
  }
  if (changed) body = j.dump();
  return changed;
}

std::string LocalisedReason(std::string_view reason_code, const std::string& reason, std::string_view lang) {
  if (reason_code.empty() || lang == "en") return reason;
  return LocalisedText(Message{std::string(reason_code), {}, reason}, lang);
}

}  // namespace oc::api
