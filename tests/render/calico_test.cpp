// Tests of render_calico: every document passes its schema, and every value comes from the Plan
// for each family shape (IPv4-only, dual-stack with either primary, IPv6-only).
#include "render/support/example_plan.hpp"
#include "support/k8s_schema.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/renderers.hpp>

#include <openssl/sha.h>

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dualstack::render {
namespace {

using net::Family;
using nlohmann::json;
using testing::artifact;
using testing::IsValidK8sYaml;
using testing::parse_yaml_documents;

std::string read_file(const std::string& path)
{
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string example(const std::string& name)
{
  return read_file(std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name + "/config.toml");
}

// Returns `text` with the first occurrence of `from` replaced by `to`; `from` must occur.
std::string replaced(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  if (at == std::string::npos)
    throw std::logic_error("`" + from + "` not in the config");
  return text.replace(at, from.size(), to);
}

std::string ipv4_only()
{
  return replaced(example("yaook-default"), "ipv6_enabled = true", "ipv6_enabled = false");
}

std::string dual_ipv4_primary()
{
  return example("yaook-default");
}

std::string dual_ipv6_primary()
{
  return replaced(example("yaook-default"),
                  "[kubernetes.network]\n",
                  "[kubernetes.network]\nprimary_family = \"ipv6\"\n");
}

std::string ipv6_only()
{
  return replaced(example("yaook-default"), "ipv4_enabled = true", "ipv4_enabled = false");
}

plan::Plan plan_of(const std::string& text)
{
  auto loaded = config::load_config_text(text, "t.toml");
  if (!loaded)
    throw std::runtime_error("config does not load: " + loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("config has errors; no Plan");
  return *result.plan;
}

std::vector<json> documents(const Artifacts& artifacts, const std::string& path)
{
  return parse_yaml_documents(artifact(artifacts, path).content);
}

json installation(const Artifacts& artifacts)
{
  return documents(artifacts, "calico/operator/installation.yaml").at(0);
}

// Returns the calico-node env of the manifest-mode patch as name -> value.
std::map<std::string, std::string> node_env(const Artifacts& artifacts)
{
  const json ds = documents(artifacts, "calico/manifest/calico-node-env.yaml").at(0);
  std::map<std::string, std::string> env;
  for (const auto& var : ds["spec"]["template"]["spec"]["containers"][0]["env"]) {
    env[var["name"].get<std::string>()] = var["value"].get<std::string>();
  }
  return env;
}

// Returns the IPPool (manifest mode) whose cidr is `cidr`, or null.
json ip_pool(const Artifacts& artifacts, const std::string& cidr)
{
  for (const auto& pool : documents(artifacts, "calico/manifest/ippools.yaml")) {
    if (pool["spec"]["cidr"] == cidr)
      return pool;
  }
  return nullptr;
}

// Returns the Installation's pool whose cidr is `cidr`, or null.
json operator_pool(const Artifacts& artifacts, const std::string& cidr)
{
  const json install = installation(artifacts);
  for (const auto& pool : install["spec"]["calicoNetwork"]["ipPools"]) {
    if (pool["cidr"] == cidr)
      return pool;
  }
  return nullptr;
}

json cni_conflist(const Artifacts& artifacts)
{
  const json map = documents(artifacts, "calico/manifest/calico-config.yaml").at(0);
  return json::parse(map["data"]["cni_network_config"].get<std::string>());
}

bool is_yaml(const Artifact& a)
{
  return a.path.size() > 5 && a.path.substr(a.path.size() - 5) == ".yaml";
}

// Calico >= 3.25's CALICO_ROUTER_ID=hash: SHA-256 of the node name, first four bytes, a first
// octet above 223 moved down by 32 (projectcalico/calico#6674).
std::array<int, 4> calico_hash_router_id(const std::string& node_name)
{
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(node_name.data()), node_name.size(), digest);
  int first = digest[0];
  if (first > 223)
    first -= 32;
  return { first, digest[1], digest[2], digest[3] };
}

// ---- every shape -------------------------------------------------------------------------

struct Shape
{
  const char* name;
  std::string (*config)();
};

std::string seed()
{
  return example("seed");
}

const Shape shapes[] = {
  { "Seed", seed },
  { "YaookDefault", dual_ipv4_primary },
  { "Ipv4Only", ipv4_only },
  { "DualIpv4Primary", dual_ipv4_primary },
  { "DualIpv6Primary", dual_ipv6_primary },
  { "Ipv6Only", ipv6_only },
};

class CalicoRenderShapes : public ::testing::TestWithParam<Shape>
{};

TEST_P(CalicoRenderShapes, EveryDocumentPassesItsSchema)
{
  const Artifacts artifacts = render_calico(plan_of(GetParam().config()));
  int yaml_files = 0;
  for (const auto& a : artifacts) {
    if (!is_yaml(a))
      continue;
    ++yaml_files;
    EXPECT_TRUE(IsValidK8sYaml(a.content)) << a.path << ":\n" << a.content;
  }
  EXPECT_EQ(yaml_files, 7);
}

TEST_P(CalicoRenderShapes, RendersBothInstallModesForTheCluster)
{
  const Artifacts artifacts = render_calico(plan_of(GetParam().config()));
  std::set<std::string> paths;
  for (const auto& a : artifacts) {
    paths.insert(a.path);
    EXPECT_FALSE(a.purpose.empty()) << a.path;
    EXPECT_EQ(a.mode, 0644) << a.path;
    EXPECT_FALSE(a.secret) << a.path;
    EXPECT_EQ(a.target_path, "") << a.path;
    EXPECT_EQ(a.host, is_yaml(a) ? "cluster" : "operator") << a.path;
  }
  const std::set<std::string> expected = {
    "calico/README.md",
    "calico/operator/installation.yaml",
    "calico/manifest/calico-config.yaml",
    "calico/manifest/calico-node-env.yaml",
    "calico/manifest/ippools.yaml",
    "calico/bgp/bgpconfiguration.yaml",
    "calico/bgp/bgppeers.yaml",
    "calico/felixconfiguration.yaml",
  };
  EXPECT_EQ(paths, expected);
}

TEST_P(CalicoRenderShapes, OutputIsByteIdenticalAcrossRuns)
{
  const std::string config = GetParam().config();
  const Artifacts first = render_calico(plan_of(config));
  const Artifacts second = render_calico(plan_of(config));
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].path, second[i].path);
    EXPECT_EQ(first[i].content, second[i].content) << first[i].path;
  }
}

