// Every refusal of `dualstack migrate`: its rule id, and the position of the offending NEW value.
#include "migrate/migrate_test_support.hpp"
#include "support/config_builder.hpp"

#include <gtest/gtest.h>

namespace dualstack {
namespace {

using testing::ConfigBuilder;
using testing::planned_text;
using testing::position_of;

const std::string v4_only_wireguard =
  "[[wireguard.endpoints]]\nid = 0\nport = 7777\n"
  "ip_cidr = \"172.30.153.64/26\"\nip_gw = \"172.30.153.65/26\"\n";
const std::string dual_wireguard =
  v4_only_wireguard + "ipv6_cidr = \"fd01::/120\"\nipv6_gw = \"fd01::1/120\"\n";

ConfigBuilder v4_cluster()
{
  return ConfigBuilder().set("terraform", "ipv6_enabled", "false");
}

struct Expected
{
  std::string rule;
  std::string key;   // the NEW value's key ...
  std::string value; // ... and value as written
};

// Asserts that migrating `old_text` to `new_text` is refused with exactly `expected`, in order.
void expect_refusals(const std::string& old_text,
                     const std::string& new_text,
                     const std::vector<Expected>& expected)
{
  const auto old_side = planned_text(old_text, "old.toml");
  const auto new_side = planned_text(new_text, "new.toml");
  const Findings findings = testing::refusals_of(*old_side, *new_side);
  ASSERT_EQ(findings.all().size(), expected.size()) << [&] {
    std::string all;
    for (const auto& f : findings.all())
      all += f.rule + " " + f.message + "\n";
    return all;
  }();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Finding& f = findings.all()[i];
    const auto [line, column] = position_of(new_text, expected[i].key, expected[i].value);
    EXPECT_EQ(f.rule, expected[i].rule) << f.message;
    EXPECT_EQ(f.file, "new.toml");
    EXPECT_EQ(f.pos.line, line) << f.rule << ": " << f.message;
    EXPECT_EQ(f.pos.column, column) << f.rule << ": " << f.message;
    EXPECT_EQ(f.severity, Severity::error);
    EXPECT_FALSE(f.hint.empty()) << f.rule;
  }
}

TEST(MigrateRefusals, ChangingThePrimaryFamily)
{
  expect_refusals(v4_cluster().text(),
                  ConfigBuilder().set("kubernetes.network", "primary_family", "\"ipv6\"").text(),
                  { { "migrate-primary-family", "primary_family", "\"ipv6\"" } });
}

TEST(MigrateRefusals, RemovingAFamily)
{
  expect_refusals(ConfigBuilder().text(),
                  v4_cluster().text(),
                  { { "migrate-family-removed", "ipv6_enabled", "false" } });
}

TEST(MigrateRefusals, SwappingIpv4ForIpv6IsBothPrimaryChangeAndRemoval)
{
  const std::string new_text = ConfigBuilder().set("terraform", "ipv4_enabled", "false").text();
  const auto old_side = planned_text(v4_cluster().text(), "old.toml");
  const auto new_side = planned_text(new_text, "new.toml");
  const Findings findings = testing::refusals_of(*old_side, *new_side);
  ASSERT_EQ(findings.all().size(), 2u);
  const auto [line, column] = position_of(new_text, "ipv4_enabled", "false");
  for (const auto& f : findings.all()) {
    EXPECT_EQ(f.pos.line, line) << f.rule;
    EXPECT_EQ(f.pos.column, column) << f.rule;
  }
  EXPECT_EQ(findings.all()[0].rule, "migrate-family-removed");
  EXPECT_EQ(findings.all()[1].rule, "migrate-primary-family");
}

TEST(MigrateRefusals, ChangingAPoolsCidr)
{
  expect_refusals(
    v4_cluster().set("kubernetes.network", "pod_subnet", "\"10.244.0.0/16\"").text(),
    ConfigBuilder().set("kubernetes.network", "pod_subnet", "\"10.240.0.0/12\"").text(),
    { { "migrate-pool-cidr", "pod_subnet", "\"10.240.0.0/12\"" } });
}

TEST(MigrateRefusals, ChangingAPoolsBlockSize)
{
  expect_refusals(v4_cluster().text(),
                  ConfigBuilder().set("kubernetes.network.calico", "block_size_v4", "27").text(),
                  { { "migrate-pool-block-size", "block_size_v4", "27" } });
}

TEST(MigrateRefusals, ShrinkingThePodRange)
{
  expect_refusals(
    v4_cluster().set("kubernetes.network", "pod_subnet", "\"10.244.0.0/16\"").text(),
    ConfigBuilder().set("kubernetes.network", "pod_subnet", "\"10.244.0.0/17\"").text(),
    { { "migrate-range-shrunk", "pod_subnet", "\"10.244.0.0/17\"" } });
}

TEST(MigrateRefusals, ShrinkingTheClusterSubnetBelowTheRouter)
{
  // The new /24 lies inside the old /23 but not where the router, VIP and hosts are.
  expect_refusals(v4_cluster().set("terraform", "subnet_cidr", "\"172.30.154.0/23\"").text(),
                  ConfigBuilder().set("terraform", "subnet_cidr", "\"172.30.155.0/24\"").text(),
                  { { "migrate-range-shrunk", "subnet_cidr", "\"172.30.155.0/24\"" } });
}

TEST(MigrateRefusals, GrowingTheClusterSubnetIsStillNotInPlace)
{
  expect_refusals(v4_cluster().set("terraform", "subnet_cidr", "\"172.30.154.0/24\"").text(),
                  ConfigBuilder().set("terraform", "subnet_cidr", "\"172.30.154.0/23\"").text(),
                  { { "migrate-range-changed", "subnet_cidr", "\"172.30.154.0/23\"" } });
}

TEST(MigrateRefusals, ShrinkingTheServiceRangeBelowTheKubernetesService)
{
  expect_refusals(
    v4_cluster().set("kubernetes.network", "service_subnet", "\"10.96.0.0/12\"").text(),
    ConfigBuilder().set("kubernetes.network", "service_subnet", "\"10.100.0.0/16\"").text(),
    { { "migrate-range-shrunk", "service_subnet", "\"10.100.0.0/16\"" } });
}

TEST(MigrateRefusals, ShrinkingAWireGuardRangeBelowItsPeers)
{
  const std::string new_wireguard = "[[wireguard.endpoints]]\nid = 0\nport = 7777\n"
                                    "ip_cidr = \"172.30.153.96/27\"\nip_gw = \"172.30.153.97/27\"\n"
                                    "ipv6_cidr = \"fd01::/120\"\nipv6_gw = \"fd01::1/120\"\n";
  expect_refusals(v4_cluster().raw(v4_only_wireguard).text(),
                  ConfigBuilder().raw(new_wireguard).text(),
                  { { "migrate-range-shrunk", "ip_cidr", "\"172.30.153.96/27\"" } });
}

TEST(MigrateRefusals, AnyOtherChangeIsUnsupported)
{
  expect_refusals(v4_cluster().text(),
                  ConfigBuilder()
                    .set("kubernetes", "version", "\"1.32.1\"")
                    .set("kubernetes.network.calico", "mtu", "1400")
                    .text(),
                  { { "migrate-unsupported", "version", "\"1.32.1\"" },
                    { "migrate-unsupported", "mtu", "1400" } });
}

TEST(MigrateRefusals, Ipv6OnlyToDualStackWouldRenumberRouterIds)
{
  expect_refusals(ConfigBuilder().set("terraform", "ipv4_enabled", "false").text(),
                  ConfigBuilder()
                    .set("terraform", "ipv4_enabled", "true")
                    .set("kubernetes.network", "primary_family", "\"ipv6\"")
                    .text(),
                  { { "migrate-unsupported", "ipv4_enabled", "true" } });
}

TEST(MigrateRefusals, AddingAFamilyAloneIsAccepted)
{
  const auto old_side = planned_text(v4_cluster().raw(v4_only_wireguard).text(), "old.toml");
  const auto new_side = planned_text(ConfigBuilder().raw(dual_wireguard).text(), "new.toml");
  EXPECT_TRUE(testing::refusals_of(*old_side, *new_side).all().empty());
}

TEST(MigrateRefusals, MessagesNameTheValueAndWhatHoldsIt)
{
  const auto old_side = planned_text(
    v4_cluster().set("kubernetes.network", "service_subnet", "\"10.96.0.0/12\"").text(),
    "old.toml");
  const auto new_side = planned_text(
    ConfigBuilder().set("kubernetes.network", "service_subnet", "\"10.100.0.0/16\"").text(),
    "new.toml");
  const Findings findings = testing::refusals_of(*old_side, *new_side);
  ASSERT_EQ(findings.all().size(), 1u);
  EXPECT_EQ(findings.all()[0].message,
            "[kubernetes.network] service_subnet `10.100.0.0/16` no longer holds 10.96.0.1, the "
            "address of the "
            "`kubernetes` Service in the running cluster (it is `10.96.0.0/12` now)");
  EXPECT_EQ(findings.all()[0].hint, "keep `10.96.0.0/12`");
}

TEST(MigrateRefusals, AddingALoadBalancerPoolToTheRunningFamilyIsItsOwnChange)
{
  expect_refusals(
    v4_cluster().text(),
    ConfigBuilder().set("kubernetes.network", "loadbalancer_pool", "\"10.200.0.0/24\"").text(),
    { { "migrate-unsupported", "loadbalancer_pool", "\"10.200.0.0/24\"" } });
}

TEST(MigrateRefusals, ALoadBalancerPoolOfTheAddedFamilyIsAccepted)
{
  const auto old_side = planned_text(v4_cluster().text(), "old.toml");
  const auto new_side = planned_text(
    ConfigBuilder().set("kubernetes.network", "loadbalancer_pool_v6", "\"fd00:99::/120\"").text(),
    "new.toml");
  EXPECT_TRUE(testing::refusals_of(*old_side, *new_side).all().empty());
}

} // namespace
} // namespace dualstack
