// The rule registry: every config rule's id and description, and the order checks run in.
#include <dualstack/plan/rules.hpp>

#include <dualstack/plan/rules/context.hpp>

namespace dualstack::plan {

namespace {

constexpr RuleInfo config_rule_rows[] = {
  // reported while loading
  { "input-file", "The config path names a readable regular file." },
  { "input-size", "The config file is at most 4 MiB." },
  { "toml-syntax", "The config is valid UTF-8 TOML without duplicate keys." },
  { "value-type", "Every value has the type its key needs." },
  { "unknown-key", "Every key in a section dualstack reads is known (with a did-you-mean hint)." },
  { "conflicting-keys",
    "Different spellings of one setting (ipv6_enabled, dualstack_support, dualstack-support) "
    "agree." },
  { "node-role", "Every [terraform.nodes.<name>] has role `master` or `worker`." },
  { "address-syntax",
    "Addresses and prefixes are well-formed: no leading zeros, no zone ids, no brackets." },
  { "prefix-masked", "Prefixes have no host bits set (the hint gives the masked form)." },
  // families
  { "family-enabled", "At least one of IPv4 and IPv6 is enabled." },
  { "primary-family", "`primary_family` is ipv4 or ipv6 and names an enabled family." },
  { "field-family",
    "Every field holds its own family: IPv4 in subnet_cidr, IPv6 in subnet_v6_cidr, and so on." },
  { "loadbalancer-pool", "A LoadBalancer address pool is given only for an enabled family." },
  { "dualstack-needs-calico", "The network plugin is Calico (required for IPv6 and dual-stack)." },
  { "ipv6-settings", "With IPv6 on, every enabled WireGuard endpoint has ipv6_cidr and ipv6_gw." },
  { "ipv4-settings", "With IPv4 on, every enabled WireGuard endpoint has ip_cidr and ip_gw." },
  // ranges
  { "overlap", "Cluster subnet, pod, service and WireGuard ranges of a family do not overlap." },
  { "reserved-range",
    "No range lies in loopback, link-local, multicast, unspecified or IPv4-mapped space." },
  // kubeadm and Kubernetes
  { "service-subnet-size",
    "Each service subnet has at least 10 addresses and at most 20 host bits (IPv6 /108 or "
    "longer)." },
  { "pod-subnet-size", "Each pod subnet has at least 14 addresses." },
  { "node-mask", "Each node CIDR mask is at least the pod prefix and at most 16 bits longer." },
  { "k8s-version",
    "[kubernetes] version is given as MAJOR.MINOR.PATCH and is 1.22 or later (kubeadm "
    "v1beta3)." },
  { "nodes-present", "The cluster has at least one master." },
  // capacity
  { "capacity-hosts",
    "Router, VIP, gateways, nodes and the DHCP reserve fit the cluster subnet of each family." },
  { "capacity-node-cidrs", "The pod subnet holds a node CIDR for every node, per family." },
  { "capacity-peers", "Every WireGuard range holds every peer." },
  // Calico
  { "calico-block-size", "Calico block sizes are 20-32 (IPv4) and 116-128 (IPv6)." },
  { "calico-pool-block", "Each Calico pool holds at least one block." },
  { "calico-encapsulation",
    "Encapsulation values are valid; IPv6 pools use None or VXLAN, never IPIP." },
  { "install-mode", "Calico install_mode is `operator` or `manifest`." },
  { "calico-autodetection",
    "Calico IP/IPv6 autodetection methods are ones Calico knows; cidr= lists prefixes of the "
    "method's family." },
  { "mtu",
    "Calico's MTU lies between 576 (1280 with IPv6) and 9000 and, with its encapsulation, fits "
    "the network MTU." },
  // OpenStack
  { "ipv6-address-mode",
    "IPv6 address and RA modes are slaac, dhcpv6-stateful or dhcpv6-stateless, and agree." },
  { "slaac-needs-64", "SLAAC (and DHCPv6-stateless) needs a /64 IPv6 subnet." },
  { "ipv6-reachable",
    "An IPv6-only cluster has a global IPv6 subnet, or WireGuard public endpoints (Neutron has "
    "no IPv6 floating IPs); a warning." },
  { "ipv6-egress",
    "IPv6 pods reach the internet: a global pod prefix is routed (never masqueraded), a ULA one "
    "is masqueraded to a global subnet (NAT66); otherwise a warning." },
  { "ipv6-pod-ingress",
    "pod_ingress_v6_tcp_ports needs a routed (global) IPv6 pod prefix and lists TCP ports "
    "1-65535 once each; a warning that the nodes' own global addresses get them too." },
  { "network-mtu",
    "The network MTU lies between 576 (1280 with IPv6) and 9000; with IPv6, WireGuard's (80 "
    "less) is at least 1280." },
  { "interface-name",
    "gateway_interface and node_interface are Linux interface names (1-15 of letters, digits, -, "
    "_, .)." },
  // WireGuard
  { "wireguard-gateway",
    "Each WireGuard gateway address lies in its range, with the same prefix length, not its "
    "network address." },
  { "wireguard-key", "Every peer has a valid, unique base64 X25519 public key." },
  { "duplicate-name", "Peer idents and endpoint ids are unique." },
  { "peer-address", "A pinned peer address is a free host address of endpoint 0's range." },
  { "wireguard-endpoint",
    "WireGuard public_endpoint and peer endpoint are host:port (IPv6 bracketed) outside every "
    "range the tunnel carries." },
  { "port", "WireGuard ports are valid and distinct." },
  // gateways
  { "gateway-count", "There are 1 to 64 gateways." },
  { "bgp-as", "AS numbers are usable and gateways and nodes have different ones." },
  { "vrrp-priorities", "One VRRP priority per gateway, distinct, within 1-254." },
  { "vrrp-settings", "VRRP router id, advert interval and preempt delay are in range." },
  { "api-endpoint",
    "control_plane_endpoint is a DNS name or address without a port; an IPv6 literal is "
    "bracketed." },
  { "lb-ports", "HAProxy ports are valid and distinct; NodePorts lie in 30000-32767." },
};

constexpr util::Registry<RuleInfo> config_rule_registry{ "config", config_rule_rows };

} // namespace

const util::Registry<RuleInfo>& config_rules()
{
  return config_rule_registry;
}

void check_config(const config::Config& config, Findings& findings)
{
  const rules::Context ctx{ config, findings, enabled_families(config) };
  rules::check_families(ctx);
  rules::check_ranges(ctx);
  rules::check_kubeadm(ctx);
  rules::check_capacity(ctx);
  rules::check_calico(ctx);
  rules::check_links(ctx);
  rules::check_autodetection(ctx);
  rules::check_openstack(ctx);
  rules::check_egress(ctx);
  rules::check_wireguard(ctx);
  rules::check_wireguard_endpoints(ctx);
  rules::check_gateways(ctx);
}

} // namespace dualstack::plan
