// One HTTPS request with curl from a lab namespace: the family is forced, the certificate is
// verified when a CA is given, and the answer, the address and the timings are read back.
#include <dualstack/lab/tls_request.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace dualstack::lab {
namespace {

using ::testing::Contains;
using ::testing::Not;

TEST(LabTlsRequest, ForcesTheFamilyAndVerifiesAgainstTheCaWhenGiven)
{
  const auto v6 =
    curl_argv({ "https://api.lab.example.com:8888/", net::Family::ipv6, "/run/ca.crt" });
  EXPECT_THAT(v6, Contains("-6"));
  EXPECT_THAT(v6, Not(Contains("-4")));
  EXPECT_THAT(v6, Not(Contains("-k")));
  const auto ca = std::find(v6.begin(), v6.end(), "--cacert");
  ASSERT_NE(ca, v6.end());
  EXPECT_EQ(*(ca + 1), "/run/ca.crt");
  EXPECT_EQ(v6.back(), "https://api.lab.example.com:8888/");
  const auto v4 = curl_argv({ "https://10.245.0.1:443/", net::Family::ipv4, "" });
  EXPECT_THAT(v4, Contains("-4"));
  EXPECT_THAT(v4, Contains("-k"));
  EXPECT_THAT(v4, Not(Contains("--cacert")));
}

TEST(LabTlsRequest, ReadsTheAnswerTheAddressAndTheTimings)
{
  const auto answer =
    parse_curl_output("dualstack lab listener: ok\n"
                      "dualstack-lab-curl remote_ip=fd00::2 connect=0.001234 tls=0.004567\n",
                      true);
  EXPECT_TRUE(answer.answered);
  EXPECT_EQ(answer.remote_ip, "fd00::2");
  EXPECT_DOUBLE_EQ(answer.connect_s, 0.001234);
  EXPECT_DOUBLE_EQ(answer.tls_s, 0.004567);
  EXPECT_EQ(answer.error, "");
}

TEST(LabTlsRequest, ReadsThePeerAddressTheListenerSaw)
{
  const auto answer =
    parse_curl_output("dualstack lab listener: ok\npeer 2001:db8:20::2\n"
                      "dualstack-lab-curl remote_ip=2001:db8:5100::200 connect=0.001 tls=0.002\n",
                      true);
  EXPECT_TRUE(answer.answered);
  EXPECT_EQ(answer.peer, "2001:db8:20::2");
  EXPECT_EQ(answer.remote_ip, "2001:db8:5100::200");
  EXPECT_EQ(parse_curl_output("dualstack lab listener: ok\n", true).peer, "");
}

TEST(LabTlsRequest, AFailedRequestKeepsCurlsMessage)
{
  const auto answer = parse_curl_output(
    "curl: (60) SSL: no alternative certificate subject name matches target host name "
    "'api.lab.example.com'\n\ndualstack-lab-curl remote_ip=172.30.154.2 connect=0.001 "
    "tls=0.000000\n",
    false);
  EXPECT_FALSE(answer.answered);
  EXPECT_EQ(answer.remote_ip, "172.30.154.2");
  EXPECT_THAT(answer.error, ::testing::HasSubstr("no alternative certificate subject name"));
  // The listener's body alone is not an answer when curl failed (e.g. timed out mid-transfer).
  EXPECT_FALSE(
    parse_curl_output(
      "dualstack lab listener: ok\ndualstack-lab-curl remote_ip=10.0.0.1 connect=0 tls=0\n", false)
      .answered);
}

TEST(LabTlsRequest, ANameThatDoesNotResolveLeavesNoAddress)
{
  const auto answer =
    parse_curl_output("curl: (6) Could not resolve host: api.lab.example.com\n\n"
                      "dualstack-lab-curl remote_ip= connect=0.000000 tls=0.000000\n",
                      false);
  EXPECT_FALSE(answer.answered);
  EXPECT_EQ(answer.remote_ip, "");
  EXPECT_EQ(answer.error, "curl: (6) Could not resolve host: api.lab.example.com");
  // curl's stderr after its stdout trailer: the message is kept all the same.
  const auto late = parse_curl_output(
    "\ndualstack-lab-curl remote_ip= connect=0 tls=0\ncurl: (6) Could not resolve host: x\n",
    false);
  EXPECT_EQ(late.remote_ip, "");
  EXPECT_EQ(late.error, "curl: (6) Could not resolve host: x");
}

} // namespace
} // namespace dualstack::lab
