// Dataplane steps: kube-proxy's clusterCIDR, then Calico (the new pool, IPv6 support in
// calico-node and Felix, the BGP peer of the new family).
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/kubeadm/plan_values.hpp>

#include <fmt/format.h>

namespace dualstack::migrate {

namespace {

Step kube_proxy_step(const StepContext& ctx)
{
  const std::string pods = render::kubeadm::pod_subnets(ctx.new_plan);
  Step s;
  s.id = "kube-proxy";
  s.title = fmt::format("kube-proxy: clusterCIDR {}", pods);
  s.changes = { fmt::format(
    "kube-proxy ConfigMap: clusterCIDR {}; kube-proxy programs {} Services too",
    pods,
    added_name(ctx)) };
  s.disruptive = false;
  s.disruption = "none: kube-proxy restarts node by node and its rules stay in place while it does";
  s.commands = {
    { "operator",
      fmt::format(
        "kubectl -n kube-system get configmap kube-proxy -o yaml | sed 's#clusterCIDR: .*#"
        "clusterCIDR: {}#' | kubectl apply -f -",
        pods) },
    { "operator", "kubectl -n kube-system rollout restart daemonset kube-proxy" },
    { "operator", "kubectl -n kube-system rollout status daemonset kube-proxy" },
  };
  s.verify = { "kube-proxy-cluster-cidr" };
  s.done = { "operator",
             fmt::format("kubectl -n kube-system get configmap kube-proxy -o yaml | grep -F -- "
                         "'clusterCIDR: {}'",
                         pods) };
  return s;
}

Step calico_step(const StepContext& ctx)
{
  const plan::FamilyPlan& n = ctx.new_plan.network(ctx.added);
  const bool v6 = ctx.added == net::Family::ipv6;
  const bool operator_mode = ctx.new_plan.calico_install_mode == "operator";
  Step s;
  s.id = "calico";
  s.title = fmt::format("Calico: the {} pool {}, {} in calico-node and Felix, the {} BGP peer",
                        added_name(ctx),
                        n.pool.cidr.to_string(),
                        v6 ? "FELIX_IPV6SUPPORT" : "IPv4",
                        added_name(ctx));
  s.changes = {
    fmt::format("IPPool {} (blockSize {}, encapsulation {}, natOutgoing {})",
                n.pool.cidr.to_string(),
                n.pool.block_size,
                n.pool.encapsulation,
                n.pool.nat_outgoing),
    fmt::format("calico-node: {}=autodetect ({}){}",
                v6 ? "IP6" : "IP",
                n.pool.autodetection_method,
                v6 ? ", FELIX_IPV6SUPPORT=true" : ""),
    fmt::format(
      "CNI: assign_{} true; new pods get an {} address", v6 ? "ipv6" : "ipv4", added_name(ctx)),
    fmt::format("BGPPeer to the gateways' {} VIP {} (AS {})",
                added_name(ctx),
                n.vip.to_string(),
                ctx.new_plan.gateway_as),
  };
  s.disruptive = true;
  s.disruption =
    "yes, briefly, for traffic between the gateways and the pods of one node at a time: "
    "calico-node "
    "restarts node by node and that node's BGP sessions to the gateways restart with it; running "
    "pods keep their addresses";
  const std::string peers =
    "kubectl apply -f calico/felixconfiguration.yaml -f calico/bgp/bgppeers.yaml";
  if (operator_mode) {
    s.files = { file_at(ctx.artifacts, "calico/operator/installation.yaml"),
                file_at(ctx.artifacts, "calico/felixconfiguration.yaml"),
                file_at(ctx.artifacts, "calico/bgp/bgppeers.yaml") };
    s.commands = {
      { "operator", peers },
      { "operator", "kubectl apply -f calico/operator/installation.yaml" },
      { "operator", "kubectl -n calico-system rollout status daemonset calico-node" },
    };
    s.verify = {
      "calico-ippool-present", "calico-ippool-settings", "calico-installation", "calico-bgp-peer"
    };
    s.notes = { "The Tigera operator of Calico 3.28 and later creates the pools listed in the "
                "Installation; an older "
                "one creates pools only at install: then also create the new pool from "
                "calico/manifest/ippools.yaml (`kubectl create`, that document only)." };
  } else {
    s.files = { file_at(ctx.artifacts, "calico/manifest/ippools.yaml"),
                file_at(ctx.artifacts, "calico/felixconfiguration.yaml"),
                file_at(ctx.artifacts, "calico/bgp/bgppeers.yaml"),
                file_at(ctx.artifacts, "calico/manifest/calico-config.yaml"),
                file_at(ctx.artifacts, "calico/manifest/calico-node-env.yaml") };
    s.commands = {
      { "operator", "kubectl apply -f calico/manifest/ippools.yaml" },
      { "operator", peers },
      { "operator", "kubectl apply -f calico/manifest/calico-config.yaml" },
      { "operator",
        "kubectl -n kube-system patch daemonset calico-node --type strategic --patch-file "
        "calico/manifest/calico-node-env.yaml" },
      { "operator", "kubectl -n kube-system rollout status daemonset calico-node" },
    };
    s.verify = {
      "calico-ippool-present", "calico-ippool-settings", "calico-node-env", "calico-bgp-peer"
    };
  }
  // The cluster-wide BGP settings name the added family's service and LoadBalancer blocks, and
  // LoadBalancer IPAM needs its own pool of the added family.
  const bool announces = ctx.new_plan.bgp_announce_service_ips || n.loadbalancer_pool.has_value();
  if (announces) {
    s.changes.push_back(fmt::format("BGPConfiguration default: the nodes advertise the {} {}",
                                    added_name(ctx),
                                    ctx.new_plan.bgp_announce_service_ips && n.loadbalancer_pool
                                      ? "service and LoadBalancer blocks"
                                    : n.loadbalancer_pool
                                      ? "LoadBalancer block (serviceLoadBalancerIPs)"
                                      : "service block (serviceClusterIPs)"));
    s.files.push_back(file_at(ctx.artifacts, "calico/bgp/bgpconfiguration.yaml"));
    s.commands.insert(s.commands.begin() + 1,
                      { "operator", "kubectl apply -f calico/bgp/bgpconfiguration.yaml" });
  }
  if (n.loadbalancer_pool) {
    s.changes.push_back(
      fmt::format("LoadBalancer IPPool {} (allowedUses LoadBalancer): LoadBalancer services can "
                  "get an {} address",
                  n.loadbalancer_pool->to_string(),
                  added_name(ctx)));
    s.files.push_back(file_at(ctx.artifacts, "calico/loadbalancer/ippools.yaml"));
    s.commands.insert(s.commands.begin() + 1,
                      { "operator", "kubectl apply -f calico/loadbalancer/ippools.yaml" });
  }
  s.done = { "operator",
             fmt::format("kubectl get ippools.crd.projectcalico.org -o "
                         "jsonpath='{{.items[*].spec.cidr}}' | grep -F -- {} && kubectl get "
                         "bgppeers.crd.projectcalico.org -o jsonpath='{{.items[*].spec.peerIP}}' | "
                         "grep -F -- {}",
                         n.pool.cidr.to_string(),
                         n.vip.to_string()) };
  s.rollback = {
    operator_mode ? "kubectl apply the running cluster's calico/operator/installation.yaml, "
                    "felixconfiguration.yaml and bgp/ files (its render directory): calico-node "
                    "rolls back node by node"
                  : "kubectl apply the running cluster's calico/manifest/calico-config.yaml and "
                    "felixconfiguration.yaml, patch calico-node with its calico-node-env.yaml, "
                    "kubectl apply its bgp/ files",
    fmt::format("then `kubectl patch ippool <the {} pool> --type=merge -p "
                "'{{\"spec\":{{\"disabled\":true}}}}'` so no new pod gets an address of it "
                "(delete it only when no pod holds one)",
                added_name(ctx)),
  };
  const plan::Host* master = nullptr; // the gateway with the highest VRRP priority holds the VIPs
  for (const plan::Host* gateway : ctx.new_plan.hosts_with(plan::HostRole::gateway)) {
    if (!master || gateway->vrrp_priority > master->vrrp_priority)
      master = gateway;
  }
  if (master) {
    s.checks.push_back(
      { master->name,
        "birdc show protocols   # every node's " + added_name(ctx) + " session Established" });
  }
  return s;
}

} // namespace

std::vector<Step> dataplane_steps(const StepContext& ctx)
{
  return { kube_proxy_step(ctx), calico_step(ctx) };
}

} // namespace dualstack::migrate
