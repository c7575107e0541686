// HttpsClient against the in-process TLS API server: auth, TLS verification, timeouts, failures.
#include "verify/kube/support/kube_test_support.hpp"

#include <dualstack/verify/kube/https_client.hpp>
#include <dualstack/verify/kube/list_pager.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace dualstack::verify::kube;
using namespace dualstack::verify::kube::testing;

namespace {

constexpr const char* nodes_path = "/api/v1/nodes";

struct Fetched
{
  tl::expected<Response, Error> response;
  std::string body;
};

Fetched fetch(HttpsClient& client, const std::string& target)
{
  std::string body;
  auto response = client.get(target, [&](std::string_view bytes) -> tl::expected<void, Error> {
    body.append(bytes);
    return {};
  });
  return { std::move(response), std::move(body) };
}

HttpsClient make_client(ClusterAccess access,
                        ClientOptions options = {},
                        ClientObserver* observer = nullptr)
{
  auto client = HttpsClient::create(std::move(access), options, observer);
  EXPECT_TRUE(client) << (client ? "" : format_error(client.error()));
  return std::move(*client);
}

// Returns a port on 127.0.0.1 that nothing listens on.
int closed_port()
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

} // namespace

TEST(HttpsClient, TokenAuthWorks)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(2));
  auto client = make_client(token_access(server));
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  EXPECT_EQ(fetched.response->status, 200);
  EXPECT_NE(fetched.body.find("\"kind\":\"NodeList\""), std::string::npos);
  EXPECT_EQ(fetched.response->body_bytes, fetched.body.size());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].identity, "token");
}

TEST(HttpsClient, ClientCertificateAuthWorks)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  auto client = make_client(cert_access(server));
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  EXPECT_EQ(fetched.response->status, 200);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].identity, "cert:dualstack-test");
}

TEST(HttpsClient, ClientCertificateFromAnotherCaIsUnauthorized)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  ClusterAccess access = cert_access(server);
  access.client_cert_pem = test_pki().other_client.cert_pem;
  access.client_key_pem = Secret(test_pki().other_client.key_pem);
  auto client = make_client(std::move(access));
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  EXPECT_EQ(fetched.response->status, 401);
  EXPECT_TRUE(fetched.body.empty()) << "a non-2xx body must not reach the receiver";
  EXPECT_NE(fetched.response->error_body.find("Unauthorized"), std::string::npos);
}

TEST(HttpsClient, MismatchedClientKeyIsATlsError)
{
  TestApiServer server;
  ClusterAccess access = cert_access(server);
  access.client_key_pem = Secret(test_pki().other_client.key_pem);
  auto client = make_client(std::move(access));
  auto fetched = fetch(client, nodes_path);
  ASSERT_FALSE(fetched.response);
  EXPECT_EQ(fetched.response.error().kind, ErrorKind::tls);
  EXPECT_NE(fetched.response.error().message.find("client certificate"), std::string::npos)
    << fetched.response.error().message;
}

TEST(HttpsClient, RejectsServerSignedByAnotherCa)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  ClusterAccess access = token_access(server);
  access.ca_pem = test_pki().other_ca.cert_pem;
  RecordingObserver observer;
  auto client = make_client(std::move(access), {}, &observer);
  auto fetched = fetch(client, nodes_path);
  ASSERT_FALSE(fetched.response);
  const Error& error = fetched.response.error();
  EXPECT_EQ(error.kind, ErrorKind::tls);
  EXPECT_EQ(error.where, server.url() + nodes_path);
  EXPECT_TRUE(error.message.starts_with("the API server's certificate is not trusted: "))
    << error.message;
  EXPECT_NE(error.hint.find("not signed by the kubeconfig's certificate-authority"),
            std::string::npos);
  EXPECT_TRUE(server.requests().empty()) << "no request may be sent to an untrusted server";
  EXPECT_TRUE(observer.warnings.empty());
}

TEST(HttpsClient, DoesNotFallBackToSystemTrustStore)
{
  // With no CA in the kubeconfig the system store is used, and it does not know the test CA.
  TestApiServer server;
  ClusterAccess access = token_access(server);
  access.ca_pem.clear();
  auto client = make_client(std::move(access));
  auto fetched = fetch(client, nodes_path);
  ASSERT_FALSE(fetched.response);
  EXPECT_EQ(fetched.response.error().kind, ErrorKind::tls);
  EXPECT_NE(fetched.response.error().hint.find("system trust store"), std::string::npos);
}

