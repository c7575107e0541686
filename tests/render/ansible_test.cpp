// Tests of render_ansible and render_nodes: inventory groups, hosts and rollout order, how hosts
// are reached per family shape, every gateway file of the MANIFEST installed with its mode and
// checker, secrets never logged, the per-node sysctl and modules files, the part registry.
#include "render/support/example_plan.hpp"
#include "support/k8s_schema.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/ansible/gateway_role.hpp>
#include <dualstack/render/ansible/inventory.hpp>
#include <dualstack/render/render_all.hpp>
#include <dualstack/render/renderers.hpp>
#include <dualstack/render/secrets.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace dualstack::render {
namespace {

using nlohmann::json;
using testing::artifact;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::parse_yaml_documents;

plan::Plan plan_of(const std::string& example)
{
  return testing::example_plan(example);
}

json yaml(const Artifacts& artifacts, const std::string& path)
{
  return parse_yaml_documents(artifact(artifacts, path).content).at(0);
}

std::vector<std::string> keys(const json& object)
{
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it)
    out.push_back(it.key());
  return out;
}

// Secrets of the gateway renderer: a fixed test key per endpoint.
Secrets test_secrets(const plan::Plan& plan)
{
  Secrets secrets;
  for (const auto& endpoint : plan.wireguard_endpoints)
    secrets.wireguard_endpoint_keys[endpoint.id] = { "YAuTQwbRjz4QTf+t1hQvBk3IS1Ay8F+XcuxB/1ZbJ1E=",
                                                     "" };
  return secrets;
}

TEST(AnsibleInventory, ListsEveryHostOfThePlanInItsGroup)
{
  const plan::Plan plan = plan_of("seed");
  const json inventory = yaml(render_ansible(plan), "ansible/inventory.yml");
  const json& children = inventory.at("all").at("children");
  std::vector<std::string> masters;
  std::vector<std::string> workers;
  for (const auto* host : plan.hosts_with(plan::HostRole::master))
    masters.push_back(host->name);
  for (const auto* host : plan.hosts_with(plan::HostRole::worker))
    workers.push_back(host->name);
  EXPECT_EQ(keys(children.at("k8s_nodes").at("children").at("masters").at("hosts")), masters);
  EXPECT_EQ(keys(children.at("k8s_nodes").at("children").at("workers").at("hosts")), workers);
  EXPECT_EQ(children.at("gateways").at("hosts").size(),
            plan.hosts_with(plan::HostRole::gateway).size());
  EXPECT_EQ(children.at("k8s_nodes")
              .at("children")
              .at("masters")
              .at("hosts")
              .at("managed-k8s-master-1")
              .at("dualstack_kubeadm_file"),
            "kubeadm/managed-k8s-master-1/kubeadm.yaml");
}

TEST(AnsibleInventory, GatewaysAreListedBackupsFirstInAscendingVrrpPriority)
{
  const plan::Plan plan = plan_of("seed"); // priorities 150, 100, 50 for gw-0, gw-1, gw-2
  const json inventory = yaml(render_ansible(plan), "ansible/inventory.yml");
  const json& gateways = inventory.at("all").at("children").at("gateways").at("hosts");
  // nlohmann::json sorts object keys, so the order is checked on the text itself.
  const std::string& text = artifact(render_ansible(plan), "ansible/inventory.yml").content;
  const auto at = [&](const std::string& name) { return text.find("\"" + name + "\":"); };
  EXPECT_LT(at("managed-k8s-gw-2"), at("managed-k8s-gw-1"));
  EXPECT_LT(at("managed-k8s-gw-1"), at("managed-k8s-gw-0"));
  EXPECT_EQ(gateways.at("managed-k8s-gw-2").at("dualstack_vrrp_priority"), 50);
  EXPECT_EQ(gateways.at("managed-k8s-gw-0").at("dualstack_vrrp_priority"), 150);
  std::vector<int> order;
  for (const auto* gateway : ansible::gateway_rollout_order(plan))
    order.push_back(gateway->vrrp_priority);
  EXPECT_EQ(order, (std::vector<int>{ 50, 100, 150 }));
}

TEST(AnsibleInventory, GatewaysAreReachedAtTheirFloatingIpsAndNodesAtTheirPrimaryAddress)
{
  const json dual = yaml(render_ansible(plan_of("ipv6-primary")), "ansible/inventory.yml");
  EXPECT_THAT(
    dual.at("all").at("children").at("gateways").at("vars").at("ansible_host").get<std::string>(),
    HasSubstr("gateway_floating_ips"));
  EXPECT_THAT(
    dual.at("all").at("children").at("k8s_nodes").at("vars").at("ansible_host").get<std::string>(),
    HasSubstr("[inventory_hostname].ipv6"));
  EXPECT_THAT(dual.at("all")
                .at("children")
                .at("k8s_nodes")
                .at("vars")
                .at("ansible_ssh_common_args")
                .get<std::string>(),
              HasSubstr("ProxyJump"));
}

