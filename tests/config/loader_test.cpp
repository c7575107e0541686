// The config loader: yaook's layout and defaults, the seed's spellings, and unusable input.
#include "support/config_builder.hpp"

#include <dualstack/config/loader.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace dualstack::config {
namespace {

std::string example(const std::string& name)
{
  return std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name + "/config.toml";
}

// toml++ 3.3 reaches __builtin_unreachable when it asks whether U+00A1-U+0499 (and two other
// ranges) is whitespace (found by fuzz/config_fuzz.cpp, see there). Pin what GCC's build does:
// a syntax error at the character, never a crash or a silent accept. Comments and strings with
// such characters (German umlauts in comments) load.
TEST(Loader, NonAsciiInABareKeyIsASyntaxErrorAtTheCharacter)
{
  auto loaded = load_config_text(
    "[terraform]\nipv6_enabled = true\n[terraform.nodes.m\xd2\x92ster]\nrole = \"master\"\n",
    "config.toml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "toml-syntax");
  EXPECT_EQ(loaded.error().pos.line, 3);
  EXPECT_EQ(loaded.error().pos.column, 19);
}

TEST(Loader, NonAsciiInCommentsAndStringsLoads)
{
  auto loaded = load_config_text("# Gr\xc3\xb6\xc3\x9f"
                                 "e des Clusters\n[terraform]\nipv6_enabled = true\n"
                                 "[[wireguard.peers]]\nident = \"j\xc3\xbcrgen\"\npub_key = "
                                 "\"x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE=\"\n",
                                 "config.toml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->config.wireguard_peers.size(), 1u);
  EXPECT_EQ(loaded->config.wireguard_peers[0].ident.value, "j\xc3\xbcrgen");
}

TEST(Loader, SeedSpellingsEnableIpv6AndSetEndpointZero)
{
  auto loaded = load_config_file(example("seed"));
  ASSERT_TRUE(loaded) << loaded.error().message;
  const Config& c = loaded->config;
  EXPECT_TRUE(c.ipv6_enabled.value);
  EXPECT_EQ(c.plugin.value, "calico");
  ASSERT_EQ(c.wireguard_endpoints.size(), 1u);
  EXPECT_EQ(c.wireguard_endpoints[0].ipv6_cidr.value->to_string(), "fd01::/120");
  EXPECT_EQ(c.wireguard_endpoints[0].ipv6_gw.value->address.to_string(), "fd01::1");
  EXPECT_EQ(c.subnet_v6_cidr.value->to_string(), "fd00::/120");
  ASSERT_EQ(c.nodes.size(), 6u);
  EXPECT_EQ(c.nodes[0].name, "managed-k8s-master-0");
  EXPECT_TRUE(loaded->findings.all().empty());
}

TEST(Loader, YaookDefaultsApplyWhenKeysAreAbsent)
{
  auto loaded = load_config_text("[kubernetes]\nversion = \"1.31.0\"\n", "config.toml");
  ASSERT_TRUE(loaded);
  const Config& c = loaded->config;
  EXPECT_TRUE(c.ipv4_enabled.value);
  EXPECT_FALSE(c.ipv6_enabled.value);
  EXPECT_EQ(c.subnet_cidr.value->to_string(), "172.30.154.0/24");
  EXPECT_EQ(c.pod_subnet.value->to_string(), "10.244.0.0/16");
  EXPECT_EQ(c.pod_subnet_v6.value->to_string(), "fdff:2::/56");
  EXPECT_EQ(c.service_subnet.value->to_string(), "10.96.0.0/12");
  EXPECT_EQ(c.service_subnet_v6.value->to_string(), "fdff:3::/108");
  EXPECT_EQ(c.gateway_count.value, 3);
  EXPECT_EQ(c.vrrp_priorities.value, (std::vector<int>{ 150, 100, 50 }));
  EXPECT_EQ(c.wireguard_endpoints.at(0).ip_cidr.value->to_string(), "172.30.153.64/26");
  EXPECT_EQ(c.wireguard_endpoints.at(0).ip_gw.value->address.to_string(), "172.30.153.65");
  EXPECT_EQ(c.wireguard_endpoints.at(0).port.value, 7777);
  EXPECT_EQ(c.nodes.size(), 6u); // yaook's old masters = 3, workers = 3
}

TEST(Loader, OlderWireguardKeysDirectlyInSectionMeanEndpointZero)
{
  auto loaded = load_config_text(
    "[wireguard]\nip_cidr = \"10.9.0.0/24\"\nip_gw = \"10.9.0.1/24\"\nport = 51820\n", "c.toml");
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->config.wireguard_endpoints.size(), 1u);
  EXPECT_EQ(loaded->config.wireguard_endpoints[0].ip_cidr.value->to_string(), "10.9.0.0/24");
  EXPECT_EQ(loaded->config.wireguard_endpoints[0].port.value, 51820);
}

TEST(Loader, YaookKeysThatDoNotConcernTheNetworkAreIgnored)
{
  auto loaded = load_config_file(example("yaook-default"));
  ASSERT_TRUE(loaded);
  for (const auto& f : loaded->findings.all())
    ADD_FAILURE() << f.rule << " " << f.message;
}

TEST(Loader, UnknownKeyGetsDidYouMean)
{
  auto loaded = load_config_text("[terraform]\nsubnet_v6_cdir = \"fd00::/120\"\n", "config.toml");
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->findings.all().size(), 1u);
  const Finding& f = loaded->findings.all()[0];
  EXPECT_EQ(f.rule, "unknown-key");
  EXPECT_EQ(f.pos, (SourcePos{ 2, 1 }));
  EXPECT_EQ(f.message, "unknown key `subnet_v6_cdir` in [terraform]");
  EXPECT_EQ(f.hint, "did you mean `subnet_v6_cidr`?");
}

TEST(Loader, SectionsOutsideTheNetworkAreNotRead)
{
  auto loaded = load_config_text(
    "[k8s-service-layer.rook]\nwhatever = 1\n[miscellaneous]\ncontainer_runtime = \"containerd\"\n",
    "c.toml");
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->findings.all().empty());
}

