// CLI tests through the real binary: `dualstack gen-dump` then `dualstack verify --from`, with
// the exit status of each outcome (0 pass, 1 findings, 2 unusable input).
#include "support/run_binary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <tuple>

namespace dualstack::verify {
namespace {

using dualstack::testing::read_text;
using dualstack::testing::run_dualstack;
using dualstack::testing::TempDir;
using dualstack::testing::write_text;

const std::string seed_config = std::string(DUALSTACK_SOURCE_DIR) + "/examples/seed/config.toml";

void gen_dump(const std::string& dir, int defects)
{
  const auto gen = run_dualstack({ "gen-dump",
                                   seed_config,
                                   "--out",
                                   dir,
                                   "--pods",
                                   "900",
                                   "--services",
                                   "200",
                                   "--endpointslices",
                                   "150",
                                   "--defects",
                                   std::to_string(defects),
                                   "--seed",
                                   "11",
                                   "--quiet" });
  ASSERT_EQ(gen.status, 0) << gen.err;
  EXPECT_THAT(gen.out, ::testing::HasSubstr("6 nodes, 900 pods, 200 services, 150 EndpointSlices"));
}

TEST(VerifyCommand, ACleanDumpPassesWithExitZero)
{
  TempDir dir("verify-cli");
  gen_dump(dir.path(), 0);
  const auto run = run_dualstack({ "verify", seed_config, "--from", dir.path() });
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_THAT(
    run.out,
    ::testing::StartsWith("verify: 21 checks: 21 passed, 0 failed, 0 skipped; 0 findings"));
  EXPECT_EQ(run.err, ""); // small files: no progress lines
}

TEST(VerifyCommand, PlantedDefectsAreExactlyTheJsonFindingsWithExitOne)
{
  TempDir dir("verify-cli");
  gen_dump(dir.path(), 21);
  const auto run =
    run_dualstack({ "verify", seed_config, "--from", dir.path(), "--format", "json" });
  EXPECT_EQ(run.status, 1) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  const auto defects = nlohmann::json::parse(read_text(dir.path() + "/defects.json"));
  std::multiset<std::tuple<std::string, std::string, std::string, std::string>> found, planted;
  for (const auto& f : report["findings"]) {
    found.insert({ f["check"].get<std::string>(),
                   f["kind"].get<std::string>(),
                   f["namespace"].get<std::string>(),
                   f["name"].get<std::string>() });
  }
  for (const auto& d : defects) {
    planted.insert({ d["check"].get<std::string>(),
                     d["kind"].get<std::string>(),
                     d["namespace"].get<std::string>(),
                     d["name"].get<std::string>() });
  }
  EXPECT_EQ(found.size(), 21u);
  EXPECT_EQ(found, planted);
  EXPECT_EQ(report["summary"]["exit_status"], 1);
}

TEST(VerifyCommand, ATruncatedDumpIsUnusableWithExitTwo)
{
  TempDir dir("verify-cli");
  gen_dump(dir.path(), 0);
  const std::string pods = read_text(dir.path() + "/pods.json");
  write_text(dir.path() + "/pods.json", pods.substr(0, pods.size() / 2));
  const auto run = run_dualstack({ "verify", seed_config, "--from", dir.path() });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.out, ::testing::HasSubstr("error: pods.json: byte "));
  EXPECT_THAT(run.out, ::testing::HasSubstr(": truncated: the input ends inside item "));
  EXPECT_THAT(run.out,
              ::testing::HasSubstr("  skip  pod-ip-unique               pods.json is unusable\n"));
}

TEST(VerifyCommand, MissingFilesAreSkippedAndSaidSo)
{
  TempDir dir("verify-cli");
  gen_dump(dir.path(), 0);
  std::remove((dir.path() + "/bgppeers.json").c_str());
  const auto run =
    run_dualstack({ "verify", seed_config, "--from", dir.path(), "--format", "junit" });
  EXPECT_EQ(run.status, 0);
  EXPECT_THAT(run.out,
              ::testing::HasSubstr(
                "name=\"calico-bgp-peer\">\n      <skipped message=\"bgppeers.json not found in "));
}

TEST(VerifyCommand, AMissingDirectoryIsUnusable)
{
  const auto run = run_dualstack({ "verify", seed_config, "--from", "/nonexistent/dump" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.out, ::testing::HasSubstr("error: /nonexistent/dump: not a directory"));
}

TEST(VerifyCommand, AnUnknownFormatIsAUsageError)
{
  const auto run = run_dualstack({ "verify", seed_config, "--from", "/tmp", "--format", "xml" });
  EXPECT_EQ(run.status, 2);
}

} // namespace
} // namespace dualstack::verify