TEST(AnsibleInventory, AnIpv6OnlyClusterReachesItsGatewaysAtTheirIpv6Address)
{
  const json inventory = yaml(render_ansible(plan_of("ipv6-only")), "ansible/inventory.yml");
  const std::string gateway =
    inventory.at("all").at("children").at("gateways").at("vars").at("ansible_host");
  EXPECT_THAT(gateway, Not(HasSubstr("floating")));
  EXPECT_THAT(gateway, HasSubstr("host_addresses.value[inventory_hostname].ipv6"));
}

TEST(AnsibleGatewayRole, InstallsEveryGatewayFileOfTheManifestWithItsModeCheckerAndNoLogForSecrets)
{
  for (const std::string example : { "seed", "ipv6-only", "api-name-loadbalancer" }) {
    SCOPED_TRACE(example);
    const plan::Plan plan = plan_of(example);
    const Artifacts all = render_parts(plan, test_secrets(plan), {});
    const json tasks = yaml(all, "ansible/roles/gateway/tasks/main.yml");
    for (const plan::Host* gateway : plan.hosts_with(plan::HostRole::gateway)) {
      std::size_t files = 0;
      for (const Artifact& a : all) {
        if (a.host != gateway->name)
          continue;
        ++files;
        const std::string name = a.path.substr(a.path.rfind('/') + 1);
        EXPECT_EQ(a.path, ansible::host_dir(*gateway) + "/" + name);
        const json* task = nullptr;
        for (const json& t : tasks) {
          if (t.contains("ansible.builtin.copy") &&
              t["ansible.builtin.copy"].value("dest", "") == a.target_path)
            task = &t;
        }
        ASSERT_NE(task, nullptr) << "no task installs " << a.target_path;
        const json& copy = task->at("ansible.builtin.copy");
        EXPECT_THAT(copy.at("src").get<std::string>(), ::testing::EndsWith("}}/" + name));
        EXPECT_EQ(copy.at("mode"), fmt::format("{:04o}", a.mode)) << a.target_path;
        EXPECT_EQ(task->value("no_log", false), a.secret) << a.target_path;
        if (a.secret) {
          EXPECT_EQ(a.mode, 0600);
        }
      }
      EXPECT_EQ(files, ansible::gateway_files(plan).size()) << gateway->name;
    }
  }
}

TEST(AnsibleGatewayRole, ChecksEachFileWithItsOwnCheckerAndReloadsOnlyItsDaemon)
{
  const plan::Plan plan = plan_of("seed");
  const json tasks = yaml(render_ansible(plan), "ansible/roles/gateway/tasks/main.yml");
  std::map<std::string, std::pair<std::string, std::string>> by_dest;
  for (const json& t : tasks) {
    if (!t.contains("ansible.builtin.copy"))
      continue;
    by_dest[t["ansible.builtin.copy"]["dest"]] = { t["ansible.builtin.copy"].value("validate", ""),
                                                   t.value("notify", "") };
  }
  EXPECT_EQ(by_dest["/etc/bird/bird.conf"],
            std::make_pair(std::string("bird -p -c %s"), std::string("Reconfigure BIRD")));
  EXPECT_EQ(by_dest["/etc/haproxy/haproxy.cfg"],
            std::make_pair(std::string("haproxy -c -f %s"), std::string("Reload HAProxy")));
  EXPECT_EQ(by_dest["/etc/nftables.conf"],
            std::make_pair(std::string("nft -c -f %s"), std::string("Load /etc/nftables.conf")));
  EXPECT_EQ(by_dest["/etc/keepalived/keepalived.conf"],
            std::make_pair(std::string("keepalived -t -f %s"), std::string("Reload keepalived")));
  EXPECT_THAT(by_dest["/etc/wireguard/wg0.conf"].first, HasSubstr("wg-quick strip"));
  EXPECT_EQ(by_dest["/etc/wireguard/wg0.conf"].second, "Reload WireGuard wg0");

  const json handlers = yaml(render_ansible(plan), "ansible/roles/gateway/handlers/main.yml");
  std::map<std::string, json> handler;
  for (const json& h : handlers)
    handler[h["name"]] = h;
  EXPECT_EQ(handler["Reconfigure BIRD"]["ansible.builtin.command"], "birdc configure");
  EXPECT_EQ(handler["Reload keepalived"]["ansible.builtin.command"], "systemctl reload keepalived");
  EXPECT_THAT(handler["Reload WireGuard wg0"]["ansible.builtin.shell"].get<std::string>(),
              HasSubstr("wg syncconf wg0 <(wg-quick strip /etc/wireguard/wg0.conf)"));
  EXPECT_TRUE(handler["Reload WireGuard wg0"].value("no_log", false));
}

