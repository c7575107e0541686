// `dualstack verify CONFIG --kubeconfig FILE` end to end: the real binary against the in-process
// TLS API server serving a generated dump (clean passes, planted defects fail, a wrong CA, a 403
// or a 500 is unusable, lists are paged), and `--in-cluster` outside a pod.
#include "support/run_binary.hpp"
#include "verify/kube/support/test_api_server.hpp"

#include <dualstack/verify/resource.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <tuple>

namespace dualstack::verify::kube::testing {
namespace {

using dualstack::testing::read_text;
using dualstack::testing::run_dualstack;
using dualstack::testing::TempDir;
using dualstack::testing::write_text;
using ::testing::HasSubstr;

const std::string seed_config = std::string(DUALSTACK_SOURCE_DIR) + "/examples/seed/config.toml";

// A cluster dump of the seed config (gen-dump) served by a TestApiServer, and a kubeconfig for it.
class LiveCluster
{
public:
  explicit LiveCluster(int defects, const std::string& ca_pem = test_pki().ca.cert_pem)
    : m_dir("verify-live")
  {
    const auto gen = run_dualstack({ "gen-dump",
                                     seed_config,
                                     "--out",
                                     m_dir.path() + "/dump",
                                     "--pods",
                                     "900",
                                     "--services",
                                     "120",
                                     "--endpointslices",
                                     "80",
                                     "--defects",
                                     std::to_string(defects),
                                     "--seed",
                                     "5",
                                     "--quiet" });
    EXPECT_EQ(gen.status, 0) << gen.err;
    for (Resource resource : all_resources) {
      const std::string file = m_dir.path() + "/dump/" + std::string(info(resource).file);
      if (!std::filesystem::exists(file)) {
        continue;
      }
      std::vector<std::string> items;
      const auto list = nlohmann::json::parse(read_text(file));
      for (const auto& item : list["items"]) {
        items.push_back(item.dump());
      }
      m_server.set_list(
        std::string(info(resource).list_path), std::string(info(resource).kind), std::move(items));
    }
    write_text(m_dir.path() + "/ca.crt", ca_pem);
    write_text(kubeconfig(),
               "apiVersion: v1\nkind: Config\ncurrent-context: lab\n"
               "clusters:\n- name: lab\n  cluster:\n    server: " +
                 m_server.url() +
                 "\n    certificate-authority: ca.crt\n"
                 "contexts:\n- name: lab\n  context:\n    cluster: lab\n    user: verifier\n"
                 "users:\n- name: verifier\n  user:\n    token: " +
                 TestApiServer::token + "\n");
  }

