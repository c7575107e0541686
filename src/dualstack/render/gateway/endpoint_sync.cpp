// dualstack-endpoint-sync: config, key and unit. The program itself is endpoint_sync_program.cpp.
#include <dualstack/render/gateway/endpoint_sync.hpp>

#include <dualstack/render/gateway/paths.hpp>
#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/gateway/well_known.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <array>
#include <stdexcept>

namespace dualstack::render::gateway {

std::string endpoint_sync_config(const plan::Plan& plan, const plan::Host& gateway)
{
  const net::Family family = plan.primary();
  nlohmann::ordered_json config;
  config["gateway"] = gateway.name;
  config["interface"] = plan.gateway_interface;
  config["listen"] = gateway.address(family)->to_string();
  config["port"] = well_known::endpoint_sync_port;
  nlohmann::json peers = nlohmann::json::array();
  for (const plan::Host* other : plan.hosts_with(plan::HostRole::gateway)) {
    if (other->name != gateway.name)
      peers.push_back(other->address(family)->to_string());
  }
  config["peers"] = peers;
  nlohmann::json vips = nlohmann::json::array();
  for (const auto& [network_family, network] : plan.networks)
    vips.push_back(network.vip.to_string());
  config["vips"] = vips;
  nlohmann::json ports = nlohmann::json::array();
  for (const auto& endpoint : plan.wireguard_endpoints)
    ports.push_back(endpoint.port);
  config["wireguard_ports"] = ports;
  config["key_file"] = std::string(paths::endpoint_sync_key);
  config["poll_s"] = endpoint_sync_poll_s;
  config["refresh_s"] = endpoint_sync_refresh_s;
  config["max_skew_s"] = endpoint_sync_max_skew_s;
  return config.dump(2) + "\n";
}

std::string endpoint_sync_key(const plan::Plan& plan, const Secrets& secrets)
{
  if (plan.wireguard_endpoints.empty())
    return "";
  auto it = secrets.wireguard_endpoint_keys.find(plan.wireguard_endpoints.front().id);
  if (it == secrets.wireguard_endpoint_keys.end() || it->second.private_key.empty())
    throw std::logic_error("endpoint_sync_key: no key for the first WireGuard endpoint");
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium could not be initialised");
  std::array<unsigned char, crypto_kdf_KEYBYTES> master{};
  std::size_t length = 0;
  if (sodium_base642bin(master.data(),
                        master.size(),
                        it->second.private_key.data(),
                        it->second.private_key.size(),
                        nullptr,
                        &length,
                        nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length != master.size()) {
    throw std::logic_error(
      "endpoint_sync_key: the WireGuard private key is not 32 bytes of base64");
  }
  std::array<unsigned char, 32> key{};
  // Context: 8 bytes naming the purpose; subkey 1. Another purpose would take another context.
  crypto_kdf_derive_from_key(key.data(), key.size(), 1, "dsepsync", master.data());
  sodium_memzero(master.data(), master.size());
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(text, sizeof text, key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  sodium_memzero(key.data(), key.size());
  std::string out = std::string(text) + "\n";
  sodium_memzero(text, sizeof text);
  return out;
}

std::string endpoint_sync_unit(const plan::Plan& plan, const plan::Host& gateway)
{
  return fmt::format(R"(# dualstack-endpoint-sync on gateway {} of cluster {}.
[Unit]
Description=dualstack: share WireGuard peers' endpoints between the gateways
Documentation=man:dualstack(1)
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/bin/python3 {} {}
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
)",
                     printable(gateway.name),
                     printable(plan.cluster_name),
                     paths::endpoint_sync,
                     paths::endpoint_sync_config);
}

} // namespace dualstack::render::gateway