TEST_P(CalicoRenderShapes, PoolsMatchThePlanInBothModesPrimaryFirst)
{
  const plan::Plan plan = plan_of(GetParam().config());
  const Artifacts artifacts = render_calico(plan);
  const json pools = installation(artifacts)["spec"]["calicoNetwork"]["ipPools"];
  const auto manifest_pools = documents(artifacts, "calico/manifest/ippools.yaml");
  ASSERT_EQ(pools.size(), plan.networks.size());
  ASSERT_EQ(manifest_pools.size(), plan.networks.size());
  for (std::size_t i = 0; i < plan.networks.size(); ++i) {
    const auto& pool = plan.networks.at(plan.families()[i]).pool;
    EXPECT_EQ(pools[i]["cidr"], pool.cidr.to_string());
    EXPECT_EQ(pools[i]["blockSize"], pool.block_size);
    EXPECT_EQ(pools[i]["encapsulation"], pool.encapsulation);
    EXPECT_EQ(pools[i]["natOutgoing"], pool.nat_outgoing ? "Enabled" : "Disabled");
    EXPECT_EQ(pools[i]["nodeSelector"], "all()");
    EXPECT_EQ(manifest_pools[i]["spec"]["cidr"], pool.cidr.to_string());
    EXPECT_EQ(manifest_pools[i]["spec"]["blockSize"], pool.block_size);
    EXPECT_EQ(manifest_pools[i]["spec"]["natOutgoing"], pool.nat_outgoing);
    EXPECT_EQ(manifest_pools[i]["spec"]["nodeSelector"], "all()");
    if (plan.networks.at(plan.families()[i]).family == Family::ipv6) {
      EXPECT_EQ(manifest_pools[i]["spec"]["ipipMode"], "Never");
    }
  }
  EXPECT_EQ(installation(artifacts)["spec"]["calicoNetwork"]["mtu"], plan.mtu);
  EXPECT_EQ(installation(artifacts)["spec"]["calicoNetwork"]["bgp"], "Enabled");
}