  std::string kubeconfig() const
  {
    return m_dir.path() + "/kubeconfig";
  }
  std::string defects() const
  {
    return read_text(m_dir.path() + "/dump/defects.json");
  }
  TestApiServer& server()
  {
    return m_server;
  }

private:
  TempDir m_dir;
  TestApiServer m_server;
};

dualstack::testing::RunResult verify(const LiveCluster& cluster, std::vector<std::string> more = {})
{
  std::vector<std::string> args = { "verify", seed_config, "--kubeconfig", cluster.kubeconfig() };
  args.insert(args.end(), more.begin(), more.end());
  return run_dualstack(args);
}

TEST(VerifyLiveCommand, ACleanClusterPassesWithExitZeroAndProgressOnStderr)
{
  LiveCluster cluster(0);
  const auto run = verify(cluster);
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_THAT(
    run.out,
    ::testing::StartsWith("verify: 21 checks: 21 passed, 0 failed, 0 skipped; 0 findings"));
  EXPECT_THAT(run.err,
              HasSubstr("verify: reading " + cluster.server().url() + " (context `lab`)\n"));
  EXPECT_THAT(run.err, HasSubstr("verify: listed pods: 900 items in 2 pages"));
  EXPECT_THAT(run.err, ::testing::Not(HasSubstr("warning")));
}

TEST(VerifyLiveCommand, PlantedDefectsAreTheFindingsWithExitOne)
{
  LiveCluster cluster(12);
  const auto run = verify(cluster, { "--format", "json", "--quiet" });
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(run.err, "");
  const auto report = nlohmann::json::parse(run.out);
  std::multiset<std::tuple<std::string, std::string, std::string>> found, planted;
  for (const auto& f : report["findings"]) {
    found.insert({ f["check"].get<std::string>(),
                   f["namespace"].get<std::string>(),
                   f["name"].get<std::string>() });
  }
  for (const auto& d : nlohmann::json::parse(cluster.defects())) {
    planted.insert({ d["check"].get<std::string>(),
                     d["namespace"].get<std::string>(),
                     d["name"].get<std::string>() });
  }
  EXPECT_EQ(found.size(), 12u);
  EXPECT_EQ(found, planted);
}

TEST(VerifyLiveCommand, ListsArePagedWithLimitAndContinue)
{
  LiveCluster cluster(0);
  const auto run = verify(cluster, { "--page-size", "100" });
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("verify: listed pods: 900 items in 9 pages"));
  std::vector<std::string> pod_targets;
  for (const auto& request : cluster.server().requests()) {
    if (request.target.starts_with("/api/v1/pods?")) {
      pod_targets.push_back(request.target);
      EXPECT_EQ(request.identity, "token");
    }
  }
  ASSERT_EQ(pod_targets.size(), 9u);
  EXPECT_EQ(pod_targets[0], "/api/v1/pods?limit=100");
  EXPECT_THAT(pod_targets[1], ::testing::StartsWith("/api/v1/pods?limit=100&continue="));
}

TEST(VerifyLiveCommand, AWrongCaIsUnusableWithExitTwo)
{
  LiveCluster cluster(0, test_pki().other_ca.cert_pem);
  const auto run = verify(cluster);
  EXPECT_EQ(run.status, 2) << run.out;
  EXPECT_THAT(run.out, HasSubstr("error[kube-tls]"));
  EXPECT_THAT(
    run.out,
    HasSubstr("hint: the input is incomplete or malformed; no check passes on partial input"));
  EXPECT_THAT(run.out, ::testing::Not(HasSubstr("  pass  ")));
}

TEST(VerifyLiveCommand, AForbiddenListIsUnusableWithExitTwo)
{
  LiveCluster cluster(0);
  cluster.server().set_fault("/api/v1/pods", Fault::status_403);
  const auto run = verify(cluster, { "--format", "json" });
  EXPECT_EQ(run.status, 2) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["summary"]["exit_status"], 2);
  ASSERT_EQ(report["errors"].size(), 1u);
  EXPECT_THAT(report["errors"][0]["message"].get<std::string>(),
              HasSubstr("error[kube-forbidden]: listing pods is forbidden (HTTP 403)"));
  EXPECT_EQ(report["summary"]["resources"]["pods"]["read"], false);
}

