// verify_cluster against the in-process API server: the same report as the dump intake, failed
// lists as report errors (exit 2), missing custom resources skipped.
#include "verify/kube/support/kube_test_support.hpp"
#include "verify/verify_test_support.hpp"

#include <dualstack/verify/kube/cluster_verifier.hpp>

#include <gtest/gtest.h>

namespace dualstack::verify::kube::testing {
namespace {

using verify::testing::json;

std::vector<std::string> dumped(const std::vector<json>& items)
{
  std::vector<std::string> out;
  for (const auto& item : items) {
    out.push_back(item.dump());
  }
  return out;
}

// Serves `lists` from `server` at each resource's list path.
void serve(TestApiServer& server, const std::map<Resource, std::vector<json>>& lists)
{
  for (const auto& [resource, items] : lists) {
    server.set_list(
      std::string(info(resource).list_path), std::string(info(resource).kind), dumped(items));
  }
}

HttpsClient make_client(const TestApiServer& server)
{
  auto client = HttpsClient::create(token_access(server), {});
  EXPECT_TRUE(client);
  return std::move(*client);
}

PagerOptions small_pages()
{
  PagerOptions options;
  options.page_size = 2;
  return options;
}

class EventLog : public VerifyObserver
{
public:
  void started(Resource resource, std::uint64_t) override
  {
    events.push_back("start " + std::string(info(resource).name));
  }
  void advanced(Resource resource, std::size_t items, std::uint64_t) override
  {
    events.push_back(fmt::format("{} {}", info(resource).name, items));
  }
  void finished(Resource resource, std::size_t items, bool ok) override
  {
    events.push_back(fmt::format("{} {} {}", ok ? "done" : "failed", info(resource).name, items));
  }
  std::vector<std::string> events;
};

const std::map<Resource, std::vector<json>>& cluster_lists()
{
  static const std::map<Resource, std::vector<json>> lists = [] {
    using namespace verify::testing;
    auto nodes = clean_nodes();
    // A planted defect: test-worker-1's IPv4 InternalIP is not the planned 10.0.0.22.
    nodes[2] =
      node("test-worker-1", { "10.0.0.99", "fd00::16" }, { "10.244.2.0/24", "fd00:10:244:2::/64" });
    return std::map<Resource, std::vector<json>>{
      { Resource::nodes, nodes },
      { Resource::services, clean_services() },
      { Resource::pods, {} },
      { Resource::endpointslices, {} },
      { Resource::configmaps, {} },
      { Resource::daemonsets, {} },
      { Resource::ippools, clean_ippools() },
    };
  }();
  return lists;
}

} // namespace

// Checks `live` against `dump`: the same counts per check and the same findings.
void expect_same_report(const Report& live, const Report& dump)
{
  ASSERT_EQ(live.checks.size(), dump.checks.size());
  for (std::size_t i = 0; i < live.checks.size(); ++i) {
    EXPECT_EQ(live.checks[i].status, dump.checks[i].status)
      << cluster_checks()[live.checks[i].check].id;
    EXPECT_EQ(live.checks[i].objects, dump.checks[i].objects)
      << cluster_checks()[live.checks[i].check].id;
    EXPECT_EQ(live.checks[i].failed, dump.checks[i].failed)
      << cluster_checks()[live.checks[i].check].id;
  }
  ASSERT_EQ(live.findings.size(), dump.findings.size());
  for (std::size_t i = 0; i < live.findings.size(); ++i) {
    EXPECT_EQ(live.findings[i].check, dump.findings[i].check);
    EXPECT_EQ(live.findings[i].name, dump.findings[i].name);
    EXPECT_EQ(live.findings[i].message, dump.findings[i].message);
  }
}

TEST(VerifyCluster, GivesTheSameChecksAndFindingsAsTheDumpIntake)
{
  const plan::Plan plan = verify::testing::test_plan();
  TestApiServer server;
  serve(server, cluster_lists());
  auto client = make_client(server);
  const Report live = verify_cluster(plan, client, small_pages());
  const Report dump = verify::testing::run(plan, cluster_lists());

  EXPECT_TRUE(live.errors.empty()) << live.errors.front().to_string();
  expect_same_report(live, dump);
  EXPECT_EQ(verify::testing::flagged(live, "node-internal-ip"),
            std::vector<std::string>{ "test-worker-1" });
  EXPECT_EQ(live.exit_status(), exit_findings);
}

TEST(VerifyCluster, RetriedPagesAndRestartedListsCountNothingTwice)
{
  // The defective node comes first, so its finding is recorded before the fault on page 2:
  // a restart must forget it, a retried page must not deliver it again.
  auto lists = cluster_lists();
  std::swap(lists[Resource::nodes][0], lists[Resource::nodes][2]);
  const plan::Plan plan = verify::testing::test_plan();
  const Report dump = verify::testing::run(plan, lists);
  ASSERT_EQ(verify::testing::flagged(dump, "node-internal-ip"),
            std::vector<std::string>{ "test-worker-1" });
  for (Fault fault :
       { Fault::status_410, Fault::truncated, Fault::status_429, Fault::status_500 }) {
    TestApiServer server;
    serve(server, lists);
    server.set_fault("/api/v1/nodes", fault, 1, 1);
    server.set_retry_after(1);
    auto client = make_client(server);
    PagerOptions options = small_pages();
    options.sleep = [](std::chrono::milliseconds) {};
    RecordingObserver warnings;
    const Report live = verify_cluster(plan, client, options, &warnings);
    SCOPED_TRACE(static_cast<int>(fault));
    EXPECT_TRUE(live.errors.empty()) << live.errors.front().to_string();
    EXPECT_EQ(warnings.warnings.size(), 1u);
    expect_same_report(live, dump);
    EXPECT_EQ(live.exit_status(), exit_findings);
  }
}

TEST(VerifyCluster, AFaultThatPersistsIsAnErrorNeverAPass)
{
  TestApiServer server;
  serve(server, cluster_lists());
  server.set_fault("/api/v1/nodes", Fault::truncated, 1);
  auto client = make_client(server);
  PagerOptions options = small_pages();
  options.sleep = [](std::chrono::milliseconds) {};
  const Report report = verify_cluster(verify::testing::test_plan(), client, options);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].source, server.url() + "/api/v1/nodes");
  EXPECT_TRUE(report.errors[0].message.starts_with("error[kube-truncated]: the response ended "
                                                   "early after "))
    << report.errors[0].message;
  EXPECT_NE(report.errors[0].message.find(" (page 2 of nodes; gave up after 5 attempts)"),
            std::string::npos)
    << report.errors[0].message;
  EXPECT_EQ(report.exit_status(), exit_unusable);
  EXPECT_FALSE(report.resources[static_cast<std::size_t>(Resource::nodes)].read);
  EXPECT_EQ(verify::testing::result(report, "node-internal-ip").status, CheckStatus::skipped);
  EXPECT_TRUE(report.resources[static_cast<std::size_t>(Resource::services)].read);
}

