// `dualstack lab` on the command line: help that teaches, errors a person can act on.
#include "support/run_binary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

namespace dualstack::lab {
namespace {

using ::testing::HasSubstr;
using testing::run_dualstack;

TEST(LabCommand, TestHelpNamesEveryScenarioAndTheOutageFigure)
{
  const auto run = run_dualstack({ "lab", "test", "--help" });
  EXPECT_EQ(run.status, 0);
  EXPECT_THAT(run.out, HasSubstr("--keep"));
  EXPECT_THAT(run.out, HasSubstr("--format"));
  EXPECT_THAT(run.out, HasSubstr("LB-master failure by SIGKILL"));
  EXPECT_THAT(run.out, HasSubstr("outage_s"));
}

TEST(LabCommand, AMissingConfigIsUnusableInputAndNothingIsBuilt)
{
  const auto run = run_dualstack({ "lab", "up", "/nonexistent/config.toml", "--id", "dead" });
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr("/nonexistent/config.toml"));
}

TEST(LabCommand, DownOfAnUnknownLabSaysSo)
{
  if (geteuid() != 0)
    GTEST_SKIP() << "lab down needs root";
  const auto run = run_dualstack({ "lab", "down", "--id", "fffff" });
  EXPECT_EQ(run.status, 1);
  EXPECT_THAT(run.err, HasSubstr("no lab `fffff`"));
}

TEST(LabCommand, NodesBelowOneIsAUsageError)
{
  const auto run = run_dualstack({ "lab", "up", "tests/lab/config.toml", "--nodes", "0" });
  EXPECT_EQ(run.status, 2);
}

} // namespace
} // namespace dualstack::lab
