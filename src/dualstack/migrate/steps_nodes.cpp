// Node steps: kubelet --node-ip per node; later, because a Node's spec.podCIDRs is immutable,
// drain, delete and re-register each node so it gets a pod CIDR of the new family.
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/calico/values.hpp>
#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>
#include <dualstack/render/node/paths.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::migrate {

namespace {

constexpr std::string_view flags_file = "/var/lib/kubelet/kubeadm-flags.env";

Step node_network_step(const StepContext& ctx, const plan::Host& node)
{
  namespace paths = render::node::paths;
  const std::string fam = added_name(ctx);
  const bool v6 = ctx.added == net::Family::ipv6;
  const std::string forwarding = v6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward";
  Step s;
  s.id = "node-network-" + node.name;
  s.title = fmt::format(
    "Node {}: {} forwarding{}", node.name, fam, v6 ? ", router advertisements kept" : "");
  s.changes = { fmt::format("{} = 1 (Calico routes the node's {} pods)", forwarding, fam) };
  if (v6)
    s.changes.push_back(fmt::format(
      "net.ipv6.conf.{}.accept_ra = 2: the node keeps its IPv6 default route from the router's "
      "advertisements while it forwards",
      ctx.new_plan.node_interface));
  s.disruptive = false;
  s.disruption = "none: forwarding of a family the node does not route yet";
  s.files = { file_at(
    ctx.artifacts,
    fmt::format("nodes/{}/{}", render::gateway::file_name(node.name), paths::sysctl_name)) };
  s.commands = { { node.name, fmt::format("sysctl --load={}", paths::sysctl) } };
  const std::string on = fmt::format("test \"$(sysctl -n {})\" = 1", forwarding);
  s.checks = { { node.name, on } };
  if (v6)
    s.checks.push_back({ node.name,
                         fmt::format("test \"$(sysctl -n net.ipv6.conf.{}.accept_ra)\" = 2",
                                     ctx.new_plan.node_interface) });
  s.done = { node.name,
             fmt::format("{} && grep -E '^{} *= *1' {}", on, forwarding, paths::sysctl) };
  s.rollback = { fmt::format("The running cluster's nodes/{}/{} back at {}, then `sysctl -w {}=0`",
                             render::gateway::file_name(node.name),
                             paths::sysctl_name,
                             paths::sysctl,
                             forwarding) };
  // host-forwarding is a node check (`verify --host`), not one of the API: the checks above gate.
  s.notes = { fmt::format("`dualstack verify --host --node {}` on the node (the rendered "
                          "verify/daemonset.yaml) checks host-forwarding as well",
                          node.name) };
  return s;
}

Step node_ip_step(const StepContext& ctx, const plan::Host& node, bool first)
{
  const std::string ips = render::kubeadm::node_ip(node);
  Step s;
  s.id = "node-ip-" + node.name;
  s.title = fmt::format("kubelet on {}: --node-ip={}", node.name, ips);
  s.changes = {
    fmt::format("Node {} reports the InternalIPs {}", node.name, ips),
    "its kubelet takes the new kubelet-config (clusterDNS of both families)",
  };
  s.disruptive = false;
  s.disruption = "none: the kubelet restarts, running pods keep running";
  s.commands = {
    { node.name, "kubeadm upgrade node phase kubelet-config" },
    { node.name,
      fmt::format("grep -q -e --node-ip= {0} && sed -i 's/--node-ip=[^ \"]*/--node-ip={1}/' {0} || "
                  "sed -i 's/^KUBELET_KUBEADM_ARGS=\"/&--node-ip={1} /' {0}",
                  flags_file,
                  ips) },
    { node.name, "systemctl restart kubelet" },
  };
  s.checks = { { "operator",
                 fmt::format("kubectl get node {} -o jsonpath='{{.status.addresses}}'",
                             node.name) } };
  s.verify = { "node-internal-ip" };
  s.verify_scope = "Node " + node.name;
  s.done = { "operator",
             fmt::format("kubectl get node {} -o jsonpath='{{.status.addresses}}' | grep -F -- "
                         "'\"{}\"'",
                         node.name,
                         node.address(ctx.added)->to_string()) };
  s.rollback = { fmt::format("On {}: --node-ip={} in {} and `systemctl restart kubelet`",
                             node.name,
                             node.address(ctx.new_plan.primary())->to_string(),
                             flags_file) };
  if (first) {
    s.notes = { "With the OpenStack cloud-controller-manager (cloud-provider external) a "
                "dual-stack --node-ip needs "
                "the CloudDualStackNodeIPs feature (on by default from Kubernetes 1.29)." };
  }
  return s;
}

Step reregister_step(const StepContext& ctx, const plan::Host& node)
{
  const bool master = node.role == plan::HostRole::master;
  Step s;
  s.id = "pod-cidrs-" + node.name;
  s.title = fmt::format("{} {}: drain, delete and re-register for an {} pod CIDR",
                        master ? "Master" : "Worker",
                        node.name,
                        added_name(ctx));
  const plan::FamilyPlan& primary = ctx.new_plan.networks.primary();
  const plan::FamilyPlan& secondary = ctx.new_plan.network(net::other(ctx.new_plan.primary()));
  s.changes = { fmt::format("Node {} gets spec.podCIDRs of both families (/{} of {} and /{} of {})",
                            node.name,
                            primary.node_cidr_mask_size,
                            primary.pod_subnet.to_string(),
                            secondary.node_cidr_mask_size,
                            secondary.pod_subnet.to_string()) };
  s.disruptive = true;
  s.disruption = fmt::format(
    "yes, for the pods on {}: drain evicts them (honouring PodDisruptionBudgets) and they "
    "restart on other nodes; {} takes no pods until it has re-registered{}",
    node.name,
    node.name,
    master ? "; its control-plane static pods keep running (drain skips them)" : "");
  // Each command may run again after an interrupted run: the Node may be gone already.
  s.commands = {
    { "operator",
      fmt::format("test -s node-{0}.yaml || kubectl get node {0} -o yaml > node-{0}.yaml   # its "
                  "labels and taints",
                  node.name) },
    // Drain evicts through the eviction API: a PodDisruptionBudget that allows no disruption
    // makes it retry until --timeout, then fail (the node stays cordoned).
    { "operator",
      fmt::format("! kubectl get node {0} >/dev/null 2>&1 || kubectl drain {0} --ignore-daemonsets "
                  "--delete-emptydir-data --timeout=600s",
                  node.name) },
    { node.name, "systemctl stop kubelet" },
    { "operator", fmt::format("kubectl delete node {} --ignore-not-found", node.name) },
    { node.name, "systemctl start kubelet" },
    { "operator",
      fmt::format("timeout 300 sh -c 'until kubectl get node {0} >/dev/null 2>&1; do sleep 2; "
                  "done' && kubectl wait --for=condition=Ready node/{0} --timeout=300s",
                  node.name) },
  };
  if (master) {
    s.commands.push_back(
      { "operator",
        fmt::format("kubectl label node {} node-role.kubernetes.io/control-plane=", node.name) });
    s.commands.push_back({ "operator",
                           fmt::format("kubectl taint node {} "
                                       "node-role.kubernetes.io/control-plane:NoSchedule",
                                       node.name) });
  }
  if (std::find(ctx.new_plan.route_reflectors.begin(),
                ctx.new_plan.route_reflectors.end(),
                node.name) != ctx.new_plan.route_reflectors.end()) {
    // A Calico route reflector: its label and cluster id went with the Node object.
    s.commands.push_back({ "operator",
                           fmt::format("kubectl label node {} {}=true",
                                       node.name,
                                       render::calico::route_reflector_label) });
    s.commands.push_back({ "operator",
                           fmt::format("kubectl annotate node {} {}={}",
                                       node.name,
                                       render::calico::route_reflector_annotation,
                                       ctx.new_plan.route_reflector_cluster_id.to_string()) });
  }
  s.checks = { { "operator",
                 fmt::format("kubectl get node {} -o jsonpath='{{.spec.podCIDRs}}'", node.name) } };
  s.verify = { "node-known", "node-internal-ip", "node-pod-cidrs" };
  s.verify_scope = "Node " + node.name;
  s.done = { "operator",
             fmt::format("kubectl get node {} -o jsonpath='{{.spec.podCIDRs[1]}}' | grep .",
                         node.name) };
  s.rollback = {
    fmt::format("Drain stopped (a PodDisruptionBudget, --timeout): `kubectl uncordon {}`; nothing "
                "else changed",
                node.name),
    fmt::format("Node not back: `systemctl start kubelet` on {0} and its log "
                "(`journalctl -u kubelet`); the kubelet registers the Node again by itself. The "
                "old podCIDR cannot come back (spec.podCIDRs is immutable), and need not",
                node.name),
  };
  s.notes.push_back(
    fmt::format("Labels and taints set on the Node object go with it: re-apply the ones "
                "node-{}.yaml shows that nothing else sets.",
                node.name));
  return s;
}

Step workloads_step(const StepContext& ctx)
{
  Step s;
  s.id = "workloads";
  s.title = fmt::format("Workloads and Services that should use {}", added_name(ctx));
  s.changes = {
    fmt::format("pods created from now on get an {} address as well", added_name(ctx)),
    "Services made PreferDualStack get a second ClusterIP",
  };
  s.disruptive = true;
  s.disruption = "each workload you restart, as its rollout strategy allows; nothing else";
  s.commands = {
    { "operator",
      "kubectl -n NAMESPACE rollout restart deployment NAME   # per workload: pods get both "
      "families" },
    { "operator",
      "kubectl -n NAMESPACE patch service NAME -p "
      "'{\"spec\":{\"ipFamilyPolicy\":\"PreferDualStack\"}}'" },
  };
  s.commands[0].manual = true;
  s.commands[1].manual = true;
  s.rollback = { "kubectl -n NAMESPACE rollout undo deployment NAME; a Service back to one family: "
                 "patch ipFamilyPolicy SingleStack (it drops the second ClusterIP)" };
  s.verify = { "pod-ip-families",
               "pod-ip-primary",
               "pod-ip-pool",
               "service-ip-families",
               "endpointslice-address-type" };
  if (const auto& pool = ctx.new_plan.network(ctx.added).loadbalancer_pool) {
    s.changes.push_back(
      fmt::format("LoadBalancer services made PreferDualStack get an {} address from {}",
                  added_name(ctx),
                  pool->to_string()));
    s.verify.push_back("service-loadbalancer-ips");
  }
  s.notes = {
    fmt::format(
      "Not done in place by anything: a running pod never gains an {} address (only its "
      "replacement "
      "does), and a Service never gains a family on its own; its {} ClusterIP never changes.",
      added_name(ctx),
      net::display_name(ctx.new_plan.primary())),
    "Afterwards `dualstack verify` with the new config must pass as a whole.",
  };
  return s;
}

} // namespace

std::vector<Step> node_network_steps(const StepContext& ctx)
{
  std::vector<Step> steps;
  for (const plan::Host* node : ctx.new_plan.k8s_nodes())
    steps.push_back(node_network_step(ctx, *node));
  return steps;
}

std::vector<Step> node_ip_steps(const StepContext& ctx)
{
  std::vector<Step> steps;
  for (const plan::Host* node : ctx.new_plan.k8s_nodes())
    steps.push_back(node_ip_step(ctx, *node, steps.empty()));
  return steps;
}

std::vector<Step> node_cidr_steps(const StepContext& ctx)
{
  std::vector<Step> steps;
  for (const plan::Host* node : ctx.new_plan.hosts_with(plan::HostRole::worker)) {
    steps.push_back(reregister_step(ctx, *node));
  }
  for (const plan::Host* node : ctx.new_plan.hosts_with(plan::HostRole::master)) {
    steps.push_back(reregister_step(ctx, *node));
  }
  steps.push_back(workloads_step(ctx));
  return steps;
}

} // namespace dualstack::migrate
