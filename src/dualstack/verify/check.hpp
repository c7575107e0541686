// The cluster checks of `dualstack verify`: stable ids, one-line descriptions, input resource.
#pragma once

#include <dualstack/util/registry.hpp>
#include <dualstack/verify/resource.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dualstack::verify {

// Every check, in the order reports list them: the typed ids of `cluster_checks()`, whose row i
// must have key i (the build fails otherwise).
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
  count_ // not a check: the number of checks
};

inline constexpr std::size_t check_count = static_cast<std::size_t>(Check::count_);

struct CheckInfo
{
  Check key;
  std::string_view id;          // stable, e.g. "pod-ip-unique"
  std::string_view description; // one line
  Resource resource;            // the List it reads
};

// Returns every cluster check, in Check order (for `dualstack rules` and reports); index it
// with a Check, look a string id up with find or key.
const util::Registry<CheckInfo>& cluster_checks();

} // namespace dualstack::verify
