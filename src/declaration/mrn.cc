#include "declaration/mrn.h"

namespace oc {
namespace {

// ISO 6346 letter values: A=10, then skipping multiples of 11 (B=12 ... K=21, L=23 ... U=32, V=34 ...).
int CharValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c < 'A' || c > 'Z') return -1;
  int v = 10;
  for (char k = 'A'; k < c; ++k) {
    ++v;
    if (v % 11 == 0) ++v;
  }
  return v;
}

char ProcedureIndicator(DeclarationType t) {
  switch (t) {
    case DeclarationType::kImport: return 'M';
    case DeclarationType::kExport: return 'X';
    case DeclarationType::kTransit: return 'T';
  }
  return 'M';
}

}  // namespace

char MrnCheckCharacter(std::string_view first17) {
  long sum = 0;
  long weight = 1;
  for (char c : first17) {
    sum += CharValue(c) * weight;
    weight *= 2;
  }
  return static_cast<char>('0' + (sum % 11) % 10);
}

std::string MakeMrn(int year, std::string_view country, uint64_t serial, DeclarationType type) {
  static const char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string s(17, '0');
  s[0] = static_cast<char>('0' + (year / 10) % 10);
  s[1] = static_cast<char>('0' + year % 10);
  s[2] = country.size() > 0 ? country[0] : 'X';
  s[3] = country.size() > 1 ? country[1] : 'X';
  for (int i = 15; i >= 4; --i) {
    s[i] = kDigits[serial % 36];
    serial /= 36;
  }
  s[16] = ProcedureIndicator(type);
  s.push_back(MrnCheckCharacter(s));
  return s;
}

bool IsValidMrn(std::string_view mrn) {
  if (mrn.size() != 18) return false;
  for (size_t i = 0; i < 18; ++i) {
    char c = mrn[i];
    bool digit = c >= '0' && c <= '9', upper = c >= 'A' && c <= 'Z';
    if (i < 2 && !digit) return false;
    if (i >= 2 && i < 4 && !upper) return false;
    if (!digit && !upper) return false;
  }
  return MrnCheckCharacter(mrn.substr(0, 17)) == mrn[17];
}

}  // namespace oc
