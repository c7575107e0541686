// Security groups: which traffic reaches gateways, masters and workers, per family.
#include <dualstack/render/terraform/security_groups.hpp>

#include <dualstack/render/gateway/well_known.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace dualstack::render::terraform {

namespace {

using net::Family;
using plan::HostRole;

// Collects the rules of one group; identical rules (Neutron rejects duplicates) are kept once.
class RuleList
{
public:
  explicit RuleList(std::vector<SecurityRule>& rules)
    : m_rules(rules)
  {
  }

  void add(SecurityRule rule)
  {
    auto key = std::tuple{ rule.family,   rule.protocol,         rule.port_min,
                           rule.port_max, rule.remote_ip_prefix, rule.remote_group };
    if (!m_seen.insert(key).second)
      return;
    rule.name += fmt::format("_{}", net::to_string(rule.family));
    m_rules.push_back(std::move(rule));
  }

  void tcp(Family f,
           std::string name,
           std::string description,
           int port,
           std::optional<std::string> remote)
  {
    add({ std::move(name),
          std::move(description),
          f,
          "tcp",
          port,
          port,
          std::move(remote),
          std::nullopt });
  }

private:
  std::vector<SecurityRule>& m_rules;
  std::set<std::tuple<Family,
                      std::optional<std::string>,
                      int,
                      int,
                      std::optional<std::string>,
                      std::optional<std::string>>>
    m_seen;
};

std::string subnet_of(const plan::Plan& plan, Family f)
{
  return plan.network(f).cluster_subnet.to_string();
}

bool has_wireguard_range(const plan::Plan& plan, Family f)
{
  return std::any_of(plan.wireguard_endpoints.begin(),
                     plan.wireguard_endpoints.end(),
                     [&](const plan::WireguardEndpoint& e) { return e.range(f).has_value(); });
}

SecurityGroup common_group(const plan::Plan& plan)
{
  SecurityGroup group{ "common",
                       "ICMP and ICMPv6 for every host",
                       { HostRole::gateway, HostRole::master, HostRole::worker },
                       true,
                       {} };
  RuleList rules(group.rules);
  for (Family f : plan.families()) {
    if (f == Family::ipv4) {
      rules.add(
        { "icmp", "ICMP (ping, path MTU discovery)", f, "icmp", 0, 0, std::nullopt, std::nullopt });
    } else {
      rules.add({ "icmp",
                  "ICMPv6 incl. neighbour discovery (types 133-137) and path MTU discovery",
                  f,
                  "ipv6-icmp",
                  0,
                  0,
                  std::nullopt,
                  std::nullopt });
    }
  }
  return group;
}

SecurityGroup gateway_group(const plan::Plan& plan)
{
  SecurityGroup group{ "gateway",
                       "gateways: VRRP, BGP to the VIP, WireGuard, API frontend, lb_ports",
                       { HostRole::gateway },
                       true,
                       {} };
  RuleList rules(group.rules);
  for (Family f : plan.families()) {
    const std::string subnet = subnet_of(plan, f);
    rules.add(
      { "vrrp", "VRRP (keepalived) between the gateways", f, "112", 0, 0, subnet, std::nullopt });
    if (f == plan.primary()) {
      rules.add({ "endpoint_sync",
                  "dualstack-endpoint-sync between the gateways",
                  f,
                  "udp",
                  gateway::well_known::endpoint_sync_port,
                  gateway::well_known::endpoint_sync_port,
                  subnet,
                  std::nullopt });
    }
    rules.tcp(f, "bgp", "BGP from the k8s nodes to the VIP", 179, subnet);
    for (const auto& endpoint : plan.wireguard_endpoints) {
      rules.add({ fmt::format("wireguard_{}", endpoint.interface_name),
                  fmt::format("WireGuard {}", endpoint.interface_name),
                  f,
                  "udp",
                  endpoint.port,
                  endpoint.port,
                  std::nullopt,
                  std::nullopt });
    }
    rules.tcp(f,
              "api",
              "Kubernetes API frontend (HAProxy on the VIPs)",
              plan.api.frontend_port,
              std::nullopt);
    for (const auto& lb : plan.lb_ports) {
      rules.tcp(f,
                fmt::format("lb_{}", lb.external),
                fmt::format("lb_ports {} (HAProxy)", lb.external),
                lb.external,
                std::nullopt);
    }
    rules.tcp(f, "ssh", "SSH to the gateways (bootstrap before WireGuard is up)", 22, std::nullopt);
    // Routed IPv6 pods: the router sends the pod prefix's traffic from anywhere to the VIP, and
    // a group cannot match the destination. The gateway's own nftables input chain still drops
    // what is not its own service; the nodes' group lets only replies through to the pods.
    if (f == Family::ipv6 && plan.ipv6_egress == plan::Ipv6Egress::routed) {
      rules.add(
        { "routed_pods",
          fmt::format("traffic from anywhere to the routed pod prefix {} (router route to the VIP)",
                      plan.network(f).pod_subnet.to_string()),
          f,
          std::nullopt,
          0,
          0,
          std::string("::/0"),
          std::nullopt });
    }
    // Stateful groups pass only replies: flows that nodes and pods start towards WireGuard peers
    // (the nftables forward chain allows them) need their own rule per forwarded range.
    if (has_wireguard_range(plan, f)) {
      int i = 0;
      for (const net::Prefix& range : plan::forwarded_cluster_ranges(plan, f)) {
        rules.add({ fmt::format("to_wireguard_{}", i++),
                    fmt::format("flows from {} to WireGuard peers (nftables forward chain)",
                                range.to_string()),
                    f,
                    std::nullopt,
                    0,
                    0,
                    range.to_string(),
                    std::nullopt });
      }
    }
  }
  return group;
}

SecurityGroup node_group(const plan::Plan& plan)
{
  SecurityGroup group{ "node",
                       "k8s nodes: node-to-node traffic, pods, BGP from the VIP, WireGuard clients",
                       { HostRole::master, HostRole::worker },
                       false,
                       {} };
  RuleList rules(group.rules);
  for (Family f : plan.families()) {
    const std::string subnet = subnet_of(plan, f);
    rules.add({ "intra",
                "any traffic between k8s nodes (kubelet, etcd, Calico, webhooks)",
                f,
                std::nullopt,
                0,
                0,
                std::nullopt,
                std::string("node") });
    rules.tcp(f, "bgp", "BGP between the k8s nodes and the gateways' VIP", 179, subnet);
    rules.add({ "pods",
                "pod traffic (native routing)",
                f,
                std::nullopt,
                0,
                0,
                plan.network(f).pod_subnet.to_string(),
                std::nullopt });
    for (const auto& endpoint : plan.wireguard_endpoints) {
      if (auto range = endpoint.range(f)) {
        rules.add({ fmt::format("wireguard_{}", endpoint.interface_name),
                    fmt::format("WireGuard clients of {} (forwarded by the gateways)",
                                endpoint.interface_name),
                    f,
                    std::nullopt,
                    0,
                    0,
                    range->to_string(),
                    std::nullopt });
      }
    }
    rules.tcp(f, "ssh", "SSH from the gateways", 22, subnet);
    // The opt-in for the internet to reach routed pods: a group matches the source, never the
    // destination, so each port is open on the node's own global address too (rule
    // ipv6-pod-ingress).
    if (f == Family::ipv6) {
      for (int port : plan.pod_ingress_v6_tcp_ports) {
        rules.tcp(f,
                  fmt::format("pod_ingress_{}", port),
                  fmt::format(
                    "TCP {} from anywhere to the routed pods in {} (pod_ingress_v6_tcp_ports; the "
                    "node's own address too)",
                    port,
                    plan.network(f).pod_subnet.to_string()),
                  port,
                  std::string("::/0"));
      }
    }
  }
  return group;
}

SecurityGroup master_group(const plan::Plan& plan)
{
  SecurityGroup group{
    "master", "masters: kube-apiserver behind HAProxy", { HostRole::master }, false, {}
  };
  RuleList rules(group.rules);
  for (Family f : plan.families()) {
    rules.tcp(
      f, "apiserver", "kube-apiserver (HAProxy backends)", plan.api.bind_port, subnet_of(plan, f));
  }
  return group;
}

SecurityGroup worker_group(const plan::Plan& plan)
{
  SecurityGroup group{
    "worker", "workers: lb_ports NodePorts behind HAProxy", { HostRole::worker }, false, {}
  };
  RuleList rules(group.rules);
  for (Family f : plan.families()) {
    for (const auto& lb : plan.lb_ports) {
      rules.tcp(f,
                fmt::format("nodeport_{}", lb.nodeport),
                fmt::format("NodePort {} for lb_ports {}", lb.nodeport, lb.external),
                lb.nodeport,
                subnet_of(plan, f));
    }
  }
  return group;
}

bool has_role(const SecurityGroup& group, HostRole role)
{
  return std::find(group.roles.begin(), group.roles.end(), role) != group.roles.end();
}

Json rule_body(const SecurityGroup& group, const SecurityRule& rule)
{
  Json body{ { "description", rule.description },
             { "direction", "ingress" },
             { "ethertype", ethertype(rule.family) } };
  if (rule.protocol)
    body["protocol"] = *rule.protocol;
  if (rule.port_min != 0 || rule.port_max != 0) {
    body["port_range_min"] = rule.port_min;
    body["port_range_max"] = rule.port_max;
  }
  if (rule.remote_ip_prefix)
    body["remote_ip_prefix"] = *rule.remote_ip_prefix;
  if (rule.remote_group)
    body["remote_group_id"] = ref(type::secgroup, *rule.remote_group);
  body["security_group_id"] = ref(type::secgroup, group.name);
  return body;
}

} // namespace

