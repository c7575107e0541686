// Golden trees: `dualstack render` of each example, through the real binary, compared file by
// file with tests/golden/<example>/. DUALSTACK_REGENERATE_GOLDEN=1 writes the trees instead
// (scripts/regenerate-golden.sh).
#include "support/run_binary.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <sys/stat.h>

namespace dualstack::render {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::run_dualstack;
using testing::TempDir;

// One file of a rendered tree.
struct File
{
  std::string content;
  unsigned mode = 0;
};

using Tree = std::map<std::string, File>; // by path relative to the tree's root

const fs::path source_dir = DUALSTACK_SOURCE_DIR;

bool regenerating()
{
  const char* value = std::getenv("DUALSTACK_REGENERATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

fs::path golden_dir(const std::string& example)
{
  return source_dir / "tests" / "golden" / example;
}

// Returns every regular file below `dir` with its content and permission bits.
Tree snapshot(const fs::path& dir)
{
  Tree tree;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file())
      continue;
    struct stat st
    {};
    if (::stat(entry.path().c_str(), &st) != 0)
      std::abort();
    tree[fs::relative(entry.path(), dir).generic_string()] = { read_text(entry.path().string()),
                                                               st.st_mode & 07777u };
  }
  return tree;
}

std::string octal(unsigned mode)
{
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode);
  return text;
}

// Copies the example's config.toml and its WireGuard IPAM state (if any) into `dir`, so the
// render's state file is written there and never into the repository's examples.
fs::path copy_example(const std::string& example, const fs::path& dir)
{
  const fs::path from = source_dir / "examples" / example;
  fs::create_directories(dir);
  fs::copy_file(from / "config.toml", dir / "config.toml");
  if (fs::exists(from / "wireguard-ipam.toml"))
    fs::copy_file(from / "wireguard-ipam.toml", dir / "wireguard-ipam.toml");
  return dir / "config.toml";
}

// Places the fixture keys (test-only; see tests/golden/README.md) in `out`/secrets/ at 0600, so
// the render reuses them instead of generating new ones. A MANIFEST.json listing them makes `out`
// look like an earlier render's output: the writer refuses to replace a directory holding files
// no render wrote.
void install_fixture_keys(const std::string& example, const fs::path& out)
{
  const fs::path keys = golden_dir(example) / "secrets";
  ASSERT_TRUE(fs::is_directory(keys))
    << keys << " is missing: create the fixture key with `wg genkey` (tests/golden/README.md)";
  fs::create_directories(out / "secrets");
  nlohmann::json manifest = { { "schema_version", 1 }, { "files", nlohmann::json::array() } };
  for (const auto& entry : fs::directory_iterator(keys)) {
    const fs::path target = out / "secrets" / entry.path().filename();
    fs::copy_file(entry.path(), target);
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    manifest["files"].push_back(
      { { "path", "secrets/" + entry.path().filename().string() }, { "secret", true } });
  }
  testing::write_text((out / "MANIFEST.json").string(), manifest.dump(2) + "\n");
}

// Renders `example` with the fixture keys into `work`/out; returns that directory.
fs::path render_example(const std::string& example, const fs::path& work)
{
  const fs::path config = copy_example(example, work / "config");
  const fs::path out = work / "out";
  install_fixture_keys(example, out);
  const auto result = run_dualstack({ "render", config.string(), "-o", out.string() });
  EXPECT_EQ(result.status, 0) << result.out << result.err;
  EXPECT_EQ(result.out.find("new key"), std::string::npos) << "the fixture key was not reused:\n"
                                                           << result.out;
  return out;
}

// Checks every file's mode against MANIFEST.json (which the golden comparison pins), and that
// secret files are 0600.
void expect_modes_match_manifest(const Tree& tree)
{
  const auto it = tree.find("MANIFEST.json");
  ASSERT_NE(it, tree.end());
  const auto manifest = nlohmann::json::parse(it->second.content);
  std::size_t listed = 0;
  for (const auto& entry : manifest["files"]) {
    const std::string path = entry["path"];
    ++listed;
    const auto file = tree.find(path);
    if (file == tree.end()) {
      ADD_FAILURE() << "MANIFEST.json lists " << path << " but it was not written";
      continue;
    }
    EXPECT_EQ(octal(file->second.mode), entry["mode"].get<std::string>()) << path;
    if (entry["secret"].get<bool>()) {
      EXPECT_EQ(file->second.mode, 0600u) << path << " holds a secret";
    }
  }
  EXPECT_EQ(listed + 1, tree.size()) << "every file but MANIFEST.json is listed in it";
  for (const auto& [path, file] : tree) {
    if (path.rfind("secrets/", 0) == 0) {
      EXPECT_EQ(file.mode, 0600u) << path;
    }
  }
}

