// A failed run's evidence: what is copied out of the run directory (logs, keepalived dumps; never a
// key or the render tree), and messages that name a log name its copy.
#include <dualstack/lab/snapshot.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace dualstack::lab {
namespace {

namespace fs = std::filesystem;

class SnapshotTest : public ::testing::Test
{
protected:
  void SetUp() override
  {
    m_root = fs::temp_directory_path() /
             ("dualstack-snapshot-test-" + std::to_string(std::random_device{}()));
    m_lab.state.run_dir = (m_root / "run").string();
    m_lab.topology.prefix = "dslzz99-"; // no namespace of that name exists
    write("gw1/keepalived.log", "VRRP_Instance(lab_ipv4) Entering BACKUP STATE\n");
    write("gw1/keepalived.data", "------< Global definitions >------\n");
    write("gw1/bird.log", "bird: Started\n");
    write("client.key", "a private key\n");
    write("render/secrets/wireguard-wg0.key", "the gateways' private key\n");
    write("render/gateways/gw-0/haproxy.log", "not a daemon's log\n");
  }
  void TearDown() override
  {
    std::error_code ec;
    fs::remove_all(m_root, ec);
  }
  void write(const std::string& relative, const std::string& text)
  {
    const fs::path path = fs::path(m_lab.state.run_dir) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  fs::path m_root;
  LabContext m_lab;
};

TEST_F(SnapshotTest, CopiesTheDaemonsLogsAndDumpsButNoKeyAndNoRenderTree)
{
  const std::string dir = (m_root / "results" / "snapshot").string();
  auto kept = take_snapshot(m_lab, dir);
  ASSERT_TRUE(kept) << kept.error();
  EXPECT_EQ(*kept, dir);
  EXPECT_TRUE(fs::exists(dir + "/gw1/keepalived.log"));
  EXPECT_TRUE(fs::exists(dir + "/gw1/keepalived.data"));
  EXPECT_TRUE(fs::exists(dir + "/gw1/bird.log"));
  EXPECT_FALSE(fs::exists(dir + "/client.key"));
  EXPECT_FALSE(fs::exists(dir + "/render"));
}

TEST_F(SnapshotTest, MessagesNamingAFileOfTheRunDirectoryNameItsCopy)
{
  const std::string message = "keepalived on lab-gw-1 started no VRRP process within 5 s; see " +
                              m_lab.state.run_dir + "/gw1/keepalived.log";
  EXPECT_EQ(point_at_snapshot(m_lab, "/var/tmp/results/snapshot", message),
            "keepalived on lab-gw-1 started no VRRP process within 5 s; see "
            "/var/tmp/results/snapshot/gw1/keepalived.log");
  EXPECT_EQ(point_at_snapshot(m_lab, "/x", "nothing to point at"), "nothing to point at");
}

TEST_F(SnapshotTest, KeepEvidenceLeavesAPassedReportAloneAndPointsAFailedOneAtTheCopy)
{
  Report report;
  report.results_dir = (m_root / "results").string();
  ScenarioResult s;
  s.key = "migration";
  s.family(net::Family::ipv4).check("ok", true);
  report.scenarios.push_back(s);
  ASSERT_TRUE(keep_evidence(m_lab, report));
  EXPECT_TRUE(report.snapshot.empty());
  EXPECT_FALSE(fs::exists(report.results_dir + "/snapshot"));

  report.scenarios.front()
    .family(net::Family::ipv4)
    .check("a step failed: see " + m_lab.state.run_dir + "/gw1/keepalived.log", false);
  ASSERT_TRUE(keep_evidence(m_lab, report));
  EXPECT_EQ(report.snapshot, report.results_dir + "/snapshot");
  EXPECT_EQ(report.scenarios.front().families.front().checks.back().what,
            "a step failed: see " + report.snapshot + "/gw1/keepalived.log");
  EXPECT_TRUE(fs::exists(report.snapshot + "/gw1/keepalived.log"));
}

} // namespace
} // namespace dualstack::lab
