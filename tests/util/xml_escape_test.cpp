// Tests for util::xml_escape (the JUnit report and the lab's SVG timelines).
#include <dualstack/util/xml_escape.hpp>

#include <gtest/gtest.h>

namespace dualstack::util {
namespace {

TEST(XmlEscape, EscapesMarkupAndQuotes)
{
  EXPECT_EQ(xml_escape(R"(a<b> & "c")"), "a&lt;b&gt; &amp; &quot;c&quot;");
}

TEST(XmlEscape, KeepsTabsNewlinesAndUtf8ButReplacesOtherControlCharacters)
{
  EXPECT_EQ(xml_escape(std::string("x\ty\nz\x01\x1f") + "\xc3\xa4"), "x\ty\nz??\xc3\xa4");
}

} // namespace
} // namespace dualstack::util
