// `dualstack check` and `dualstack plan` through the real binary: output, JSON and exit codes.
#include "support/config_builder.hpp"
#include "support/run_binary.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dualstack {
namespace {

using testing::ConfigBuilder;
using testing::run_dualstack;
using testing::TempDir;

std::string example(const std::string& name)
{
  return std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name + "/config.toml";
}

TEST(CheckCommand, CleanExamplesExitZero)
{
  // yaook's default IPv6 prefixes are ULA: pods reach nothing outside over IPv6, a warning.
  for (const char* name : { "seed", "yaook-default" }) {
    const auto r = run_dualstack({ "check", example(name) });
    EXPECT_EQ(r.status, 0) << name << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("warning[ipv6-egress]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n0 errors, 1 warning\n"), std::string::npos) << r.out;
  }
}

TEST(CheckCommand, ExamplesWhoseIpv6PodsReachTheInternetWarnOnlyOfOpenedPorts)
{
  const auto nat66_check = run_dualstack({ "check", example("ipv6-nat66") });
  EXPECT_EQ(nat66_check.status, 0) << nat66_check.out << nat66_check.err;
  EXPECT_NE(nat66_check.out.find("ok, no findings"), std::string::npos) << nat66_check.out;
  // dual-stack-routed opts in to TLS from the internet to its pods: the nodes get tcp 443 too.
  const auto routed_check = run_dualstack({ "check", example("dual-stack-routed") });
  EXPECT_EQ(routed_check.status, 0) << routed_check.out << routed_check.err;
  EXPECT_NE(routed_check.out.find("config.toml:37:28: warning[ipv6-pod-ingress]: TCP 443 from "
                                  "anywhere reaches every node's own global "
                                  "IPv6 address too, not only the pods in `2001:db8:20::/56`: a "
                                  "Neutron security-group rule matches "
                                  "the source, never the destination\n"),
            std::string::npos)
    << routed_check.out;
  EXPECT_NE(routed_check.out.find("\n0 errors, 1 warning\n"), std::string::npos)
    << routed_check.out;
  const auto routed = run_dualstack({ "plan", example("dual-stack-routed") });
  EXPECT_NE(
    routed.out.find("  IPv6 egress routed, router route 2001:db8:20::/56 via 2001:db8:10::2\n"),
    std::string::npos)
    << routed.out;
  const auto nat66 = run_dualstack({ "plan", example("ipv6-nat66") });
  EXPECT_NE(nat66.out.find("  IPv6 egress nat66\n"), std::string::npos) << nat66.out;
}

TEST(CheckCommand, PrintsLikeACompilerWithCaretAndHint)
{
  TempDir dir("check");
  const std::string path = dir.path() + "/config.toml";
  testing::write_text(path,
                      "[terraform]\nsubnet_v6_cidr = \"172.30.155.0/24\"\nipv6_enabled = "
                      "true\n[kubernetes]\nversion = \"1.31.0\"\n");
  const auto r = run_dualstack({ "check", path });
  EXPECT_EQ(r.status, 1);
  const std::string expected =
    path + ":2:18: error[field-family]: [terraform] subnet_v6_cidr is IPv4 `172.30.155.0/24`, but "
           "it must be an IPv6 prefix\n"
           "    2 | subnet_v6_cidr = \"172.30.155.0/24\"\n"
           "      |                  ^~~~~~~~~~~~~~~~~\n"
           "hint: use an IPv6 prefix here; an IPv4 prefix belongs in `subnet_cidr`\n";
  EXPECT_EQ(r.out.substr(0, expected.size()), expected) << r.out;
}

