// render_ansible: Plan -> ansible/ (inventory, site.yml, roles). The playbook lays down the files
// of the other parts by their MANIFEST paths; it runs unchanged against other hosts given another
// terraform-output.json and a few variables (docs/deploy.md).
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/ansible/cluster_roles.hpp>
#include <dualstack/render/ansible/gateway_role.hpp>
#include <dualstack/render/ansible/interface_role.hpp>
#include <dualstack/render/ansible/inventory.hpp>
#include <dualstack/render/ansible/node_roles.hpp>
#include <dualstack/render/ansible/playbook.hpp>

namespace dualstack::render {

Artifacts render_ansible(const plan::Plan& plan)
{
  using namespace ansible;
  Artifacts out;
  auto add = [&](std::string path, std::string purpose, std::string content) {
    out.push_back(
      { "ansible/" + path, "operator", "", 0644, std::move(purpose), std::move(content), false });
  };
  add("inventory.yml",
      "Ansible inventory: every host, addresses from terraform-output.json",
      inventory(plan));
  add("site.yml",
      "Ansible playbook: gateways, nodes, kubeadm, Calico, verify (docs/deploy.md)",
      site(plan));
  add(".ansible-lint",
      "ansible-lint config of the playbook (production profile, offline)",
      lint_config(plan));
  add("roles/interface/tasks/main.yml",
      "Ansible interface role: the host has the NIC the Plan names",
      interface_tasks(plan));
  add("roles/gateway/tasks/main.yml",
      "Ansible gateway role: packages, every gateway file checked, daemons started",
      gateway_tasks(plan));
  add("roles/gateway/handlers/main.yml",
      "Ansible gateway role: reload only what changed",
      gateway_handlers(plan));
  add("roles/node_network/tasks/main.yml",
      "Ansible node network role: the node's sysctl drop-in",
      node_network_tasks(plan));
  add("roles/node_network/handlers/main.yml",
      "Ansible node network role: apply the sysctl drop-in",
      node_network_handlers(plan));
  add("roles/kubernetes_node/tasks/main.yml",
      "Ansible Kubernetes node role: modules, swap off, containerd, kubelet/kubeadm/kubectl pinned",
      kubernetes_node_tasks(plan));
  add("roles/kubernetes_node/handlers/main.yml",
      "Ansible Kubernetes node role: apt lists, containerd restart",
      kubernetes_node_handlers(plan));
  add("roles/control_plane/tasks/main.yml",
      "Ansible control-plane role: kubeadm init and the join secrets",
      control_plane_tasks(plan));
  add("roles/join/tasks/main.yml",
      "Ansible join role: kubeadm join with the secrets filled in",
      join_tasks(plan));
  if (plan.dual_stack())
    add("roles/kube_dns/tasks/main.yml",
        "Ansible kube-dns role: a ClusterIP of each family",
        kube_dns_tasks(plan));
  add("roles/calico/tasks/main.yml",
      "Ansible Calico role: release, the Plan's objects, route reflectors",
      calico_tasks(plan));
  add("roles/verify/tasks/main.yml",
      "Ansible verify role: the in-cluster verify Job, failing with its findings",
      verify_tasks(plan));
  add("roles/verify/handlers/main.yml",
      "Ansible verify role: a changed config runs verify afresh",
      verify_handlers(plan));
  return out;
}

} // namespace dualstack::render
