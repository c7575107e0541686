// Reading rendered wg-quick files like wg-quick: strip, addresses, allowed IPs.
#include <dualstack/lab/wg_quick.hpp>

#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

TEST(WgQuick, StripsWgQuickKeysAndCommentsAndKeepsWgKeys)
{
  const auto file = parse_wg_quick(
    "# comment\n[Interface]\nAddress = 172.30.153.65/26, fd01::1/120\nListenPort = 7777\n"
    "PrivateKey = abc=\nMTU = 1420\n\n[Peer]\n# alice\nPublicKey = def=\n"
    "AllowedIPs = 172.30.153.66/32, fd01::2/128\nEndpoint = 198.51.100.100:51820\n");
  EXPECT_EQ(file.setconf,
            "[Interface]\nListenPort = 7777\nPrivateKey = abc=\n[Peer]\nPublicKey = def=\n"
            "AllowedIPs = 172.30.153.66/32, fd01::2/128\nEndpoint = 198.51.100.100:51820\n");
  EXPECT_EQ(file.addresses, (std::vector<std::string>{ "172.30.153.65/26", "fd01::1/120" }));
  EXPECT_EQ(file.allowed_ips, (std::vector<std::string>{ "172.30.153.66/32", "fd01::2/128" }));
  EXPECT_TRUE(file.has_private_key);
}

TEST(WgQuick, ACommentedPrivateKeyIsNoKey)
{
  const auto file = parse_wg_quick("[Interface]\n# PrivateKey = <yours>\nAddress = 10.0.0.2/32\n");
  EXPECT_FALSE(file.has_private_key);
  EXPECT_EQ(file.setconf, "[Interface]\n");
}

} // namespace
} // namespace dualstack::lab