TEST(CheckCommand, JsonFindingsPointAtTheValue)
{
  TempDir dir("check");
  const std::string path = dir.path() + "/config.toml";
  testing::write_text(
    path, ConfigBuilder().set("kubernetes.network.calico", "block_size_v6", "26").text());
  const auto r = run_dualstack({ "check", path, "--format", "json" });
  EXPECT_EQ(r.status, 1);
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["findings"].size(), 2u) << r.out;
  EXPECT_EQ(json["findings"][0]["rule"], "ipv6-egress") << "the base config's ULA pods, a warning";
  const auto& f = json["findings"][1];
  EXPECT_EQ(f["rule"], "calico-block-size");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["file"], path);
  EXPECT_GT(f["line"].get<int>(), 0);
  EXPECT_EQ(f["column"], 17);
  EXPECT_EQ(f["hint"], "use 122 (Calico's default)");
}

TEST(CheckCommand, UnusableInputExitsTwoWithOneError)
{
  TempDir dir("check");
  const std::string path = dir.path() + "/config.toml";
  testing::write_text(path, "[terraform]\ngateway_count = \"3\"\n");
  const auto r = run_dualstack({ "check", path });
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(":2:17: error[value-type]: `gateway_count` in [terraform] must be an "
                       "integer, found a string"),
            std::string::npos)
    << r.err;
  const auto missing = run_dualstack({ "check", dir.path() + "/nope.toml" });
  EXPECT_EQ(missing.status, 2);
  const auto json = run_dualstack({ "check", path, "--format", "json" });
  EXPECT_EQ(json.status, 2);
  EXPECT_EQ(nlohmann::json::parse(json.out)["findings"][0]["rule"], "value-type");
}

TEST(CheckCommand, UnknownCommandSuggestsTheRightOne)
{
  const auto r = run_dualstack({ "chek", "x" });
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("did you mean `dualstack check`?"), std::string::npos) << r.err;
}

TEST(PlanCommand, JsonHasFamiliesHostsAndSessions)
{
  const auto r = run_dualstack({ "plan", example("seed"), "--format", "json" });
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["families"], nlohmann::json::array({ "ipv4", "ipv6" }));
  EXPECT_EQ(json["hosts"].size(), 9u);
  EXPECT_EQ(json["bgp"]["sessions"].size(), 12u);
  EXPECT_EQ(json["networks"][1]["cluster_subnet"], "fd00::/120");
  EXPECT_EQ(json["wireguard"]["endpoints"][0]["gateway"]["ipv6"], "fd01::1");
}

TEST(PlanCommand, TextShowsEveryTable)
{
  const auto r = run_dualstack({ "plan", example("yaook-default") });
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* heading :
       { "Networks", "Hosts", "API endpoint", "WireGuard", "BGP", "VRRP", "Capacity" }) {
    EXPECT_NE(r.out.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(r.out.find("managed-k8s-master-0  master   172.30.154.10  fd00::a"), std::string::npos)
    << r.out;
}

TEST(PlanCommand, ConfigWithErrorsPrintsFindingsAndExitsOne)
{
  TempDir dir("plan");
  const std::string path = dir.path() + "/config.toml";
  testing::write_text(
    path, ConfigBuilder().set("kubernetes.network", "service_subnet_v6", "\"fdff:3::/64\"").text());
  const auto r = run_dualstack({ "plan", path });
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("error[service-subnet-size]"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(RulesCommand, ListsEveryRuleWithADescription)
{
  const auto r = run_dualstack({ "rules", "--format", "json" });
  ASSERT_EQ(r.status, 0);
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_GE(json["rules"].size(), 40u);
  for (const auto& rule : json["rules"])
    EXPECT_FALSE(rule["description"].get<std::string>().empty());
}

TEST(RulesCommand, ListsEveryIdOnceAcrossRegistries)
{
  // Reports and `verify --gather` find a check by its id alone, whatever registry holds it.
  const auto r = run_dualstack({ "rules", "--format", "json" });
  ASSERT_EQ(r.status, 0);
  std::set<std::string> ids;
  const auto listed = nlohmann::json::parse(r.out);
  for (const auto& rule : listed["rules"])
    EXPECT_TRUE(ids.insert(rule["id"].get<std::string>()).second) << rule["id"];
}

} // namespace
} // namespace dualstack
