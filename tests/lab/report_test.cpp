// The lab's results: JSON keys scripts rely on, the table's failure evidence, the SVG timeline.
#include <dualstack/lab/report.hpp>
#include <dualstack/lab/svg_timeline.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dualstack::lab {
namespace {

using ::testing::HasSubstr;

Report sample()
{
  Report report;
  report.lab_id = "a1b2";
  ScenarioResult s;
  s.key = "lb_master_failure";
  s.number = 3;
  s.title = "LB-master failure (SIGKILL)";
  s.asserts = "traffic recovers";
  auto& v4 = s.family(net::Family::ipv4);
  v4.check("traffic recovered", true);
  v4.figures["outage_s"] = 0.377;
  auto& v6 = s.family(net::Family::ipv6);
  v6.check("traffic recovered", false);
  v6.evidence = "    birdc> gw_vip_ipv6 BGP --- start Active\n";
  report.scenarios.push_back(s);
  return report;
}

TEST(LabReport, JsonNamesEachFailoverFigureOutageSUnderScenarioAndFamily)
{
  const auto j = to_json(sample());
  EXPECT_FALSE(j["passed"].get<bool>());
  EXPECT_DOUBLE_EQ(j["scenarios"]["lb_master_failure"]["ipv4"]["outage_s"].get<double>(), 0.377);
  EXPECT_TRUE(j["scenarios"]["lb_master_failure"]["ipv4"]["passed"].get<bool>());
  EXPECT_FALSE(j["scenarios"]["lb_master_failure"]["ipv6"]["passed"].get<bool>());
  EXPECT_FALSE(j["scenarios"]["lb_master_failure"]["passed"].get<bool>());
}

TEST(LabReport, TableShowsEveryRowAndTheEvidenceOfFailures)
{
  const std::string table = format_table(sample());
  EXPECT_THAT(table, HasSubstr("outage_s=0.377"));
  EXPECT_THAT(table, HasSubstr("FAILED: 3 LB-master failure (SIGKILL) (IPv6)"));
  EXPECT_THAT(table, HasSubstr("birdc> gw_vip_ipv6 BGP --- start Active"));
  EXPECT_THAT(table, HasSubstr("1 of 2 scenario runs passed"));
}

TEST(LabReport, ASkippedFamilyPassesAndSaysWhyInTableAndJson)
{
  Report report;
  ScenarioResult s;
  s.key = "loadbalancer";
  s.number = 7;
  s.title = "LoadBalancer IP from the client";
  s.family(net::Family::ipv4).check("TLS answered", true);
  s.family(net::Family::ipv6).skip("no loadbalancer_pool_v6 ([kubernetes.network])");
  report.scenarios.push_back(s);
  EXPECT_TRUE(report.passed());
  const auto j = to_json(report);
  EXPECT_TRUE(j["scenarios"]["loadbalancer"]["ipv6"]["passed"].get<bool>());
  EXPECT_EQ(j["scenarios"]["loadbalancer"]["ipv6"]["skipped"],
            "no loadbalancer_pool_v6 ([kubernetes.network])");
  EXPECT_FALSE(j["scenarios"]["loadbalancer"]["ipv4"].contains("skipped"));
  const std::string table = format_table(report);
  EXPECT_THAT(table, HasSubstr("IPv6   skip   no loadbalancer_pool_v6 ([kubernetes.network])"));
  EXPECT_THAT(table, HasSubstr("2 of 2 scenario runs passed (1 skipped"));
}

TEST(LabReport, AScenarioWithoutChecksDidNotPass)
{
  ScenarioResult s;
  s.family(net::Family::ipv4);
  EXPECT_FALSE(s.passed());
}

TEST(SvgTimeline, ShadesTheOutageAndMarksTheEvent)
{
  ProbeSeries s;
  s.family = net::Family::ipv6;
  s.target = "fdff:2::2";
  s.start = 10;
  s.end = 14;
  s.replies = { { 1, 10.5 }, { 2, 11.0 }, { 3, 11.4 }, { 4, 12.0 } };
  const std::string svg = svg_timeline("Failover <gw-0>", 11.05, { { s, { 11.0, 11.4 }, "" } });
  EXPECT_THAT(svg_timeline("Failover", 11.05, { { s, { 11.0, 11.4 }, "fixed peer" } }),
              HasSubstr("IPv6 fixed peer \u2192 fdff:2::2"))
    << "with two clients each row names whose probes it shows";
  EXPECT_THAT(svg, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, HasSubstr("outage 0.400 s"));
  EXPECT_THAT(svg, HasSubstr("Failover &lt;gw-0&gt;"));
  EXPECT_THAT(svg, HasSubstr("IPv6 → fdff:2::2"));
  EXPECT_THAT(svg, HasSubstr(">event<"));
  EXPECT_THAT(svg, HasSubstr("</svg>"));
}

} // namespace
} // namespace dualstack::lab