TEST_P(CalicoRenderShapes, AutodetectionOnlyForEnabledFamiliesWithTheirOwnMethod)
{
  const plan::Plan plan = plan_of(GetParam().config());
  const Artifacts artifacts = render_calico(plan);
  const json network = installation(artifacts)["spec"]["calicoNetwork"];
  const auto env = node_env(artifacts);
  EXPECT_EQ(network.contains("nodeAddressAutodetectionV4"), plan.has(Family::ipv4));
  EXPECT_EQ(network.contains("nodeAddressAutodetectionV6"), plan.has(Family::ipv6));
  if (plan.has(Family::ipv4)) {
    EXPECT_EQ(env.at("IP"), "autodetect");
    EXPECT_EQ(env.at("IP_AUTODETECTION_METHOD"),
              plan.network(Family::ipv4).pool.autodetection_method);
  }
  if (plan.has(Family::ipv6)) {
    EXPECT_EQ(env.at("IP6"), "autodetect");
    EXPECT_EQ(env.at("IP6_AUTODETECTION_METHOD"),
              plan.network(Family::ipv6).pool.autodetection_method);
    EXPECT_EQ(env.at("FELIX_IPV6SUPPORT"), "true");
  } else {
    EXPECT_EQ(env.at("IP6"), "none");
    EXPECT_EQ(env.at("FELIX_IPV6SUPPORT"), "false");
  }
}

TEST_P(CalicoRenderShapes, OneBgpPeerPerFamilyToThatFamilysVip)
{
  const plan::Plan plan = plan_of(GetParam().config());
  std::vector<json> peers;
  for (const auto& peer : documents(render_calico(plan), "calico/bgp/bgppeers.yaml")) {
    if (peer["spec"].contains("peerIP"))
      peers.push_back(peer);
  }
  ASSERT_EQ(peers.size(), plan.networks.size());
  for (std::size_t i = 0; i < peers.size(); ++i) {
    const auto& network = plan.networks.at(plan.families()[i]);
    EXPECT_EQ(peers[i]["metadata"]["name"],
              "gateway-vip-" + std::string(net::to_string(network.family)));
    EXPECT_EQ(peers[i]["spec"]["peerIP"], network.vip.to_string());
    EXPECT_EQ(peers[i]["spec"]["asNumber"], plan.gateway_as);
    EXPECT_EQ(peers[i]["spec"]["keepOriginalNextHop"], true);
    EXPECT_EQ(peers[i]["spec"]["nodeSelector"], "all()");
    // Every session of this family in the Plan goes to this peer's address.
    for (const auto& session : plan.bgp_sessions) {
      if (session.family == network.family) {
        EXPECT_EQ(session.vip, network.vip);
      }
    }
  }
}

TEST_P(CalicoRenderShapes, BgpConfigurationTurnsTheMeshOffWithTheNodesAs)
{
  const plan::Plan plan = plan_of(GetParam().config());
  const json config = documents(render_calico(plan), "calico/bgp/bgpconfiguration.yaml").at(0);
  EXPECT_EQ(config["metadata"]["name"], "default");
  EXPECT_EQ(config["spec"]["nodeToNodeMeshEnabled"], false);
  EXPECT_EQ(config["spec"]["asNumber"], plan.node_as);
  EXPECT_EQ(config["spec"].contains("serviceClusterIPs"), plan.bgp_announce_service_ips);
}

