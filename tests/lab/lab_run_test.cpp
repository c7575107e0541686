// A lab run's decisions without a lab: which running lab `lab test` reuses, where results go,
// the config with an added peer, migrate's refusals.
#include "render/gateway_test_support.hpp"
#include "support/run_binary.hpp"

#include <dualstack/lab/lab_run.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace dualstack::lab {
namespace {

namespace fs = std::filesystem;
using render::gateway_testing::config_text;
using render::gateway_testing::Shape;

// Points state_root() at a temporary directory for one test.
struct FakeStateRoot
{
  testing::TempDir dir{ "lab-run" };
  FakeStateRoot()
  {
    setenv("DUALSTACK_LAB_RUN", dir.path().c_str(), 1);
  }
  ~FakeStateRoot()
  {
    unsetenv("DUALSTACK_LAB_RUN");
  }
  void add(const std::string& id, const std::string& config, bool up)
  {
    LabState s;
    s.id = id;
    s.config = config;
    s.run_dir = state_root() + "/" + id;
    s.up = up;
    ASSERT_TRUE(save_state(s).has_value());
  }
};

TEST(LabRun, ReusesALabThatIsUpFromTheSameConfigOnly)
{
  FakeStateRoot root;
  const std::string config = fs::absolute("tests/lab/config.toml").string();
  root.add("a1", "/elsewhere/config.toml", true);
  root.add("b2", config, false);
  EXPECT_FALSE(find_reusable_lab("tests/lab/config.toml", "").has_value())
    << "another config's lab, and a lab that is not up, are not reused";
  root.add("c3", config, true);
  auto found = find_reusable_lab("tests/lab/config.toml", "");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, "c3");
  EXPECT_FALSE(find_reusable_lab("tests/lab/config.toml", "d4").has_value())
    << "--id names the one lab to reuse";
  EXPECT_EQ(find_reusable_lab(config, "c3")->id, "c3");
}

TEST(LabRun, ResultsGoToTheOptionOrOneDirectoryPerLab)
{
  EXPECT_EQ(results_path("", "ab12"), "/var/tmp/dualstack-lab-results/ab12");
  EXPECT_EQ(results_path("/tmp/r", "ab12"), "/tmp/r");
  testing::TempDir dir("lab-results");
  const std::string made = make_results_dir(dir.path() + "/a/b", "ab12");
  EXPECT_TRUE(fs::is_directory(made));
}

config::Config config_of(const std::string& text)
{
  auto loaded = config::load_config_text(text, "lab-run-test.toml");
  if (!loaded)
    throw std::runtime_error(loaded.error().message);
  return loaded->config;
}

TEST(LabRun, AnAddedPeerGetsTheNextSlotAndAFreshKey)
{
  const config::Config config = config_of(config_text(Shape::dual));
  auto with_peer = config_with_added_peer(config);
  ASSERT_TRUE(with_peer.has_value()) << with_peer.error();
  ASSERT_EQ(with_peer->wireguard_peers.size(), config.wireguard_peers.size() + 1);
  EXPECT_EQ(with_peer->wireguard_peers.back().ident.value, "lab-added-peer");
  EXPECT_EQ(with_peer->wireguard_peers.back().pub_key.value.size(), 44u);
  auto plan = plan::derive_plan(*with_peer, Findings("lab-run-test.toml"));
  ASSERT_TRUE(plan.plan.has_value());
  const auto& slots = plan.plan->wireguard_peers;
  EXPECT_GT(slots.back().offset, slots[slots.size() - 2].offset) << "the next free slot";
}

TEST(LabRun, AMigrationThatMigrateRefusesIsAnError)
{
  const config::Config v4 = config_of(config_text(Shape::ipv4_only));
  const config::Config dual = config_of(config_text(Shape::dual));
  const plan::Plan v4_plan = render::gateway_testing::plan_of(config_text(Shape::ipv4_only));
  const plan::Plan dual_plan = render::gateway_testing::plan_of(config_text(Shape::dual));
  EXPECT_TRUE(check_migration_allowed(v4, v4_plan, "old.toml", dual, dual_plan, "new.toml"))
    << "adding a family is what migrate plans";
  auto removed = check_migration_allowed(dual, dual_plan, "old.toml", v4, v4_plan, "new.toml");
  ASSERT_FALSE(removed.has_value());
  EXPECT_EQ(removed.error(),
            "`dualstack migrate old.toml new.toml` refuses this change; see its findings");
}

} // namespace
} // namespace dualstack::lab
