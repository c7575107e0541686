#include <dualstack/util/trim.hpp>

#include <gtest/gtest.h>

namespace dualstack::util {
namespace {

TEST(Trim, RemovesLeadingAndTrailingWhitespace)
{
  EXPECT_EQ(trim(" \t token\r\n"), "token");
  EXPECT_EQ(trim("\v\fa b\f"), "a b");
}

TEST(Trim, KeepsInnerWhitespaceAndNonAscii)
{
  EXPECT_EQ(trim("  key = value  "), "key = value");
  EXPECT_EQ(trim("\xc2\xa0x\xc2\xa0"),
            "\xc2\xa0x\xc2\xa0"); // a UTF-8 no-break space is not ASCII whitespace
}

TEST(Trim, AllWhitespaceOrEmptyIsEmpty)
{
  EXPECT_EQ(trim(" \r\n\t"), "");
  EXPECT_EQ(trim(""), "");
}

} // namespace
} // namespace dualstack::util
