// The calico/node BGP stand-in: its BIRD config follows calico's confd templates filled from the
// rendered Calico objects (a change in an object changes the config), unknown objects and fields
// are errors naming the file, and BIRD itself accepts the result.
#include "lab/support/rendered_calico.hpp"
#include "render/gateway_test_support.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/plan/derive.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace dualstack::lab {
namespace {

using calico_testing::edited;
using calico_testing::parsed;
using calico_testing::rendered_calico_files;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string peers_yaml = "calico/bgp/bgppeers.yaml";
const std::string config_yaml = "calico/bgp/bgpconfiguration.yaml";
const std::string pools_yaml = "calico/manifest/ippools.yaml";

// The lab example (tests/lab/config.toml): 2 gateways, one master (a route reflector) and one
// worker, dual-stack with LoadBalancer pools.
const plan::Plan& lab_plan()
{
  static const plan::Plan plan = [] {
    auto loaded =
      config::load_config_file(std::string(DUALSTACK_SOURCE_DIR) + "/tests/lab/config.toml");
    if (!loaded)
      throw std::runtime_error(loaded.error().message);
    auto derived = plan::derive_plan(loaded->config, loaded->findings);
    if (!derived.plan)
      throw std::runtime_error("tests/lab/config.toml has errors");
    return *derived.plan;
  }();
  return plan;
}

Topology topology_of(const plan::Plan& plan, int nodes = 2)
{
  LabOptions options;
  options.id = "1";
  options.nodes = nodes;
  return *make_topology(plan, options);
}

const LabNode& worker(const Topology& t)
{
  for (const auto& n : t.nodes)
    if (!n.master)
      return n;
  throw std::runtime_error("no worker in the lab");
}

const LabNode& master(const Topology& t)
{
  for (const auto& n : t.nodes)
    if (n.master)
      return n;
  throw std::runtime_error("no master in the lab");
}

std::string config_of(const std::vector<CalicoFile>& files, const LabNode& node)
{
  const plan::Plan& plan = lab_plan();
  auto conf = node_bird_config(parsed(files), plan, topology_of(plan), node);
  EXPECT_TRUE(conf.has_value()) << conf.error();
  return conf ? *conf : "";
}

// Returns the text of BIRD protocol `name` in `conf` ("" when there is none).
std::string protocol(const std::string& conf, const std::string& name)
{
  const auto at = conf.find("protocol bgp " + name + " ");
  if (at == std::string::npos)
    return "";
  return conf.substr(at, conf.find("\n}\n", at) - at);
}

NodeBgpFamily family_model(const std::vector<CalicoFile>& files, const LabNode& node, Family family)
{
  const plan::Plan& plan = lab_plan();
  const auto cluster = lab_calico_nodes(plan, topology_of(plan));
  std::size_t self = 0;
  while (cluster[self].name != node.name)
    ++self;
  auto bgp = node_bgp(parsed(files), cluster, self);
  EXPECT_TRUE(bgp.has_value()) << bgp.error();
  for (const auto& f : bgp->families)
    if (f.family == family)
      return f;
  ADD_FAILURE() << "no " << net::to_string(family);
  return {};
}

TEST(NodeBird, HasASessionPerRenderedBgpPeerWithItsPeerIpAndAsNumber)
{
  const auto files = rendered_calico_files(lab_plan());
  const CalicoObjects objects = parsed(files);
  const Topology t = topology_of(lab_plan());
  const std::string conf = config_of(files, worker(t));
  int gateway_peers = 0;
  for (const auto& peer : objects.peers) {
    if (!peer.peer_ip)
      continue;
    ++gateway_peers;
    const std::string session = protocol(conf, bird_peer_name("Node", *peer.peer_ip));
    EXPECT_THAT(
      session,
      HasSubstr(fmt::format("neighbor {} as {};", peer.peer_ip->to_string(), peer.as_number)))
      << conf;
    // As the template's bgp_template: no `direct`, BIRD dials (a node-specific peer is active).
    EXPECT_THAT(session, HasSubstr("from bgp_template {"));
    EXPECT_THAT(session, HasSubstr("  ttl security off;\n  multihop;\n"));
    EXPECT_THAT(session, Not(HasSubstr("passive")));
  }
  EXPECT_EQ(gateway_peers, 2);
  // The scenarios find the sessions by node_session_name.
  for (const auto& [family, network] : lab_plan().networks)
    EXPECT_THAT(conf,
                HasSubstr("protocol bgp " + node_session_name(lab_plan(), network.family) +
                          " from bgp_template {"));
  EXPECT_EQ(node_session_name(lab_plan(), Family::ipv4), "Node_172_30_154_2");
  EXPECT_EQ(node_session_name(lab_plan(), Family::ipv6), "Node_fd00__2");
  EXPECT_THAT(conf, HasSubstr("template bgp bgp_template {"));
  EXPECT_THAT(conf, HasSubstr("  local as 64512;\n  graceful restart;"));
  EXPECT_THAT(conf,
              HasSubstr("  connect delay time 2;\n  connect retry time 5;\n"
                        "  error wait time 5,30;\n"));
  // No hold or keepalive time: negotiated down to the gateways'.
  EXPECT_THAT(conf, Not(HasSubstr("hold time")));
  EXPECT_THAT(conf, Not(HasSubstr("keepalive time")));
}

TEST(NodeBird, TheRenderedAsNumbersAreTheSessionsAs)
{
  const Topology t = topology_of(lab_plan());
  auto files = rendered_calico_files(lab_plan());
  files = edited(files, peers_yaml, "asNumber: 65000", "asNumber: 65099");
  files = edited(files, config_yaml, "asNumber: 64512", "asNumber: 64999");
  const std::string conf = config_of(files, worker(t));
  EXPECT_THAT(protocol(conf, "Node_172_30_154_2"), HasSubstr("neighbor 172.30.154.2 as 65099;"));
  EXPECT_THAT(protocol(conf, "Node_fd00__2"), HasSubstr("neighbor fd00::2 as 65000;"));
  EXPECT_THAT(conf, HasSubstr("  local as 64999;\n"));
}

TEST(NodeBird, APeerIpOfTheOtherFamilyLeavesTheFamilyWithoutItsSession)
{
  const Topology t = topology_of(lab_plan());
  const auto files = edited(
    rendered_calico_files(lab_plan()), peers_yaml, "peerIP: fd00::2", "peerIP: 172.30.154.2");
  const std::string conf = config_of(files, worker(t));
  EXPECT_EQ(protocol(conf, node_session_name(lab_plan(), Family::ipv6)), "");
  // Calico keeps one peering per peer IP: the first BGPPeer's.
  EXPECT_NE(protocol(conf, "Node_172_30_154_2"), "");
  EXPECT_EQ(conf.find("protocol bgp Node_172_30_154_2 "),
            conf.rfind("protocol bgp Node_172_30_154_2 "));
}

TEST(NodeBird, KeepOriginalNextHopKeepsTheNextHopTowardsEbgpPeersOnly)
{
  const Topology t = topology_of(lab_plan());
  const auto files = rendered_calico_files(lab_plan());
  const std::string conf = config_of(files, worker(t));
  const Address master_ip = *lab_plan().host(master(t).name)->address(Family::ipv4);
  EXPECT_THAT(protocol(conf, "Node_172_30_154_2"), HasSubstr("    next hop keep;\n"));
  EXPECT_THAT(protocol(conf, "Node_fd00__2"), HasSubstr("    next hop keep;\n"));
  // The route reflector is iBGP: confd applies keepOriginalNextHop to eBGP peers only.
  const std::string reflector = protocol(conf, bird_peer_name("Node", master_ip));
  ASSERT_NE(reflector, "") << conf;
  EXPECT_THAT(reflector, Not(HasSubstr("next hop")));

  const std::string without =
    config_of(edited(files, peers_yaml, "keepOriginalNextHop: true", "keepOriginalNextHop: false"),
              worker(t));
  EXPECT_THAT(protocol(without, "Node_172_30_154_2"), Not(HasSubstr("next hop")));
  const std::string self = config_of(
    edited(files, peers_yaml, "keepOriginalNextHop: true", "nextHopMode: Self"), worker(t));
  EXPECT_THAT(protocol(self, "Node_172_30_154_2"), HasSubstr("    next hop self;\n"));
}

TEST(NodeBird, MastersReflectTheOtherNodesRoutes)
{
  const Topology t = topology_of(lab_plan());
  const auto files = rendered_calico_files(lab_plan());
  const Address worker_ip = *lab_plan().host(worker(t).name)->address(Family::ipv6);
  const Address master_ip = *lab_plan().host(master(t).name)->address(Family::ipv6);
  // The master peers back with every node (reverse peering of `route-reflectors`) as their
  // reflector; the worker peers with the master as a plain iBGP neighbor.
  const std::string on_master =
    protocol(config_of(files, master(t)), bird_peer_name("Node", worker_ip));
  EXPECT_THAT(on_master, HasSubstr(fmt::format("neighbor {} as 64512;", worker_ip.to_string())));
  EXPECT_THAT(on_master,
              HasSubstr(fmt::format("  rr client;\n  rr cluster id {};\n",
                                    lab_plan().route_reflector_cluster_id.to_string())));
  EXPECT_THAT(on_master, HasSubstr("calico_export_to_bgp_peers_ipv6(true);"));
  const std::string on_worker =
    protocol(config_of(files, worker(t)), bird_peer_name("Node", master_ip));
  EXPECT_THAT(on_worker, HasSubstr(fmt::format("neighbor {} as 64512;", master_ip.to_string())));
  EXPECT_THAT(on_worker, Not(HasSubstr("rr client")));
}

TEST(NodeBird, TheExportFilterPassesBlocksInsideAnExportedPoolOnly)
{
  const Topology t = topology_of(lab_plan());
  const auto files = rendered_calico_files(lab_plan());
  const Prefix block = worker(t).blocks.front();
  const NodeBgpFamily v4 = family_model(files, worker(t), Family::ipv4);
  EXPECT_TRUE(v4.exports(block));
  EXPECT_TRUE(v4.exports(master(t).blocks.front())); // reflected over iBGP
  EXPECT_FALSE(v4.exports(*Prefix::parse("192.0.2.0/26")));
  EXPECT_FALSE(v4.exports(*Prefix::parse("172.30.154.0/24"))); // the node's own subnet
  // A pod's own route stays inside its block unless Felix gave it a higher priority.
  const Prefix pod(*block.nth(5), 32);
  EXPECT_FALSE(v4.exports(pod, 1024));
  EXPECT_TRUE(v4.exports(pod, 512));
  // The LoadBalancer pool's range, aggregated (serviceLoadBalancerIPs), from every node.
  EXPECT_TRUE(v4.exports(*Prefix::parse("10.245.0.0/24")));

  const std::string conf = config_of(files, worker(t));
  EXPECT_THAT(
    conf,
    HasSubstr(fmt::format("  route {} blackhole; # IP block for this host\n", block.to_string())));
  EXPECT_THAT(conf,
              HasSubstr(fmt::format("  if ( net = {0} ) then {{ accept; }}\n"
                                    "  if ( net ~ {0} && krt_metric < 1024 ) then {{ accept; }}\n"
                                    "  if ( net ~ {0} ) then {{ reject; }}\n",
                                    block.to_string())));
  EXPECT_THAT(conf, HasSubstr("  if ( net ~ 10.244.0.0/16 ) then { accept; }\n"));

  // disableBGPExport rejects before the block is looked at.
  const auto disabled = edited(files,
                               pools_yaml,
                               "  cidr: 10.244.0.0/16\n",
                               "  cidr: 10.244.0.0/16\n  disableBGPExport: true\n");
  EXPECT_FALSE(family_model(disabled, worker(t), Family::ipv4).exports(block));
  EXPECT_THAT(
    config_of(disabled, worker(t)),
    HasSubstr("  if ( net ~ 10.244.0.0/16 ) then { reject; } # BGP export is disabled.\n"));
}

TEST(NodeBird, ABlockOutsideTheRenderedPoolsIsNotAnnounced)
{
  const Topology t = topology_of(lab_plan());
  const Prefix block = worker(t).blocks.front();
  const auto files = edited(
    rendered_calico_files(lab_plan()), pools_yaml, "cidr: 10.244.0.0/16", "cidr: 10.250.0.0/16");
  const NodeBgpFamily v4 = family_model(files, worker(t), Family::ipv4);
  EXPECT_FALSE(v4.exports(block));
  const std::string conf = config_of(files, worker(t));
  EXPECT_THAT(conf, Not(HasSubstr(fmt::format("route {} blackhole", block.to_string()))));
  EXPECT_THAT(conf,
              HasSubstr(fmt::format("# not announced: block {} is in no rendered Workload "
                                    "IPPool of its size that selects {}",
                                    block.to_string(),
                                    worker(t).name)));
}

TEST(NodeBird, ObjectsItDoesNotModelAreErrorsNamingTheFile)
{
  const auto files = rendered_calico_files(lab_plan());
  const auto error_of = [](const std::vector<CalicoFile>& f) {
    auto objects = parse_calico_objects(f);
    return objects ? std::string("no error") : objects.error();
  };
  EXPECT_EQ(error_of(edited(files,
                            peers_yaml,
                            "  keepOriginalNextHop: true\n---",
                            "  keepOriginalNextHop: true\n  keepOriginalNexthop: true\n---")),
            "calico/bgp/bgppeers.yaml:14:3: BGPPeer `gateway-vip-ipv4`: unknown field "
            "`keepOriginalNexthop` (did you mean `keepOriginalNextHop`?)");
  EXPECT_EQ(error_of(edited(
              files, peers_yaml, "  asNumber: 65000\n", "  asNumber: 65000\n  password: {}\n")),
            "calico/bgp/bgppeers.yaml:13:3: BGPPeer `gateway-vip-ipv4`: `password` is not modelled "
            "by the lab's node stand-in (it would run without its effect)");
  EXPECT_EQ(error_of(edited(files, config_yaml, "kind: BGPConfiguration", "kind: BGPFilter")),
            "calico/bgp/bgpconfiguration.yaml:6:7: kind `BGPFilter` is not one the lab's node "
            "stand-in reads (BGPPeer, BGPConfiguration, IPPool)");
  EXPECT_THAT(error_of(edited(files, peers_yaml, "peerIP: fd00::2", "peerIP: fd00::2::1")),
              HasSubstr("calico/bgp/bgppeers.yaml:21:11: peerIP `fd00::2::1`: "));
  EXPECT_EQ(error_of(edited(files, peers_yaml, "nodeSelector: all()", "nodeSelector: a in {'b'}")),
            "calico/bgp/bgppeers.yaml:10:17: nodeSelector: selector `a in {'b'}`: the lab's node "
            "stand-in does not understand `a in {'b'}` (it evaluates all(), has(k), !has(k), "
            "k == 'v' and k != 'v' joined by &&)");
  EXPECT_EQ(error_of({}), "no error");
}

TEST(NodeBird, ReadsTheRenderTreeAndNamesAMissingFile)
{
  const std::string dir =
    std::filesystem::temp_directory_path() / fmt::format("node-bird-render-{}", getpid());
  for (const auto& f : rendered_calico_files(lab_plan())) {
    std::filesystem::create_directories(std::filesystem::path(dir + "/" + f.path).parent_path());
    std::ofstream(dir + "/" + f.path) << f.text;
  }
  const Topology t = topology_of(lab_plan());
  const auto conf = node_bird_config(dir, lab_plan(), t, worker(t));
  EXPECT_TRUE(conf.has_value()) << conf.error();
  std::filesystem::remove(dir + "/" + config_yaml);
  const auto missing = node_bird_config(dir, lab_plan(), t, worker(t));
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error(),
            dir + "/" + config_yaml +
              ": cannot read it (the lab's node stand-in takes its BIRD config "
              "from the rendered Calico objects)");
}

