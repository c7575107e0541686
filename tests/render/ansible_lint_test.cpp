// The rendered ansible/ of every example passes `ansible-playbook --syntax-check` and
// `ansible-lint --offline` (Debian's ansible-core 2.14 and ansible-lint 6.13, production profile)
// with no findings. Rendered through the real binary into a temporary directory.
#include "support/run_binary.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace dualstack::render {
namespace {

using testing::run_dualstack;
using testing::run_program;
using testing::TempDir;

bool have(const std::string& tool)
{
  return run_program({ "sh", "-c", "command -v " + tool + " >/dev/null" }).status == 0;
}

class AnsibleLint : public ::testing::TestWithParam<std::string>
{};

TEST_P(AnsibleLint, RenderedPlaybookPassesSyntaxCheckAndLintWithNoFindings)
{
  if (!have("ansible-playbook") || !have("ansible-lint"))
    GTEST_SKIP()
      << "ansible-playbook or ansible-lint is not installed (scripts/setup.sh installs them)";
  namespace fs = std::filesystem;
  TempDir dir("ansible-lint");
  const fs::path example = fs::path(DUALSTACK_SOURCE_DIR) / "examples" / GetParam();
  const fs::path config = fs::path(dir.path()) / "config.toml";
  fs::copy_file(example / "config.toml", config);
  if (fs::exists(example / "wireguard-ipam.toml"))
    fs::copy_file(example / "wireguard-ipam.toml", fs::path(dir.path()) / "wireguard-ipam.toml");
  const std::string out = dir.path() + "/out";
  const auto render = run_dualstack({ "render", config.string(), "-o", out });
  ASSERT_EQ(render.status, 0) << render.err;

  const std::string ansible = out + "/ansible";
  const auto syntax =
    run_program({ "sh",
                  "-c",
                  "cd '" + ansible + "' && ANSIBLE_LOCAL_TEMP='" + dir.path() +
                    "/tmp' ansible-playbook --syntax-check -i inventory.yml site.yml 2>&1" });
  EXPECT_EQ(syntax.status, 0) << syntax.out;

  const auto lint = run_program({ "sh",
                                  "-c",
                                  "cd '" + ansible + "' && ANSIBLE_LOCAL_TEMP='" + dir.path() +
                                    "/tmp' ansible-lint --offline --nocolor 2>&1" });
  EXPECT_EQ(lint.status, 0) << lint.out;
  EXPECT_NE(lint.out.find("Passed with production profile: 0 failure(s), 0 warning(s)"),
            std::string::npos)
    << lint.out;
}

INSTANTIATE_TEST_SUITE_P(Examples,
                         AnsibleLint,
                         ::testing::Values("seed",
                                           "yaook-default",
                                           "ipv4-only",
                                           "ipv6-only",
                                           "ipv6-primary",
                                           "api-name-loadbalancer"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (c == '-')
                               c = '_';
                           return name;
                         });

} // namespace
} // namespace dualstack::render
