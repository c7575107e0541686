// `dualstack migrate` through the real binary: the README example, refusals printed like
// `check`, identical configs, the output directory all or nothing, the JSON shape.
#include "support/config_builder.hpp"
#include "support/run_binary.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace dualstack {
namespace {

using testing::ConfigBuilder;
using testing::run_dualstack;
using testing::TempDir;

std::string example(const std::string& name)
{
  return std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name + "/config.toml";
}

// Copies examples/NAME/config.toml into `dir` (render records WireGuard slots beside a config:
// never beside the repository's examples) and returns the copy's path.
std::string copy_example(const std::string& name, const std::string& dir)
{
  std::filesystem::create_directories(dir + "/" + name);
  const std::string path = dir + "/" + name + "/config.toml";
  testing::write_text(path, testing::read_text(example(name)));
  return path;
}

// Writes a v4 cluster and the same cluster with a larger pod block size (refused) into `dir`.
std::pair<std::string, std::string> refused_pair(const std::string& dir)
{
  const std::string old_path = dir + "/old.toml";
  const std::string new_path = dir + "/new.toml";
  testing::write_text(old_path, ConfigBuilder().set("terraform", "ipv6_enabled", "false").text());
  testing::write_text(
    new_path, ConfigBuilder().set("kubernetes.network.calico", "block_size_v4", "27").text());
  return { old_path, new_path };
}

TEST(MigrateCommand, ReadmeExamplePrintsNumberedSteps)
{
  const auto r = run_dualstack({ "migrate", example("ipv4-only"), example("yaook-default") });
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("Adds IPv6 to the running cluster (IPv4 stays primary): 33 steps"),
            std::string::npos)
    << r.out;
  EXPECT_NE(
    r.out.find("  1   Terraform: the IPv6 subnet fd00::/120 and its router interface  [network]\n"),
    std::string::npos)
    << r.out;
  EXPECT_NE(r.out.find(" 11 ! Gateway managed-k8s-gw-0 (the master, last"), std::string::npos)
    << r.out;
  EXPECT_NE(r.out.find("NOTE      Impossible in place on Kubernetes 1.31.4"), std::string::npos)
    << r.out;
  EXPECT_NE(r.out.find(
              "verify    node-known, node-internal-ip, node-pod-cidrs (Node managed-k8s-worker-0)"),
            std::string::npos)
    << r.out;
}

TEST(MigrateCommand, IdenticalConfigsHaveNothingToDo)
{
  TempDir dir("migrate");
  const std::string out = dir.path() + "/out";
  const auto r =
    run_dualstack({ "migrate", example("yaook-default"), example("yaook-default"), "-o", out });
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to do"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto j = run_dualstack(
    { "migrate", example("yaook-default"), example("yaook-default"), "--format", "json" });
  EXPECT_EQ(j.status, 0);
  const auto json = nlohmann::json::parse(j.out);
  EXPECT_TRUE(json["steps"].empty());
  EXPECT_TRUE(json["refusals"].empty());
}

