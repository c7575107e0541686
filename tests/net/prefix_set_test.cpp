// Tests for PrefixSet: overlap detection against a brute-force reference, and lookups.
#include "net_test_support.hpp"

#include <dualstack/net/prefix_set.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace dualstack::net {
namespace {

using testing::address;
using testing::prefix;
using testing::u128_max;
using testing::v6_value;

PrefixSet make_set(std::initializer_list<std::string_view> texts)
{
  PrefixSet set;
  for (const auto text : texts) {
    set.add(prefix(text));
  }
  return set;
}

// Returns every overlapping pair by checking all of them: the obvious O(n^2) reference.
std::vector<Overlap> brute_force_overlaps(const PrefixSet& set)
{
  std::vector<Overlap> pairs;
  for (std::size_t i = 0; i < set.size(); ++i) {
    for (std::size_t j = i + 1; j < set.size(); ++j) {
      if (set[i].overlaps(set[j])) {
        pairs.push_back(Overlap{ i, j });
      }
    }
  }
  return pairs;
}

TEST(PrefixSet, AddReturnsInsertionIndices)
{
  PrefixSet set;
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.add(prefix("10.0.0.0/8")), 0u);
  EXPECT_EQ(set.add(prefix("fd00::/8")), 1u);
  EXPECT_EQ(set.add(prefix("10.0.0.0/8")), 2u);
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(set[1], prefix("fd00::/8"));
}

TEST(PrefixSet, EmptyAndSingletonSetsHaveNoOverlaps)
{
  EXPECT_TRUE(PrefixSet().overlaps().empty());
  EXPECT_TRUE(make_set({ "::/0" }).overlaps().empty());
}

TEST(PrefixSet, DisjointPrefixesDoNotOverlap)
{
  const auto set = make_set({ "10.0.0.0/24",
                              "10.0.1.0/24",
                              "192.0.2.0/25",
                              "192.0.2.128/25",
                              "fd00::/64",
                              "fd00:0:0:1::/64",
                              "255.255.255.255/32",
                              "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128" });
  EXPECT_TRUE(set.overlaps().empty());
}

TEST(PrefixSet, ReportsNestedPairsAsLowerIndexFirst)
{
  const auto set = make_set({ "10.1.0.0/16", "192.0.2.0/24", "10.0.0.0/8" });
  EXPECT_EQ(set.overlaps(), (std::vector<Overlap>{ { 0, 2 } }));
}

TEST(PrefixSet, ReportsDuplicates)
{
  const auto set = make_set({ "fd00::/64", "10.0.0.0/8", "fd00::/64", "fd00::/64" });
  EXPECT_EQ(set.overlaps(), (std::vector<Overlap>{ { 0, 2 }, { 0, 3 }, { 2, 3 } }));
}

TEST(PrefixSet, ReportsEveryPairOfANestingChain)
{
  const auto set = make_set({ "10.0.0.0/24", "10.0.0.0/8", "10.0.0.0/32", "10.0.0.0/16" });
  EXPECT_EQ(set.overlaps(),
            (std::vector<Overlap>{ { 0, 1 }, { 0, 2 }, { 0, 3 }, { 1, 2 }, { 1, 3 }, { 2, 3 } }));
}

TEST(PrefixSet, DoesNotPairSiblingsInsideACommonParent)
{
  const auto set = make_set({ "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "10.1.2.0/24" });
  EXPECT_EQ(set.overlaps(), (std::vector<Overlap>{ { 0, 1 }, { 0, 2 }, { 0, 3 }, { 2, 3 } }));
}

TEST(PrefixSet, NeverPairsDifferentFamilies)
{
  const auto set = make_set(
    { "0.0.0.0/0", "::/0", "::ffff:0:0/96", "::ffff:10.0.0.0/104", "10.0.0.0/8", "::a00:0/104" });
  EXPECT_EQ(set.overlaps(),
            (std::vector<Overlap>{ { 0, 4 }, { 1, 2 }, { 1, 3 }, { 1, 5 }, { 2, 3 } }));
}

TEST(PrefixSet, HandlesTheTopOfTheAddressSpace)
{
  const auto set = make_set({ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
                              "8000::/1",
                              "::/1",
                              "255.255.255.255/32",
                              "128.0.0.0/1",
                              "::/0" });
  EXPECT_EQ(set.overlaps(),
            (std::vector<Overlap>{ { 0, 1 }, { 0, 5 }, { 1, 5 }, { 2, 5 }, { 3, 4 } }));
}

TEST(PrefixSet, ReportsAllPairsOfIdenticalPrefixes)
{
  PrefixSet set;
  for (int i = 0; i < 50; ++i) {
    set.add(prefix("fd00::/48"));
  }
  const auto pairs = set.overlaps();
  EXPECT_EQ(pairs.size(), 50u * 49u / 2u);
  EXPECT_EQ(pairs, brute_force_overlaps(set));
}

TEST(PrefixSet, SortsResultByFirstThenSecond)
{
  const auto set = make_set(
    { "10.2.0.0/16", "10.1.0.0/16", "10.0.0.0/8", "10.1.1.0/24", "10.2.2.0/24", "0.0.0.0/0" });
  const auto pairs = set.overlaps();
  EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end()));
  for (const auto& pair : pairs) {
    EXPECT_LT(pair.first, pair.second);
  }
  EXPECT_EQ(pairs, brute_force_overlaps(set));
}

