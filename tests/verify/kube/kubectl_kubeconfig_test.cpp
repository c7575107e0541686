// One kubeconfig, two clients: Debian's kubectl and `dualstack verify --kubeconfig` read the same
// file (inline client certificate, or a token and a CA file beside it, or a chosen context) and
// list the same cluster from scripts/kube-test-apiserver.py; the Python server's faults (dropped
// connection, 429, 500, cut-short body, 410) are retried or restarted to the clean run's report,
// and a fault that persists is exit 2 with its reason.
#include "support/run_binary.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

using dualstack::testing::read_text;
using dualstack::testing::run_program;
using dualstack::testing::RunResult;
using dualstack::testing::TempDir;
using dualstack::testing::write_text;
using ::testing::HasSubstr;
using json = nlohmann::json;

const std::string source_dir = DUALSTACK_SOURCE_DIR;
const std::string seed_config = source_dir + "/examples/seed/config.toml";
const std::string server_script = source_dir + "/scripts/kube-test-apiserver.py";

// Returns Debian's kubectl: $KUBECTL, /usr/bin/kubectl when kubernetes-client owns it, or the
// copy scripts/setup.sh unpacks to /opt/kubernetes-client when another package owns
// /usr/bin/kubectl; "" when there is none.
std::string debian_kubectl()
{
  if (const char* env = std::getenv("KUBECTL"); env && *env) {
    return env;
  }
  const auto owner = run_program({ "dpkg-query", "-S", "/usr/bin/kubectl" });
  if (owner.status == 0 && owner.out.starts_with("kubernetes-client:")) {
    return "/usr/bin/kubectl";
  }
  const std::string unpacked = "/opt/kubernetes-client/usr/bin/kubectl";
  return std::filesystem::exists(unpacked) ? unpacked : std::string();
}

// A small dump of the seed config (5 planted defects) written once for every test here.
const std::string& small_dump()
{
  static TempDir dir("kubectl-dump");
  static const std::string path = [] {
    const std::string out = dir.path() + "/dump";
    const auto gen = dualstack::testing::run_dualstack({ "gen-dump",
                                                         seed_config,
                                                         "--out",
                                                         out,
                                                         "--pods",
                                                         "300",
                                                         "--services",
                                                         "40",
                                                         "--endpointslices",
                                                         "30",
                                                         "--defects",
                                                         "5",
                                                         "--seed",
                                                         "3",
                                                         "--quiet" });
    EXPECT_EQ(gen.status, 0) << gen.err;
    return out;
  }();
  return path;
}

