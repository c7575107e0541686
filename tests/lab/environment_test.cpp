// The lab's environment through the Config: every config a lab runs derives with it, for both
// kinds of client.
#include <dualstack/config/loader.hpp>
#include <dualstack/lab/environment.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/secrets.hpp>

#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

class LabEnvironment : public ::testing::TestWithParam<std::string>
{};

TEST_P(LabEnvironment, EveryLabConfigDerivesWithTheLabsEnvironment)
{
  auto loaded = config::load_config_file(std::string(DUALSTACK_SOURCE_DIR) + "/" + GetParam());
  ASSERT_TRUE(loaded.has_value()) << GetParam();
  const auto config_plan = plan::derive_plan(loaded->config, loaded->findings);
  ASSERT_TRUE(config_plan.plan.has_value()) << GetParam();
  for (const char* client : { "roaming", "fixed" }) {
    LabOptions options;
    options.id = "a1b2";
    options.nodes = 2;
    options.client = client;
    auto t = make_topology(*config_plan.plan, options);
    ASSERT_TRUE(t.has_value()) << t.error();
    const std::string key = render::generate_key_pair().public_key;
    const std::string site_key = render::generate_key_pair().public_key;
    auto plan = derive_lab_plan(loaded->config, *t, key, t->site ? site_key : "");
    ASSERT_TRUE(plan.has_value()) << GetParam() << " (" << client << "): " << plan.error();
    EXPECT_EQ(plan->wireguard_peers.front().pub_key, key);
    EXPECT_FALSE(plan->wireguard_endpoints.front().public_endpoint.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Configs,
                         LabEnvironment,
                         ::testing::Values("tests/lab/config.toml",
                                           "tests/lab/ipv4-only.toml",
                                           "examples/seed/config.toml",
                                           "examples/dual-stack-routed/config.toml",
                                           "examples/ipv6-only/config.toml",
                                           "examples/ipv6-primary/config.toml",
                                           "examples/api-name-loadbalancer/config.toml"));

} // namespace
} // namespace dualstack::lab