// Returns a random prefix from a small space, so that nesting and duplicates are common. Lengths
// and networks cluster near a few bases, including the bottom and the top of each family.
Prefix random_prefix(std::mt19937_64& rng)
{
  const bool v6 = rng() % 2 == 0;
  const int width = v6 ? 128 : 32;
  // A short random suffix under one of a few bases.
  static constexpr u128 v6_bases[] = { 0, v6_value(0xfd00'0000'0000'0000, 0), u128_max };
  static constexpr std::uint32_t v4_bases[] = { 0, 0x0a00'0000, 0xffff'ffff };
  const int spread = 12; // random bits at the bottom of the chosen base
  const u128 noise = rng() & ((u128{ 1 } << spread) - 1);
  const int roll = static_cast<int>(rng() % 10);
  int length;
  if (roll == 0) {
    length = static_cast<int>(rng() % (width - spread + 1)); // big enclosing blocks
  } else {
    length = width - spread + static_cast<int>(rng() % (spread + 1));
  }
  if (v6) {
    const u128 base = v6_bases[rng() % std::size(v6_bases)];
    return Prefix::masked(Address::v6(base ^ noise), length);
  }
  const std::uint32_t base = v4_bases[rng() % std::size(v4_bases)];
  return Prefix::masked(Address::v4(base ^ static_cast<std::uint32_t>(noise)), length);
}

TEST(PrefixSet, MatchesBruteForceOnRandomSets)
{
  std::mt19937_64 rng(20240607);
  std::size_t total_pairs = 0;
  for (int round = 0; round < 300; ++round) {
    PrefixSet set;
    const auto n = static_cast<std::size_t>(rng() % 200);
    for (std::size_t i = 0; i < n; ++i) {
      set.add(random_prefix(rng));
    }
    const auto expected = brute_force_overlaps(set);
    ASSERT_EQ(set.overlaps(), expected) << "round " << round << ", " << n << " prefixes";
    total_pairs += expected.size();
  }
  EXPECT_GT(total_pairs, 1000u); // the generator must produce plenty of overlaps
}

TEST(PrefixSet, MatchesBruteForceOnMostlyDisjointSets)
{
  std::mt19937_64 rng(64);
  for (int round = 0; round < 20; ++round) {
    PrefixSet set;
    for (int i = 0; i < 1000; ++i) {
      const bool v6 = rng() % 2 == 0;
      const Address random =
        v6 ? Address::v6(v6_value(rng(), rng())) : Address::v4(static_cast<std::uint32_t>(rng()));
      const int length = static_cast<int>(rng() % (random.bit_width() + 1));
      set.add(Prefix::masked(random, length));
    }
    ASSERT_EQ(set.overlaps(), brute_force_overlaps(set)) << "round " << round;
  }
}

TEST(PrefixSet, FindContainingPrefersTheMostSpecificPrefix)
{
  const auto set =
    make_set({ "10.0.0.0/8", "10.1.0.0/16", "fd00::/8", "10.1.2.0/24", "0.0.0.0/0" });
  EXPECT_EQ(set.find_containing(address("10.1.2.3")), 3u);
  EXPECT_EQ(set.find_containing(address("10.1.3.3")), 1u);
  EXPECT_EQ(set.find_containing(address("10.2.0.0")), 0u);
  EXPECT_EQ(set.find_containing(address("11.0.0.0")), 4u);
  EXPECT_EQ(set.find_containing(address("fdff:ffff::1")), 2u);
}

TEST(PrefixSet, FindContainingPrefersTheFirstOfEqualPrefixes)
{
  const auto set = make_set({ "fd00::/64", "fd00::/64" });
  EXPECT_EQ(set.find_containing(address("fd00::1")), 0u);
}

TEST(PrefixSet, FindContainingReturnsNulloptOutsideEveryPrefix)
{
  const auto set = make_set({ "10.0.0.0/8", "fd00::/8" });
  EXPECT_EQ(set.find_containing(address("192.0.2.1")), std::nullopt);
  EXPECT_EQ(set.find_containing(address("fe80::1")), std::nullopt);
  EXPECT_EQ(set.find_containing(address("::ffff:10.0.0.1")), std::nullopt);
  EXPECT_EQ(PrefixSet().find_containing(address("10.0.0.1")), std::nullopt);
}

} // namespace
} // namespace dualstack::net
