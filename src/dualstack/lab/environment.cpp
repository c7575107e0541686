// The lab's environment, set in the Config and derived like any config.
#include <dualstack/lab/environment.hpp>

#include <dualstack/net/host_port.hpp>
#include <dualstack/plan/derive.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

namespace {

void set_located(Located<std::string>& value, std::string text, SourcePos pos)
{
  value.value = std::move(text);
  value.present = true;
  value.pos = pos;
}

tl::expected<plan::Plan, std::string> derived_or_findings(const config::Config& config,
                                                          const char* what)
{
  auto derived = plan::derive_plan(config, Findings(config.file));
  if (derived.plan)
    return *derived.plan;
  std::string why = what;
  for (const auto& f : derived.findings.all()) {
    if (f.severity == Severity::error)
      why += fmt::format("\n  {}: {}", f.rule, f.message);
  }
  return tl::unexpected(why);
}

} // namespace

void apply_environment(config::Config& config,
                       const Topology& topology,
                       const std::string& client_public_key,
                       const std::string& site_public_key)
{
  using net::host_port;
  for (auto& endpoint : config.wireguard_endpoints) {
    if (!endpoint.enabled)
      continue;
    if (topology.public_net.routed) {
      // No floating IP: clients dial the VIP, which derive_plan makes the endpoint of a routed
      // IPv6-only cluster that names none (the VIP lies in a range the tunnel carries, so the
      // rules refuse it as a written value).
      endpoint.public_endpoint = {};
    } else {
      set_located(endpoint.public_endpoint,
                  host_port(topology.public_net.floating_ip, endpoint.port.value),
                  endpoint.pos);
    }
  }
  if (config.wireguard_peers.empty())
    return;
  auto& peer = config.wireguard_peers.front();
  set_located(peer.pub_key, client_public_key, peer.pos);
  // A roaming peer has no endpoint in the config: the gateways learn it when it dials in.
  if (topology.client.roaming) {
    peer.endpoint = {};
  } else {
    set_located(peer.endpoint,
                host_port(topology.client.public_address, topology.client.listen_port),
                peer.pos);
  }
  if (topology.site && config.wireguard_peers.size() >= 2) {
    auto& site = config.wireguard_peers[1];
    set_located(site.pub_key, site_public_key, site.pos);
    set_located(site.endpoint,
                host_port(topology.site->public_address, topology.site->listen_port),
                site.pos);
  }
}

tl::expected<plan::Plan, std::string> derive_lab_plan(config::Config config,
                                                      const Topology& topology,
                                                      const std::string& client_public_key,
                                                      const std::string& site_public_key)
{
  apply_environment(config, topology, client_public_key, site_public_key);
  return derived_or_findings(config,
                             "the config with the lab's environment (floating IP, client and "
                             "site peer keys and endpoints) does not pass its rules:");
}

tl::expected<plan::Plan, std::string> derive_config_plan(const config::Config& config,
                                                         const char* what)
{
  return derived_or_findings(config, what);
}

} // namespace dualstack::lab