TEST_P(CalicoRenderShapes, CniConfigAssignsAnAddressOfEachEnabledFamily)
{
  const plan::Plan plan = plan_of(GetParam().config());
  const Artifacts artifacts = render_calico(plan);
  const json conflist = cni_conflist(artifacts);
  const json ipam = conflist["plugins"][0]["ipam"];
  EXPECT_EQ(ipam["type"], "calico-ipam");
  EXPECT_EQ(ipam["assign_ipv4"], plan.has(Family::ipv4) ? "true" : "false");
  EXPECT_EQ(ipam["assign_ipv6"], plan.has(Family::ipv6) ? "true" : "false");
  EXPECT_EQ(conflist["plugins"][0]["mtu"], plan.mtu);
  const json map = documents(artifacts, "calico/manifest/calico-config.yaml").at(0);
  EXPECT_EQ(map["metadata"]["name"], "calico-config");
  EXPECT_EQ(map["data"]["veth_mtu"], std::to_string(plan.mtu));
}

TEST_P(CalicoRenderShapes, FelixIpv6SupportFollowsThePlan)
{
  const plan::Plan plan = plan_of(GetParam().config());
  const json felix = documents(render_calico(plan), "calico/felixconfiguration.yaml").at(0);
  EXPECT_EQ(felix["metadata"]["name"], "default");
  EXPECT_EQ(felix["spec"]["ipv6Support"], plan.has(Family::ipv6));
}

TEST_P(CalicoRenderShapes, ReadmeNamesThePlansInstallModeAsTheOneToApply)
{
  const plan::Plan plan = plan_of(GetParam().config());
  const std::string readme = artifact(render_calico(plan), "calico/README.md").content;
  EXPECT_NE(readme.find("## " + plan.calico_install_mode + " mode (apply this)"), std::string::npos)
    << readme;
}

TEST_P(CalicoRenderShapes, ReadmeAppliesTheOperatorCrdsBeforeTheOperator)
{
  // Calico 3.30 ships operator-crds.yaml apart from tigera-operator.yaml; the operator needs
  // its CRDs first.
  const std::string readme =
    artifact(render_calico(plan_of(GetParam().config())), "calico/README.md").content;
  const auto crds = readme.find("kubectl create -f operator-crds.yaml");
  ASSERT_NE(crds, std::string::npos) << readme;
  EXPECT_LT(crds, readme.find("kubectl create -f tigera-operator.yaml")) << readme;
}

INSTANTIATE_TEST_SUITE_P(AllShapes,
                         CalicoRenderShapes,
                         ::testing::ValuesIn(shapes),
                         [](const ::testing::TestParamInfo<Shape>& param_info) {
                           return param_info.param.name;
                         });

// ---- concrete values -----------------------------------------------------------------------

TEST(CalicoRender, Ipv6PoolHasBlockSize122NotTheSeeds26)
{
  for (const auto& config : { seed(), dual_ipv4_primary() }) {
    const Artifacts artifacts = render_calico(plan_of(config));
    EXPECT_EQ(operator_pool(artifacts, "fdff:2::/56")["blockSize"], 122);
    EXPECT_EQ(ip_pool(artifacts, "fdff:2::/56")["spec"]["blockSize"], 122);
    EXPECT_EQ(node_env(artifacts).at("CALICO_IPV6POOL_BLOCK_SIZE"), "122");
    EXPECT_EQ(operator_pool(artifacts, "10.244.0.0/16")["blockSize"], 26);
  }
}

TEST(CalicoRender, Ipv6AutodetectionUsesTheIpv6ClusterSubnetNotTheIpv4One)
{
  for (const auto& config : { seed(), dual_ipv4_primary(), dual_ipv6_primary(), ipv6_only() }) {
    const Artifacts artifacts = render_calico(plan_of(config));
    const json network = installation(artifacts)["spec"]["calicoNetwork"];
    EXPECT_EQ(network["nodeAddressAutodetectionV6"], json({ { "cidrs", { "fd00::/120" } } }));
    EXPECT_EQ(node_env(artifacts).at("IP6_AUTODETECTION_METHOD"), "cidr=fd00::/120");
  }
  const json network =
    installation(render_calico(plan_of(dual_ipv4_primary())))["spec"]["calicoNetwork"];
  EXPECT_EQ(network["nodeAddressAutodetectionV4"], json({ { "cidrs", { "172.30.154.0/24" } } }));
}