TEST(Loader, PodIngressPortsKeepThePositionOfEachPort)
{
  auto loaded = load_config_text("[kubernetes.network]\npod_ingress_v6_tcp_ports = [443, 8443]\n",
                                 "config.toml");
  ASSERT_TRUE(loaded) << loaded.error().message;
  const auto& ports = loaded->config.pod_ingress_v6_tcp_ports;
  EXPECT_TRUE(ports.present);
  EXPECT_EQ(ports.pos, (SourcePos{ 2, 28 }));
  ASSERT_EQ(ports.value.size(), 2u);
  EXPECT_EQ(ports.value[0].value, 443);
  EXPECT_EQ(ports.value[0].pos, (SourcePos{ 2, 29 }));
  EXPECT_EQ(ports.value[1].value, 8443);
  EXPECT_EQ(ports.value[1].pos, (SourcePos{ 2, 34 }));
  auto absent = load_config_text("[kubernetes.network]\n", "config.toml");
  ASSERT_TRUE(absent);
  EXPECT_TRUE(absent->config.pod_ingress_v6_tcp_ports.value.empty()) << "default: nothing opened";
}

TEST(Loader, WrongTypeIsUnusableWithPosition)
{
  auto loaded = load_config_text("[terraform]\ngateway_count = \"three\"\n", "config.toml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "value-type");
  EXPECT_EQ(loaded.error().pos, (SourcePos{ 2, 17 }));
  EXPECT_EQ(loaded.error().message,
            "`gateway_count` in [terraform] must be an integer, found a string");
}

TEST(Loader, DuplicateKeysAreUnusable)
{
  auto loaded =
    load_config_text("[terraform]\ngateway_count = 3\ngateway_count = 2\n", "config.toml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "toml-syntax");
  EXPECT_EQ(loaded.error().pos.line, 3);
}

TEST(Loader, BinaryInputIsUnusable)
{
  auto loaded = load_config_text(std::string("\x7f"
                                             "ELF\x02\x01\x01\0\0\0",
                                             10),
                                 "a.out");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "toml-syntax");
}

TEST(Loader, InvalidUtf8IsUnusable)
{
  auto loaded = load_config_text("[terraform]\ncluster_name = \"\xff\xfe\"\n", "config.toml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "toml-syntax");
}

TEST(Loader, DeepNestingIsUnusableNotACrash)
{
  std::string deep = "a = " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  auto loaded = load_config_text(deep, "config.toml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "toml-syntax");
}

TEST(Loader, HugeFileIsRejectedBeforeParsing)
{
  const auto path = std::filesystem::temp_directory_path() / "dualstack-huge-config.toml";
  {
    std::ofstream out(path);
    std::string line(1023, '#');
    for (int i = 0; i < 50 * 1024; ++i)
      out << line << '\n'; // 50 MiB of comments
  }
  auto loaded = load_config_file(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().rule, "input-size");
}

TEST(Loader, MissingFileAndDirectoryAreUnusable)
{
  auto missing = load_config_file("/nonexistent/config.toml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().rule, "input-file");
  auto directory = load_config_file("/tmp");
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().message, "not a regular file");
}

TEST(Loader, PeerStateFileBesideConfigIsRead)
{
  const auto dir =
    std::filesystem::temp_directory_path() / ("dualstack-state-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "config.toml") << "[kubernetes]\nversion = \"1.31.0\"\n";
  std::ofstream(dir / "wireguard-ipam.toml") << "[slots]\nalice = 7\nbob = 3\n";
  auto loaded = load_config_file((dir / "config.toml").string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.peer_state.at("alice"), 7u);
  EXPECT_EQ(loaded->config.peer_state.at("bob"), 3u);
}

} // namespace
} // namespace dualstack::config
