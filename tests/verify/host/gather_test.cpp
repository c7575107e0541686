// `verify --gather`: per-node and cluster JSON reports read back and merged into one report;
// nodes without a report and unreadable reports are caught.
#include "support/run_binary.hpp"
#include "verify/host/host_test_support.hpp"

#include <dualstack/verify/gather.hpp>
#include <dualstack/verify/host/host_checks.hpp>
#include <dualstack/verify/report_writer.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace dualstack::verify::host::testing {
namespace {

using dualstack::testing::TempDir;
using dualstack::testing::write_text;
using verify::testing::flagged;

std::string json_of(const Report& report)
{
  std::ostringstream out;
  write_json(report, out);
  return out.str();
}

const CheckResult& result(const Report& report, std::string_view id)
{
  for (const auto& check : report.checks) {
    if (check.id == id)
      return check;
  }
  throw std::logic_error("no check " + std::string(id));
}

// Writes host reports of `nodes` into `dir`; test-worker-0's IPv6 forwarding is off.
void write_host_reports(const plan::Plan& plan,
                        const std::string& dir,
                        const std::vector<std::string>& nodes)
{
  for (const auto& name : nodes) {
    HostState state = state_of();
    if (name == "test-worker-0")
      state.forwarding_ipv6 = false;
    // Every node sees the same routes; only its own address differs.
    state.addresses[2].address = *plan.host(name)->address(net::Family::ipv4);
    state.addresses[3].address = *plan.host(name)->address(net::Family::ipv6);
    write_text(dir + "/" + name + ".json", json_of(check_host(plan, *plan.host(name), state)));
  }
}

TEST(Gather, ReadsBackWhatWriteJsonWrote)
{
  const plan::Plan plan = host_plan();
  HostState state = state_of();
  state.forwarding_ipv4 = false;
  const Report original = check_host(plan, *plan.host("test-worker-0"), state);
  const auto read = read_json_report(json_of(original), "w0.json");
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(json_of(*read), json_of(original));
}

TEST(Gather, MergesNodeAndClusterReportsAndNamesNodesThatDidNotReport)
{
  const plan::Plan plan = host_plan();
  TempDir dir("gather");
  write_host_reports(plan, dir.path(), { "test-master-0", "test-worker-0" });
  const Report cluster =
    verify::testing::run(plan,
                         { { Resource::nodes, verify::testing::clean_nodes() },
                           { Resource::services, verify::testing::clean_services() } });
  write_text(dir.path() + "/cluster.json", json_of(cluster));
  write_text(dir.path() + "/notes.txt", "not a report, not read");

  const Report report = gather_reports(plan, dir.path());
  EXPECT_TRUE(report.errors.empty());
  EXPECT_EQ(report.nodes, (std::vector<std::string>{ "test-master-0", "test-worker-0" }));
  EXPECT_EQ(report.checks.size(), check_count + host_checks().size() + 1);
  EXPECT_EQ(report.checks.front().id, "node-known"); // cluster checks first, in catalog order
  EXPECT_EQ(report.checks.back().id, "host-reported");
  EXPECT_EQ(result(report, "node-internal-ip").status, CheckStatus::passed);
  EXPECT_EQ(result(report, "node-internal-ip").group, "nodes");
  EXPECT_EQ(result(report, "pod-ip-unique").status, CheckStatus::skipped);
  EXPECT_EQ(result(report, "host-address").status, CheckStatus::passed);
  EXPECT_EQ(result(report, "host-address").objects, 4u); // two nodes, two families
  EXPECT_EQ(result(report, "host-forwarding").status, CheckStatus::failed);
  EXPECT_EQ(result(report, "host-forwarding").failed, 1u);
  EXPECT_EQ(flagged(report, "host-forwarding"), std::vector<std::string>{ "test-worker-0" });
  EXPECT_EQ(flagged(report, "host-reported"), std::vector<std::string>{ "test-worker-1" });
  EXPECT_EQ(result(report, "host-reported").objects, 3u);
  EXPECT_TRUE(report.resources[static_cast<std::size_t>(Resource::nodes)].read);
  EXPECT_EQ(report.scope, "3 reports from 2 nodes");
  EXPECT_EQ(report.exit_status(), exit_findings);
}

TEST(Gather, EveryNodeReportingCleanlyPasses)
{
  const plan::Plan plan = host_plan();
  TempDir dir("gather");
  write_host_reports(plan, dir.path(), { "test-master-0", "test-worker-1" });
  HostState state = state_of();
  write_text(dir.path() + "/test-worker-0.json",
             json_of(check_host(plan, *plan.host("test-worker-0"), state)));
  const Report report = gather_reports(plan, dir.path());
  EXPECT_EQ(report.exit_status(), exit_ok)
    << (report.findings.empty() ? "" : report.findings[0].message);
}

TEST(Gather, AnUnreadableReportIsUnusable)
{
  const plan::Plan plan = host_plan();
  TempDir dir("gather");
  write_host_reports(plan, dir.path(), { "test-master-0", "test-worker-0", "test-worker-1" });
  write_text(dir.path() + "/test-worker-2.json",
             "dualstack verify: `x` is not a host of the Plan\n");
  write_text(dir.path() + "/other.json", R"({"kind":"List","items":[]})");
  const Report report = gather_reports(plan, dir.path());
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_EQ(report.errors[0].to_string(),
            "other.json: not a verify report (no summary.checks and findings)");
  EXPECT_EQ(
    report.errors[1].to_string(),
    "test-worker-2.json: not JSON (expected the output of `dualstack verify ... --format json`)");
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

TEST(Gather, AReportThatWasUnusableStaysUnusable)
{
  Report failed;
  InputError error;
  error.source = "host";
  error.message = "cannot run `ip -j addr show`: not found";
  failed.errors.push_back(error);
  const auto read = read_json_report(json_of(failed), "test-worker-0.json");
  ASSERT_TRUE(read);
  ASSERT_EQ(read->errors.size(), 1u);
  EXPECT_EQ(read->errors[0].to_string(),
            "test-worker-0.json: host: cannot run `ip -j addr show`: not found");
}

TEST(Gather, AnEmptyDirectoryIsUnusable)
{
  TempDir dir("gather");
  const Report report = gather_reports(host_plan(), dir.path());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].message.find("holds no verify reports"), std::string::npos);
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

} // namespace
} // namespace dualstack::verify::host::testing