TEST(VerifyLiveCommand, APartialListIsNeverAPass)
{
  LiveCluster cluster(0);
  cluster.server().set_fault("/api/v1/pods", Fault::status_500, 3); // the fourth page fails
  const auto run = verify(cluster, { "--page-size", "100", "--format", "junit", "--retries", "1" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.out, HasSubstr("<error message="));
  EXPECT_THAT(run.out, HasSubstr("gave up after 2 attempts"));
  EXPECT_THAT(run.out, HasSubstr("name=\"pod-ip-unique\">\n      <skipped"));
  EXPECT_THAT(run.err,
              HasSubstr("warning: page 4 of pods: the API server failed listing pods "
                        "(HTTP 500): etcdserver: request timed out; retrying in 0.5 s "
                        "(attempt 2 of 2)"));
  EXPECT_THAT(run.err, HasSubstr("verify: listing pods failed"));
}

TEST(VerifyLiveCommand, TransientFaultsAreRetriedAndTheRunPasses)
{
  LiveCluster cluster(0);
  cluster.server().set_fault("/api/v1/pods", Fault::truncated, 2, 1);  // dropped mid-page
  cluster.server().set_fault("/api/v1/pods", Fault::status_429, 4, 1); // Retry-After: 1
  cluster.server().set_fault("/api/v1/pods", Fault::status_410, 6, 1); // continue token expired
  const auto run = verify(cluster, { "--page-size", "100", "--format", "json" });
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("warning: page 3 of pods: the response ended early after "));
  EXPECT_THAT(run.err,
              HasSubstr("warning: page 5 of pods: the API server failed listing pods "
                        "(HTTP 429): Too many requests, please try again later.; "
                        "retrying in 1.0 s (attempt 2 of 5)"));
  EXPECT_THAT(run.err,
              HasSubstr("warning: pods: the continue token expired while listing pods "
                        "(HTTP 410 Gone)"));
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["summary"]["exit_status"], 0);
  EXPECT_EQ(report["summary"]["resources"]["pods"]["items"], 900);
  EXPECT_TRUE(report["errors"].empty());
}

TEST(VerifyLiveCommand, AFaultThatPersistsIsExitTwoWithTheReason)
{
  LiveCluster cluster(0);
  cluster.server().set_fault("/api/v1/pods", Fault::truncated, 1);
  const auto run = verify(cluster, { "--page-size", "100", "--retries", "0" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.out, HasSubstr("error[kube-truncated]: the response ended early after "));
  EXPECT_THAT(run.out, HasSubstr("(page 2 of pods; gave up after 1 attempt)"));
}

TEST(VerifyLiveCommand, InsecureSkipTlsVerifyWarnsOnStderr)
{
  LiveCluster cluster(0, test_pki().other_ca.cert_pem);
  // The kubeconfig names a CA; kubectl refuses a CA together with insecure-skip-tls-verify in
  // the file, but the flag overrides it.
  const auto run = verify(cluster, { "--insecure-skip-tls-verify", "--quiet" });
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("warning: TLS verification is off for " + cluster.server().url()));
}

TEST(VerifyLiveCommand, AnUnreadableKubeconfigIsUnusable)
{
  const auto run =
    run_dualstack({ "verify", seed_config, "--kubeconfig", "/nonexistent/kubeconfig" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err,
              HasSubstr("/nonexistent/kubeconfig: error[kubeconfig]: cannot read kubeconfig"));
}

TEST(VerifyLiveCommand, InClusterOutsideAPodSaysWhy)
{
  const auto run = run_dualstack({ "verify", seed_config, "--in-cluster", "--format", "json" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err, HasSubstr("--in-cluster works only inside a pod"));
  EXPECT_EQ(nlohmann::json::parse(run.out)["summary"]["exit_status"], 2);
}

TEST(VerifyLiveCommand, ModesAreExclusiveAndOneIsNeeded)
{
  auto run = run_dualstack({ "verify", seed_config });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err, HasSubstr("say what to verify: --from DIR, --kubeconfig FILE"));
  run = run_dualstack({ "verify", seed_config, "--from", "/tmp", "--host" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err, HasSubstr("choose one of --from, --host"));
  run = run_dualstack({ "verify", seed_config, "--from", "/tmp", "--context", "x" });
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err, HasSubstr("--context needs --kubeconfig FILE"));
}

TEST(VerifyLiveCommand, HelpTeachesEveryMode)
{
  const auto run = run_dualstack({ "verify", "--help" });
  EXPECT_EQ(run.status, 0);
  for (const char* mode : { "--from DUMP/",
                            "--kubeconfig ~/.kube/config",
                            "--in-cluster",
                            "--host",
                            "--gather RESULTS/",
                            "--insecure-skip-tls-verify",
                            "--page-size" }) {
    EXPECT_THAT(run.out, HasSubstr(mode));
  }
}

} // namespace
} // namespace dualstack::verify::kube::testing
