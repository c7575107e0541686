// The lab's state file: written atomically, read back whole, listed by id.
#include "support/run_binary.hpp"

#include <dualstack/lab/state.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace dualstack::lab {
namespace {

// Points state_root() at a temporary directory for one test.
struct StateRoot
{
  testing::TempDir dir{ "lab-state" };
  StateRoot()
  {
    setenv("DUALSTACK_LAB_RUN", dir.path().c_str(), 1);
  }
  ~StateRoot()
  {
    unsetenv("DUALSTACK_LAB_RUN");
  }
};

TEST(LabState, SavesAndLoadsEverythingDownNeeds)
{
  StateRoot root;
  LabState s;
  s.id = "a1b2";
  s.tag = "a1b2-0000beef";
  s.config = "/x/config.toml";
  s.run_dir = state_root() + "/a1b2";
  s.nodes = 2;
  s.gateways = 2;
  s.namespaces = { "dsla1b2-sw", "dsla1b2-gw0" };
  s.wg_interfaces = { "dsla1b2c" };
  s.pids = { { "gw0/bird", 4242 } };
  s.up = true;
  ASSERT_TRUE(save_state(s).has_value());
  auto loaded = load_state("a1b2");
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  EXPECT_EQ(loaded->tag, s.tag);
  EXPECT_EQ(loaded->namespaces, s.namespaces);
  EXPECT_EQ(loaded->wg_interfaces, s.wg_interfaces);
  EXPECT_EQ(loaded->pids, s.pids);
  EXPECT_TRUE(loaded->up);
  EXPECT_EQ(list_labs(), (std::vector<std::string>{ "a1b2" }));
  EXPECT_FALSE(std::filesystem::exists(s.path() + ".tmp"));
}

TEST(LabState, AMissingLabIsAnErrorNamingThePath)
{
  StateRoot root;
  auto loaded = load_state("ffff");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("no lab `ffff`"), std::string::npos) << loaded.error();
  EXPECT_TRUE(list_labs().empty());
}

} // namespace
} // namespace dualstack::lab
