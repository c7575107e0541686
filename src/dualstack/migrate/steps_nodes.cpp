// Node steps: kubelet --node-ip per node; later, because a Node's spec.podCIDRs is immutable,
// drain, delete and re-register each node so it gets a pod CIDR of the new family.
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/calico/values.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::migrate {

namespace {

constexpr std::string_view flags_file = "/var/lib/kubelet/kubeadm-flags.env";

Step node_ip_step(const plan::Host& node, bool first)
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
  s.changes = { fmt::format("Node {} gets spec.podCIDRs of both families (/{} of {} and /{} of {})",
                            node.name,
                            ctx.new_plan.networks[0].node_cidr_mask_size,
                            ctx.new_plan.networks[0].pod_subnet.to_string(),
                            ctx.new_plan.networks[1].node_cidr_mask_size,
                            ctx.new_plan.networks[1].pod_subnet.to_string()) };
  s.disruptive = true;
  s.disruption = fmt::format(
    "yes, for the pods on {}: drain evicts them (honouring PodDisruptionBudgets) and they "
    "restart on other nodes; {} takes no pods until it has re-registered{}",
    node.name,
    node.name,
    master ? "; its control-plane static pods keep running (drain skips them)" : "");
  s.commands = {
    { "operator",
      fmt::format("kubectl get node {} -o yaml > node-{}.yaml   # its labels and taints",
                  node.name,
                  node.name) },
    { "operator",
      fmt::format("kubectl drain {} --ignore-daemonsets --delete-emptydir-data", node.name) },
    { node.name, "systemctl stop kubelet" },
    { "operator", fmt::format("kubectl delete node {}", node.name) },
    { node.name, "systemctl start kubelet" },
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

std::vector<Step> node_ip_steps(const StepContext& ctx)
{
  std::vector<Step> steps;
  for (const plan::Host* node : ctx.new_plan.k8s_nodes())
    steps.push_back(node_ip_step(*node, steps.empty()));
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