TEST(HttpsClient, InsecureFlagAcceptsUntrustedServerAndWarns)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  ClusterAccess access = token_access(server);
  access.ca_pem = test_pki().other_ca.cert_pem;
  RecordingObserver observer;
  ClientOptions options;
  options.insecure_skip_tls_verify = true;
  auto client = make_client(std::move(access), options, &observer);
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  EXPECT_EQ(fetched.response->status, 200);
  ASSERT_EQ(observer.warnings.size(), 1u);
  EXPECT_EQ(observer.warnings[0],
            "TLS verification is off for " + server.url() +
              " (--insecure-skip-tls-verify): the API server's identity is not checked");
}

TEST(HttpsClient, KubeconfigInsecureFlagWarnsToo)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  ClusterAccess access = token_access(server);
  access.ca_pem.clear();
  access.insecure_skip_tls_verify = true;
  RecordingObserver observer;
  auto client = make_client(std::move(access), {}, &observer);
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  ASSERT_EQ(observer.warnings.size(), 1u);
  EXPECT_NE(observer.warnings[0].find("insecure-skip-tls-verify in the kubeconfig"),
            std::string::npos);
}

TEST(HttpsClient, TlsServerNameIsWhatTheCertificateIsCheckedAgainst)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  ClusterAccess access = token_access(server);
  access.tls_server_name = "localhost"; // in the server certificate
  auto good = make_client(access);
  auto fetched = fetch(good, nodes_path);
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  EXPECT_EQ(fetched.response->status, 200);

  access.tls_server_name = "kubernetes.example"; // not in it
  auto bad = make_client(std::move(access));
  auto refused = fetch(bad, nodes_path);
  ASSERT_FALSE(refused.response);
  EXPECT_EQ(refused.response.error().kind, ErrorKind::tls);
}

TEST(HttpsClient, NoCredentialsGetsTheServers401)
{
  TestApiServer server;
  ClusterAccess access = token_access(server);
  access.token = Secret();
  auto client = make_client(std::move(access));
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response);
  EXPECT_EQ(fetched.response->status, 401);
}

TEST(HttpsClient, SlowResponseTimesOut)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  server.set_fault(nodes_path, Fault::slow);
  ClientOptions options;
  options.request_timeout = short_timeout;
  auto client = make_client(token_access(server), options);
  const auto start = std::chrono::steady_clock::now();
  auto fetched = fetch(client, nodes_path);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(fetched.response);
  const Error& error = fetched.response.error();
  EXPECT_EQ(error.kind, ErrorKind::timeout);
  EXPECT_TRUE(error.message.starts_with("request timed out: ")) << error.message;
  EXPECT_NE(error.hint.find("400 ms per page"), std::string::npos) << error.hint;
  EXPECT_LT(took, std::chrono::seconds(4));
}

TEST(HttpsClient, TruncatedBodyIsAnError)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(20));
  server.set_fault(nodes_path, Fault::truncated);
  auto client = make_client(token_access(server));
  auto fetched = fetch(client, nodes_path);
  ASSERT_FALSE(fetched.response);
  EXPECT_EQ(fetched.response.error().kind, ErrorKind::truncated)
    << format_error(fetched.response.error());
}

TEST(HttpsClient, RefusedConnectionIsAConnectError)
{
  ClusterAccess access;
  access.server = "https://127.0.0.1:" + std::to_string(closed_port());
  auto client = make_client(std::move(access));
  auto fetched = fetch(client, nodes_path);
  ASSERT_FALSE(fetched.response);
  EXPECT_EQ(fetched.response.error().kind, ErrorKind::connect);
  EXPECT_TRUE(fetched.response.error().message.starts_with("cannot connect to the API server: "));
}

TEST(HttpsClient, ReceiverErrorAbortsTheTransfer)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(3));
  auto client = make_client(token_access(server));
  auto response = client.get(nodes_path, [](std::string_view) -> tl::expected<void, Error> {
    Error error;
    error.kind = ErrorKind::sink;
    error.message = "no thanks";
    return tl::unexpected(error);
  });
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::sink);
  EXPECT_EQ(response.error().message, "no thanks");
}