// scripts/kube-test-apiserver.py serving small_dump() from a process of its own, killed (by its
// pid) when the object goes.
class PythonApiServer
{
public:
  explicit PythonApiServer(std::vector<std::string> more = {})
    : m_dir("kube-test-apiserver")
  {
    std::vector<std::string> args = { "python3",      server_script,
                                      "--dump",       small_dump(),
                                      "--pki",        m_dir.path() + "/pki",
                                      "--kubeconfig", kubeconfig(),
                                      "--port-file",  m_dir.path() + "/port",
                                      "--log",        log_path(),
                                      "--token",      token };
    args.insert(args.end(), more.begin(), more.end());
    std::vector<char*> argv;
    for (auto& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string err = m_dir.path() + "/server.err";
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT, 0644);
    const int spawned = posix_spawnp(&m_pid, "python3", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      m_pid = -1;
      ADD_FAILURE() << "cannot start python3";
      return;
    }
    for (int i = 0; i < 300 && read_text(m_dir.path() + "/port").empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    m_port = read_text(m_dir.path() + "/port");
    while (!m_port.empty() && m_port.back() == '\n') {
      m_port.pop_back();
    }
    EXPECT_FALSE(m_port.empty()) << read_text(err);
  }

  ~PythonApiServer()
  {
    if (m_pid > 0) {
      ::kill(m_pid, SIGTERM);
      ::waitpid(m_pid, nullptr, 0);
    }
  }

  std::string dir() const
  {
    return m_dir.path();
  }
  std::string url() const
  {
    return "https://127.0.0.1:" + m_port;
  }
  // The kubeconfig the server wrote: CA and client certificate inline (base64 data).
  std::string kubeconfig() const
  {
    return m_dir.path() + "/kubeconfig";
  }
  std::string log_path() const
  {
    return m_dir.path() + "/requests.jsonl";
  }

  // Returns every logged request.
  std::vector<json> requests() const
  {
    std::vector<json> out;
    std::istringstream lines(read_text(log_path()));
    for (std::string line; std::getline(lines, line);) {
      out.push_back(json::parse(line));
    }
    return out;
  }

  static constexpr const char* token = "kubectl-and-verify-t0ken-XYZ";

private:
  TempDir m_dir;
  pid_t m_pid = -1;
  std::string m_port;
};

RunResult kubectl(const std::string& kubeconfig,
                  const std::string& cache,
                  std::vector<std::string> more = {})
{
  std::vector<std::string> args = { debian_kubectl(),
                                    "--kubeconfig",
                                    kubeconfig,
                                    "--cache-dir",
                                    cache,
                                    "get",
                                    "nodes,pods,services,endpointslices",
                                    "-A",
                                    "-o",
                                    "json" };
  args.insert(args.end(), more.begin(), more.end());
  return run_program(args);
}

RunResult verify(const std::string& kubeconfig, std::vector<std::string> more = {})
{
  std::vector<std::string> args = { "verify",   seed_config, "--kubeconfig",
                                    kubeconfig, "--format",  "json" };
  args.insert(args.end(), more.begin(), more.end());
  return dualstack::testing::run_dualstack(args);
}

// (check, name) of every finding of `report` (verify --format json) about the four kinds
// kubectl lists.
std::set<std::pair<std::string, std::string>> verify_findings(const std::string& report)
{
  std::set<std::pair<std::string, std::string>> out;
  const json parsed = json::parse(report);
  for (const auto& finding : parsed["findings"]) {
    const std::string kind = finding["kind"];
    if (kind == "Node" || kind == "Pod" || kind == "Service" || kind == "EndpointSlice") {
      out.emplace(finding["check"], finding["name"]);
    }
  }
  return out;
}

std::size_t dump_items(const std::string& file)
{
  return json::parse(read_text(small_dump() + "/" + file))["items"].size();
}

#define REQUIRE_KUBECTL()                                                                          \
  if (debian_kubectl().empty()) {                                                                  \
    GTEST_SKIP() << "no Debian kubectl (scripts/setup.sh installs kubernetes-client)";             \
  }

} // namespace