TEST(AnsibleSecrets, EveryTaskThatHandlesAJoinSecretHasNoLogAndWritesItsFile0600)
{
  const Artifacts artifacts = render_ansible(plan_of("seed"));
  int secret_tasks = 0;
  for (const std::string role : { "control_plane", "join" }) {
    for (const json& task : yaml(artifacts, "ansible/roles/" + role + "/tasks/main.yml")) {
      if (task.contains("ansible.builtin.assert"))
        continue; // names the token only in a quiet check
      json body = task;
      body.erase("when");
      const std::string text = body.dump();
      const bool secret = text.find("join_token") != std::string::npos ||
                          text.find("certificate_key") != std::string::npos ||
                          text.find("token generate") != std::string::npos ||
                          text.find("token create") != std::string::npos;
      if (!secret)
        continue;
      ++secret_tasks;
      EXPECT_TRUE(task.value("no_log", false)) << task.at("name");
      if (task.contains("ansible.builtin.copy")) {
        EXPECT_EQ(task["ansible.builtin.copy"]["mode"], "0600");
      }
    }
  }
  // init: token generate, token create, certificate key, the set_fact, the init config, the
  // upload-certs phase; join: the join config
  EXPECT_GE(secret_tasks, 7);
}

TEST(AnsibleControlPlane, InitAndJoinAreSkippedOnceDoneAndFillEveryPlaceholder)
{
  const Artifacts artifacts = render_ansible(plan_of("seed"));
  const std::string init =
    artifact(artifacts, "ansible/roles/control_plane/tasks/main.yml").content;
  const std::string join = artifact(artifacts, "ansible/roles/join/tasks/main.yml").content;
  EXPECT_THAT(init, HasSubstr("kubeadm init --config /etc/kubernetes/kubeadm.yaml --upload-certs"));
  EXPECT_THAT(init, HasSubstr("creates: /etc/kubernetes/admin.conf"));
  EXPECT_THAT(init, HasSubstr("${KUBEADM_BOOTSTRAP_TOKEN}"));
  EXPECT_THAT(init, HasSubstr("${KUBEADM_CERTIFICATE_KEY}"));
  EXPECT_THAT(join, HasSubstr("creates: /etc/kubernetes/kubelet.conf"));
  for (const char* placeholder :
       { "${KUBEADM_BOOTSTRAP_TOKEN}", "${KUBEADM_CA_CERT_HASH}", "${KUBEADM_CERTIFICATE_KEY}" })
    EXPECT_THAT(join, HasSubstr(placeholder));
}

TEST(AnsibleCalico, FollowsTheInstallModeAndLabelsThePlansRouteReflectors)
{
  const plan::Plan plan = plan_of("seed"); // operator mode
  const std::string calico =
    artifact(render_ansible(plan), "ansible/roles/calico/tasks/main.yml").content;
  EXPECT_THAT(calico, HasSubstr("operator-crds.yaml"));
  EXPECT_LT(calico.find("- \"operator-crds.yaml\""), calico.find("- \"tigera-operator.yaml\""));
  EXPECT_LT(calico.find("- \"bgppeers.yaml\""), calico.find("- \"installation.yaml\""));
  EXPECT_THAT(calico, HasSubstr("route-reflector=true"));
  EXPECT_THAT(calico,
              HasSubstr("RouteReflectorClusterID=" + plan.route_reflector_cluster_id.to_string()));
  for (const auto& name : plan.route_reflectors)
    EXPECT_THAT(calico, HasSubstr("- \"" + name + "\""));
}

