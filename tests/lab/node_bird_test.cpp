// The calico/node BGP stand-in's BIRD config: sessions from the Plan's BGP sessions, and BIRD
// itself accepts it.
#include "render/gateway_test_support.hpp"

#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/process.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace dualstack::lab {
namespace {

using render::gateway_testing::plan_for;
using render::gateway_testing::Shape;
using ::testing::HasSubstr;
using ::testing::Not;

LabNode first_node(const plan::Plan& plan)
{
  LabOptions options;
  options.id = "1";
  options.nodes = 1;
  return make_topology(plan, options)->nodes.front();
}

TEST(NodeBird, PeersWithTheVipOfEachFamilyWithThePlansAsNumbers)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const LabNode node = first_node(plan);
  const std::string conf = node_bird_config(plan, node);
  const auto* host = plan.host(node.name);
  for (const auto& network : plan.networks) {
    EXPECT_THAT(
      conf, HasSubstr(fmt::format("neighbor {} as {};", network.vip.to_string(), plan.gateway_as)));
    EXPECT_THAT(conf,
                HasSubstr(fmt::format(
                  "local {} as {};", host->address(network.family)->to_string(), plan.node_as)));
  }
  EXPECT_THAT(conf, HasSubstr("protocol bgp gateway_vip_ipv4 {"));
  EXPECT_THAT(conf, HasSubstr("protocol bgp gateway_vip_ipv6 {"));
  EXPECT_THAT(conf, HasSubstr(fmt::format("route {} blackhole;", node.blocks[0].to_string())));
  // As calico/node's template: no hold or keepalive time (the gateways' hold time is negotiated).
  EXPECT_THAT(conf, Not(HasSubstr("hold time")));
  EXPECT_THAT(conf, Not(HasSubstr("keepalive time")));
}

TEST(NodeBird, BirdParsesItForEveryFamilyShape)
{
  if (!run_command({ "bird", "--version" }).output.starts_with("BIRD"))
    GTEST_SKIP() << "bird is not installed";
  for (Shape shape : render::gateway_testing::all_shapes()) {
    const plan::Plan plan = plan_for(shape);
    const std::string path =
      std::filesystem::temp_directory_path() / fmt::format("node-bird-{}.conf", getpid());
    std::ofstream(path) << node_bird_config(plan, first_node(plan));
    const auto result = run_command({ "bird", "-p", "-c", path });
    std::filesystem::remove(path);
    EXPECT_TRUE(result.ok()) << render::gateway_testing::shape_name(shape) << ": " << result.output;
  }
}

} // namespace
} // namespace dualstack::lab
