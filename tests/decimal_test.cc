#include "common/decimal.h"

#include <gtest/gtest.h>

namespace oc {
namespace {

TEST(Decimal, ParsesAndPrintsCanonically) {
  EXPECT_EQ(Decimal::Parse("12.50")->ToString(), "12.5");
  EXPECT_EQ(Decimal::Parse("0.000001")->ToString(), "0.000001");
  EXPECT_EQ(Decimal::Parse("-3")->ToString(), "-3");
  EXPECT_EQ(Decimal::Parse("000100")->ToString(), "100");
  EXPECT_EQ(Decimal::Parse("123456789012345678901234.5")->ToString(), "123456789012345678901234.5");
}

TEST(Decimal, RejectsAnythingButPlainDecimals) {
  for (const char* bad : {"", "-", ".5", "5.", "1e3", "+1", " 1", "1 ", "1.1234567", "1,5", "0x10", "NaN",
                          "1234567890123456789012345"})
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
}

TEST(Decimal, ArithmeticIsExact) {
  // 0.1 + 0.2 is exactly 0.3 in fixed point, unlike binary floating point.
  EXPECT_EQ((*Decimal::Parse("0.1") + *Decimal::Parse("0.2")), *Decimal::Parse("0.3"));
  Decimal sum;
  for (int i = 0; i < 1000; ++i) sum = sum + *Decimal::Parse("0.01");
  EXPECT_EQ(sum.ToString(), "10");
  EXPECT_EQ((*Decimal::Parse("12650.25") * *Decimal::Parse("100.5")).ToString(), "1271350.125");
  EXPECT_EQ((*Decimal::Parse("0.000001") * *Decimal::Parse("0.5")).ToString(), "0.000001");  // half away from zero
  EXPECT_EQ((*Decimal::Parse("-0.000001") * *Decimal::Parse("0.5")).ToString(), "-0.000001");
}

TEST(Decimal, ToFixedRoundsHalfAwayFromZero) {
  EXPECT_EQ(Decimal::Parse("2.345")->ToFixed(2), "2.35");
  EXPECT_EQ(Decimal::Parse("-2.345")->ToFixed(2), "-2.35");
  EXPECT_EQ(Decimal::Parse("2.344")->ToFixed(2), "2.34");
  EXPECT_EQ(Decimal::Parse("7")->ToFixed(2), "7.00");
  EXPECT_EQ(Decimal::Parse("0.004")->ToFixed(2), "0.00");
  EXPECT_EQ(Decimal::Parse("99.5")->ToFixed(0), "100");
}

TEST(Decimal, Ordering) {
  EXPECT_LT(*Decimal::Parse("9.99"), *Decimal::Parse("10"));
  EXPECT_GT(*Decimal::Parse("-1"), *Decimal::Parse("-1.5"));
  EXPECT_EQ(Decimal::Parse("-1.5")->Abs().ToString(), "1.5");
}

}  // namespace
}  // namespace oc
