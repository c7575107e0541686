// The gateways' WireGuard server config of one endpoint (wg-quick format, /etc/wireguard/wgN.conf).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/secrets.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders `endpoint`'s server config for `gateway`: the gateway address of each family, the
// listen port, the endpoint's shared private key `key`, and a [Peer] per Plan peer with its
// address of each family as a single-address AllowedIPs.
std::string wireguard_server_config(const plan::Plan& plan,
                                    const plan::Host& gateway,
                                    const plan::WireguardEndpoint& endpoint,
                                    const KeyPair& key);

} // namespace dualstack::render::gateway