TEST(CalicoRender, Ipv6OnlyHasIpNoneRouterIdHashAndNoIpv4Pool)
{
  const Artifacts artifacts = render_calico(plan_of(ipv6_only()));
  const auto env = node_env(artifacts);
  EXPECT_EQ(env.at("IP"), "none");
  EXPECT_EQ(env.at("CALICO_ROUTER_ID"), "hash");
  // No default pool of either family: `none` is no CIDR, and the pool is in ippools.yaml.
  EXPECT_EQ(env.at("NO_DEFAULT_POOLS"), "true");
  EXPECT_EQ(env.count("CALICO_IPV4POOL_CIDR"), 0u);
  EXPECT_EQ(env.count("CALICO_IPV6POOL_CIDR"), 0u);
  EXPECT_EQ(env.count("IP_AUTODETECTION_METHOD"), 0u);
  EXPECT_EQ(env.count("CALICO_IPV4POOL_IPIP"), 0u);
  const auto pools = documents(artifacts, "calico/manifest/ippools.yaml");
  ASSERT_EQ(pools.size(), 1u);
  EXPECT_EQ(pools[0]["spec"]["cidr"], "fdff:2::/56");
  const json network = installation(artifacts)["spec"]["calicoNetwork"];
  ASSERT_EQ(network["ipPools"].size(), 1u);
  EXPECT_EQ(network["ipPools"][0]["cidr"], "fdff:2::/56");
  EXPECT_FALSE(network.contains("nodeAddressAutodetectionV4"));
  const auto peers = documents(artifacts, "calico/bgp/bgppeers.yaml");
  ASSERT_EQ(peers.size(), 2u); // the VIP, the route reflectors
  EXPECT_EQ(peers[0]["spec"]["peerIP"], "fd00::2");
}

TEST(CalicoRender, DualStackSetsNoRouterIdSoBirdUsesTheNodesIpv4)
{
  EXPECT_EQ(node_env(render_calico(plan_of(dual_ipv6_primary()))).count("CALICO_ROUTER_ID"), 0u);
  EXPECT_EQ(node_env(render_calico(plan_of(dual_ipv4_primary()))).count("CALICO_ROUTER_ID"), 0u);
}

TEST(CalicoRender, Ipv6OnlyNodesGetUnicastUniqueHashedRouterIds)
{
  const plan::Plan plan = plan_of(ipv6_only());
  std::set<std::array<int, 4>> seen;
  for (const auto* node : plan.k8s_nodes()) {
    const auto id = calico_hash_router_id(node->name);
    EXPECT_LT(id[0], 224) << node->name << ": multicast or class E";
    EXPECT_NE(id[0], 0) << node->name;
    EXPECT_NE(id[0], 127) << node->name;
    EXPECT_TRUE(seen.insert(id).second) << node->name << ": router id collides";
  }
  EXPECT_EQ(seen.size(), plan.k8s_nodes().size());
}

TEST(CalicoRender, Ipv4OnlyCreatesNoIpv6PoolAndLeavesIpv6Off)
{
  const Artifacts artifacts = render_calico(plan_of(ipv4_only()));
  const auto env = node_env(artifacts);
  EXPECT_EQ(env.at("IP"), "autodetect");
  EXPECT_EQ(env.at("NO_DEFAULT_POOLS"), "true");
  EXPECT_EQ(env.count("CALICO_IPV6POOL_CIDR"), 0u);
  EXPECT_EQ(env.count("CALICO_IPV4POOL_CIDR"), 0u); // NO_DEFAULT_POOLS excludes every pool variable
  EXPECT_EQ(env.count("CALICO_ROUTER_ID"), 0u);
  EXPECT_EQ(documents(artifacts, "calico/manifest/ippools.yaml").size(), 1u);
  EXPECT_EQ(documents(artifacts, "calico/bgp/bgppeers.yaml").size(), 2u); // VIP, reflectors
  EXPECT_FALSE(
    installation(artifacts)["spec"]["calicoNetwork"].contains("nodeAddressAutodetectionV6"));
}

