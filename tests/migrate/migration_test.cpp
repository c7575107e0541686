// The steps of an IPv4 -> dual-stack migration: order, content, service CIDR per Kubernetes
// version.
#include "migrate/migrate_test_support.hpp"
#include "render/support/kubeadm_schema.hpp"
#include "support/config_builder.hpp"

#include <dualstack/migrate/kubernetes_version.hpp>
#include <dualstack/verify/check.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace dualstack {
namespace {

using testing::ConfigBuilder;
using testing::migration_of;
using testing::planned_file;
using testing::planned_text;

std::vector<std::string> ids(const migrate::Migration& m)
{
  std::vector<std::string> out;
  for (const auto& s : m.steps)
    out.push_back(s.id);
  return out;
}

const migrate::Step& step(const migrate::Migration& m, const std::string& id)
{
  for (const auto& s : m.steps) {
    if (s.id == id)
      return s;
  }
  throw std::runtime_error("no step " + id);
}

bool runs(const migrate::Step& s, const std::string& on, const std::string& fragment)
{
  return std::any_of(s.commands.begin(), s.commands.end(), [&](const migrate::Command& c) {
    return c.on == on && c.run.find(fragment) != std::string::npos;
  });
}

std::size_t command_index(const migrate::Step& s, const std::string& fragment)
{
  for (std::size_t i = 0; i < s.commands.size(); ++i) {
    if (s.commands[i].run.find(fragment) != std::string::npos)
      return i;
  }
  return s.commands.size();
}

class ExampleMigration : public ::testing::Test
{
protected:
  static void SetUpTestSuite()
  {
    s_old = planned_file(testing::example_path("ipv4-only")).release();
    s_new = planned_file(testing::example_path("yaook-default")).release();
    s_migration = new migrate::Migration(migration_of(*s_old, *s_new));
  }
  static void TearDownTestSuite()
  {
    delete s_migration;
    delete s_new;
    delete s_old;
  }
  static testing::Planned* s_old;
  static testing::Planned* s_new;
  static migrate::Migration* s_migration;
};

testing::Planned* ExampleMigration::s_old = nullptr;
testing::Planned* ExampleMigration::s_new = nullptr;
migrate::Migration* ExampleMigration::s_migration = nullptr;

TEST_F(ExampleMigration, ExamplesAreAPairWithoutRefusals)
{
  EXPECT_TRUE(testing::refusals_of(*s_old, *s_new).all().empty());
  ASSERT_EQ(s_migration->added.size(), 1u);
  EXPECT_EQ(s_migration->added[0], net::Family::ipv6);
}

TEST_F(ExampleMigration, StepsComeInTheirOrder)
{
  const std::vector<std::string> expected = {
    "network",
    "ports",
    "node-network-managed-k8s-master-0",
    "node-network-managed-k8s-master-1",
    "node-network-managed-k8s-master-2",
    "node-network-managed-k8s-worker-0",
    "node-network-managed-k8s-worker-1",
    "node-network-managed-k8s-worker-2",
    "gateway-managed-k8s-gw-2",
    "gateway-managed-k8s-gw-1",
    "gateway-managed-k8s-gw-0",
    "wireguard-clients",
    "kubeadm-config",
    "control-plane-managed-k8s-master-0",
    "control-plane-managed-k8s-master-1",
    "control-plane-managed-k8s-master-2",
    "service-cidr",
    "kube-dns",
    "node-ip-managed-k8s-master-0",
    "node-ip-managed-k8s-master-1",
    "node-ip-managed-k8s-master-2",
    "node-ip-managed-k8s-worker-0",
    "node-ip-managed-k8s-worker-1",
    "node-ip-managed-k8s-worker-2",
    "kube-proxy",
    "calico",
    "pod-cidrs-managed-k8s-worker-0",
    "pod-cidrs-managed-k8s-worker-1",
    "pod-cidrs-managed-k8s-worker-2",
    "pod-cidrs-managed-k8s-master-0",
    "pod-cidrs-managed-k8s-master-1",
    "pod-cidrs-managed-k8s-master-2",
    "workloads",
  };
  EXPECT_EQ(ids(*s_migration), expected);
}

TEST_F(ExampleMigration, TerraformStepsAreTheNewConfigsMainTfAndDisruptNothing)
{
  const auto& network = step(*s_migration, "network");
  EXPECT_FALSE(network.disruptive);
  ASSERT_EQ(network.files.size(), 1u);
  EXPECT_EQ(network.files[0].path, "terraform/main.tf.json");
  // A saved plan of exactly the two resources, checked to destroy nothing, then applied as is.
  const auto plan = command_index(network,
                                  "plan -input=false -out=network.tfplan "
                                  "-target=openstack_networking_subnet_v2.cluster_ipv6 "
                                  "-target=openstack_networking_router_interface_v2.cluster_ipv6");
  const auto check = command_index(network, "show -json network.tfplan");
  const auto apply = command_index(network, "apply -input=false network.tfplan");
  EXPECT_LT(plan, check);
  EXPECT_LT(check, apply);
  EXPECT_LT(apply, network.commands.size());
  EXPECT_NE(network.title.find("fd00::/120"), std::string::npos) << network.title;
  const auto& ports = step(*s_migration, "ports");
  EXPECT_FALSE(ports.disruptive);
  EXPECT_TRUE(
    runs(ports, "operator", "terraform -chdir=terraform apply -input=false ports.tfplan"));
  EXPECT_EQ(ports.done.run, "terraform -chdir=terraform plan -detailed-exitcode -input=false");
  // One check per host that its planned IPv6 address arrived: worker-2 is the last host, offset 15.
  EXPECT_EQ(ports.checks.size(), s_new->plan.hosts.size());
  EXPECT_EQ(ports.checks.back().on, "managed-k8s-worker-2");
  EXPECT_NE(ports.checks.back().run.find("fd00::f"), std::string::npos) << ports.checks.back().run;
}

TEST_F(ExampleMigration, GatewaysBackupsFirstMasterLastWithAHandover)
{
  const auto& low = step(*s_migration, "gateway-managed-k8s-gw-2");
  const auto& mid = step(*s_migration, "gateway-managed-k8s-gw-1");
  const auto& master = step(*s_migration, "gateway-managed-k8s-gw-0");
  EXPECT_FALSE(low.disruptive);
  EXPECT_FALSE(mid.disruptive);
  EXPECT_TRUE(master.disruptive);
  EXPECT_NE(master.title.find("the master, last"), std::string::npos);
  EXPECT_NE(master.disruption.find("fails over to managed-k8s-gw-1"), std::string::npos)
    << master.disruption;
  // The master hands its VIPs over first and takes them back last.
  const auto stop = command_index(master, "systemctl stop keepalived");
  const auto bird = command_index(master, "birdc configure");
  const auto start = command_index(master, "systemctl start keepalived");
  EXPECT_LT(stop, bird);
  EXPECT_LT(bird, start);
  EXPECT_LT(start, master.commands.size());
  EXPECT_TRUE(
    runs(master, "managed-k8s-gw-1", "172.30.154.2")); // the next one holds the VIP meanwhile
  // Backups just reload.
  EXPECT_TRUE(runs(low, "managed-k8s-gw-2", "systemctl reload keepalived"));
  // ... and stop keepalived only to hand over VIPs they hold after an earlier failover.
  EXPECT_EQ(command_index(low, "systemctl stop keepalived"), 0u);
  EXPECT_EQ(low.commands[0].run.rfind("if ip -br address show | grep -qw 172.30.154.2; then "
                                      "systemctl stop keepalived",
                                      0),
            0u)
    << low.commands[0].run;
  // Every file of the gateway, and only its files; WireGuard keeps sessions (syncconf) and gains
  // fd01::1.
  ASSERT_FALSE(low.files.empty());
  for (const auto& f : low.files)
    EXPECT_EQ(f.host, "managed-k8s-gw-2") << f.path;
  EXPECT_TRUE(std::any_of(low.files.begin(), low.files.end(), [](const migrate::StepFile& f) {
    return f.target == "/etc/bird/bird.conf";
  }));
  EXPECT_TRUE(runs(low, "managed-k8s-gw-2", "wg syncconf wg0"));
  EXPECT_TRUE(runs(low, "managed-k8s-gw-2", "ip address replace fd01::1/120 dev wg0"));
}

TEST_F(ExampleMigration, ControlPlaneAndNodeIpPerNode)
{
  const auto& config = step(*s_migration, "kubeadm-config");
  EXPECT_TRUE(runs(config, "managed-k8s-master-0", "kubeadm init phase upload-config kubeadm"));
  EXPECT_EQ(config.verify, std::vector<std::string>{ "kubeadm-config-networking" });
  const auto& m1 = step(*s_migration, "control-plane-managed-k8s-master-1");
  EXPECT_FALSE(m1.disruptive);
  ASSERT_EQ(m1.files.size(), 1u);
  EXPECT_EQ(m1.files[0].path, "migrate/control-plane/managed-k8s-master-1.yaml");
  EXPECT_TRUE(runs(m1, "managed-k8s-master-1", "kubeadm init phase certs apiserver"));
  EXPECT_TRUE(runs(m1, "managed-k8s-master-1", "kubeadm init phase control-plane apiserver"));
  const auto& node = step(*s_migration, "node-ip-managed-k8s-worker-1");
  EXPECT_FALSE(node.disruptive);
  EXPECT_TRUE(runs(node, "managed-k8s-worker-1", "--node-ip=172.30.154.14,fd00::e"));
  EXPECT_EQ(node.verify_scope, "Node managed-k8s-worker-1");
  const auto& proxy = step(*s_migration, "kube-proxy");
  EXPECT_TRUE(runs(proxy, "operator", "clusterCIDR: 10.244.0.0/16,fdff:2::/56"));
  EXPECT_EQ(proxy.verify, std::vector<std::string>{ "kube-proxy-cluster-cidr" });
  const auto& dns = step(*s_migration, "kube-dns");
  EXPECT_TRUE(runs(dns, "operator", "\"clusterIPs\":[\"10.96.0.10\",\"fdff:3::a\"]"));
}

TEST_F(ExampleMigration, EachMastersKubeadmFileIsItsOwn)
{
  render::Secrets secrets;
  secrets.wireguard_endpoint_keys[0] = { "oA1oaxUMxTnjLHAnDU1LEvHRmaVC+uCGmmoh4rj1WX8=", "k" };
  const auto artifacts = migrate::migration_artifacts(s_new->plan, secrets);
  const auto it = std::find_if(artifacts.begin(), artifacts.end(), [](const render::Artifact& a) {
    return a.path == "migrate/control-plane/managed-k8s-master-1.yaml";
  });
  ASSERT_NE(it, artifacts.end());
  EXPECT_EQ(it->host, "managed-k8s-master-1");
  EXPECT_EQ(it->target_path, "/etc/kubernetes/kubeadm-dualstack.yaml");
  EXPECT_EQ(it->mode, 0600);
  for (const char* want : { "kind: \"InitConfiguration\"",
                            "kind: \"ClusterConfiguration\"",
                            "kind: \"KubeletConfiguration\"",
                            "advertiseAddress: \"172.30.154.11\"",
                            "serviceSubnet: \"10.96.0.0/12,fdff:3::/108\"",
                            "\"fd00::2\"" }) {
    EXPECT_NE(it->content.find(want), std::string::npos) << want << "\n" << it->content;
  }
  // Every master's file passes kubeadm's strict field list (after filling in the placeholders).
  for (const auto& a : artifacts) {
    if (a.path.rfind("migrate/control-plane/", 0) != 0)
      continue;
    std::string filled = a.content;
    for (const std::string placeholder :
         { "${KUBEADM_BOOTSTRAP_TOKEN}", "${KUBEADM_CERTIFICATE_KEY}" }) {
      for (auto at = filled.find(placeholder); at != std::string::npos;
           at = filled.find(placeholder)) {
        filled.replace(at, placeholder.size(), "abcdef.0123456789abcdef");
      }
    }
    EXPECT_TRUE(testing::IsValidKubeadmYaml(filled)) << a.path;
  }
}

TEST_F(ExampleMigration, CalicoGetsTheIpv6PoolAndFelixSupport)
{
  const auto& calico = step(*s_migration, "calico");
  EXPECT_TRUE(calico.disruptive);
  EXPECT_NE(calico.changes[0].find("IPPool fdff:2::/56 (blockSize 122"), std::string::npos)
    << calico.changes[0];
  EXPECT_NE(calico.changes[1].find("FELIX_IPV6SUPPORT=true"), std::string::npos)
    << calico.changes[1];
  EXPECT_TRUE(runs(
    calico, "operator", "kubectl apply -f calico/operator/installation.yaml")); // operator mode
  EXPECT_NE(std::find(calico.verify.begin(), calico.verify.end(), "calico-installation"),
            calico.verify.end());
}

TEST_F(ExampleMigration, EveryNodeIsDrainedDeletedAndReRegisteredOnItsOwn)
{
  for (const auto* node : s_new->plan.k8s_nodes()) {
    const auto& s = step(*s_migration, "pod-cidrs-" + node->name);
    EXPECT_TRUE(s.disruptive) << node->name;
    const auto drain = command_index(s, "kubectl drain " + node->name + " ");
    const auto stop = command_index(s, "systemctl stop kubelet");
    const auto del = command_index(s, "kubectl delete node " + node->name);
    const auto start = command_index(s, "systemctl start kubelet");
    EXPECT_LT(drain, stop) << node->name;
    EXPECT_LT(stop, del) << node->name;
    EXPECT_LT(del, start) << node->name;
    EXPECT_LT(start, s.commands.size()) << node->name;
    EXPECT_EQ(s.commands[stop].on, node->name);
    EXPECT_EQ(s.verify_scope, "Node " + node->name);
    EXPECT_NE(std::find(s.verify.begin(), s.verify.end(), "node-pod-cidrs"), s.verify.end());
    // Each step drains its own node only.
    EXPECT_EQ(std::count_if(s.commands.begin(),
                            s.commands.end(),
                            [](const migrate::Command& c) {
                              return c.run.find("kubectl drain") != std::string::npos;
                            }),
              1);
    // Drain goes through the eviction API (PodDisruptionBudgets) and gives up after a while.
    EXPECT_NE(s.commands[drain].run.find("--timeout="), std::string::npos);
    EXPECT_EQ(s.commands[drain].run.find("--disable-eviction"), std::string::npos);
    // Started again after an interruption, the step finds its Node gone or back.
    EXPECT_NE(s.done.run.find("podCIDRs[1]"), std::string::npos) << s.done.run;
    EXPECT_FALSE(s.rollback.empty());
  }
  // Masters get their control-plane label and taint back, and their route-reflector label.
  const auto& master = step(*s_migration, "pod-cidrs-managed-k8s-master-0");
  EXPECT_TRUE(runs(master, "operator", "node-role.kubernetes.io/control-plane:NoSchedule"));
  EXPECT_TRUE(
    runs(master, "operator", "kubectl label node managed-k8s-master-0 route-reflector=true"));
}

TEST_F(ExampleMigration, EveryVerifyIdIsAClusterCheckAndEveryFileIsWritten)
{
  render::Secrets secrets;
  secrets.wireguard_endpoint_keys[0] = { "oA1oaxUMxTnjLHAnDU1LEvHRmaVC+uCGmmoh4rj1WX8=", "k" };
  const auto artifacts = migrate::migration_artifacts(s_new->plan, secrets);
  for (const auto& s : s_migration->steps) {
    for (const auto& id : s.verify)
      EXPECT_TRUE(verify::cluster_checks().key(id).has_value()) << s.id << ": " << id;
    for (const auto& f : s.files) {
      EXPECT_TRUE(std::any_of(artifacts.begin(),
                              artifacts.end(),
                              [&](const render::Artifact& a) { return a.path == f.path; }))
        << s.id << ": " << f.path;
    }
    EXPECT_FALSE(s.disruption.empty()) << s.id;
    EXPECT_FALSE(s.commands.empty()) << s.id;
  }
}

// The service CIDR step depends on the Kubernetes version of the cluster.
migrate::Migration migration_at(const std::string& version)
{
  const auto old_side = planned_text(ConfigBuilder()
                                       .set("terraform", "ipv6_enabled", "false")
                                       .set("kubernetes", "version", "\"" + version + "\"")
                                       .text(),
                                     "old.toml");
  const auto new_side = planned_text(
    ConfigBuilder().set("kubernetes", "version", "\"" + version + "\"").text(), "new.toml");
  return migration_of(*old_side, *new_side);
}

TEST(MigrateServiceCidr, FromKubernetes133TheServiceCidrGainsTheFamily)
{
  const auto m = migration_at("1.33.1");
  const auto& s = step(m, "service-cidr");
  EXPECT_NE(s.title.find(">= 1.33"), std::string::npos) << s.title;
  EXPECT_TRUE(runs(s,
                   "operator",
                   "kubectl patch servicecidr kubernetes --type=merge -p "
                   "'{\"spec\":{\"cidrs\":[\"10.96.0.0/12\",\"fdff:3::/108\"]}}'"));
  for (const auto& note : s.notes)
    EXPECT_EQ(note.rfind("Impossible", 0), std::string::npos) << note;
}

TEST(MigrateServiceCidr, BeforeKubernetes133ItSaysWhatIsImpossible)
{
  const auto m = migration_at("1.32.5");
  const auto& s = step(m, "service-cidr");
  EXPECT_NE(s.title.find("1.32.5 < 1.33"), std::string::npos) << s.title;
  EXPECT_FALSE(runs(s, "operator", "patch servicecidr"));
  EXPECT_TRUE(runs(s, "operator", "MultiCIDRServiceAllocator"));
  ASSERT_FALSE(s.notes.empty());
  EXPECT_EQ(s.notes[0].rfind(
              "Impossible in place on Kubernetes 1.32.5: adding fdff:3::/108 to the `kubernetes` "
              "ServiceCIDR object",
              0),
            0u)
    << s.notes[0];
}

TEST(MigrateServiceCidr, VersionGate)
{
  EXPECT_TRUE(migrate::service_cidr_api_can_add_family("1.33.0"));
  EXPECT_TRUE(migrate::service_cidr_api_can_add_family("v1.34.2"));
  EXPECT_TRUE(migrate::service_cidr_api_can_add_family("2.0.0"));
  EXPECT_FALSE(migrate::service_cidr_api_can_add_family("1.32.9"));
  EXPECT_FALSE(migrate::service_cidr_api_can_add_family("1.9.0"));
  EXPECT_FALSE(migrate::service_cidr_api_can_add_family("banana"));
}

TEST(MigrateSteps, IdenticalConfigsHaveNoStep)
{
  const auto a = planned_text(ConfigBuilder().text(), "a.toml");
  const auto b = planned_text(ConfigBuilder().text(), "b.toml");
  EXPECT_TRUE(testing::refusals_of(*a, *b).all().empty());
  const auto m = migration_of(*a, *b);
  EXPECT_TRUE(m.steps.empty());
  EXPECT_TRUE(m.added.empty());
}

TEST(MigrateSteps, OneGatewayIsTheMasterAndItsStepDisrupts)
{
  const auto old_side = planned_text(ConfigBuilder()
                                       .set("terraform", "ipv6_enabled", "false")
                                       .set("terraform", "gateway_count", "1")
                                       .set("load-balancing", "vrrp_priorities", "[150]")
                                       .text(),
                                     "old.toml");
  const auto new_side = planned_text(ConfigBuilder()
                                       .set("terraform", "gateway_count", "1")
                                       .set("load-balancing", "vrrp_priorities", "[150]")
                                       .text(),
                                     "new.toml");
  const auto m = migration_of(*old_side, *new_side);
  const auto& gw = step(m, "gateway-managed-k8s-gw-0");
  EXPECT_TRUE(gw.disruptive);
  EXPECT_NE(gw.disruption.find("only gateway"), std::string::npos) << gw.disruption;
}

TEST(MigrateSteps, TheAddedFamilysLoadBalancerPoolIsAppliedWithTheCalicoStep)
{
  const auto old_side =
    planned_text(ConfigBuilder().set("terraform", "ipv6_enabled", "false").text(), "old.toml");
  const auto new_side = planned_text(
    ConfigBuilder().set("kubernetes.network", "loadbalancer_pool_v6", "\"fd00:99::/120\"").text(),
    "new.toml");
  const auto m = migration_of(*old_side, *new_side);
  const auto& calico = step(m, "calico");
  EXPECT_TRUE(runs(calico, "operator", "kubectl apply -f calico/loadbalancer/ippools.yaml"));
  EXPECT_TRUE(runs(calico, "operator", "kubectl apply -f calico/bgp/bgpconfiguration.yaml"));
  EXPECT_TRUE(std::any_of(calico.changes.begin(), calico.changes.end(), [](const std::string& c) {
    return c.find("LoadBalancer IPPool fd00:99::/120") != std::string::npos;
  }));
  const auto& workloads = step(m, "workloads");
  EXPECT_NE(std::find(workloads.verify.begin(), workloads.verify.end(), "service-loadbalancer-ips"),
            workloads.verify.end());
}

TEST(MigrateSteps, WithoutPoolsOrAnnouncedServicesTheBgpConfigurationIsLeftAlone)
{
  const auto old_side =
    planned_text(ConfigBuilder().set("terraform", "ipv6_enabled", "false").text(), "old.toml");
  const auto new_side = planned_text(ConfigBuilder().text(), "new.toml");
  const auto m = migration_of(*old_side, *new_side);
  const auto& calico = step(m, "calico");
  EXPECT_FALSE(runs(calico, "operator", "calico/loadbalancer/ippools.yaml"));
  const auto& workloads = step(m, "workloads");
  EXPECT_EQ(std::find(workloads.verify.begin(), workloads.verify.end(), "service-loadbalancer-ips"),
            workloads.verify.end());
}

TEST(MigrateSteps, ADnsNameEndpointGainsItsNewRecordAfterTheGatewaysAndClients)
{
  auto with_name = [](ConfigBuilder b) {
    return b.set("kubernetes.apiserver", "control_plane_endpoint", "\"api.example.com\"").text();
  };
  const auto old_side =
    planned_text(with_name(ConfigBuilder().set("terraform", "ipv6_enabled", "false")), "old.toml");
  const auto new_side = planned_text(with_name(ConfigBuilder()), "new.toml");
  const auto m = migration_of(*old_side, *new_side);
  std::vector<std::string> ids;
  for (const auto& s : m.steps)
    ids.push_back(s.id);
  const auto at = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  ASSERT_LT(at("api-dns"), static_cast<long>(ids.size()));
  EXPECT_EQ(at("api-dns"), at("wireguard-clients") + 1);
  const auto& dns = step(m, "api-dns");
  EXPECT_FALSE(dns.disruptive);
  const std::string vip6 = new_side->plan.network(net::Family::ipv6).vip.to_string();
  EXPECT_NE(dns.title.find("AAAA record (" + vip6 + ")"), std::string::npos) << dns.title;
  ASSERT_EQ(dns.files.size(), 2u);
  EXPECT_EQ(dns.files[0].path, "dns/api.zone");
  EXPECT_EQ(dns.files[1].path, "dns/hosts");
  EXPECT_NE(dns.checks.at(0).run.find("getent ahostsv6 api.example.com"), std::string::npos);

  const auto plain = migration_of(
    *planned_text(ConfigBuilder().set("terraform", "ipv6_enabled", "false").text(), "o.toml"),
    *planned_text(ConfigBuilder().text(), "n.toml"));
  EXPECT_TRUE(std::none_of(
    plain.steps.begin(), plain.steps.end(), [](const auto& s) { return s.id == "api-dns"; }));
}

} // namespace
} // namespace dualstack
