// Tests for AddressOwners: which uses of an address come after its first owner's.
#include <dualstack/verify/address_owners.hpp>

#include <gtest/gtest.h>

#include <string>

namespace dualstack::verify {
namespace {

net::Address ip(const char* text)
{
  return *net::Address::parse(text);
}

std::string shown(const std::vector<AddressOwners::Clash>& clashes)
{
  std::string out;
  for (const auto& c : clashes) {
    out += std::to_string(c.owner) + "<" + std::to_string(c.first_owner) + ":" +
           c.address.to_string() + " ";
  }
  return out;
}

TEST(AddressOwners, NoClashWhenEveryAddressHasOneOwner)
{
  AddressOwners owners;
  owners.add(ip("10.0.0.1"), 0);
  owners.add(ip("fd00::1"), 0);
  owners.add(ip("10.0.0.2"), 1);
  owners.add(ip("::a00:1"), 1); // the same 32 bits as 10.0.0.1, but IPv6
  EXPECT_EQ(shown(owners.clashes()), "");
}

TEST(AddressOwners, LaterOwnersClashWithTheFirstInOwnerAndAddressOrder)
{
  AddressOwners owners;
  owners.add(ip("10.0.0.9"), 0);
  owners.add(ip("fd00::9"), 0);
  owners.add(ip("10.0.0.1"), 1);
  owners.add(ip("fd00::9"), 2);  // owner 0's
  owners.add(ip("10.0.0.9"), 2); // owner 0's, after fd00::9 in owner 2's order
  owners.add(ip("10.0.0.1"), 3); // owner 1's
  owners.add(ip("10.0.0.9"), 4); // still owner 0's, not owner 2's
  EXPECT_EQ(shown(owners.clashes()), "2<0:fd00::9 2<0:10.0.0.9 3<1:10.0.0.1 4<0:10.0.0.9 ");
}

TEST(AddressOwners, ManyOwnersOfOneAddressStayLinear)
{
  AddressOwners owners;
  owners.reserve(200000);
  for (std::uint32_t i = 0; i < 200000; ++i) {
    owners.add(ip("10.0.0.1"), i);
  }
  const auto clashes = owners.clashes();
  ASSERT_EQ(clashes.size(), 199999u);
  EXPECT_EQ(clashes.front().owner, 1u);
  EXPECT_EQ(clashes.back().owner, 199999u);
  EXPECT_EQ(clashes.back().first_owner, 0u);
}

} // namespace
} // namespace dualstack::verify