// Expects `actual` to equal `expected` file for file, byte for byte.
void expect_same_tree(const Tree& expected, const Tree& actual, const std::string& what)
{
  for (const auto& [path, file] : expected) {
    if (actual.count(path) == 0)
      ADD_FAILURE() << what << ": " << path << " is missing";
  }
  for (const auto& [path, file] : actual) {
    const auto it = expected.find(path);
    if (it == expected.end()) {
      ADD_FAILURE() << what << ": unexpected file " << path;
      continue;
    }
    EXPECT_EQ(file.content, it->second.content) << what << ": " << path << " differs";
  }
}

// Replaces tests/golden/<example>/ with `rendered`.
void write_golden(const std::string& example, const fs::path& rendered)
{
  const fs::path dir = golden_dir(example);
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(rendered, dir, fs::copy_options::recursive);
}

// Parameterised by example; instantiated as Golden/GoldenTree.* so `--gtest_filter=Golden*` runs
// it.
class GoldenTree : public ::testing::TestWithParam<std::string>
{};

TEST_P(GoldenTree, RenderMatchesTheGoldenTree)
{
  const std::string example = GetParam();
  TempDir work("golden");
  const fs::path out = render_example(example, work.path());
  if (HasFailure())
    return;
  const Tree rendered = snapshot(out);
  expect_modes_match_manifest(rendered);
  if (regenerating()) {
    write_golden(example, out);
    std::cout << "regenerated " << golden_dir(example).string() << " (" << rendered.size()
              << " files)\n";
    return;
  }
  ASSERT_TRUE(fs::exists(golden_dir(example) / "MANIFEST.json"))
    << "no golden tree for " << example << "; run scripts/regenerate-golden.sh";
  expect_same_tree(snapshot(golden_dir(example)), rendered, example);
}

TEST_P(GoldenTree, TwoRendersAreByteIdentical)
{
  const std::string example = GetParam();
  TempDir first("golden-a");
  TempDir second("golden-b");
  const Tree a = snapshot(render_example(example, first.path()));
  const Tree b = snapshot(render_example(example, second.path()));
  ASSERT_FALSE(HasFailure());
  expect_same_tree(a, b, example + " (second render)");
  for (const auto& [path, file] : a) {
    if (b.count(path)) {
      EXPECT_EQ(file.mode, b.at(path).mode) << path;
    }
  }
}

TEST_P(GoldenTree, RerenderIntoTheSameDirectoryReusesGeneratedKeys)
{
  const std::string example = GetParam();
  TempDir work("golden-keys");
  const fs::path config = copy_example(example, fs::path(work.path()) / "config");
  const fs::path out = fs::path(work.path()) / "out";
  const auto first = run_dualstack({ "render", config.string(), "-o", out.string() });
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("new key"), std::string::npos) << first.out;
  const Tree a = snapshot(out);
  const auto second = run_dualstack({ "render", config.string(), "-o", out.string() });
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_EQ(second.out.find("new key"), std::string::npos) << second.out;
  expect_same_tree(a, snapshot(out), example + " (re-render)");
  expect_modes_match_manifest(snapshot(out));
}

TEST(Golden, SeedRenderKeepsItsCommittedPeerSlots)
{
  const fs::path committed = source_dir / "examples" / "seed" / "wireguard-ipam.toml";
  TempDir work("golden-ipam");
  render_example("seed", work.path());
  EXPECT_EQ(read_text((fs::path(work.path()) / "config" / "wireguard-ipam.toml").string()),
            read_text(committed.string()));
}

INSTANTIATE_TEST_SUITE_P(
  Golden,
  GoldenTree,
  ::testing::Values("seed", "yaook-default", "ipv6-only", "ipv6-primary", "api-name-loadbalancer"),
  [](const auto& param_info) {
    std::string name = param_info.param;
    for (char& c : name) {
      if (c == '-')
        c = '_';
    }
    return name;
  });

} // namespace
} // namespace dualstack::render
