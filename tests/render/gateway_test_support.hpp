// Shared by the gateway render tests: the four family shapes as config text and Plans, fixed
// secrets, and lookups in rendered artifacts.
#pragma once

#include "render/support/example_plan.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>
#include <dualstack/render/renderers.hpp>
#include <dualstack/render/secrets.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace dualstack::render::gateway_testing {

enum class Shape
{
  ipv4_only,
  dual,
  ipv6_primary,
  ipv6_only
};

inline const std::vector<Shape>& all_shapes()
{
  static const std::vector<Shape> shapes{
    Shape::ipv4_only, Shape::dual, Shape::ipv6_primary, Shape::ipv6_only
  };
  return shapes;
}

inline std::string shape_name(Shape shape)
{
  switch (shape) {
    case Shape::ipv4_only:
      return "IPv4-only";
    case Shape::dual:
      return "dual-stack";
    case Shape::ipv6_primary:
      return "IPv6-primary";
    case Shape::ipv6_only:
      return "IPv6-only";
  }
  return "?";
}

// Returns a small cluster's config.toml of `shape`: 2 gateways, 2 masters, 2 workers, one
// WireGuard endpoint with two peers, two lb_ports (one http with PROXY protocol).
inline std::string config_text(Shape shape, int gateways = 2)
{
  std::string terraform;
  std::string network;
  switch (shape) {
    case Shape::ipv4_only:
      break;
    case Shape::dual:
      terraform = "ipv6_enabled = true\n";
      break;
    case Shape::ipv6_primary:
      terraform = "ipv6_enabled = true\n";
      network = "primary_family = \"ipv6\"\n";
      break;
    case Shape::ipv6_only:
      terraform = "ipv4_enabled = false\nipv6_enabled = true\n";
      break;
  }
  std::string priorities = "150";
  for (int i = 1; i < gateways; ++i)
    priorities += ", " + std::to_string(150 - 50 * i);
  return R"([terraform]
cluster_name = "gwt"
subnet_cidr = "172.30.154.0/24"
subnet_v6_cidr = "fd00::/120"
gateway_count = )" +
         std::to_string(gateways) + "\n" + terraform + R"(
[terraform.nodes.gwt-master-0]
role = "master"

[terraform.nodes.gwt-master-1]
role = "master"

[terraform.nodes.gwt-worker-0]
role = "worker"

[terraform.nodes.gwt-worker-1]
role = "worker"

[load-balancing]
vrrp_priorities = [)" +
         priorities + R"(]
lb_ports = [30060, {external = 80, nodeport = 30080, layer = "http", use_proxy_protocol = true}]

[kubernetes]
version = "1.31.4"

[kubernetes.apiserver]
frontend_port = 8888

[kubernetes.network]
pod_subnet = "10.244.0.0/16"
pod_subnet_v6 = "fdff:2::/56"
service_subnet = "10.96.0.0/12"
service_subnet_v6 = "fdff:3::/108"
)" + network +
         R"(
[wireguard]
enabled = true

[[wireguard.endpoints]]
id = 0
enabled = true
port = 7777
ip_cidr = "172.30.153.64/26"
ip_gw = "172.30.153.65/26"
ipv6_cidr = "fd01::/120"
ipv6_gw = "fd01::1/120"

[[wireguard.peers]]
ident = "operator"
pub_key = "x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE="

[[wireguard.peers]]
ident = "laptop"
pub_key = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08="
)";
}

// Returns the Plan of `text`; throws if the config does not load or has errors.
inline plan::Plan plan_of(const std::string& text)
{
  auto loaded = config::load_config_text(text, "gateway-test.toml");
  if (!loaded)
    throw std::runtime_error("config does not load: " + loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("config has errors");
  return *result.plan;
}

inline plan::Plan plan_for(Shape shape, int gateways = 2)
{
  return plan_of(config_text(shape, gateways));
}

// RFC 7748's Alice key pair (private key clamped, as wg stores it), as every endpoint's shared
// key: fixed, so output is comparable. The laptop peer has Bob's public key.
inline const KeyPair& test_key()
{
  static const KeyPair key{ "cAdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LGo=",
                            "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=" };
  return key;
}

inline Secrets secrets_for(const plan::Plan& plan)
{
  Secrets secrets;
  for (const auto& endpoint : plan.wireguard_endpoints) {
    secrets.wireguard_endpoint_keys[endpoint.id] = test_key();
  }
  return secrets;
}

inline Artifacts render(const plan::Plan& plan)
{
  return render_gateways(plan, secrets_for(plan));
}

// The artifact at `path` (a copy when the list is a temporary); throws if there is none.
using dualstack::testing::artifact;

// Returns the gateway file `name` of `gateway` (e.g. "bird.conf").
inline std::string gateway_file(const Artifacts& artifacts,
                                const plan::Host& gateway,
                                const std::string& name)
{
  return artifact(artifacts, "gateways/" + gateway.name + "/" + name).content;
}

} // namespace dualstack::render::gateway_testing
