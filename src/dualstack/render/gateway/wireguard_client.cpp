// A WireGuard client config for one peer and endpoint.
#include <dualstack/render/gateway/wireguard_client.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::gateway {

std::string wireguard_client_config(const plan::Plan& plan,
                                    const plan::WireguardPeer& peer,
                                    std::size_t endpoint_index,
                                    const std::string& server_public_key)
{
  const plan::WireguardEndpoint& endpoint = plan.wireguard_endpoints.at(endpoint_index);
  std::vector<std::string> addresses;
  for (const auto& [family, address] : peer.addresses.at(endpoint_index)) {
    addresses.push_back(single(address));
  }
  std::vector<net::Prefix> routed;
  for (const auto& [family, range] : endpoint.ranges) {
    routed.push_back(range.prefix);
  }
  for (const auto& [family, network] : plan.networks) {
    routed.push_back(network.cluster_subnet);
  }
  for (const auto& [family, network] : plan.networks) {
    routed.push_back(network.pod_subnet);
  }
  if (plan.bgp_announce_service_ips) {
    for (const auto& [family, network] : plan.networks) {
      routed.push_back(network.service_subnet);
    }
  }
  if (plan.export_loadbalancer_pools) {
    for (const auto& [family, network] : plan.networks) {
      if (network.loadbalancer_pool)
        routed.push_back(*network.loadbalancer_pool);
    }
  }
  // An endpoint inside a routed range (the IPv6 VIP of a global cluster subnet) stays outside
  // the tunnel: its address is cut out of the range, or the handshake would loop into wg0.
  std::vector<std::string> allowed;
  const std::optional<net::Address> outer = net::host_port_address(endpoint.public_endpoint);
  for (const net::Prefix& range : routed) {
    for (const net::Prefix& part :
         outer ? net::exclude(range, *outer) : std::vector<net::Prefix>{ range })
      allowed.push_back(part.to_string());
  }
  std::string out;
  out += fmt::format("# WireGuard client `{}` for endpoint {} of cluster {} (wg-quick format).\n",
                     printable(peer.ident),
                     endpoint.interface_name,
                     printable(plan.cluster_name));
  out += fmt::format(
    "# Add your private key below: its public key must be {} (`pub_key` in the config).\n",
    peer.pub_key);
  out += "[Interface]\n";
  out += "# PrivateKey = <the private key of this peer>\n";
  out += fmt::format("Address = {}\n", join(addresses, ", "));
  out += fmt::format("# the cluster network's MTU ({}) less WireGuard's 80 bytes over IPv6\n",
                     plan.network_mtu);
  out += fmt::format("MTU = {}\n", plan.wireguard_mtu);
  out += "\n[Peer]\n";
  out += "# the gateways: all hold this key, the VRRP master answers\n";
  out += fmt::format("PublicKey = {}\n", server_public_key);
  if (endpoint.public_endpoint.empty()) {
    // The floating IP exists only after Terraform ran; a comment keeps the file loadable.
    out += fmt::format(
      "# Endpoint = <public address of the gateways (floating IP of the VIP port)>:{}\n",
      endpoint.port);
  } else {
    out += fmt::format("Endpoint = {}\n", endpoint.public_endpoint);
  }
  if (allowed.size() > routed.size())
    out += "# the cluster subnet less the endpoint's own address, which stays outside the tunnel\n";
  out += fmt::format("AllowedIPs = {}\n", join(allowed, ", "));
  out += fmt::format("PersistentKeepalive = {}\n", plan.timers.wireguard_persistent_keepalive);
  return out;
}

} // namespace dualstack::render::gateway