TEST(VerifyCluster, SkipsCustomResourcesThatAreNotInstalled)
{
  TestApiServer server;
  serve(server, cluster_lists()); // no installations, no bgppeers
  auto client = make_client(server);
  const Report report = verify_cluster(verify::testing::test_plan(), client);
  const auto& bgppeers = report.resources[static_cast<std::size_t>(Resource::bgppeers)];
  EXPECT_FALSE(bgppeers.read);
  EXPECT_EQ(bgppeers.note,
            "bgppeers not installed on the cluster (" + server.url() +
              "/apis/crd.projectcalico.org/v1/bgppeers answered 404)");
  EXPECT_EQ(verify::testing::result(report, "calico-bgp-peer").status, CheckStatus::skipped);
  EXPECT_TRUE(report.errors.empty());
}

TEST(VerifyCluster, FailedListIsAReportErrorAndTheRunGoesOn)
{
  TestApiServer server;
  serve(server, cluster_lists());
  server.set_fault("/api/v1/pods", Fault::status_403);
  auto client = make_client(server);
  const Report report = verify_cluster(verify::testing::test_plan(), client);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].source, server.url() + "/api/v1/pods");
  EXPECT_TRUE(report.errors[0].message.starts_with(
    "error[kube-forbidden]: listing pods is forbidden (HTTP 403): "))
    << report.errors[0].message;
  EXPECT_NE(report.errors[0].message.find("(hint: grant get and list on pods"), std::string::npos);
  EXPECT_EQ(report.exit_status(), exit_unusable);
  EXPECT_FALSE(report.resources[static_cast<std::size_t>(Resource::pods)].read);
  EXPECT_TRUE(report.resources[static_cast<std::size_t>(Resource::services)].read);
}

TEST(VerifyCluster, RefusedCredentialsEndTheRun)
{
  TestApiServer server;
  serve(server, cluster_lists());
  ClusterAccess access = token_access(server);
  access.token = Secret("wrong-token");
  auto client = HttpsClient::create(std::move(access), {});
  ASSERT_TRUE(client);
  const Report report = verify_cluster(verify::testing::test_plan(), *client);
  ASSERT_EQ(report.errors.size(), 1u) << "one error, not one per resource";
  EXPECT_TRUE(report.errors[0].message.starts_with("error[kube-unauthorized]: "));
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(report.exit_status(), exit_unusable);
}

TEST(VerifyCluster, ReportsProgressPerPage)
{
  TestApiServer server;
  serve(server, cluster_lists());
  auto client = make_client(server);
  EventLog log;
  verify_cluster(verify::testing::test_plan(), client, small_pages(), nullptr, &log);
  const std::vector<std::string> first(log.events.begin(), log.events.begin() + 5);
  EXPECT_EQ(first,
            (std::vector<std::string>{
              "start nodes", "nodes 2", "nodes 3", "done nodes 3", "start pods" }));
}

TEST(VerifyCluster, ErrorsBecomeInputErrorsWithPositionAndHint)
{
  Error error;
  error.kind = ErrorKind::kubeconfig;
  error.where = "kubeconfig";
  error.pos = { 4, 7 };
  error.message = "cluster `c` has no `server`";
  error.hint = "add it";
  const InputError input = to_input_error(error);
  EXPECT_EQ(input.source, "kubeconfig");
  EXPECT_EQ(input.message,
            "line 4, column 7: error[kubeconfig]: cluster `c` has no `server` (hint: add it)");
}

} // namespace dualstack::verify::kube::testing
