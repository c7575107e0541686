// ping -D parsing and the outage / loss arithmetic of the failover figures.
#include <dualstack/lab/probe.hpp>

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace dualstack::lab {
namespace {

ProbeSeries series_with_gap(double from, double to)
{
  ProbeSeries s;
  s.start = 100.0;
  s.end = 103.0;
  long seq = 1;
  for (double t = 100.0; t < 103.0; t += 0.01, ++seq) {
    if (t > from && t < to)
      continue;
    s.replies.push_back({ seq, t });
  }
  return s;
}

TEST(Probe, ParsesPingWithTimestampsAndDropsDuplicates)
{
  const auto replies = parse_ping(
    "PING 10.244.0.2 (10.244.0.2) 56(84) bytes of data.\n"
    "[1732713600.100000] 64 bytes from 10.244.0.2: icmp_seq=1 ttl=62 time=0.5 ms\n"
    "[1732713600.110000] From 172.30.154.4 icmp_seq=2 Destination Net Unreachable\n"
    "[1732713600.120000] 64 bytes from 10.244.0.2: icmp_seq=3 ttl=62 time=0.5 ms\n"
    "[1732713600.121000] 64 bytes from 10.244.0.2: icmp_seq=3 ttl=62 time=0.5 ms (DUP!)\n"
    "[1732713600.130000] 64 bytes from fdff:2::2: icmp_seq=4 ttl=62 time=0.5 ms\n");
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[1].seq, 3);
  EXPECT_DOUBLE_EQ(replies[0].t, 1732713600.1);
}

TEST(Probe, OutageIsTheLargestGapEndingInTheWindowAfterTheEvent)
{
  const auto s = series_with_gap(101.0, 101.4);
  const Gap gap = outage_after(s, 100.995, 2.5);
  ASSERT_TRUE(gap.recovered());
  EXPECT_NEAR(gap.length(), 0.41, 0.011);
  EXPECT_NEAR(gap.before, 101.0, 0.011);
  EXPECT_EQ(lost_probes(s), 40);
}

TEST(Probe, NoReplyAfterTheEventIsNoRecovery)
{
  ProbeSeries s;
  s.start = 100;
  s.replies = { { 1, 100.0 }, { 2, 100.01 } };
  EXPECT_FALSE(outage_after(s, 100.5, 2.5).recovered());
}

TEST(Probe, AnOutageLongerThanTheWindowEndsAtTheFirstReplyAfterTheEvent)
{
  const auto s = series_with_gap(100.5, 102.9);
  const Gap gap = outage_after(s, 100.5, 1.0);
  ASSERT_TRUE(gap.recovered());
  EXPECT_NEAR(gap.length(), 2.4, 0.02);
}

TEST(Probe, TrafficThatStopsAgainUntilTheEndIsNoRecovery)
{
  // A short gap right after the event, then silence from 102.0 until the probes end at 103.0:
  // the clients were cut off again (a resumed master with stale sessions), not recovered.
  auto s = series_with_gap(101.0, 101.2);
  std::erase_if(s.replies, [](const Reply& r) { return r.t > 102.0; });
  const Gap gap = outage_after(s, 100.995, 2.5);
  EXPECT_FALSE(gap.recovered());
  EXPECT_NEAR(gap.before, 102.0, 0.011);
  // The same series with replies up to its end is the short gap.
  EXPECT_NEAR(outage_after(series_with_gap(101.0, 101.2), 100.995, 2.5).length(), 0.21, 0.011);
}

TEST(Probe, NoLossMeansOnlyIntervalGaps)
{
  const auto s = series_with_gap(200, 200);
  EXPECT_EQ(lost_probes(s), 0);
  EXPECT_NEAR(largest_gap(s).length(), 0.01, 0.001);
}

} // namespace
} // namespace dualstack::lab
