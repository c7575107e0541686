// The commands of `dualstack migrate`'s gateway steps as the lab runs them: every form migrate
// writes for a gateway maps to an action, anything else is refused with the part named.
#include <dualstack/lab/migration_commands.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<LabAction> actions(const std::string& command)
{
  auto a = lab_actions(command);
  EXPECT_TRUE(a.has_value()) << command << ": " << (a ? "" : a.error());
  return a ? *a : std::vector<LabAction>{};
}

TEST(LabMigrationCommands, ChecksAndLoadsRunAsTheyAreInsideTheGatewaysNamespace)
{
  const auto a = actions("nft -c -f /etc/nftables.conf && nft -f /etc/nftables.conf");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].kind, ActionKind::run);
  EXPECT_THAT(a[0].argv, ElementsAre("nft", "-c", "-f", "/etc/nftables.conf"));
  EXPECT_THAT(a[1].argv, ElementsAre("nft", "-f", "/etc/nftables.conf"));
  const auto sysctl = actions("sysctl --load=/etc/sysctl.d/90-dualstack.conf");
  ASSERT_EQ(sysctl.size(), 1u);
  EXPECT_THAT(sysctl[0].argv, ElementsAre("sysctl", "--load=/etc/sysctl.d/90-dualstack.conf"));
}

TEST(LabMigrationCommands, BirdcGoesToTheGatewaysSocketAndWgNamesItsInterface)
{
  const auto bird = actions("bird -p -c /etc/bird/bird.conf && birdc configure");
  ASSERT_EQ(bird.size(), 2u);
  EXPECT_EQ(bird[0].kind, ActionKind::run);
  EXPECT_EQ(bird[1].kind, ActionKind::birdc);
  EXPECT_THAT(bird[1].argv, ElementsAre("configure"));
  const auto show = actions("wg show wg0 allowed-ips");
  ASSERT_EQ(show.size(), 1u);
  EXPECT_EQ(show[0].kind, ActionKind::wg);
  EXPECT_THAT(show[0].argv, ElementsAre("show", "wg0", "allowed-ips"));
}

TEST(LabMigrationCommands, WireguardSyncconfAndAddressKeepTheirFileInterfaceAndAddress)
{
  const auto sync = actions("wg syncconf wg0 <(wg-quick strip /etc/wireguard/wg0.conf)");
  ASSERT_EQ(sync.size(), 1u);
  EXPECT_EQ(sync[0].kind, ActionKind::wg_syncconf);
  EXPECT_EQ(sync[0].interface, "wg0");
  EXPECT_EQ(sync[0].file, "/etc/wireguard/wg0.conf");
  const auto address = actions("ip address replace fd01::1/120 dev wg0");
  ASSERT_EQ(address.size(), 1u);
  EXPECT_EQ(address[0].kind, ActionKind::wg_address);
  EXPECT_EQ(address[0].address, "fd01::1/120");
  EXPECT_EQ(address[0].interface, "wg0");
}

TEST(LabMigrationCommands, ServicesAndTheVipCheckBecomeLabActions)
{
  EXPECT_EQ(actions("systemctl stop keepalived").at(0).kind, ActionKind::keepalived_stop);
  EXPECT_EQ(actions("systemctl start keepalived").at(0).kind, ActionKind::keepalived_start);
  const auto reload =
    actions("keepalived -t -f /etc/keepalived/keepalived.conf && systemctl reload keepalived");
  ASSERT_EQ(reload.size(), 2u);
  EXPECT_EQ(reload[1].kind, ActionKind::keepalived_reload);
  EXPECT_EQ(
    actions("haproxy -c -f /etc/haproxy/haproxy.cfg && systemctl reload haproxy").at(1).kind,
    ActionKind::haproxy_reload);
  const auto vip = actions("ip -br address show | grep -w fd00::2");
  ASSERT_EQ(vip.size(), 1u);
  EXPECT_EQ(vip[0].kind, ActionKind::holds_address);
  EXPECT_EQ(vip[0].address, "fd00::2");
}

TEST(LabMigrationCommands, ACommandTheLabDoesNotKnowIsAnErrorNamingIt)
{
  auto piped = lab_actions("nft -f /etc/nftables.conf && ip route | grep bird");
  ASSERT_FALSE(piped.has_value());
  EXPECT_EQ(piped.error(), "the lab does not know how to run `ip route | grep bird`");
  auto unit = lab_actions("systemctl restart bird");
  ASSERT_FALSE(unit.has_value());
  EXPECT_THAT(unit.error(), HasSubstr("`systemctl restart bird`"));
}

TEST(LabBirdcError, AProtocolInErrorStateIsNoFailedCommand)
{
  // `birdc -v show protocols` on a backup whose old VIP-sourced node session timed out.
  const std::string reply =
    "0001 BIRD 2.0.12 ready.\n"
    "2002-Name       Proto      Table      State  Since         Info\n"
    "1002-lab_master_0_ipv4 BGP        ---        start  01:02:03.456  Idle "
    "         BGP Error: Hold timer expired\n"
    " lab_worker_0_ipv4 BGP        ---        up     01:02:01.000  Established\n"
    "0000 \n";
  EXPECT_EQ(birdc_error(reply), std::nullopt);
}

TEST(LabBirdcError, RunTimeAndParseErrorsAreFailuresWithTheirLines)
{
  EXPECT_EQ(birdc_error("0001 BIRD 2.0.12 ready.\n8002 /etc/bird/bird.conf:12:3 syntax error\n"),
            "8002 /etc/bird/bird.conf:12:3 syntax error");
  EXPECT_EQ(
    birdc_error("0001 BIRD 2.0.12 ready.\n9001 syntax error, unexpected CF_SYM_UNDEFINED\n"),
    "9001 syntax error, unexpected CF_SYM_UNDEFINED");
  EXPECT_EQ(
    birdc_error("0001 BIRD 2.0.12 ready.\n0002-Reading configuration from /etc/bird/bird.conf\n"
                "0003 Reconfigured\n"),
    std::nullopt);
}

} // namespace
} // namespace dualstack::lab
