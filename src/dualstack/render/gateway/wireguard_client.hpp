// A WireGuard client config for one peer and endpoint (wg-quick format), handed to the operator.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <cstddef>
#include <string>

namespace dualstack::render::gateway {

// Renders `peer`'s config for endpoint number `endpoint_index` (Plan order): the peer's addresses,
// a placeholder for its private key (we only know its public key), and the gateways as [Peer]
// with `server_public_key`, the endpoint's public address (a commented placeholder while the
// Plan has none) and AllowedIPs = the WireGuard ranges, cluster subnets and pod subnets (and
// service subnets when they are announced) of every family.
std::string wireguard_client_config(const plan::Plan& plan,
                                    const plan::WireguardPeer& peer,
                                    std::size_t endpoint_index,
                                    const std::string& server_public_key);

} // namespace dualstack::render::gateway
