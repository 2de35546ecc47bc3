#include "declaration/mrn.h"

#include <gtest/gtest.h>

#include <set>

namespace oc {
namespace {

TEST(Mrn, HasTheEuShape) {
  std::string mrn = MakeMrn(2026, "UZ", 1, DeclarationType::kImport);
  ASSERT_EQ(mrn.size(), 18u);
  EXPECT_EQ(mrn.substr(0, 4), "26UZ");
  EXPECT_EQ(mrn.substr(4, 12), "000000000001");
  EXPECT_EQ(mrn[16], 'M');
  EXPECT_TRUE(IsValidMrn(mrn));
}

TEST(Mrn, CheckCharacterFollowsIso6346) {
  // ISO 6346's own worked example: container CSQU305438 has check digit 3.
  EXPECT_EQ(MrnCheckCharacter("CSQU305438"), '3');
  // Any single-character change is detected.
  std::string mrn = MakeMrn(2026, "UZ", 123456, DeclarationType::kExport);
  for (size_t i = 4; i < 16; ++i) {
    std::string bad = mrn;
    bad[i] = bad[i] == '7' ? '8' : '7';
    EXPECT_FALSE(IsValidMrn(bad)) << bad;
  }
}

TEST(Mrn, SerialsAreUnique) {
  std::set<std::string> seen;
  for (uint64_t s = 0; s < 5000; ++s) EXPECT_TRUE(seen.insert(MakeMrn(2026, "KZ", s, DeclarationType::kTransit)).second);
}

TEST(Mrn, RejectsMalformed) {
  EXPECT_FALSE(IsValidMrn("26UZ00000000001M"));
  EXPECT_FALSE(IsValidMrn("2AUZ000000000001M0"));
  EXPECT_FALSE(IsValidMrn("26uz000000000001M0"));
}

}  // namespace
}  // namespace oc
