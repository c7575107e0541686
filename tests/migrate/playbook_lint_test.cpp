// ansible/migrate.yml of every pair of examples that `dualstack migrate` accepts passes
// `ansible-playbook --syntax-check` and `ansible-lint --offline` (production profile) with no
// findings, rendered through the real binary. Pairs it refuses write nothing.
#include "support/run_binary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace dualstack {
namespace {

namespace fs = std::filesystem;
using testing::run_dualstack;
using testing::run_program;
using testing::TempDir;

bool have(const std::string& tool)
{
  return run_program({ "sh", "-c", "command -v " + tool + " >/dev/null" }).status == 0;
}

// Copies examples/NAME (config and WireGuard slots) into `dir`/NAME; returns the config's path.
std::string copy_example(const fs::path& dir, const std::string& name)
{
  const fs::path from = fs::path(DUALSTACK_SOURCE_DIR) / "examples" / name;
  fs::create_directories(dir / name);
  for (const char* file : { "config.toml", "wireguard-ipam.toml" }) {
    if (fs::exists(from / file))
      fs::copy_file(from / file, dir / name / file);
  }
  return (dir / name / "config.toml").string();
}

TEST(MigratePlaybookLint, EveryAcceptedExamplePairPassesSyntaxCheckAndLint)
{
  if (!have("ansible-playbook") || !have("ansible-lint"))
    GTEST_SKIP()
      << "ansible-playbook or ansible-lint is not installed (scripts/setup.sh installs them)";
  TempDir dir("migrate-lint");
  std::vector<std::string> examples;
  for (const auto& entry : fs::directory_iterator(fs::path(DUALSTACK_SOURCE_DIR) / "examples")) {
    if (fs::exists(entry.path() / "config.toml"))
      examples.push_back(entry.path().filename().string());
  }
  std::sort(examples.begin(), examples.end());
  std::vector<std::string> accepted;
  for (const auto& from : examples) {
    for (const auto& to : examples) {
      if (from == to)
        continue;
      const fs::path work = fs::path(dir.path()) / (from + "-to-" + to);
      const std::string old_config = copy_example(work, from);
      const std::string new_config = copy_example(work, to);
      const std::string out = (work / "out").string();
      const auto migrate = run_dualstack({ "migrate", old_config, new_config, "-o", out });
      if (migrate.status == 1) {
        EXPECT_FALSE(fs::exists(out)) << from << " -> " << to;
        continue;
      }
      ASSERT_EQ(migrate.status, 0) << from << " -> " << to << "\n" << migrate.err;
      accepted.push_back(from + " -> " + to);
      const std::string ansible = out + "/ansible";
      ASSERT_TRUE(fs::exists(ansible + "/migrate.yml")) << from << " -> " << to;
      const std::string env =
        "cd '" + ansible + "' && ANSIBLE_LOCAL_TEMP='" + dir.path() + "/tmp' ";
      const auto syntax = run_program(
        { "sh", "-c", env + "ansible-playbook --syntax-check -i inventory.yml migrate.yml 2>&1" });
      EXPECT_EQ(syntax.status, 0) << from << " -> " << to << "\n" << syntax.out;
      const auto lint =
        run_program({ "sh", "-c", env + "ansible-lint --offline --nocolor migrate.yml 2>&1" });
      EXPECT_EQ(lint.status, 0) << from << " -> " << to << "\n" << lint.out;
      EXPECT_NE(lint.out.find("Passed with production profile: 0 failure(s), 0 warning(s)"),
                std::string::npos)
        << from << " -> " << to << "\n"
        << lint.out;
    }
  }
  // The examples hold one family-adding pair today: IPv4-only -> yaook's dual-stack default.
  EXPECT_NE(std::find(accepted.begin(), accepted.end(), "ipv4-only -> yaook-default"),
            accepted.end());
}

} // namespace
} // namespace dualstack
