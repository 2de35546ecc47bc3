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

TEST(Decimal, LargeProductsAreExactAndOverflowSaturates) {
  // 10^14 freight times a 10^14 price: 10^28, whose units (10^34) fit although the raw product
  // of the units (10^40) would not.
  Decimal big = *Decimal::Parse("100000000000000.5");
  EXPECT_EQ((big * big).ToString(), "10000000000000100000000000000.25");
  EXPECT_EQ((-big * big).ToString(), "-10000000000000100000000000000.25");
  EXPECT_EQ((*Decimal::Parse("-2.5") * *Decimal::Parse("-0.000001")).ToString(), "0.000003");
  EXPECT_EQ((*Decimal::Parse("-2.5") * *Decimal::Parse("0.000001")).ToString(), "-0.000003");
  // Small operands agree with the product of the units rounded half away from zero.
  for (__int128 a : {0, 1, 7, 499999, 500000, 1000001, 123456789, -3, -1500000, -987654321})
    for (__int128 b : {0, 1, 3, 500000, 2500000, 999999, -1, -500001, -123456789}) {
      __int128 p = a * b, q = p / Decimal::kOne, r = p % Decimal::kOne;
      if ((r < 0 ? -r : r) * 2 >= Decimal::kOne) q += p < 0 ? -1 : 1;
      EXPECT_EQ((Decimal::FromUnits(a) * Decimal::FromUnits(b)).units(), q)
          << static_cast<long long>(a) << " * " << static_cast<long long>(b);
    }
  Decimal huge = *Decimal::Parse("999999999999999999999999");
  EXPECT_GT(huge * huge, huge);
  EXPECT_LT(-huge * huge, -huge);
  EXPECT_EQ(huge * huge, huge * huge * *Decimal::Parse("2"));  // saturated: stays at the bound
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