TEST(HttpsClient, ReusesOneConnectionForManyRequests)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  auto client = make_client(token_access(server));
  for (int i = 0; i < 3; ++i) {
    auto fetched = fetch(client, nodes_path);
    ASSERT_TRUE(fetched.response);
    EXPECT_EQ(fetched.response->status, 200);
  }
  EXPECT_EQ(server.connections(), 1u);
}

TEST(HttpsClient, TokenNeverAppearsInErrors)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(1));
  server.set_fault(nodes_path, Fault::echo_auth);
  auto client = make_client(token_access(server));
  auto fetched = fetch(client, nodes_path);
  ASSERT_TRUE(fetched.response);
  EXPECT_EQ(fetched.response->status, 401);
  EXPECT_EQ(fetched.response->error_body.find(TestApiServer::token), std::string::npos);
  EXPECT_NE(fetched.response->error_body.find("Bearer [redacted]"), std::string::npos)
    << fetched.response->error_body;
}

TEST(HttpsClient, UrlForDropsTheQuery)
{
  TestApiServer server;
  auto client = make_client(token_access(server));
  EXPECT_EQ(client.url_for("/api/v1/pods?limit=5&continue=abc"), server.url() + "/api/v1/pods");
}

TEST(HttpsClient, WorksFromAKubeconfigOnDisk)
{
  // The whole intake: kubeconfig and the files it names on disk, then a paged list over TLS.
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(5));
  const auto dir =
    std::filesystem::temp_directory_path() / ("dualstack-kubeconfig-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "pki");
  std::ofstream(dir / "pki" / "ca.crt") << test_pki().ca.cert_pem;
  std::ofstream(dir / "pki" / "admin.crt") << test_pki().client.cert_pem;
  std::ofstream(dir / "pki" / "admin.key") << test_pki().client.key_pem;
  std::ofstream(dir / "token") << TestApiServer::token << "\n";
  std::ofstream(dir / "config") << "apiVersion: v1\n"
                                   "kind: Config\n"
                                   "current-context: admin\n"
                                   "clusters:\n"
                                   "- name: test\n"
                                   "  cluster:\n"
                                   "    server: "
                                << server.url()
                                << "\n"
                                   "    certificate-authority: pki/ca.crt\n"
                                   "contexts:\n"
                                   "- {name: admin, context: {cluster: test, user: admin}}\n"
                                   "- {name: bot, context: {cluster: test, user: bot}}\n"
                                   "users:\n"
                                   "- {name: admin, user: {client-certificate: pki/admin.crt, "
                                   "client-key: pki/admin.key}}\n"
                                   "- {name: bot, user: {tokenFile: token}}\n";
  const std::string config = (dir / "config").string();
  for (const char* context : { "admin", "bot" }) {
    auto access = load_kubeconfig(config, std::string(context), DiskFileReader());
    ASSERT_TRUE(access) << format_error(access.error());
    auto client = make_client(std::move(*access));
    RecordingSink sink;
    dualstack::verify::kube::PagerOptions options;
    options.page_size = 2;
    auto summary = fetch_list(client, dualstack::verify::Resource::nodes, sink, options);
    ASSERT_TRUE(summary) << format_error(summary.error());
    EXPECT_EQ(summary->items, 5u);
  }
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests.front().identity, "cert:dualstack-test");
  EXPECT_EQ(requests.back().identity, "token");
  std::filesystem::remove_all(dir);
}

TEST(HttpsClient, PipelinedAndSameThreadReceivingGiveTheSameBytes)
{
  // 12,000 nodes make a body of several 256 KiB pieces, more than a 300 KiB pipe holds.
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(12000));
  std::vector<std::string> bodies;
  for (std::size_t pipeline_bytes : { std::size_t{ 0 }, std::size_t{ 300 * 1024 } }) {
    ClientOptions options;
    options.pipeline_bytes = pipeline_bytes;
    auto client = make_client(token_access(server), options);
    std::size_t calls = 0;
    std::string body;
    auto response =
      client.get(nodes_path, [&](std::string_view bytes) -> tl::expected<void, Error> {
        ++calls;
        body.append(bytes);
        std::this_thread::sleep_for(std::chrono::microseconds(200)); // a slow consumer
        return {};
      });
    ASSERT_TRUE(response) << format_error(response.error());
    EXPECT_EQ(response->body_bytes, body.size());
    if (pipeline_bytes > 0) {
      EXPECT_LT(calls, body.size() / (64 * 1024)) << "pieces, not libcurl's small writes";
    }
    bodies.push_back(std::move(body));
  }
  EXPECT_GT(bodies[0].size(), 1'000'000u);
  EXPECT_EQ(bodies[0], bodies[1]);
}

