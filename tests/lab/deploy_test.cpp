// Deploy mode's pure parts: the PLAY RECAP a run is judged by, the terraform output the lab's
// world stands for (the shape the rendered inventory reads), the systemctl stand-in as shell.
#include "render/gateway_test_support.hpp"

#include <dualstack/lab/deploy.hpp>
#include <dualstack/lab/deploy_host.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace dualstack::lab {
namespace {

using render::gateway_testing::plan_for;
using render::gateway_testing::Shape;
using ::testing::HasSubstr;

LabContext lab_of(Shape shape)
{
  LabContext lab;
  lab.plan = plan_for(shape);
  LabOptions options;
  options.id = "a1b2";
  options.nodes = 2;
  auto t = make_topology(lab.plan, options);
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error());
  if (t)
    lab.topology = *t;
  lab.state.tag = "a1b2-0000";
  return lab;
}

TEST(LabDeploy, PlayRecapGivesChangedAndFailedPerHost)
{
  const std::string output =
    "TASK [gateway : Install /etc/bird/bird.conf (BIRD 2)] ****\nchanged: [gw-1]\n\n"
    "PLAY RECAP *********************************************************************\n"
    "gw-1                       : ok=14   changed=9    unreachable=0    failed=0    skipped=1    "
    "rescued=0    ignored=0   \n"
    "gw-0                       : ok=3    changed=0    unreachable=1    failed=0    skipped=0    "
    "rescued=0    ignored=0   \n";
  PlaybookRun run;
  run.status = 4;
  parse_play_recap(output, run);
  EXPECT_EQ(run.changed.at("gw-1"), 9);
  EXPECT_EQ(run.changed.at("gw-0"), 0);
  EXPECT_EQ(run.failed.at("gw-0"), 1);
  EXPECT_EQ(run.total_changed(), 9);
  EXPECT_FALSE(run.ok());
  run.status = 0;
  run.failed["gw-0"] = 0;
  EXPECT_TRUE(run.ok());
  PlaybookRun empty;
  empty.status = 0;
  parse_play_recap("ERROR! the playbook could not be found\n", empty);
  EXPECT_FALSE(empty.ok()) << "a run that played nothing is no success";
}

TEST(LabDeploy, TerraformOutputHasTheShapeTheInventoryReads)
{
  const LabContext lab = lab_of(Shape::dual);
  const auto j = nlohmann::json::parse(terraform_output_json(lab));
  for (const auto& g : lab.topology.gateways) {
    EXPECT_EQ(j["gateway_floating_ips"]["value"][g.name], g.floating_ip.to_string());
    EXPECT_EQ(j["host_addresses"]["value"][g.name]["ipv4"],
              lab.plan.host(g.name)->address(Family::ipv4)->to_string());
    EXPECT_EQ(j["host_addresses"]["value"][g.name]["ipv6"],
              lab.plan.host(g.name)->address(Family::ipv6)->to_string());
  }
  EXPECT_EQ(j["vip_floating_ip"]["value"], lab.topology.public_net.floating_ip.to_string());
  // every gateway has its own floating IP, none of them the VIP's
  EXPECT_NE(lab.topology.gateways.at(0).floating_ip, lab.topology.gateways.at(1).floating_ip);
  EXPECT_NE(lab.topology.gateways.at(0).floating_ip, lab.topology.public_net.floating_ip);
}

TEST(LabDeploy, SystemctlStandInIsShellThatTagsItsDaemonsAndRefusesWhatItDoesNotKnow)
{
  const LabContext lab = lab_of(Shape::dual);
  const std::string script = systemctl_standin(lab, lab.topology.gateways.at(0), "/run/x/gw0");
  EXPECT_THAT(script, HasSubstr("export DUALSTACK_LAB_TAG='a1b2-0000'"));
  EXPECT_THAT(script, HasSubstr("run='/run/x/gw0'"));
  for (const char* unit : { "nftables)", "wg-quick@*)", "bird)", "haproxy)", "keepalived)" })
    EXPECT_THAT(script, HasSubstr(unit));
  const auto path = std::filesystem::temp_directory_path() / "dualstack-systemctl-standin.sh";
  std::ofstream(path) << script;
  EXPECT_EQ(std::system(("sh -n " + path.string()).c_str()), 0) << "not valid POSIX shell";
  // A unit it does not know is an error (exit 4, as systemd's "no such unit").
  const int status =
    std::system(("sh " + path.string() + " is-active --quiet sshd 2>/dev/null").c_str());
  EXPECT_EQ(WEXITSTATUS(status), 4);
  std::filesystem::remove(path);
}

} // namespace
} // namespace dualstack::lab