std::vector<SecurityGroup> security_groups(const plan::Plan& plan)
{
  std::vector<SecurityGroup> groups{ common_group(plan),
                                     gateway_group(plan),
                                     node_group(plan),
                                     master_group(plan),
                                     worker_group(plan) };
  std::erase_if(groups, [](const SecurityGroup& g) { return g.rules.empty(); });
  return groups;
}

std::vector<std::string> security_group_ids(const plan::Plan& plan, plan::HostRole role)
{
  std::vector<std::string> ids;
  for (const auto& group : security_groups(plan)) {
    if (has_role(group, role))
      ids.push_back(ref(type::secgroup, group.name));
  }
  return ids;
}

std::vector<std::string> vip_security_group_ids(const plan::Plan& plan)
{
  std::vector<std::string> ids;
  for (const auto& group : security_groups(plan)) {
    if (group.on_vip_port)
      ids.push_back(ref(type::secgroup, group.name));
  }
  return ids;
}

void add_security_groups(TerraformDocument& doc, const plan::Plan& plan)
{
  const auto groups = security_groups(plan);
  for (const auto& group : groups) {
    doc.add_resource(type::secgroup,
                     group.name,
                     Json{ { "name", fmt::format("{}-{}", plan.cluster_name, group.name) },
                           { "description", group.description } });
  }
  for (const auto& group : groups) {
    for (const auto& rule : group.rules) {
      doc.add_resource(
        type::secgroup_rule, fmt::format("{}_{}", group.name, rule.name), rule_body(group, rule));
    }
  }
}

} // namespace dualstack::render::terraform