TEST(AnsibleKubeDns, OnlyADualStackClusterPatchesKubeDnsWithBothDnsIps)
{
  const plan::Plan dual = plan_of("seed");
  const Artifacts artifacts = render_parts(dual, test_secrets(dual), {});
  const json patch = yaml(artifacts, "kubeadm/kube-dns-service-patch.yaml");
  EXPECT_EQ(patch["spec"]["clusterIPs"],
            json::array({ dual.networks.at(dual.families()[0]).dns_service_ip.to_string(),
                          dual.networks.at(dual.families()[1]).dns_service_ip.to_string() }));
  EXPECT_EQ(patch["spec"]["ipFamilies"], json::array({ "IPv4", "IPv6" }));
  EXPECT_THAT(artifact(artifacts, "ansible/site.yml").content, HasSubstr("role: kube_dns"));

  const plan::Plan single = plan_of("ipv6-only");
  const Artifacts only = render_parts(single, test_secrets(single), {});
  EXPECT_THROW(artifact(only, "kubeadm/kube-dns-service-patch.yaml"), std::runtime_error);
  EXPECT_THAT(artifact(only, "ansible/site.yml").content, Not(HasSubstr("kube_dns")));
}

TEST(NodeFiles, SysctlHasForwardingPerFamilyAndAcceptRaOnTheNodeInterface)
{
  struct Case
  {
    const char* example;
    bool ipv4;
    bool ipv6;
  };
  for (const Case c : { Case{ "ipv4-only", true, false },
                        Case{ "seed", true, true },
                        Case{ "ipv6-only", false, true } }) {
    SCOPED_TRACE(c.example);
    const plan::Plan plan = plan_of(c.example);
    const Artifacts nodes = render_nodes(plan);
    ASSERT_EQ(nodes.size(), 2 * plan.k8s_nodes().size());
    for (const plan::Host* node : plan.k8s_nodes()) {
      const Artifact& sysctl = artifact(nodes, "nodes/" + node->name + "/90-dualstack.conf");
      EXPECT_EQ(sysctl.host, node->name);
      EXPECT_EQ(sysctl.target_path, "/etc/sysctl.d/90-dualstack.conf");
      EXPECT_EQ(sysctl.content.find("net.ipv4.ip_forward = 1\n") != std::string::npos, c.ipv4);
      EXPECT_EQ(sysctl.content.find("net.ipv6.conf.all.forwarding = 1\n") != std::string::npos,
                c.ipv6);
      EXPECT_EQ(sysctl.content.find("net.ipv6.conf." + plan.node_interface + ".accept_ra = 2\n") !=
                  std::string::npos,
                c.ipv6);
      const Artifact& modules = artifact(nodes, "nodes/" + node->name + "/modules-load.conf");
      EXPECT_EQ(modules.target_path, "/etc/modules-load.d/dualstack.conf");
      EXPECT_THAT(modules.content, HasSubstr("\nbr_netfilter\noverlay\n"));
    }
  }
}

TEST(NodeFiles, TheSysctlFileLoadsInAFreshNetworkNamespace)
{
  if (geteuid() != 0)
    GTEST_SKIP() << "needs root for a network namespace (unshare -n)";
  for (const std::string example : { "ipv4-only", "seed", "ipv6-only" }) {
    SCOPED_TRACE(example);
    const plan::Plan plan = plan_of(example);
    const Artifact& sysctl = artifact(
      render_nodes(plan), "nodes/" + plan.k8s_nodes().front()->name + "/90-dualstack.conf");
    char path[] = "/tmp/dualstack-node-sysctl-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, sysctl.content.data(), sysctl.content.size()),
              static_cast<ssize_t>(sysctl.content.size()));
    close(fd);
    // The namespace (and its veth pair named like the node's interface) goes with the process.
    const std::string command = fmt::format("unshare -n sh -c 'ip link add {} type veth peer name "
                                            "dualstack-peer && sysctl -q -p {}' 2>&1",
                                            plan.node_interface,
                                            path);
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    std::array<char, 256> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe))
      output += buffer.data();
    const int status = pclose(pipe);
    unlink(path);
    EXPECT_EQ(status, 0) << output;
  }
}

TEST(AnsiblePart, IsSelectableAndOwnsTheAnsibleFolder)
{
  EXPECT_EQ(part_from_name("ansible"), Part::ansible);
  EXPECT_EQ(part_name(Part::ansible), "ansible");
  EXPECT_EQ(part_of_path("ansible/site.yml"), Part::ansible);
  EXPECT_EQ(part_of_path("nodes/managed-k8s-worker-0/90-dualstack.conf"), Part::kubeadm);
  const plan::Plan plan = plan_of("seed");
  const Artifacts only = render_parts(plan, Secrets{}, { Part::ansible });
  ASSERT_FALSE(only.empty());
  for (const Artifact& a : only)
    EXPECT_EQ(part_of_path(a.path), Part::ansible) << a.path;
}

} // namespace
} // namespace dualstack::render
