// The cluster checks of `dualstack verify`: stable ids, one-line descriptions, input resource.
#pragma once

#include <dualstack/verify/resource.hpp>

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace dualstack::verify {

// Every check, in the order reports list them. Values index `cluster_checks()`.
enum class Check : std::uint8_t
{
  node_known,
  node_internal_ip,
  node_pod_cidrs,
  pod_ip_families,
  pod_ip_primary,
  pod_ip_pool,
  pod_ip_unique,
  pod_host_network,
  service_ip_families,
  service_cluster_ip_range,
  service_kubernetes_ip,
  service_dns_ip,
  service_loadbalancer_ips,
  endpointslice_address_type,
  calico_ippool_present,
  calico_ippool_settings,
  calico_node_env,
  calico_installation,
  calico_bgp_peer,
  kubeadm_config_networking,
  kube_proxy_cluster_cidr,
};

inline constexpr std::size_t check_count = 21;

struct CheckInfo
{
  Check check;
  std::string_view id;          // stable, e.g. "pod-ip-unique"
  std::string_view description; // one line
  Resource resource;            // the List it reads
};

// Returns every cluster check, in Check order (for `dualstack rules` and reports).
const std::vector<CheckInfo>& cluster_checks();

// Returns the description of `check`.
const CheckInfo& info(Check check);

// Returns the check with id `id`, or nullopt.
std::optional<Check> check_by_id(std::string_view id);

} // namespace dualstack::verify