TEST(VerifyKubectlKubeconfig, ClientCertificateDataWorksForBothAndTheyFindTheSameDefects)
{
  REQUIRE_KUBECTL();
  PythonApiServer server;
  const auto listed = kubectl(server.kubeconfig(), server.dir() + "/cache");
  ASSERT_EQ(listed.status, 0) << listed.err;
  const auto list = json::parse(listed.out);
  EXPECT_EQ(list["items"].size(),
            dump_items("nodes.json") + dump_items("pods.json") + dump_items("services.json") +
              dump_items("endpointslices.json"));

  // kubectl's List through the jq baseline finds what verify finds in those kinds.
  write_text(server.dir() + "/kubectl.json", listed.out);
  const auto baseline = run_program({ "jq",
                                      "-r",
                                      "--slurpfile",
                                      "plan",
                                      small_dump() + "/expected.json",
                                      "--arg",
                                      "file",
                                      "kubectl",
                                      "-f",
                                      source_dir + "/scripts/verify-baseline.jq",
                                      server.dir() + "/kubectl.json" });
  ASSERT_EQ(baseline.status, 0) << baseline.err;
  std::set<std::pair<std::string, std::string>> jq_findings;
  std::istringstream lines(baseline.out);
  for (std::string line; std::getline(lines, line);) {
    const auto t1 = line.find('\t');
    const auto t2 = line.find('\t', t1 + 1);
    const auto t3 = line.find('\t', t2 + 1);
    std::string name = line.substr(t2 + 1, t3 - t2 - 1);
    name = name.substr(name.find('/') == std::string::npos ? 0 : name.find('/') + 1);
    jq_findings.emplace(line.substr(0, t1), name);
  }

  const auto run = verify(server.kubeconfig(), { "--quiet" });
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_FALSE(verify_findings(run.out).empty()) << run.out;
  EXPECT_EQ(verify_findings(run.out), jq_findings);

  // Both authenticated with the kubeconfig's client certificate, and both asked for gzip.
  std::set<std::string> identities;
  std::size_t gzipped_pod_pages = 0;
  for (const auto& request : server.requests()) {
    identities.insert(request["identity"].get<std::string>());
    if (request["path"] == "/api/v1/pods" && request["gzip"] == true) {
      ++gzipped_pod_pages;
    }
  }
  EXPECT_EQ(identities, std::set<std::string>{ "cert:dualstack-verifier" });
  EXPECT_EQ(gzipped_pod_pages, 2u) << "one pods list each from kubectl and verify";
}

TEST(VerifyKubectlKubeconfig, TokenAndARelativeCaFileWorkForBoth)
{
  REQUIRE_KUBECTL();
  PythonApiServer server;
  const TempDir dir("kubectl-token");
  std::filesystem::copy_file(server.dir() + "/pki/ca.crt", dir.path() + "/ca.crt");
  write_text(dir.path() + "/config",
             "apiVersion: v1\nkind: Config\ncurrent-context: bench\n"
             "clusters:\n- name: bench\n  cluster:\n    server: " +
               server.url() +
               "\n    certificate-authority: ca.crt\n"
               "contexts:\n- name: bench\n  context:\n    cluster: bench\n    user: op\n"
               "users:\n- name: op\n  user:\n    token: " +
               PythonApiServer::token + "\n");
  const auto listed = kubectl(dir.path() + "/config", dir.path() + "/cache");
  EXPECT_EQ(listed.status, 0) << listed.err;
  const auto run = verify(dir.path() + "/config", { "--quiet" });
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(run.out.find(PythonApiServer::token), std::string::npos);
  EXPECT_EQ(run.err.find(PythonApiServer::token), std::string::npos);
  for (const auto& request : server.requests()) {
    EXPECT_EQ(request["identity"], "token") << request.dump();
  }
}

TEST(VerifyKubectlKubeconfig, TheSameContextIsChosenByBoth)
{
  REQUIRE_KUBECTL();
  PythonApiServer server;
  // current-context points at a port nobody listens on; --context picks the live one.
  std::string config = read_text(server.kubeconfig());
  config.replace(config.find("current-context: test"), 21, "current-context: dead");
  config += "- name: dead-user\n  user:\n    token: nothing\n";
  const auto clusters = config.find("clusters:\n");
  config.insert(clusters + 10,
                "- name: dead\n  cluster:\n    server: https://127.0.0.1:9\n"
                "    insecure-skip-tls-verify: true\n");
  const auto contexts = config.find("contexts:\n");
  config.insert(contexts + 10,
                "- name: dead\n  context:\n    cluster: dead\n    user: dead-user\n");
  const TempDir dir("kubectl-context");
  write_text(dir.path() + "/config", config);

  EXPECT_NE(kubectl(dir.path() + "/config", dir.path() + "/cache").status, 0);
  const auto dead = verify(dir.path() + "/config", { "--quiet" });
  EXPECT_EQ(dead.status, 2);
  EXPECT_THAT(dead.out, HasSubstr("cannot connect to the API server"));

  const auto listed =
    kubectl(dir.path() + "/config", dir.path() + "/cache", { "--context", "test" });
  EXPECT_EQ(listed.status, 0) << listed.err;
  const auto run = verify(dir.path() + "/config", { "--quiet", "--context", "test" });
  EXPECT_EQ(run.status, 1) << run.err;
}

