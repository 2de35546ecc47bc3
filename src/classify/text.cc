#include "classify/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xapian.h>

namespace oc::classify {

namespace {

const icu::Normalizer2* Folder() {
  static const icu::Normalizer2* folder = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return folder;
}

void AppendUtf8(std::string& out, UChar32 c) {
  icu::UnicodeString one(c);
  one.toUTF8String(out);
}

}  // namespace

std::string Fold(std::string_view text) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded;
  UErrorCode status = U_ZERO_ERROR;
  if (const icu::Normalizer2* n = Folder()) folded = n->normalize(in, status);
  if (!Folder() || U_FAILURE(status)) folded = in.foldCase();
  std::string out;
  folded.toUTF8String(out);
  return out;
}

std::vector<std::string> Tokens(std::string_view text) {
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded;
  if (const icu::Normalizer2* n = Folder()) {
    UErrorCode status = U_ZERO_ERROR;
    folded = n->normalize(in, status);
    if (U_FAILURE(status)) folded = in.foldCase();
  } else {
    folded = in.foldCase();
  }
  std::vector<std::string> out;
  std::string token;
  bool has_digit = false;
  auto finish = [&] {
    if (!token.empty() && !has_digit) out.push_back(token);
    token.clear();
    has_digit = false;
  };
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    UChar32 c = folded.char32At(i);
    // ella's → ellas; Uzbek Latin writes oʻ and gʻ with any of these marks.
    if (c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x02BB) continue;
    if (u_isalpha(c) || u_isdigit(c) || u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK) {
      if (u_isdigit(c)) has_digit = true;
      AppendUtf8(token, c);
    } else {
      finish();
    }
  }
  finish();
  return out;
}

std::vector<std::string> Stems(const std::vector<std::string>& tokens) {
  thread_local Xapian::Stem english("english"), russian("russian");
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (const auto& t : tokens) {
    // Cyrillic letters (U+0400..U+052F) start with UTF-8 lead bytes 0xD0..0xD4.
    unsigned char lead = t.empty() ? 0 : static_cast<unsigned char>(t[0]);
    bool cyrillic = lead >= 0xD0 && lead <= 0xD4;
    out.push_back(cyrillic ? russian(t) : english(t));
  }
  return out;
}

void VisitCharGrams(const std::vector<std::string>& tokens, int min_n, int max_n,
                    const std::function<void(std::string_view)>& visit) {
  thread_local std::string padded;
  thread_local std::vector<size_t> starts;  // byte offset of each code point of " token ", then the end
  for (const auto& t : tokens) {
    padded.assign(1, ' ');
    padded += t;
    padded.push_back(' ');
    starts.clear();
    for (size_t i = 0; i < padded.size(); ++i)
      if ((static_cast<unsigned char>(padded[i]) & 0xC0) != 0x80) starts.push_back(i);  // not a continuation byte
    size_t points = starts.size();
    starts.push_back(padded.size());
    std::string_view view(padded);
    for (int n = min_n; n <= max_n; ++n)
      for (size_t first = 0; first + n <= points; ++first)
        visit(view.substr(starts[first], starts[first + n] - starts[first]));
  }
}

std::vector<std::string> CharGrams(const std::vector<std::string>& tokens, int min_n, int max_n) {
  std::vector<std::string> out;
  VisitCharGrams(tokens, min_n, max_n, [&](std::string_view g) { out.emplace_back(g); });
  return out;
}

}  // namespace oc::classify
