// decode_base64: standard alphabet, padding, line breaks, and rejection of malformed input.
#include <dualstack/verify/kube/base64.hpp>

#include <gtest/gtest.h>

using dualstack::verify::kube::decode_base64;

TEST(Base64, DecodesPaddedInput)
{
  EXPECT_EQ(decode_base64("aGVsbG8="), "hello");
  EXPECT_EQ(decode_base64("aGVsbG8hIQ=="), "hello!!");
  EXPECT_EQ(decode_base64("YWJj"), "abc");
  EXPECT_EQ(decode_base64(""), "");
}

TEST(Base64, AcceptsLineBreaks)
{
  EXPECT_EQ(decode_base64("aGVs\nbG8h\r\nIQ==\n"), "hello!!");
}

TEST(Base64, DecodesBinary)
{
  EXPECT_EQ(decode_base64("AP8A"), std::string("\x00\xff\x00", 3));
}

TEST(Base64, RejectsMalformedInput)
{
  EXPECT_FALSE(decode_base64("not base64!"));
  EXPECT_FALSE(decode_base64("aGVsbG8"));   // missing padding
  EXPECT_FALSE(decode_base64("aGVs*G8="));  // bad character
  EXPECT_FALSE(decode_base64("aGVsbG8=x")); // data after padding
}
