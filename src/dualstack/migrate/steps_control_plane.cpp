// Control-plane steps: kubeadm-config and kubelet-config, each master (API certificate,
// kube-apiserver and kube-controller-manager with both ranges), the ServiceCIDR, kube-dns.
#include <dualstack/migrate/kubernetes_version.hpp>
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>

#include <fmt/format.h>

namespace dualstack::migrate {

namespace {

constexpr std::string_view filled = "/root/kubeadm-dualstack.yaml";

// Fills in the placeholders of a migrate kubeadm file (kubeadm validates their format; the phases
// below neither create the token nor upload certificates).
Command fill_in(const std::string& host)
{
  return { host,
           fmt::format("KUBEADM_BOOTSTRAP_TOKEN=$(kubeadm token generate) "
                       "KUBEADM_CERTIFICATE_KEY=$(kubeadm certs certificate-key) "
                       "envsubst < /etc/kubernetes/kubeadm-dualstack.yaml > {} && chmod 600 {}",
                       filled,
                       filled) };
}

std::string k8s_family(net::Family family)
{
  return std::string(net::display_name(family)); // "IPv4" / "IPv6", as Kubernetes spells ipFamilies
}

Step config_maps_step(const StepContext& ctx, const plan::Host& first)
{
  Step s;
  s.id = "kubeadm-config";
  s.title = "kubeadm-config and kubelet-config ConfigMaps: both families";
  s.changes = {
    fmt::format("kubeadm-config: podSubnet {}, serviceSubnet {}, the API certificate SANs gain {}",
                render::kubeadm::pod_subnets(ctx.new_plan),
                render::kubeadm::service_subnets(ctx.new_plan),
                ctx.new_plan.network(ctx.added).vip.to_string()),
    fmt::format("kubelet-config: clusterDNS {}",
                render::gateway::join(render::kubeadm::dns_service_ips(ctx.new_plan), ", ")),
  };
  s.disruptive = false;
  s.disruption =
    "none: only two ConfigMaps change; kubelets read kubelet-config in their node-ip step below";
  s.files = { file_at(ctx.artifacts, control_plane_file(first.name)) };
  s.commands = {
    fill_in(first.name),
    { first.name, fmt::format("kubeadm init phase upload-config kubeadm --config {}", filled) },
    { first.name, fmt::format("kubeadm init phase upload-config kubelet --config {}", filled) },
  };
  s.verify = { "kubeadm-config-networking" };
  s.done = { "operator",
             fmt::format("kubectl -n kube-system get configmap kubeadm-config -o "
                         "jsonpath='{{.data.ClusterConfiguration}}' | grep -F -- {}",
                         ctx.new_plan.network(ctx.added).pod_subnet.to_string()) };
  s.rollback = { "`kubeadm init phase upload-config kubeadm` and `... kubelet` with the running "
                 "cluster's kubeadm configuration (its render directory, kubeadm/)" };
  s.notes = {
    "kubeadm replaces the ClusterConfiguration and KubeletConfiguration in those ConfigMaps with "
    "dualstack's: compare with `kubectl -n kube-system get configmap kubeadm-config kubelet-config "
    "-o "
    "yaml` first, settings added there by hand are lost."
  };
  return s;
}

Step master_step(const StepContext& ctx, const plan::Host& master)
{
  const std::string services = render::kubeadm::service_subnets(ctx.new_plan);
  Step s;
  s.id = "control-plane-" + master.name;
  s.title = fmt::format(
    "Control plane on {}: API certificate, kube-apiserver and kube-controller-manager with "
    "both families",
    master.name);
  s.changes = {
    fmt::format("the API server certificate's SANs gain {}",
                ctx.new_plan.network(ctx.added).vip.to_string()),
    fmt::format("kube-apiserver --service-cluster-ip-range={}", services),
    fmt::format(
      "kube-controller-manager --cluster-cidr={} --service-cluster-ip-range={} and a node CIDR "
      "mask per family",
      render::kubeadm::pod_subnets(ctx.new_plan),
      services),
  };
  s.disruptive = false;
  s.disruption =
    "none through the VIP: HAProxy sends API requests to the other masters while this "
    "kube-apiserver restarts; watches on it reconnect; another master's kube-controller-manager "
    "takes over if this one led";
  s.files = { file_at(ctx.artifacts, control_plane_file(master.name)) };
  s.commands = {
    fill_in(master.name),
    { master.name,
      "mkdir -p /root/before-dualstack && cp -a /etc/kubernetes/manifests "
      "/etc/kubernetes/pki/apiserver.crt /etc/kubernetes/pki/apiserver.key "
      "/root/before-dualstack/" },
    { master.name,
      fmt::format("rm /etc/kubernetes/pki/apiserver.crt /etc/kubernetes/pki/apiserver.key && "
                  "kubeadm init phase certs apiserver --config {}",
                  filled) },
    { master.name, fmt::format("kubeadm init phase control-plane apiserver --config {}", filled) },
    { master.name,
      fmt::format("kubeadm init phase control-plane controller-manager --config {}", filled) },
  };
  s.checks = {
    { master.name,
      "grep -e --service-cluster-ip-range -e --cluster-cidr /etc/kubernetes/manifests/*.yaml" },
    { master.name,
      "openssl x509 -noout -ext subjectAltName -in /etc/kubernetes/pki/apiserver.crt" },
    { "operator", "kubectl get --raw /readyz" },
  };
  s.verify = { "service-kubernetes-ip", "service-cluster-ip-range" };
  s.done = { master.name,
             fmt::format(
               "grep -F -- '--service-cluster-ip-range={0}' "
               "/etc/kubernetes/manifests/kube-apiserver.yaml && grep -F -- '--cluster-cidr={1}' "
               "/etc/kubernetes/manifests/kube-controller-manager.yaml",
               services,
               render::kubeadm::pod_subnets(ctx.new_plan)) };
  s.rollback = { "cp -a /root/before-dualstack/manifests/. /etc/kubernetes/manifests/ and the "
                 "old apiserver.crt and apiserver.key back to /etc/kubernetes/pki/ (the kubelet "
                 "restarts the static pods)" };
  s.notes = {
    "kubeadm writes the manifests from dualstack's ClusterConfiguration: flags added to them by "
    "hand are lost "
    "(the old ones are in /root/before-dualstack/).",
    "Until the last master is done the kube-apiservers disagree on the service ranges: create no "
    "dual-stack "
    "Service before then.",
  };
  return s;
}

Step service_cidr_step(const StepContext& ctx)
{
  const std::string version = ctx.new_plan.kubernetes_version;
  const plan::FamilyPlan& primary = ctx.new_plan.network(ctx.new_plan.primary());
  const plan::FamilyPlan& added = ctx.new_plan.network(ctx.added);
  Step s;
  s.id = "service-cidr";
  s.disruptive = false;
  s.disruption = fmt::format("none: existing Services keep their {} ClusterIP",
                             net::display_name(primary.family));
  const std::string gate_off = "kubectl get --raw /metrics | grep -F "
                               "'kubernetes_feature_enabled{name=\"MultiCIDRServiceAllocator\"' "
                               "| grep ' 0$'";
  if (service_cidr_api_can_add_family(version)) {
    s.title = fmt::format("ServiceCIDR `kubernetes` gains {} (Kubernetes {} >= 1.33)",
                          added.service_subnet.to_string(),
                          version);
    s.changes = { fmt::format("the default ServiceCIDR `kubernetes`: [{}, {}]",
                              primary.service_subnet.to_string(),
                              added.service_subnet.to_string()) };
    s.commands = {
      { "operator", "kubectl get servicecidr kubernetes -o jsonpath='{.spec.cidrs}'" },
      { "operator",
        fmt::format(
          "kubectl patch servicecidr kubernetes --type=merge -p "
          "'{{\"spec\":{{\"cidrs\":[\"{}\",\"{}\"]}}}}'   # only if it still lists one range",
          primary.service_subnet.to_string(),
          added.service_subnet.to_string()) },
    };
    s.done = { "operator",
               fmt::format("kubectl get servicecidr kubernetes -o jsonpath='{{.spec.cidrs}}' | "
                           "grep -F -- {}",
                           added.service_subnet.to_string()) };
    s.notes = { "From 1.33 a ServiceCIDR may gain a second family (kubernetes/kubernetes#131263); "
                "the restarted "
                "kube-apiservers normally did it already. It can never reorder or drop one." };
  } else {
    s.title =
      fmt::format("Service range {}: through the kube-apiserver flags only (Kubernetes {} < 1.33)",
                  added.service_subnet.to_string(),
                  version);
    s.changes = { fmt::format(
      "the kube-apiservers allocate ClusterIPs of both families (flags set in the "
      "control-plane steps)") };
    s.commands = {
      { "operator",
        "kubectl get --raw /metrics | grep "
        "'kubernetes_feature_enabled{name=\"MultiCIDRServiceAllocator\"'" },
    };
    // With the gate off there is nothing to do; with it on the step cannot be done in place.
    s.checks = { { "operator", gate_off } };
    s.done = { "operator", gate_off };
    s.notes = {
      fmt::format("Impossible in place on Kubernetes {}: adding {} to the `kubernetes` ServiceCIDR "
                  "object. Before "
                  "1.33 its ranges are immutable (kubernetes/kubernetes#131263), so with the "
                  "MultiCIDRServiceAllocator "
                  "feature gate on (the kubernetes_feature_enabled metric of this step's command "
                  "ends in 1) the {} service range cannot be added in place at "
                  "all: upgrade to 1.33 first.",
                  version,
                  added.service_subnet.to_string(),
                  added_name(ctx)),
      "With the gate off (the default before 1.33; the metric ends in 0) the kube-apiserver flags "
      "of the "
      "control-plane steps are the whole change: nothing more to do here.",
    };
  }
  s.verify = { "service-cluster-ip-range" };
  return s;
}

Step kube_dns_step(const StepContext& ctx)
{
  const plan::FamilyPlan& primary = ctx.new_plan.network(ctx.new_plan.primary());
  const plan::FamilyPlan& added = ctx.new_plan.network(ctx.added);
  Step s;
  s.id = "kube-dns";
  s.title = fmt::format(
    "kube-dns gains its {} ClusterIP {}", added_name(ctx), added.dns_service_ip.to_string());
  s.changes = { fmt::format("Service kube-system/kube-dns: PreferDualStack, clusterIPs [{}, {}]",
                            primary.dns_service_ip.to_string(),
                            added.dns_service_ip.to_string()) };
  s.disruptive = false;
  s.disruption = fmt::format(
    "none: its {} ClusterIP stays; kubelets point pods at both only from their node-ip step",
    net::display_name(primary.family));
  s.commands = {
    { "operator",
      fmt::format(
        "kubectl -n kube-system patch service kube-dns --type=merge -p "
        "'{{\"spec\":{{\"ipFamilyPolicy\":\"PreferDualStack\",\"ipFamilies\":[\"{}\",\"{}\"],"
        "\"clusterIPs\":[\"{}\",\"{}\"]}}}}'",
        k8s_family(primary.family),
        k8s_family(added.family),
        primary.dns_service_ip.to_string(),
        added.dns_service_ip.to_string()) }
  };
  s.verify = { "service-dns-ip", "service-ip-families" };
  s.verify_scope = "Service kube-system/kube-dns";
  s.done = { "operator",
             fmt::format("kubectl -n kube-system get service kube-dns -o "
                         "jsonpath='{{.spec.clusterIPs}}' | grep -F -- '\"{}\"'",
                         added.dns_service_ip.to_string()) };
  s.rollback = { fmt::format(
    "kubectl -n kube-system patch service kube-dns --type=merge -p "
    "'{{\"spec\":{{\"ipFamilyPolicy\":\"SingleStack\",\"ipFamilies\":[\"{0}\"],"
    "\"clusterIPs\":[\"{1}\"]}}}}' (its {0} ClusterIP never changed)",
    k8s_family(primary.family),
    primary.dns_service_ip.to_string()) };
  return s;
}

} // namespace

std::vector<Step> control_plane_steps(const StepContext& ctx)
{
  const auto masters = ctx.new_plan.hosts_with(plan::HostRole::master);
  std::vector<Step> steps;
  if (masters.empty())
    return steps;
  steps.push_back(config_maps_step(ctx, *masters.front()));
  for (const plan::Host* master : masters)
    steps.push_back(master_step(ctx, *master));
  steps.push_back(service_cidr_step(ctx));
  steps.push_back(kube_dns_step(ctx));
  return steps;
}

} // namespace dualstack::migrate
