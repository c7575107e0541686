// The all-or-nothing writer: a failure at any file leaves the output directory as it was.
#include "support/run_binary.hpp"

#include <dualstack/render/writer.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sys/stat.h>

namespace dualstack::render {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::TempDir;

Artifacts sample()
{
  return { { "a/one.conf", "gw-0", "/etc/one.conf", 0644, "first", "one\n", false },
           { "b/two.key", "operator", "", 0600, "secret", "two\n", true },
           { "c/three.conf", "gw-1", "/etc/three.conf", 0755, "third", "three\n", false } };
}

// Returns every file below `dir` with its content, for before/after comparison.
std::map<std::string, std::string> snapshot(const fs::path& dir)
{
  std::map<std::string, std::string> files;
  if (!fs::exists(dir))
    return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      files[fs::relative(e.path(), dir).string()] = read_text(e.path().string());
  }
  return files;
}

TEST(Writer, WritesFilesWithModesAndManifest)
{
  TempDir tmp("writer");
  const fs::path out = fs::path(tmp.path()) / "out";
  ASSERT_TRUE(write_tree(out, sample(), "c"));
  EXPECT_EQ(read_text((out / "a/one.conf").string()), "one\n");
  struct stat st
  {};
  ASSERT_EQ(::stat((out / "b/two.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((out / "c/three.conf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  const auto manifest = nlohmann::json::parse(read_text((out / "MANIFEST.json").string()));
  ASSERT_EQ(manifest["files"].size(), 3u);
  EXPECT_EQ(manifest["files"][1]["path"], "b/two.key");
  EXPECT_EQ(manifest["files"][1]["mode"], "0600");
  EXPECT_EQ(manifest["files"][1]["secret"], true);
  EXPECT_EQ(manifest["files"][0]["target_path"], "/etc/one.conf");
}

TEST(Writer, FailureAtAnyFileLeavesTheOldTreeUntouched)
{
  TempDir tmp("writer");
  const fs::path out = fs::path(tmp.path()) / "out";
  ASSERT_TRUE(write_tree(out, sample(), "c"));
  const auto before = snapshot(out);
  Artifacts changed = sample();
  for (auto& a : changed)
    a.content = "changed\n";
  for (std::size_t stop = 0; stop < changed.size(); ++stop) {
    std::size_t seen = 0;
    WriteOptions options;
    options.before_file = [&](const std::string&) { return seen++ < stop; };
    auto result = write_tree(out, changed, "c", options);
    EXPECT_FALSE(result) << "stop " << stop;
    EXPECT_EQ(snapshot(out), before) << "stop " << stop;
  }
  // No temporary directories are left beside the output.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path()))
    ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(Writer, InterruptLeavesTheOldTreeUntouched)
{
  TempDir tmp("writer");
  const fs::path out = fs::path(tmp.path()) / "out";
  ASSERT_TRUE(write_tree(out, sample(), "c"));
  const auto before = snapshot(out);
  WriteOptions options;
  options.before_file = [](const std::string& path) {
    if (path == "b/two.key")
      g_interrupted.store(true); // as if SIGINT arrived mid-write
    return true;
  };
  Artifacts changed = sample();
  for (auto& a : changed)
    a.content = "changed\n";
  auto result = write_tree(out, changed, "c", options);
  g_interrupted.store(false);
  EXPECT_FALSE(result);
  EXPECT_EQ(snapshot(out), before);
}

TEST(Writer, RefusesToReplaceADirectoryWithForeignFiles)
{
  TempDir tmp("writer");
  const fs::path out = fs::path(tmp.path()) / "out";
  testing::write_text((out / "notes.txt").string(), "mine\n");
  auto result = write_tree(out, sample(), "c");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("notes.txt"), std::string::npos) << result.error();
  EXPECT_EQ(read_text((out / "notes.txt").string()), "mine\n");
}

TEST(Writer, KeepExistingCarriesOtherFilesOver)
{
  TempDir tmp("writer");
  const fs::path out = fs::path(tmp.path()) / "out";
  ASSERT_TRUE(write_tree(out, sample(), "c"));
  WriteOptions options;
  options.keep_existing = [](const std::string& path) { return path.rfind("c/", 0) == 0; };
  Artifacts only_a = {
    { "a/one.conf", "gw-0", "/etc/one.conf", 0644, "first", "new one\n", false }
  };
  ASSERT_TRUE(write_tree(out, only_a, "c", options));
  EXPECT_EQ(read_text((out / "a/one.conf").string()), "new one\n");
  EXPECT_EQ(read_text((out / "c/three.conf").string()), "three\n");
  EXPECT_FALSE(fs::exists(out / "b/two.key"));
}

TEST(Writer, MissingParentIsAnError)
{
  auto result = write_tree("/nonexistent-dualstack-parent/out", sample(), "c");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("does not exist"), std::string::npos);
}

} // namespace
} // namespace dualstack::render
