// render_gateways: every gateway's files (WireGuard, BIRD, keepalived, HAProxy, nftables, sysctl)
// and the operator's WireGuard client configs.
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/gateway/bird.hpp>
#include <dualstack/render/gateway/check_script.hpp>
#include <dualstack/render/gateway/endpoint_sync.hpp>
#include <dualstack/render/gateway/haproxy.hpp>
#include <dualstack/render/gateway/keepalived.hpp>
#include <dualstack/render/gateway/nftables.hpp>
#include <dualstack/render/gateway/notify_script.hpp>
#include <dualstack/render/gateway/paths.hpp>
#include <dualstack/render/gateway/sysctl.hpp>
#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/gateway/wireguard_client.hpp>
#include <dualstack/render/gateway/wireguard_server.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace dualstack::render {

namespace {

const KeyPair& endpoint_key(const Secrets& secrets, const plan::WireguardEndpoint& endpoint)
{
  auto it = secrets.wireguard_endpoint_keys.find(endpoint.id);
  if (it == secrets.wireguard_endpoint_keys.end() || it->second.private_key.empty()) {
    // The key store creates a key for every endpoint before rendering: a missing one is a bug.
    throw std::logic_error(
      fmt::format("render_gateways: no key for WireGuard endpoint {}", endpoint.id));
  }
  return it->second;
}

std::string public_key(const KeyPair& key)
{
  return key.public_key.empty() ? public_key_of(key.private_key) : key.public_key;
}

void gateway_files(Artifacts& out,
                   const plan::Plan& plan,
                   const plan::Host& gateway,
                   const Secrets& secrets)
{
  const std::string dir = "gateways/" + gateway::file_name(gateway.name) + "/";
  auto add = [&](std::string name,
                 std::string_view target,
                 int mode,
                 std::string purpose,
                 std::string content) {
    out.push_back({ dir + name,
                    gateway.name,
                    std::string(target),
                    mode,
                    std::move(purpose),
                    std::move(content),
                    false });
  };
  for (const auto& endpoint : plan.wireguard_endpoints) {
    const std::string conf = gateway::file_name(endpoint.interface_name) + ".conf";
    out.push_back(
      { dir + conf,
        gateway.name,
        std::string(gateway::paths::wireguard_dir) + "/" + conf,
        0600,
        fmt::format(
          "WireGuard server {} (shared key of endpoint {})", endpoint.interface_name, endpoint.id),
        gateway::wireguard_server_config(plan, gateway, endpoint, endpoint_key(secrets, endpoint)),
        true });
  }
  add("bird.conf",
      gateway::paths::bird,
      0644,
      "BIRD 2: BGP from the VIPs to the k8s nodes, per family",
      gateway::bird_config(plan, gateway));
  add("keepalived.conf",
      gateway::paths::keepalived,
      0644,
      "keepalived: VRRP for the VIPs, one instance per family",
      gateway::keepalived_config(plan, gateway));
  add("dualstack-notify.sh",
      gateway::paths::notify_script,
      0755,
      "keepalived notify hook: fresh WireGuard handshakes on becoming master",
      gateway::notify_script(plan, gateway));
  add("dualstack-check.sh",
      gateway::paths::check_script,
      0755,
      "keepalived health check: BIRD, HAProxy and WireGuard listen",
      gateway::check_script(plan, gateway));
  add("haproxy.cfg",
      gateway::paths::haproxy,
      0644,
      "HAProxy: Kubernetes API and lb_ports on the VIPs",
      gateway::haproxy_config(plan, gateway));
  add("nftables.conf",
      gateway::paths::nftables,
      0755,
      "nftables: input and WireGuard forwarding, both families",
      gateway::nftables_config(plan, gateway));
  add("dualstack-endpoint-sync",
      gateway::paths::endpoint_sync,
      0755,
      "dualstack-endpoint-sync: the master shares its WireGuard peers' endpoints with the backups",
      gateway::endpoint_sync_program());
  add("dualstack-endpoint-sync.json",
      gateway::paths::endpoint_sync_config,
      0644,
      "dualstack-endpoint-sync config: own address, the other gateways, the VIPs, the ports",
      gateway::endpoint_sync_config(plan, gateway));
  out.push_back({ dir + "dualstack-endpoint-sync.key",
                  gateway.name,
                  std::string(gateway::paths::endpoint_sync_key),
                  0600,
                  "dualstack-endpoint-sync message key (derived from the WireGuard key), secret",
                  gateway::endpoint_sync_key(plan, secrets),
                  true });
  add("dualstack-endpoint-sync.service",
      gateway::paths::endpoint_sync_unit,
      0644,
      "systemd unit of dualstack-endpoint-sync",
      gateway::endpoint_sync_unit(plan, gateway));
  add("90-dualstack.conf",
      gateway::paths::sysctl,
      0644,
      "sysctl: forwarding and ip_nonlocal_bind",
      gateway::sysctl_config(plan, gateway));
}

} // namespace

Artifacts render_gateways(const plan::Plan& plan, const Secrets& secrets)
{
  Artifacts out;
  for (const plan::Host* gateway : plan.hosts_with(plan::HostRole::gateway)) {
    gateway_files(out, plan, *gateway, secrets);
  }
  for (const auto& peer : plan.wireguard_peers) {
    for (std::size_t e = 0; e < plan.wireguard_endpoints.size(); ++e) {
      const auto& endpoint = plan.wireguard_endpoints[e];
      out.push_back({ fmt::format("wireguard/clients/{}-{}.conf",
                                  gateway::file_name(peer.ident),
                                  gateway::file_name(endpoint.interface_name)),
                      "operator",
                      "",
                      0644,
                      fmt::format("WireGuard client config of peer {} for {}",
                                  gateway::printable(peer.ident),
                                  endpoint.interface_name),
                      gateway::wireguard_client_config(
                        plan, peer, e, public_key(endpoint_key(secrets, endpoint))),
                      false });
    }
  }
  return out;
}

} // namespace dualstack::render
