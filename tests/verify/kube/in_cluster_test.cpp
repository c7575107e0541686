// In-cluster access: the mounted service account and KUBERNETES_SERVICE_HOST/PORT, used for real
// against the test API server; what is missing is said with a hint.
#include "support/run_binary.hpp"
#include "verify/kube/support/kube_test_support.hpp"

#include <dualstack/verify/kube/https_client.hpp>
#include <dualstack/verify/kube/in_cluster.hpp>

#include <gtest/gtest.h>

#include <map>

namespace dualstack::verify::kube::testing {
namespace {

using dualstack::testing::TempDir;
using dualstack::testing::write_text;

EnvLookup env_of(std::map<std::string, std::string> values)
{
  return [values](const char* name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end())
      return std::nullopt;
    return it->second;
  };
}

// A service-account directory as Kubernetes mounts it.
void mount_service_account(const std::string& dir, const std::string& ca_pem)
{
  write_text(dir + "/token", std::string(TestApiServer::token) + "\n");
  write_text(dir + "/ca.crt", ca_pem);
  write_text(dir + "/namespace", "dualstack-verify");
}

TEST(InCluster, ListsThroughTheServiceAccountAgainstTheServiceAddress)
{
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(3));
  TempDir dir("sa");
  mount_service_account(dir.path(), test_pki().ca.cert_pem);
  auto access =
    in_cluster_access(DiskFileReader(),
                      env_of({ { "KUBERNETES_SERVICE_HOST", "127.0.0.1" },
                               { "KUBERNETES_SERVICE_PORT", std::to_string(server.port()) } }),
                      dir.path());
  ASSERT_TRUE(access) << format_error(access.error());
  EXPECT_EQ(access->server, server.url());
  EXPECT_EQ(access->token.reveal(), TestApiServer::token); // trailing newline trimmed
  EXPECT_EQ(access->default_namespace, "dualstack-verify");
  auto client = HttpsClient::create(std::move(*access), {});
  ASSERT_TRUE(client) << format_error(client.error());
  std::string body;
  auto response =
    client->get("/api/v1/nodes?limit=10", [&](std::string_view bytes) -> tl::expected<void, Error> {
      body += bytes;
      return {};
    });
  ASSERT_TRUE(response) << format_error(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(body.find("node-2"), std::string::npos);
  EXPECT_EQ(server.requests().back().identity, "token");
}

TEST(InCluster, TheMountedCaIsTheOnlyTrustAnchor)
{
  TestApiServer server;
  server.set_list("/api/v1/nodes", "Node", node_items(1));
  TempDir dir("sa");
  mount_service_account(dir.path(), test_pki().other_ca.cert_pem);
  auto access =
    in_cluster_access(DiskFileReader(),
                      env_of({ { "KUBERNETES_SERVICE_HOST", "127.0.0.1" },
                               { "KUBERNETES_SERVICE_PORT", std::to_string(server.port()) } }),
                      dir.path());
  ASSERT_TRUE(access);
  auto client = HttpsClient::create(std::move(*access), {});
  ASSERT_TRUE(client);
  auto response =
    client->get("/api/v1/nodes", [](std::string_view) -> tl::expected<void, Error> { return {}; });
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::tls);
}

TEST(InCluster, AnIpv6ServiceHostIsBracketed)
{
  TempDir dir("sa");
  mount_service_account(dir.path(), test_pki().ca.cert_pem);
  auto access = in_cluster_access(
    DiskFileReader(),
    env_of({ { "KUBERNETES_SERVICE_HOST", "fdff:3::1" }, { "KUBERNETES_SERVICE_PORT", "443" } }),
    dir.path());
  ASSERT_TRUE(access);
  EXPECT_EQ(access->server, "https://[fdff:3::1]:443");
}

TEST(InCluster, WhatIsMissingIsSaidWithAHint)
{
  TempDir dir("sa");
  auto access = in_cluster_access(DiskFileReader(), env_of({}), dir.path());
  ASSERT_FALSE(access);
  EXPECT_EQ(
    format_error(access.error()),
    "environment: error[kubeconfig]: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not "
    "set\n"
    "  hint: --in-cluster works only inside a pod with a service account token mounted (the "
    "rendered verify/job.yaml); outside the cluster use --kubeconfig FILE");
  const auto env =
    env_of({ { "KUBERNETES_SERVICE_HOST", "10.96.0.1" }, { "KUBERNETES_SERVICE_PORT", "443" } });
  access = in_cluster_access(DiskFileReader(), env, dir.path());
  ASSERT_FALSE(access);
  EXPECT_EQ(access.error().where, dir.path() + "/token");
  EXPECT_NE(access.error().message.find("cannot read the service account token"),
            std::string::npos);
  write_text(dir.path() + "/token", "t");
  write_text(dir.path() + "/ca.crt", "not pem");
  access = in_cluster_access(DiskFileReader(), env, dir.path());
  ASSERT_FALSE(access);
  EXPECT_EQ(access.error().message, "the cluster CA is not a PEM certificate");
  access = in_cluster_access(
    DiskFileReader(),
    env_of({ { "KUBERNETES_SERVICE_HOST", "10.96.0.1/x" }, { "KUBERNETES_SERVICE_PORT", "443" } }),
    dir.path());
  ASSERT_FALSE(access);
  EXPECT_EQ(access.error().where, "environment");
}

} // namespace
} // namespace dualstack::verify::kube::testing
