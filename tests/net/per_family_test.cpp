// PerFamily: one value per family, primary first, looked up by family.
#include <dualstack/net/per_family.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace dualstack::net {
namespace {

PerFamily<std::string> ipv6_primary()
{
  PerFamily<std::string> values;
  values.add(Family::ipv6, "six");
  values.add(Family::ipv4, "four");
  return values;
}

TEST(PerFamily, StartsEmpty)
{
  const PerFamily<int> values;
  EXPECT_TRUE(values.empty());
  EXPECT_EQ(values.size(), 0u);
  EXPECT_FALSE(values.has(Family::ipv4));
  EXPECT_EQ(values.find(Family::ipv4), nullptr);
  EXPECT_TRUE(values.families().empty());
  EXPECT_THROW((void)values.primary(), std::logic_error);
  EXPECT_THROW((void)values.primary_family(), std::logic_error);
}

TEST(PerFamily, KeepsTheOrderOfAdding)
{
  const PerFamily<std::string> values = ipv6_primary();
  EXPECT_EQ(values.size(), 2u);
  EXPECT_EQ(values.families(), (std::vector<Family>{ Family::ipv6, Family::ipv4 }));
  EXPECT_EQ(values.values(), (std::vector<std::string>{ "six", "four" }));
  EXPECT_EQ(values.primary_family(), Family::ipv6);
  EXPECT_EQ(values.primary(), "six");
}

TEST(PerFamily, IteratesFamilyAndValuePrimaryFirst)
{
  std::vector<std::string> seen;
  for (const auto& [family, value] : ipv6_primary())
    seen.push_back(family_string(family) + "=" + value);
  EXPECT_EQ(seen, (std::vector<std::string>{ "ipv6=six", "ipv4=four" }));
}

TEST(PerFamily, LooksUpByFamilyWhateverTheOrder)
{
  const PerFamily<std::string> values = ipv6_primary();
  EXPECT_TRUE(values.has(Family::ipv4));
  EXPECT_EQ(values.at(Family::ipv4), "four");
  EXPECT_EQ(values.at(Family::ipv6), "six");
  ASSERT_NE(values.find(Family::ipv4), nullptr);
  EXPECT_EQ(*values.find(Family::ipv4), "four");
}

TEST(PerFamily, MissingFamilyIsNullOrThrows)
{
  PerFamily<int> values;
  values.add(Family::ipv4, 4);
  EXPECT_FALSE(values.has(Family::ipv6));
  EXPECT_EQ(values.find(Family::ipv6), nullptr);
  EXPECT_THROW((void)values.at(Family::ipv6), std::out_of_range);
}

TEST(PerFamily, RefusesAFamilyTwice)
{
  PerFamily<int> values;
  values.add(Family::ipv4, 4);
  EXPECT_THROW(values.add(Family::ipv4, 5), std::logic_error);
  EXPECT_EQ(values.size(), 1u);
  EXPECT_EQ(values.at(Family::ipv4), 4);
}

TEST(PerFamily, ChangesAValueInPlace)
{
  PerFamily<int> values;
  values.add(Family::ipv4, 4);
  values.add(Family::ipv6, 6);
  values.at(Family::ipv6) = 60;
  *values.find(Family::ipv4) += 1;
  values.primary() += 1;
  EXPECT_EQ(values.values(), (std::vector<int>{ 6, 60 }));
}

TEST(PerFamily, EqualWhenSameFamiliesValuesAndOrder)
{
  PerFamily<int> a;
  a.add(Family::ipv4, 4);
  a.add(Family::ipv6, 6);
  PerFamily<int> b;
  b.add(Family::ipv4, 4);
  b.add(Family::ipv6, 6);
  PerFamily<int> swapped;
  swapped.add(Family::ipv6, 6);
  swapped.add(Family::ipv4, 4);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, swapped);
}

} // namespace
} // namespace dualstack::net
