// Shared helpers of the kube tests: access to the test API server, recording observer and sink.
#pragma once

#include "verify/kube/support/test_api_server.hpp"

#include <dualstack/verify/item_sink.hpp>
#include <dualstack/verify/kube/client_observer.hpp>
#include <dualstack/verify/kube/kubeconfig.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace dualstack::verify::kube::testing {

// Returns access to `server` with the cluster CA and the server's bearer token.
inline ClusterAccess token_access(const TestApiServer& server)
{
  ClusterAccess access;
  access.kubeconfig = "test-kubeconfig";
  access.context = "test";
  access.cluster = "test";
  access.user = "test";
  access.server = server.url();
  access.ca_pem = test_pki().ca.cert_pem;
  access.token = Secret(TestApiServer::token);
  return access;
}

// Returns access to `server` with the cluster CA and the test client certificate.
inline ClusterAccess cert_access(const TestApiServer& server)
{
  ClusterAccess access = token_access(server);
  access.token = Secret();
  access.client_cert_pem = test_pki().client.cert_pem;
  access.client_key_pem = Secret(test_pki().client.key_pem);
  return access;
}

class RecordingObserver : public ClientObserver
{
public:
  void on_warning(std::string_view message) override
  {
    warnings.emplace_back(message);
  }
  void on_page(std::string_view resource,
               std::size_t index,
               std::size_t items,
               std::uint64_t bytes) override
  {
    pages.push_back(std::string(resource) + " " + std::to_string(index) + " " +
                    std::to_string(items));
    (void)bytes;
  }

  std::vector<std::string> warnings;
  std::vector<std::string> pages;
};

// Keeps every item it is given, with its index; can be told to reject item `reject_at`.
class RecordingSink : public ItemSink
{
public:
  tl::expected<void, InputError> on_item(std::string_view json, std::size_t index) override
  {
    if (index == reject_at) {
      InputError error;
      error.source = "sink";
      error.message = "item rejected by the test";
      error.item = index;
      return tl::unexpected(error);
    }
    items.emplace_back(json);
    indexes.push_back(index);
    return {};
  }

  std::size_t reject_at = InputError::npos;
  std::vector<std::string> items;
  std::vector<std::size_t> indexes;
};

// Returns `count` small node objects named node-0, node-1, ...
inline std::vector<std::string> node_items(std::size_t count)
{
  std::vector<std::string> items;
  for (std::size_t i = 0; i < count; ++i) {
    items.push_back(R"({"metadata":{"name":"node-)" + std::to_string(i) +
                    R"("},"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.)" +
                    std::to_string(i + 1) + R"("}]}})");
  }
  return items;
}

inline constexpr std::chrono::milliseconds short_timeout{ 400 };

} // namespace dualstack::verify::kube::testing