TEST(CalicoRender, NatOutgoingFollowsEachFamilysPool)
{
  const Artifacts artifacts = render_calico(plan_of(dual_ipv4_primary()));
  EXPECT_EQ(operator_pool(artifacts, "10.244.0.0/16")["natOutgoing"], "Enabled");
  EXPECT_EQ(operator_pool(artifacts, "fdff:2::/56")["natOutgoing"], "Disabled");
  EXPECT_EQ(ip_pool(artifacts, "10.244.0.0/16")["spec"]["natOutgoing"], true);
  EXPECT_EQ(ip_pool(artifacts, "fdff:2::/56")["spec"]["natOutgoing"], false);
  const auto env = node_env(artifacts);
  EXPECT_EQ(env.at("CALICO_IPV4POOL_NAT_OUTGOING"), "true");
  EXPECT_EQ(env.at("CALICO_IPV6POOL_NAT_OUTGOING"), "false");

  const std::string flipped =
    replaced(dual_ipv4_primary(),
             "ipipmode = \"Never\"\n",
             "ipipmode = \"Never\"\nnat_outgoing_v4 = false\nnat_outgoing_v6 = true\n");
  const Artifacts other = render_calico(plan_of(flipped));
  EXPECT_EQ(operator_pool(other, "10.244.0.0/16")["natOutgoing"], "Disabled");
  EXPECT_EQ(operator_pool(other, "fdff:2::/56")["natOutgoing"], "Enabled");
  EXPECT_EQ(node_env(other).at("CALICO_IPV6POOL_NAT_OUTGOING"), "true");
}

TEST(CalicoRender, Ipv6PrimaryListsTheIpv6PoolAndPeerFirst)
{
  const Artifacts artifacts = render_calico(plan_of(dual_ipv6_primary()));
  EXPECT_EQ(installation(artifacts)["spec"]["calicoNetwork"]["ipPools"][0]["cidr"], "fdff:2::/56");
  EXPECT_EQ(documents(artifacts, "calico/manifest/ippools.yaml")[0]["spec"]["cidr"], "fdff:2::/56");
  EXPECT_EQ(documents(artifacts, "calico/bgp/bgppeers.yaml")[0]["spec"]["peerIP"], "fd00::2");
}

TEST(CalicoRender, EncapsulationBecomesManifestModesAndNeverIpipOnIpv6)
{
  // yaook's `mtu = 1450` would not fit VXLAN on a 1450 network (rule `mtu`): left out, derived.
  const std::string vxlan = replaced(replaced(dual_ipv4_primary(), "mtu = 1450\n", ""),
                                     "encapsulation = \"None\"\n",
                                     "encapsulation = \"VXLANCrossSubnet\"\n"
                                     "encapsulation_v6 = \"VXLAN\"\n");
  EXPECT_EQ(plan_of(vxlan).mtu, 1450 - 70);
  Artifacts artifacts = render_calico(plan_of(vxlan));
  EXPECT_EQ(operator_pool(artifacts, "10.244.0.0/16")["encapsulation"], "VXLANCrossSubnet");
  EXPECT_EQ(ip_pool(artifacts, "10.244.0.0/16")["spec"]["vxlanMode"], "CrossSubnet");
  EXPECT_EQ(ip_pool(artifacts, "10.244.0.0/16")["spec"]["ipipMode"], "Never");
  EXPECT_EQ(ip_pool(artifacts, "fdff:2::/56")["spec"]["vxlanMode"], "Always");
  EXPECT_EQ(node_env(artifacts).at("CALICO_IPV6POOL_VXLAN"), "Always");

  const std::string ipip = replaced(replaced(dual_ipv4_primary(), "mtu = 1450\n", ""),
                                    "encapsulation = \"None\"\n",
                                    "encapsulation = \"IPIP\"\n");
  artifacts = render_calico(plan_of(ipip));
  EXPECT_EQ(ip_pool(artifacts, "10.244.0.0/16")["spec"]["ipipMode"], "Always");
  EXPECT_EQ(node_env(artifacts).at("CALICO_IPV4POOL_IPIP"), "Always");
  EXPECT_EQ(ip_pool(artifacts, "fdff:2::/56")["spec"]["ipipMode"], "Never");
  for (const auto& a : artifacts) {
    if (is_yaml(a)) {
      EXPECT_TRUE(IsValidK8sYaml(a.content)) << a.path;
    }
  }
}