TEST(MigrateCommand, RefusalsPrintLikeCheckAtTheNewValue)
{
  TempDir dir("migrate");
  const auto [old_path, new_path] = refused_pair(dir.path());
  const auto r = run_dualstack({ "migrate", old_path, new_path });
  EXPECT_EQ(r.status, 1);
  const std::string text = testing::read_text(new_path);
  const std::size_t at = text.find("block_size_v4 = 27");
  ASSERT_NE(at, std::string::npos);
  const int line =
    static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
  const std::string head =
    new_path + ":" + std::to_string(line) + ":17: error[migrate-pool-block-size]: ";
  EXPECT_EQ(r.out.substr(0, head.size()), head) << r.out;
  EXPECT_NE(r.out.find("block_size_v4 = 27\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("^~"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hint: keep 26\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("migrate: refused"), std::string::npos) << r.out;
}

TEST(MigrateCommand, WritesEveryFileTheStepsName)
{
  TempDir dir("migrate");
  const std::string out = dir.path() + "/out";
  const auto r = run_dualstack(
    { "migrate", example("ipv4-only"), example("yaook-default"), "-o", out, "--format", "json" });
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["output"], out);
  for (const auto& step : json["steps"]) {
    for (const auto& file : step["files"]) {
      EXPECT_TRUE(std::filesystem::exists(out + "/" + file["path"].get<std::string>())) << file;
    }
  }
  EXPECT_TRUE(std::filesystem::exists(out + "/MANIFEST.json"));
  EXPECT_TRUE(std::filesystem::exists(out + "/migrate/STEPS.txt"));
  EXPECT_EQ(nlohmann::json::parse(testing::read_text(out + "/migrate/steps.json"))["steps"],
            json["steps"]);
  // The Terraform of step 1 is the new config's, byte for byte what `render` writes.
  const std::string rendered = dir.path() + "/rendered";
  ASSERT_EQ(
    run_dualstack({ "render", copy_example("yaook-default", dir.path()), "-o", rendered }).status,
    0);
  EXPECT_EQ(testing::read_text(out + "/terraform/main.tf.json"),
            testing::read_text(rendered + "/terraform/main.tf.json"));
  // No new key warning: there were no keys to reuse, and the warning says so.
  EXPECT_NE(r.err.find("new WireGuard key"), std::string::npos) << r.err;
}

TEST(MigrateCommand, ReusesTheRunningClustersKeys)
{
  TempDir dir("migrate");
  const std::string running = dir.path() + "/running";
  ASSERT_EQ(
    run_dualstack({ "render", copy_example("ipv4-only", dir.path()), "-o", running }).status, 0);
  const std::string out = dir.path() + "/out";
  const auto r = run_dualstack({ "migrate",
                                 example("ipv4-only"),
                                 example("yaook-default"),
                                 "-o",
                                 out,
                                 "--keys-from",
                                 running });
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(testing::read_text(out + "/secrets/wireguard-wg0.key"),
            testing::read_text(running + "/secrets/wireguard-wg0.key"));
}

TEST(MigrateCommand, OutputDirectoryIsAllOrNothing)
{
  TempDir dir("migrate");
  const std::string out = dir.path() + "/out";
  std::filesystem::create_directories(out);
  testing::write_text(out + "/keep.txt", "before\n");
  // Refused: the directory stays exactly as it was.
  const auto [old_path, new_path] = refused_pair(dir.path());
  EXPECT_EQ(run_dualstack({ "migrate", old_path, new_path, "-o", out }).status, 1);
  EXPECT_EQ(testing::read_text(out + "/keep.txt"), "before\n");
  EXPECT_EQ(
    std::distance(std::filesystem::directory_iterator(out), std::filesystem::directory_iterator{}),
    1);
  // Unwritable (its parent is a file): exit 2, nothing written.
  const std::string file = dir.path() + "/a-file";
  testing::write_text(file, "x");
  const auto bad = run_dualstack(
    { "migrate", example("ipv4-only"), example("yaook-default"), "-o", file + "/out" });
  EXPECT_EQ(bad.status, 2) << bad.out << bad.err;
  EXPECT_EQ(testing::read_text(file), "x");
  // A directory holding files no render wrote is never replaced: exit 2, untouched.
  const auto foreign =
    run_dualstack({ "migrate", example("ipv4-only"), example("yaook-default"), "-o", out });
  EXPECT_EQ(foreign.status, 2) << foreign.out << foreign.err;
  EXPECT_NE(foreign.err.find("keep.txt"), std::string::npos) << foreign.err;
  EXPECT_EQ(testing::read_text(out + "/keep.txt"), "before\n");
  EXPECT_EQ(
    std::distance(std::filesystem::directory_iterator(out), std::filesystem::directory_iterator{}),
    1);
  // Written into a fresh directory, then again: the second run reuses DIR's keys, same tree.
  const std::string fresh = dir.path() + "/fresh";
  ASSERT_EQ(
    run_dualstack({ "migrate", example("ipv4-only"), example("yaook-default"), "-o", fresh })
      .status,
    0);
  const std::string manifest = testing::read_text(fresh + "/MANIFEST.json");
  const auto again =
    run_dualstack({ "migrate", example("ipv4-only"), example("yaook-default"), "-o", fresh });
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(again.err, ""); // no new key this time
  EXPECT_EQ(testing::read_text(fresh + "/MANIFEST.json"), manifest);
}

TEST(MigrateCommand, JsonShape)
{
  const auto r = run_dualstack(
    { "migrate", example("ipv4-only"), example("yaook-default"), "--format", "json" });
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["adds"], nlohmann::json::array({ "ipv6" }));
  EXPECT_TRUE(json["output"].is_null());
  EXPECT_TRUE(json["refusals"].empty());
  ASSERT_EQ(json["steps"].size(), 33u);
  const auto& first = json["steps"][0];
  for (const char* key : { "number",
                           "id",
                           "title",
                           "changes",
                           "disruptive",
                           "disruption",
                           "files",
                           "commands",
                           "checks",
                           "verify",
                           "verify_scope",
                           "notes",
                           "done",
                           "rollback" }) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first["number"], 1);
  EXPECT_EQ(first["id"], "network");
  EXPECT_EQ(first["disruptive"], false);
  EXPECT_EQ(first["files"][0]["path"], "terraform/main.tf.json");
  EXPECT_EQ(first["commands"][0]["on"], "operator");
  EXPECT_TRUE(first["commands"][0]["run"].is_string());
  EXPECT_TRUE(json["steps"][10]["disruptive"].get<bool>()); // the gateway master
  EXPECT_EQ(json["steps"][10]["id"], "gateway-managed-k8s-gw-0");
  EXPECT_FALSE(json["steps"][10]["rollback"].empty());
  EXPECT_EQ(json["steps"][10]["done"]["on"], "managed-k8s-gw-0");

  TempDir dir("migrate");
  const auto [old_path, new_path] = refused_pair(dir.path());
  const auto refused = run_dualstack({ "migrate", old_path, new_path, "--format", "json" });
  EXPECT_EQ(refused.status, 1);
  const auto rj = nlohmann::json::parse(refused.out);
  EXPECT_TRUE(rj["steps"].empty());
  ASSERT_EQ(rj["refusals"].size(), 1u);
  EXPECT_EQ(rj["refusals"][0]["rule"], "migrate-pool-block-size");
  EXPECT_EQ(rj["refusals"][0]["file"], new_path);
  EXPECT_EQ(rj["refusals"][0]["column"], 17);
  EXPECT_EQ(rj["refusals"][0]["hint"], "keep 26");
}

TEST(MigrateCommand, UnusableInputExitsTwo)
{
  const auto r = run_dualstack({ "migrate", "/nonexistent/old.toml", example("yaook-default") });
  EXPECT_EQ(r.status, 2);
}

} // namespace
} // namespace dualstack
