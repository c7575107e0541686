// The catalog of cluster checks.
#include <dualstack/verify/check.hpp>

namespace dualstack::verify {

namespace {

constexpr CheckInfo cluster_check_rows[] = {
  { Check::node_known,
    "node-known",
    "every node is a master or worker of the Plan, and every planned node exists",
    Resource::nodes },
  { Check::node_internal_ip,
    "node-internal-ip",
    "each node has one InternalIP per enabled family, equal to the Plan's address",
    Resource::nodes },
  { Check::node_pod_cidrs,
    "node-pod-cidrs",
    "spec.podCIDRs has one CIDR per family, primary first, inside the pod subnet with the "
    "planned node mask",
    Resource::nodes },
  { Check::pod_ip_families,
    "pod-ip-families",
    "each running pod (not hostNetwork) has one IP per enabled family, primary family first",
    Resource::pods },
  { Check::pod_ip_primary,
    "pod-ip-primary",
    "each pod's status.podIP equals status.podIPs[0]",
    Resource::pods },
  { Check::pod_ip_pool,
    "pod-ip-pool",
    "each pod IP (not hostNetwork) lies inside the planned Calico IP pool of its family",
    Resource::pods },
  { Check::pod_ip_unique,
    "pod-ip-unique",
    "no IP is used by two pods (hostNetwork and finished pods excepted)",
    Resource::pods },
  { Check::pod_host_network,
    "pod-host-network",
    "each hostNetwork pod's IPs are its node's addresses",
    Resource::pods },
  { Check::service_ip_families,
    "service-ip-families",
    "ipFamilyPolicy, ipFamilies and clusterIPs agree (headless and ExternalName included)",
    Resource::services },
  { Check::service_cluster_ip_range,
    "service-cluster-ip-range",
    "every ClusterIP lies inside the planned service subnet of its family",
    Resource::services },
  { Check::service_kubernetes_ip,
    "service-kubernetes-ip",
    "default/kubernetes has the planned API service IP(s)",
    Resource::services },
  { Check::service_dns_ip,
    "service-dns-ip",
    "kube-system/kube-dns has the planned DNS service IP of every family",
    Resource::services },
  { Check::service_loadbalancer_ips,
    "service-loadbalancer-ips",
    "every LoadBalancer service has an ingress IP of each of its ipFamilies, inside the planned "
    "LoadBalancer pool of that family",
    Resource::services },
  { Check::endpointslice_address_type,
    "endpointslice-address-type",
    "every EndpointSlice address is of the slice's addressType",
    Resource::endpointslices },
  { Check::calico_ippool_present,
    "calico-ippool-present",
    "an enabled Calico IPPool with the planned CIDR exists for each family",
    Resource::ippools },
  { Check::calico_ippool_settings,
    "calico-ippool-settings",
    "each planned IPPool has the planned blockSize, ipipMode/vxlanMode and natOutgoing (IPv6: "
    "off when the Plan's IPv6 egress is routed, on with nat66)",
    Resource::ippools },
  { Check::calico_node_env,
    "calico-node-env",
    "the calico-node DaemonSet sets IP/IP6 autodetection and FELIX_IPV6SUPPORT per the families",
    Resource::daemonsets },
  { Check::calico_installation,
    "calico-installation",
    "the operator Installation has the planned IP pools and the planned address autodetection "
    "method (by value) per family",
    Resource::installations },
  { Check::calico_bgp_peer,
    "calico-bgp-peer",
    "a BGPPeer per family peers with the gateway VIP at the gateway AS",
    Resource::bgppeers },
  { Check::kubeadm_config_networking,
    "kubeadm-config-networking",
    "kubeadm-config's ClusterConfiguration has podSubnet and serviceSubnet in the planned order",
    Resource::configmaps },
  { Check::kube_proxy_cluster_cidr,
    "kube-proxy-cluster-cidr",
    "kube-proxy's config has clusterCIDR with the pod subnets in the planned order",
    Resource::configmaps },
};

constexpr util::Registry<CheckInfo> cluster_check_registry{ "verify", cluster_check_rows };

} // namespace

const util::Registry<CheckInfo>& cluster_checks()
{
  return cluster_check_registry;
}

} // namespace dualstack::verify
