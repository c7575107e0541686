// The order of a family-adding migration: network, gateways, control plane, kubelets, dataplane,
// then the disruptive re-registration of each node.
#include <dualstack/migrate/migration.hpp>

#include <dualstack/migrate/steps.hpp>
#include <dualstack/render/kubeadm/documents.hpp>
#include <dualstack/render/render_all.hpp>

#include <fmt/format.h>

namespace dualstack::migrate {

render::Artifacts migration_artifacts(const plan::Plan& new_plan, const render::Secrets& secrets)
{
  render::Artifacts out = render::render_parts(new_plan, secrets, {});
  const auto api = render::kubeadm::select_api(new_plan.kubernetes_version);
  for (const plan::Host* master : new_plan.hosts_with(plan::HostRole::master)) {
    render::Artifact a;
    a.path = control_plane_file(master->name);
    a.host = master->name;
    a.target_path = "/etc/kubernetes/kubeadm-dualstack.yaml";
    a.mode = 0600; // holds the bootstrap token once filled in
    a.purpose = fmt::format(
      "dualstack migrate: kubeadm phases on {} (fill in ${{KUBEADM_BOOTSTRAP_TOKEN}} and "
      "${{KUBEADM_CERTIFICATE_KEY}}, see the control-plane steps)",
      master->name);
    a.content =
      render::kubeadm::to_yaml({ render::kubeadm::init_configuration(new_plan, *master, api),
                                 render::kubeadm::cluster_configuration(new_plan, api),
                                 render::kubeadm::kubelet_configuration(new_plan) });
    out.push_back(std::move(a));
  }
  return out;
}

Migration plan_migration(const plan::Plan& old_plan,
                         const plan::Plan& new_plan,
                         const render::Artifacts& artifacts)
{
  Migration m;
  for (net::Family family : new_plan.families()) {
    if (!old_plan.has(family))
      m.added.push_back(family);
  }
  if (m.added.empty())
    return m;
  const StepContext ctx{ old_plan, new_plan, artifacts, m.added.front() };
  auto append = [&](std::vector<Step> more) {
    m.steps.insert(
      m.steps.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  };
  append(network_steps(ctx));
  append(node_network_steps(ctx));
  append(gateway_steps(ctx));
  append(control_plane_steps(ctx));
  append(node_ip_steps(ctx));
  append(dataplane_steps(ctx));
  append(node_cidr_steps(ctx));
  return m;
}

} // namespace dualstack::migrate
