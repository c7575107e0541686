// The cluster NIC's name and the MTUs reach every file that names them: keepalived, the sysctl
// drop-ins, the deploy's interface check (run by the real ansible-playbook), WireGuard servers and
// clients, Terraform's network.
#include "gateway_test_support.hpp"
#include "support/plan_of.hpp"
#include "support/run_binary.hpp"

#include <dualstack/render/renderers.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace dualstack::render {
namespace {

using gateway_testing::artifact;
using gateway_testing::gateway_file;
using gateway_testing::render;
using testing::ConfigBuilder;
using ::testing::HasSubstr;
using ::testing::Not;

plan::Plan plan_with(const std::string& gateway_if, const std::string& node_if)
{
  return testing::plan_of(ConfigBuilder()
                            .set("terraform", "gateway_interface", "\"" + gateway_if + "\"")
                            .set("terraform", "node_interface", "\"" + node_if + "\"")
                            .set("terraform", "network_mtu", "1442"));
}

TEST(Links, GatewayFilesNameTheConfiguredInterface)
{
  const plan::Plan plan = plan_with("ens3", "enp1s0");
  const plan::Host& gw = *plan.hosts_with(plan::HostRole::gateway).front();
  const Artifacts files = render(plan);
  const std::string keepalived = gateway_file(files, gw, "keepalived.conf");
  EXPECT_THAT(keepalived, HasSubstr("  interface ens3\n"));
  EXPECT_THAT(keepalived, HasSubstr(" dev ens3"));
  EXPECT_THAT(keepalived, Not(HasSubstr("eth0")));
  EXPECT_THAT(gateway_file(files, gw, "90-dualstack.conf"),
              HasSubstr("net.ipv6.conf.ens3.accept_ra = 2\n"));

  const plan::Host& node = *plan.k8s_nodes().front();
  const std::string node_sysctl =
    artifact(render_nodes(plan), "nodes/" + node.name + "/90-dualstack.conf").content;
  EXPECT_THAT(node_sysctl, HasSubstr("net.ipv6.conf.enp1s0.accept_ra = 2\n"));
}

TEST(Links, DottedInterfaceUsesSlashSeparatedSysctlKey)
{
  // sysctl.d(5): with `/` separators the dot of a VLAN name stays part of the name.
  const plan::Plan plan = plan_with("eth0.100", "eth0.100");
  const plan::Host& gw = *plan.hosts_with(plan::HostRole::gateway).front();
  EXPECT_THAT(gateway_file(render(plan), gw, "90-dualstack.conf"),
              HasSubstr("net/ipv6/conf/eth0.100/accept_ra = 2\n"));
}

TEST(Links, WireguardAndTerraformCarryTheMtus)
{
  const plan::Plan plan = plan_with("eth0", "eth0");
  const plan::Host& gw = *plan.hosts_with(plan::HostRole::gateway).front();
  const Artifacts files = render(plan);
  EXPECT_THAT(gateway_file(files, gw, "wg0.conf"), HasSubstr("\nMTU = 1362\n"));
  for (const auto& a : files) {
    if (a.path.rfind("wireguard/clients/", 0) == 0) {
      EXPECT_THAT(a.content, HasSubstr("\nMTU = 1362\n")) << a.path;
    }
  }
  const auto tf =
    nlohmann::json::parse(artifact(render_terraform(plan), "terraform/main.tf.json").content);
  EXPECT_EQ(tf["resource"]["openstack_networking_network_v2"]["cluster"]["mtu"], 1442);
  const auto installation =
    artifact(render_calico(plan), "calico/operator/installation.yaml").content;
  EXPECT_THAT(installation, HasSubstr("mtu: 1442"));
}

// The interface role run by the real ansible-playbook against this machine: `lo` exists, a name
// the image does not have stops the play with the key to set and the names the host has.
class InterfaceRole : public ::testing::Test
{
protected:
  testing::RunResult play(const std::string& interface)
  {
    namespace fs = std::filesystem;
    const plan::Plan plan = plan_with("eth0", "eth0");
    for (const auto& a : render_ansible(plan)) {
      if (a.path.rfind("ansible/roles/interface/", 0) != 0)
        continue;
      const fs::path path = fs::path(m_dir.path()) / a.path;
      fs::create_directories(path.parent_path());
      std::ofstream(path) << a.content;
    }
    const std::string playbook = m_dir.path() + "/ansible/check.yml";
    std::ofstream(playbook) << "- hosts: localhost\n  connection: local\n  gather_facts: false\n"
                               "  roles:\n    - role: interface\n";
    return testing::run_program(
      { "sh",
        "-c",
        "cd '" + m_dir.path() + "/ansible' && ANSIBLE_LOCAL_TEMP='" + m_dir.path() +
          "/tmp' ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, check.yml -e "
          "dualstack_interface=" +
          interface + " -e 'dualstack_interface_key=\"[terraform] gateway_interface\"' 2>&1" });
  }

  void SetUp() override
  {
    if (testing::run_program({ "sh", "-c", "command -v ansible-playbook >/dev/null" }).status != 0)
      GTEST_SKIP() << "ansible-playbook is not installed (scripts/setup.sh installs it)";
  }

  testing::TempDir m_dir{ "interface-role" };
};

TEST_F(InterfaceRole, PassesWhenTheHostHasTheInterface)
{
  const auto run = play("lo");
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("failed=0"));
}

TEST_F(InterfaceRole, StopsWithTheKeyAndTheHostsNamesWhenItIsMissing)
{
  const auto run = play("ens3x");
  EXPECT_NE(run.status, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("has no interface ens3x"));
  EXPECT_THAT(run.out, HasSubstr("[terraform] gateway_interface"));
  EXPECT_THAT(run.out, HasSubstr("it has lo"));
}

} // namespace
} // namespace dualstack::render
