// The lists of yaook-k8s keys dualstack ignores, per section (from yaook's config templates).
#include <dualstack/config/yaook_keys.hpp>

#include <map>
#include <string>

namespace dualstack::config {

const std::vector<std::string_view>& yaook_ignored_keys(std::string_view section)
{
  static const std::map<std::string, std::vector<std::string_view>, std::less<>> lists = {
    {"terraform",
     {"prefix", "worker_flavors", "master_flavors",
      "worker_images", "master_images", "worker_azs", "master_azs", "worker_names",
      "master_names", "default_master_image_name", "default_worker_image_name",
      "default_master_flavor", "default_worker_flavor", "gateway_image_name", "gateway_flavor",
      "gateway_volume_type", "enable_az_management", "azs", "create_root_disk_on_volume",
      "root_disk_volume_type", "root_disk_size", "keypair", "public_network",
      "gitlab_backend", "gitlab_base_url", "gitlab_project_id", "gitlab_state_name",
      "timeout_time", "dns_nameservers_v4", "dns_nameservers_v6", "thanos_delete_container",
      "master_root_disk_sizes", "worker_root_disk_sizes", "master_anti_affinity",
      "worker_anti_affinity", "gateway_root_disk_volume_size", "gateway_root_disk_volume_type",
      "default_master_root_disk_size", "default_worker_root_disk_size", "master_defaults",
      "worker_defaults", "gateway_defaults", "network_name", "router_name", "subnet_name"}},
    {"terraform.nodes",
     {"az", "flavor", "image", "root_disk_size", "root_disk_volume_type", "volume_type",
      "anti_affinity_group", "server_group", "labels", "taints", "meta"}},
    {"load-balancing",
     {"openstack_lbaas", "haproxy_stats_port", "deprecated_nodeport_lb_test_port",
      "bgp_filter"}},
    {"kubernetes",
     {"is_gpu_cluster", "virtualize_gpu", "container_runtime", "use_podsecuritypolicies",
      "enabled", "is_ipsec_enabled"}},
    {"kubernetes.apiserver", {"memory_limit", "audit_log", "admission_plugins"}},
    {"kubernetes.controller_manager", {"large_cluster_size_threshold", "enable_signing_requests"}},
    {"kubernetes.network", {"calico_custom_version", "kube_router_version"}},
    {"kubernetes.network.calico",
     {"custom_version", "values_file_path", "image_registry", "typha_enabled", "typha_replicas",
      "operator_version", "bgp_router_id", "use_tigera_operator"}},
    {"kubernetes.kubelet",
     {"pod_pids_limit", "evictionhard_nodefs_available", "evictionhard_nodefs_inodesfree",
      "evictionhard_memory_available", "evictionhard_imagefs_available",
      "evictionsoft_memory_period", "evictionsoft_memory_available", "system_reserved",
      "kube_reserved", "kubelet_logs", "image_gc_high_threshold", "image_gc_low_threshold",
      "cgroupdriver"}},
    {"wireguard", {"rollout_company_users", "s2s"}},
    {"", {}},
  };
  static const std::vector<std::string_view> none;
  auto it = lists.find(section);
  return it == lists.end() ? none : it->second;
}

} // namespace dualstack::config
