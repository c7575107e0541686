// Plan accessors.
#include <dualstack/plan/plan.hpp>

#include <stdexcept>

namespace dualstack::plan {

std::string_view to_string(HostRole role)
{
  switch (role) {
    case HostRole::gateway:
      return "gateway";
    case HostRole::master:
      return "master";
    case HostRole::worker:
      return "worker";
  }
  return "worker";
}

std::optional<Address> Host::address(Family family) const
{
  if (const Address* address = addresses.find(family)) {
    return *address;
  }
  return std::nullopt;
}

std::optional<Prefix> WireguardEndpoint::range(Family family) const
{
  if (const WireguardRange* r = ranges.find(family)) {
    return r->prefix;
  }
  return std::nullopt;
}

std::optional<Address> WireguardEndpoint::gateway_address(Family family) const
{
  if (const WireguardRange* r = ranges.find(family)) {
    return r->gateway;
  }
  return std::nullopt;
}

const FamilyPlan& Plan::network(Family family) const
{
  if (const FamilyPlan* network = networks.find(family)) {
    return *network;
  }
  throw std::logic_error("Plan::network: family not enabled");
}

std::vector<const Host*> Plan::hosts_with(HostRole role) const
{
  std::vector<const Host*> result;
  for (const auto& host : hosts) {
    if (host.role == role) {
      result.push_back(&host);
    }
  }
  return result;
}

std::vector<const Host*> Plan::k8s_nodes() const
{
  std::vector<const Host*> result;
  for (const auto& host : hosts) {
    if (host.role != HostRole::gateway) {
      result.push_back(&host);
    }
  }
  return result;
}

const Host* Plan::host(std::string_view name) const
{
  for (const auto& host : hosts) {
    if (host.name == name) {
      return &host;
    }
  }
  return nullptr;
}

std::vector<Prefix> forwarded_cluster_ranges(const Plan& plan, Family family)
{
  const FamilyPlan& network = plan.network(family);
  std::vector<Prefix> out{ network.cluster_subnet, network.pod_subnet };
  if (plan.bgp_announce_service_ips)
    out.push_back(network.service_subnet);
  if (network.loadbalancer_pool && plan.export_loadbalancer_pools)
    out.push_back(*network.loadbalancer_pool);
  return out;
}

} // namespace dualstack::plan