TEST(VerifyKubectlKubeconfig, ThePythonServersFaultsAreRetriedToTheCleanReport)
{
  PythonApiServer clean;
  const auto expected = verify(clean.kubeconfig(), { "--quiet", "--page-size", "50" });
  ASSERT_EQ(expected.status, 1) << expected.err;

  PythonApiServer faulty({ "--fault",
                           "pods:1:drop",
                           "--fault",
                           "pods:2:429",
                           "--fault",
                           "nodes:0:500",
                           "--fault",
                           "pods:3:truncate",
                           "--fault",
                           "pods:4:410",
                           "--fault",
                           "services:0:truncate" });
  const auto run = verify(faulty.kubeconfig(), { "--page-size", "50" });
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_EQ(verify_findings(run.out), verify_findings(expected.out));
  EXPECT_EQ(json::parse(run.out)["summary"]["resources"]["pods"]["items"], 300);
  EXPECT_THAT(run.err, HasSubstr("warning: page 2 of pods: "));
  EXPECT_THAT(run.err,
              HasSubstr("warning: page 3 of pods: the API server failed listing pods "
                        "(HTTP 429): Too many requests, please try again later.; "
                        "retrying in 1.0 s (attempt 2 of 5)"));
  EXPECT_THAT(run.err,
              HasSubstr("warning: page 1 of nodes: the API server failed listing nodes "
                        "(HTTP 500): Internal error occurred: etcdserver: request timed "
                        "out; retrying in 0.5 s (attempt 2 of 5)"));
  EXPECT_THAT(run.err,
              HasSubstr("warning: pods: the continue token expired while listing pods "
                        "(HTTP 410 Gone)"));
  std::size_t faults = 0;
  for (const auto& request : faulty.requests()) {
    faults += request["fault"].is_string() ? 1 : 0;
  }
  EXPECT_EQ(faults, 6u);
}

TEST(VerifyKubectlKubeconfig, ADropThatPersistsIsExitTwoWithTheReasonNeverAPass)
{
  PythonApiServer server({ "--fault", "pods:1:drop:0", "--delay-ms", "5" });
  const auto run = verify(server.kubeconfig(), { "--page-size", "50", "--retries", "2" });
  EXPECT_EQ(run.status, 2) << run.err;
  const auto report = json::parse(run.out);
  EXPECT_EQ(report["summary"]["exit_status"], 2);
  EXPECT_EQ(report["summary"]["resources"]["pods"]["read"], false);
  ASSERT_EQ(report["errors"].size(), 1u);
  const std::string message = report["errors"][0]["message"];
  EXPECT_THAT(message, HasSubstr("(page 2 of pods; gave up after 3 attempts)"));
  EXPECT_THAT(run.err, HasSubstr("verify: listing pods failed"));
}

TEST(VerifyKubectlKubeconfig, AnExpiredContinueTokenFromTheServersClockRestartsTheList)
{
  // Tokens older than 0.2 s are 410 Gone; with 0.3 s per page every continue expires, so after
  // three fresh starts verify gives up and says why.
  PythonApiServer server({ "--continue-ttl", "0.2", "--delay-ms", "300" });
  const auto run = verify(server.kubeconfig(), { "--page-size", "150" });
  EXPECT_EQ(run.status, 2) << run.err;
  const auto report = json::parse(run.out);
  ASSERT_FALSE(report["errors"].empty());
  EXPECT_THAT(report["errors"][0]["message"].get<std::string>(),
              HasSubstr("error[kube-continue-expired]: the continue token expired while listing "
                        "pods (HTTP 410 Gone)"));
  EXPECT_THAT(report["errors"][0]["message"].get<std::string>(),
              HasSubstr("(the list was read from the start 3 times; giving up)"));
}
