// BIRD's verbose replies: only its error reply codes (8xxx, 9xxx) make a failed command.
#include <dualstack/lab/migration_commands.hpp>

#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

TEST(LabBirdcError, AProtocolInErrorStateIsNoFailedCommand)
{
  // `birdc -v show protocols` on a backup whose old VIP-sourced node session timed out.
  const std::string reply =
    "0001 BIRD 2.0.12 ready.\n"
    "2002-Name       Proto      Table      State  Since         Info\n"
    "1002-lab_master_0_ipv4 BGP        ---        start  01:02:03.456  Idle "
    "         BGP Error: Hold timer expired\n"
    " lab_worker_0_ipv4 BGP        ---        up     01:02:01.000  Established\n"
    "0000 \n";
  EXPECT_EQ(birdc_error(reply), std::nullopt);
}

TEST(LabBirdcError, RunTimeAndParseErrorsAreFailuresWithTheirLines)
{
  EXPECT_EQ(birdc_error("0001 BIRD 2.0.12 ready.\n8002 /etc/bird/bird.conf:12:3 syntax error\n"),
            "8002 /etc/bird/bird.conf:12:3 syntax error");
  EXPECT_EQ(
    birdc_error("0001 BIRD 2.0.12 ready.\n9001 syntax error, unexpected CF_SYM_UNDEFINED\n"),
    "9001 syntax error, unexpected CF_SYM_UNDEFINED");
  EXPECT_EQ(
    birdc_error("0001 BIRD 2.0.12 ready.\n0002-Reading configuration from /etc/bird/bird.conf\n"
                "0003 Reconfigured\n"),
    std::nullopt);
}

} // namespace
} // namespace dualstack::lab
