// The gateways' WireGuard server config of one endpoint.
#include <dualstack/render/gateway/wireguard_server.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <cstddef>

namespace dualstack::render::gateway {

namespace {

std::size_t index_of(const plan::Plan& plan, const plan::WireguardEndpoint& endpoint)
{
  for (std::size_t i = 0; i < plan.wireguard_endpoints.size(); ++i) {
    if (plan.wireguard_endpoints[i].id == endpoint.id)
      return i;
  }
  return plan.wireguard_endpoints.size();
}

} // namespace

std::string wireguard_server_config(const plan::Plan& plan,
                                    const plan::Host& gateway,
                                    const plan::WireguardEndpoint& endpoint,
                                    const KeyPair& key)
{
  std::string out;
  out += fmt::format("# WireGuard endpoint {} of cluster {} on gateway {} (wg-quick format).\n",
                     endpoint.interface_name,
                     printable(plan.cluster_name),
                     printable(gateway.name));
  out += "# Every gateway holds this key: clients reach whichever gateway holds the VIP.\n";
  out += "# Load without wg-quick: wg setconf IFACE <(wg-quick strip FILE), then add the Address "
         "lines.\n";
  out += "[Interface]\n";
  std::vector<std::string> addresses;
  for (const auto& [family, range] : endpoint.ranges) {
    addresses.push_back(with_length(range.gateway, range.prefix));
  }
  out += fmt::format("Address = {}\n", join(addresses, ", "));
  out += fmt::format("MTU = {}\n", plan.wireguard_mtu);
  out += fmt::format("ListenPort = {}\n", endpoint.port);
  out += fmt::format("PrivateKey = {}\n", key.private_key);
  const std::size_t e = index_of(plan, endpoint);
  for (const auto& peer : plan.wireguard_peers) {
    if (e >= peer.addresses.size())
      continue;
    std::vector<std::string> allowed;
    for (const auto& [family, address] : peer.addresses[e]) {
      allowed.push_back(single(address));
    }
    out += fmt::format("\n[Peer]\n# {}\n", printable(peer.ident));
    out += fmt::format("PublicKey = {}\n", peer.pub_key);
    out += fmt::format("AllowedIPs = {}\n", join(allowed, ", "));
    if (!peer.endpoint.empty()) {
      // A fixed client address lets a new VRRP master start the handshake (notify hook).
      out += fmt::format("Endpoint = {}\n", peer.endpoint);
    }
  }
  return out;
}

} // namespace dualstack::render::gateway
