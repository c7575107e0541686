// The gateway steps claim that a gateway's IPv4 configuration survives the migration unchanged
// (so `birdc configure` keeps the IPv4 sessions, a reloaded backup still talks VRRP with the old
// master, HAProxy and nftables keep every IPv4 rule). This holds if the old config's lines are a
// subsequence of the new config's: the migration only adds.
#include "migrate/migrate_test_support.hpp"

#include <dualstack/render/renderers.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace dualstack {
namespace {

std::vector<std::string> lines_of(const std::string& text, bool keepalived)
{
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    // keepalived: a single instance runs the notify hooks itself; two move them to their sync
    // group.
    if (keepalived && line.find("notify_") != std::string::npos)
      continue;
    out.push_back(line);
  }
  return out;
}

// Returns the first line of `old_lines` that `new_lines` lacks in order, or "" if none.
std::string first_missing(const std::vector<std::string>& old_lines,
                          const std::vector<std::string>& new_lines)
{
  std::size_t j = 0;
  for (const auto& line : old_lines) {
    while (j < new_lines.size() && new_lines[j] != line)
      ++j;
    if (j == new_lines.size())
      return line;
    ++j;
  }
  return "";
}

TEST(MigrateGateways, TheIpv4ConfigurationOfEveryGatewayOnlyGainsLines)
{
  const auto old_side = testing::planned_file(testing::example_path("ipv4-only"));
  const auto new_side = testing::planned_file(testing::example_path("yaook-default"));
  render::Secrets secrets;
  secrets.wireguard_endpoint_keys[0] = { "oA1oaxUMxTnjLHAnDU1LEvHRmaVC+uCGmmoh4rj1WX8=",
                                         "x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE=" };
  const auto old_files = render::render_gateways(old_side->plan, secrets);
  const auto new_files = render::render_gateways(new_side->plan, secrets);
  int compared = 0;
  for (const auto& old_file : old_files) {
    const bool keepalived = old_file.path.ends_with("/keepalived.conf");
    const bool additive = old_file.path.ends_with("/bird.conf") || keepalived ||
                          old_file.path.ends_with("/haproxy.cfg") ||
                          old_file.path.ends_with("/nftables.conf") ||
                          old_file.path.ends_with("/90-dualstack.conf");
    if (!additive)
      continue;
    const auto it =
      std::find_if(new_files.begin(), new_files.end(), [&](const render::Artifact& a) {
        return a.path == old_file.path;
      });
    ASSERT_NE(it, new_files.end()) << old_file.path;
    EXPECT_EQ(
      first_missing(lines_of(old_file.content, keepalived), lines_of(it->content, keepalived)), "")
      << old_file.path;
    ++compared;
  }
  EXPECT_EQ(compared, 15); // 5 files on each of 3 gateways
}

} // namespace
} // namespace dualstack
