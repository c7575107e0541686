// DefectPlan: round-robin over the defect catalog (shuffled by the seed), random targets.
#include <dualstack/verify/gen/defect_plan.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::verify::gen {

namespace {

enum class Target
{
  node,
  pod,
  host_pod,
  service,
  dual_stack_lb_service,
  slice,
  singleton
};

struct Entry
{
  Check check;
  Target target;
};

} // namespace

tl::expected<DefectPlan, std::string> DefectPlan::choose(const ClusterModel& model)
{
  const plan::Plan& plan = model.plan();
  const DumpOptions& options = model.options();
  std::vector<Entry> catalog = {
    { Check::node_internal_ip, Target::node },
    { Check::node_pod_cidrs, Target::node },
    { Check::pod_ip_families, Target::pod },
    { Check::pod_ip_primary, Target::pod },
    { Check::pod_ip_pool, Target::pod },
    { Check::pod_ip_unique, Target::pod },
    { Check::pod_host_network, Target::host_pod },
    { Check::service_ip_families, Target::service },
    { Check::service_cluster_ip_range, Target::service },
    { Check::endpointslice_address_type, Target::slice },
    { Check::service_kubernetes_ip, Target::singleton },
    { Check::service_dns_ip, Target::singleton },
    { Check::calico_ippool_present, Target::singleton },
    { Check::calico_node_env, Target::singleton },
    { Check::calico_bgp_peer, Target::singleton },
    { Check::kubeadm_config_networking, Target::singleton },
    { Check::kube_proxy_cluster_cidr, Target::singleton },
  };
  // With one family the settings defect would sit on the pool the present defect moves.
  if (plan.dual_stack()) {
    catalog.push_back({ Check::calico_ippool_settings, Target::singleton });
  }
  if (plan.calico_install_mode == "operator") {
    catalog.push_back({ Check::calico_installation, Target::singleton });
  }
  std::vector<std::size_t> cluster_ip_services;
  std::vector<std::size_t> dual_stack_lb_services;
  for (std::size_t i = 2; i < options.services; ++i) {
    const auto shape = model.service(i);
    if (shape.kind == ServiceKind::cluster_ip && shape.policy == "SingleStack" &&
        shape.families.front() == plan.primary()) {
      cluster_ip_services.push_back(i);
    } else if (shape.kind == ServiceKind::load_balancer && shape.families.size() == 2) {
      dual_stack_lb_services.push_back(i);
    }
  }
  if (!dual_stack_lb_services.empty()) {
    catalog.push_back({ Check::service_loadbalancer_ips, Target::dual_stack_lb_service });
  }
  // Shuffle the catalog (Fisher-Yates on the model's hash) so small counts vary with the seed.
  for (std::size_t i = catalog.size() - 1; i > 0; --i) {
    std::swap(catalog[i], catalog[model.hash(100, i) % (i + 1)]);
  }

  const std::size_t pods = options.pods;
  std::vector<std::size_t> running;
  for (std::size_t i = model.host_pod_count(); i < pods; ++i) {
    if (model.pod_kind(i) == PodKind::running) {
      running.push_back(i);
    }
  }

  DefectPlan result;
  std::set<std::size_t> used_nodes;
  std::set<std::size_t> used_pods;
  std::set<std::size_t> used_services;
  std::set<std::size_t> used_lb_services;
  std::set<std::size_t> used_slices;
  std::size_t attempts = 0;
  std::size_t planted = 0;
  std::size_t round = 0;
  auto pick = [&](std::size_t count,
                  std::set<std::size_t>& used,
                  std::uint64_t salt) -> std::optional<std::size_t> {
    for (std::size_t tries = 0; tries < 64 && count > 0; ++tries) {
      const std::size_t i = model.hash(salt, attempts++) % count;
      if (!used.contains(i)) {
        used.insert(i);
        return i;
      }
    }
    return std::nullopt;
  };
  while (planted < options.defects) {
    bool progressed = false;
    for (const Entry& entry : catalog) {
      if (planted == options.defects) {
        break;
      }
      std::optional<std::size_t> index;
      switch (entry.target) {
        case Target::node:
          if ((index = pick(model.node_count(), used_nodes, 200))) {
            result.m_nodes[*index] = entry.check;
          }
          break;
        case Target::pod:
          // Keep the first running pod clean so every duplicate has an earlier source.
          if (auto k = pick(running.size(), used_pods, 201); k && *k > 0) {
            index = running[*k];
            result.m_pods[*index] = entry.check;
            result.m_ordinals[*index] = planted;
          }
          break;
        case Target::host_pod:
          if (auto k = pick(model.host_pod_count(), used_pods, 202)) {
            // host pods occupy indices [0, host_pod_count) and are never in `running`
            index = *k;
            result.m_pods[*index] = entry.check;
            result.m_ordinals[*index] = planted;
          }
          break;
        case Target::service:
          if (auto k = pick(cluster_ip_services.size(), used_services, 203)) {
            index = cluster_ip_services[*k];
            result.m_services[*index] = entry.check;
            result.m_ordinals[*index] = planted;
          }
          break;
        case Target::dual_stack_lb_service:
          if (auto k = pick(dual_stack_lb_services.size(), used_lb_services, 205)) {
            index = dual_stack_lb_services[*k];
            result.m_services[*index] = entry.check;
            result.m_ordinals[*index] = planted;
          }
          break;
        case Target::slice:
          if ((index = pick(options.endpoint_slices, used_slices, 204))) {
            result.m_slices[*index] = entry.check;
          }
          break;
        case Target::singleton:
          if (round == 0) {
            result.m_singletons.insert(entry.check);
            index = 0;
          }
          break;
      }
      if (index) {
        ++planted;
        progressed = true;
      }
    }
    ++round;
    if (!progressed) {
      return tl::unexpected(
        fmt::format("only {} defects fit this dump (asked for {})", planted, options.defects));
    }
  }
  // Each duplicate copies the nearest earlier running pod that carries no defect of its own.
  for (const auto& [pod, check] : result.m_pods) {
    if (check != Check::pod_ip_unique) {
      continue;
    }
    auto it = std::lower_bound(running.begin(), running.end(), pod);
    while (it != running.begin()) {
      --it;
      if (!result.m_pods.contains(*it)) {
        result.m_duplicate_sources[pod] = *it;
        break;
      }
    }
    if (!result.m_duplicate_sources.contains(pod)) {
      return tl::unexpected(std::string("no clean pod to duplicate"));
    }
  }
  return result;
}

} // namespace dualstack::verify::gen