TEST(HttpsClient, GzipPagesAreAskedForAndDecodedOnBothReceivingPaths)
{
  TestApiServer plain;
  plain.set_list(nodes_path, "Node", node_items(12000));
  TestApiServer zipped;
  zipped.set_gzip(true);
  zipped.set_list(nodes_path, "Node", node_items(12000));
  auto plain_client = make_client(token_access(plain));
  const auto expected = fetch(plain_client, nodes_path);
  ASSERT_TRUE(expected.response) << format_error(expected.response.error());
  EXPECT_GT(expected.body.size(), 1'000'000u);
  for (std::size_t pipeline_bytes : { std::size_t{ 0 }, std::size_t{ 300 * 1024 } }) {
    ClientOptions options;
    options.pipeline_bytes = pipeline_bytes;
    auto client = make_client(token_access(zipped), options);
    for (const char* target : { nodes_path, "/api/v1/nodes?limit=7", nodes_path }) {
      // The decoder's buffers are reused from page to page. With a pipe the first page is
      // received on a thread of its own, the later ones (after a gzip answer) on this one.
      auto fetched = fetch(client, target);
      ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
      EXPECT_EQ(fetched.response->status, 200);
      EXPECT_EQ(fetched.response->body_bytes, fetched.body.size());
      if (std::string_view(target) == nodes_path) {
        EXPECT_EQ(fetched.body, expected.body);
      } else {
        EXPECT_TRUE(fetched.body.starts_with(R"({"kind":"NodeList")")) << fetched.body;
      }
    }
  }
  const auto requests = zipped.requests();
  ASSERT_EQ(requests.size(), 6u);
  for (const auto& request : requests) {
    EXPECT_TRUE(request.accepts_gzip);
  }
  EXPECT_EQ(zipped.connections(), 2u) << "one kept-alive connection per client";
}

TEST(HttpsClient, AGzipBodyCutShortIsATransientTruncation)
{
  for (Fault fault : { Fault::truncated, Fault::truncated_close }) {
    TestApiServer server;
    server.set_gzip(true);
    server.set_list(nodes_path, "Node", node_items(2000));
    server.set_fault(nodes_path, fault);
    auto client = make_client(token_access(server));
    auto fetched = fetch(client, nodes_path);
    ASSERT_FALSE(fetched.response);
    const Error& error = fetched.response.error();
    EXPECT_EQ(error.kind, ErrorKind::truncated) << format_error(error);
    EXPECT_TRUE(error.transient);
    EXPECT_EQ(fetched.body, "") << "nothing of a broken gzip page is handed on";
    if (fault == Fault::truncated_close) {
      EXPECT_TRUE(error.message.starts_with("the gzip-encoded body ended early, after "))
        << error.message;
    }
  }
}

TEST(HttpsClient, PipelinedReceiverErrorStopsTheReceivingThread)
{
  TestApiServer server;
  server.set_list(nodes_path, "Node", node_items(20000));
  ClientOptions options;
  options.pipeline_bytes = 256 * 1024;
  auto client = make_client(token_access(server), options);
  std::size_t calls = 0;
  auto response = client.get(nodes_path, [&](std::string_view) -> tl::expected<void, Error> {
    if (++calls < 2) {
      return {};
    }
    Error error;
    error.kind = ErrorKind::sink;
    error.message = "no more";
    return tl::unexpected(error);
  });
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message, "no more");
  EXPECT_EQ(calls, 2u) << "nothing handed over after the error";
  // The client stays usable.
  auto fetched = fetch(client, nodes_path + std::string("?limit=1"));
  ASSERT_TRUE(fetched.response) << format_error(fetched.response.error());
  EXPECT_EQ(fetched.response->status, 200);
}
