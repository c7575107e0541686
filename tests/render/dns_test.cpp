// A DNS-name API endpoint: the A/AAAA records, the /etc/hosts lines, the certificate SANs and the
// HAProxy frontends on both VIPs; the hosts fragment is read by glibc's real resolver.
#include "gateway_test_support.hpp"
#include "support/config_builder.hpp"
#include "support/plan_of.hpp"
#include "support/run_binary.hpp"

#include <dualstack/render/renderers.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>

namespace dualstack::render {
namespace {

using testing::ConfigBuilder;
using ::testing::HasSubstr;
using testing::plan_of;

ConfigBuilder named(const std::string& name)
{
  return ConfigBuilder().set("kubernetes.apiserver", "control_plane_endpoint", "\"" + name + "\"");
}

const Artifact* find(const Artifacts& artifacts, const std::string& path)
{
  for (const auto& a : artifacts) {
    if (a.path == path)
      return &a;
  }
  return nullptr;
}
// A pointer into a temporary list would dangle once the statement ends: keep the list first.
const Artifact* find(Artifacts&& artifacts, const std::string& path) = delete;

TEST(ApiDns, ADualStackNameGetsAnARecordAndAnAaaaRecordAtTheVips)
{
  const plan::Plan plan = plan_of(named("api.cluster.example.com"));
  const Artifacts files = render_api_dns(plan);
  const Artifact* zone = find(files, "dns/api.zone");
  ASSERT_NE(zone, nullptr);
  EXPECT_THAT(zone->content, HasSubstr("\napi.cluster.example.com.\t300\tIN\tA\t172.30.154.2\n"));
  EXPECT_THAT(zone->content, HasSubstr("\napi.cluster.example.com.\t300\tIN\tAAAA\tfd00::2\n"));
  const Artifact* hosts = find(files, "dns/hosts");
  ASSERT_NE(hosts, nullptr);
  EXPECT_THAT(
    hosts->content,
    HasSubstr("\n172.30.154.2\tapi.cluster.example.com\nfd00::2\tapi.cluster.example.com\n"));
  EXPECT_EQ(plan.api.control_plane_endpoint,
            "api.cluster.example.com:" + std::to_string(plan.api.frontend_port));
  EXPECT_EQ(plan.api.cert_sans,
            (std::vector<std::string>{ "api.cluster.example.com", "172.30.154.2", "fd00::2" }));
}

TEST(ApiDns, HaproxyListensOnBothVipsForTheName)
{
  const plan::Plan plan = plan_of(named("api.cluster.example.com"));
  const Artifacts files = gateway_testing::render(plan);
  bool seen = false;
  for (const auto& a : files) {
    if (a.path.ends_with("/haproxy.cfg")) {
      seen = true;
      const std::string port = std::to_string(plan.api.frontend_port);
      EXPECT_THAT(a.content, HasSubstr("  bind 172.30.154.2:" + port + "\n")) << a.path;
      EXPECT_THAT(a.content, HasSubstr("  bind [fd00::2]:" + port + "\n")) << a.path;
    }
  }
  EXPECT_TRUE(seen);
}

TEST(ApiDns, AnIpv6OnlyNameGetsOnlyAnAaaaRecord)
{
  const plan::Plan plan =
    plan_of(named("api.v6.example.com").set("terraform", "ipv4_enabled", "false"));
  const Artifacts rendered = render_api_dns(plan);
  const Artifact* zone = find(rendered, "dns/api.zone");
  ASSERT_NE(zone, nullptr);
  EXPECT_THAT(zone->content, HasSubstr("\napi.v6.example.com.\t300\tIN\tAAAA\tfd00::2\n"));
  EXPECT_THAT(zone->content, ::testing::Not(HasSubstr("\tIN\tA\t")));
}

TEST(ApiDns, AnAddressEndpointRendersNoRecords)
{
  EXPECT_TRUE(render_api_dns(plan_of(ConfigBuilder())).empty());
  EXPECT_TRUE(render_api_dns(plan_of(ConfigBuilder().set(
                               "kubernetes.apiserver", "control_plane_endpoint", "\"[fd00::2]\"")))
                .empty());
}

// Runs `getent ahosts NAME` in a private mount namespace whose /etc/hosts is `hosts_file`.
std::string resolve_with_hosts(const std::string& hosts_file, const std::string& name)
{
  const std::string command =
    "unshare -m sh -c 'mount --bind \"$0\" /etc/hosts && getent ahosts \"$1\"' " + hosts_file +
    " " + name + " 2>&1";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 512> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe))
      out += buffer.data();
    pclose(pipe);
  }
  return out;
}

TEST(ApiDns, GlibcResolvesTheNameToBothVipsFromTheHostsFragment)
{
  if (geteuid() != 0)
    GTEST_SKIP() << "needs root for a private mount namespace (unshare -m)";
  const plan::Plan plan = plan_of(named("api.cluster.example.com"));
  const Artifacts rendered = render_api_dns(plan);
  const Artifact* hosts = find(rendered, "dns/hosts");
  ASSERT_NE(hosts, nullptr);
  testing::TempDir dir("dns-hosts");
  const std::string path = dir.path() + "/hosts";
  testing::write_text(path, "127.0.0.1\tlocalhost\n" + hosts->content);
  const std::string out = resolve_with_hosts(path, "api.cluster.example.com");
  EXPECT_THAT(out, HasSubstr("172.30.154.2")) << out;
  EXPECT_THAT(out, HasSubstr("fd00::2")) << out;
}

} // namespace
} // namespace dualstack::render