TEST(NodeBirdSelector, EvaluatesCalicosSimpleSelectors)
{
  const Labels master{ { "route-reflector", "true" }, { "kubernetes.io/os", "linux" } };
  const Labels worker{ { "kubernetes.io/os", "linux" } };
  const auto rr = CalicoSelector::parse("route-reflector == 'true'");
  ASSERT_TRUE(rr.has_value()) << rr.error();
  EXPECT_TRUE(rr->matches(master));
  EXPECT_FALSE(rr->matches(worker));
  const auto not_rr = CalicoSelector::parse("has(kubernetes.io/os) && route-reflector != \"true\"");
  ASSERT_TRUE(not_rr.has_value()) << not_rr.error();
  EXPECT_FALSE(not_rr->matches(master));
  EXPECT_TRUE(not_rr->matches(worker));
  EXPECT_TRUE(CalicoSelector::parse("all()")->matches({}));
  EXPECT_FALSE(CalicoSelector::parse("a == 'b' || c == 'd'").has_value());
}

TEST(NodeBird, BirdParsesItForEveryFamilyShapeAndNode)
{
  if (!run_command({ "bird", "--version" }).output.starts_with("BIRD"))
    GTEST_SKIP() << "bird is not installed";
  std::vector<std::pair<std::string, plan::Plan>> plans{ { "tests/lab/config.toml", lab_plan() } };
  for (const auto shape : render::gateway_testing::all_shapes())
    plans.emplace_back(render::gateway_testing::shape_name(shape),
                       render::gateway_testing::plan_for(shape));
  for (const auto& [name, plan] : plans) {
    const Topology t = topology_of(plan, name == "tests/lab/config.toml" ? 2 : 4);
    const CalicoObjects objects = parsed(rendered_calico_files(plan));
    for (const auto& node : t.nodes) {
      const auto conf = node_bird_config(objects, plan, t, node);
      ASSERT_TRUE(conf.has_value()) << name << ": " << conf.error();
      const std::string path =
        std::filesystem::temp_directory_path() / fmt::format("node-bird-{}.conf", getpid());
      std::ofstream(path) << *conf;
      const auto result = run_command({ "bird", "-p", "-c", path });
      std::filesystem::remove(path);
      EXPECT_TRUE(result.ok()) << name << " " << node.name << ": " << result.output << "\n"
                               << *conf;
    }
  }
}

} // namespace
} // namespace dualstack::lab