TEST(CalicoRender, AnnouncedServiceIpsAdvertiseEachFamilysServiceSubnet)
{
  const std::string announce = replaced(
    dual_ipv6_primary(), "bgp_announce_service_ips = false", "bgp_announce_service_ips = true");
  const Artifacts artifacts = render_calico(plan_of(announce));
  const json config = documents(artifacts, "calico/bgp/bgpconfiguration.yaml").at(0);
  EXPECT_EQ(config["spec"]["serviceClusterIPs"],
            json::parse(R"([{"cidr": "fdff:3::/108"}, {"cidr": "10.96.0.0/12"}])"));
  EXPECT_FALSE(config["spec"].contains("serviceExternalIPs"));
  EXPECT_TRUE(IsValidK8sYaml(artifact(artifacts, "calico/bgp/bgpconfiguration.yaml").content));
}

TEST(CalicoRender, EveryNodePeersWithTheMastersAsRouteReflectors)
{
  for (const auto& config : { dual_ipv4_primary(), ipv6_only() }) {
    const plan::Plan plan = plan_of(config);
    const Artifacts artifacts = render_calico(plan);
    const json peer = documents(artifacts, "calico/bgp/bgppeers.yaml").back();
    EXPECT_EQ(peer["metadata"]["name"], "route-reflectors");
    EXPECT_EQ(
      peer["spec"],
      json({ { "nodeSelector", "all()" }, { "peerSelector", "route-reflector == 'true'" } }));

    std::string masters;
    for (const auto* master : plan.hosts_with(plan::HostRole::master)) {
      masters += " " + master->name;
    }
    ASSERT_FALSE(plan.route_reflectors.empty());
    const std::string readme = artifact(artifacts, "calico/README.md").content;
    EXPECT_NE(readme.find("kubectl label node" + masters + " route-reflector=true"),
              std::string::npos)
      << readme;
    EXPECT_NE(readme.find("kubectl annotate node" + masters +
                          " projectcalico.org/RouteReflectorClusterID=" +
                          plan.route_reflector_cluster_id.to_string()),
              std::string::npos)
      << readme;
  }
}

TEST(CalicoRender, EachFileSaysHowToApplyItByItsPath)
{
  const Artifacts artifacts = render_calico(plan_of(dual_ipv4_primary()));
  EXPECT_NE(artifact(artifacts, "calico/operator/installation.yaml")
              .content.find("# Apply: kubectl create -f calico/operator/installation.yaml"),
            std::string::npos);
  EXPECT_NE(artifact(artifacts, "calico/manifest/calico-node-env.yaml")
              .content.find("--type strategic --patch-file calico/manifest/calico-node-env.yaml"),
            std::string::npos);
}

TEST(CalicoRender, OperatorExpressesEveryAutodetectionMethod)
{
  const std::string config =
    replaced(dual_ipv4_primary(),
             "ipipmode = \"Never\"\n",
             "ipipmode = \"Never\"\ncalico_ip_autodetection_method = \"interface=eth0\"\n"
             "calico_ipv6_autodetection_method = \"can-reach=fd00::1\"\n");
  const Artifacts artifacts = render_calico(plan_of(config));
  const json network = installation(artifacts)["spec"]["calicoNetwork"];
  EXPECT_EQ(network["nodeAddressAutodetectionV4"], json({ { "interface", "eth0" } }));
  EXPECT_EQ(network["nodeAddressAutodetectionV6"], json({ { "canReach", "fd00::1" } }));
  EXPECT_EQ(node_env(artifacts).at("IP_AUTODETECTION_METHOD"), "interface=eth0");
}

} // namespace
} // namespace dualstack::render
