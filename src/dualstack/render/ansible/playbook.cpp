// The rendered playbook.
#include <dualstack/render/ansible/playbook.hpp>

#include <dualstack/render/ansible/text.hpp>

namespace dualstack::render::ansible {

namespace {

constexpr std::string_view head =
  R"yaml(# The whole path is in docs/deploy.md. Tags: gateway, node-network, kubernetes, calico, verify.
- name: Check the deploy inputs
  hosts: all
  gather_facts: false
  tasks:
    - name: Check that terraform-output.json is there
      ansible.builtin.assert:
        that:
          - dualstack_terraform_output is file
        fail_msg: >-
          {{ dualstack_terraform_output }} is missing: write it with
          `tofu -chdir=terraform output -json > ansible/terraform-output.json` in the render
          directory after `tofu apply`, or pass -e dualstack_terraform_output=PATH
        quiet: true
      run_once: true
      delegate_to: localhost
      tags: [always]

- name: Check the cluster interface of every host before anything changes
  hosts: gateways:k8s_nodes
  gather_facts: false
  roles:
    - role: interface
      tags: [always]

- name: Gateways, one at a time, backups first and the VRRP master last
  hosts: gateways
  serial: 1
  become: true
  roles:
    - role: gateway
      tags: [gateway]

- name: Node network (forwarding per family, accept_ra)
  hosts: k8s_nodes
  become: true
  roles:
    - role: node_network
      tags: [node-network]

- name: Kubernetes prerequisites (kernel modules, swap, containerd, kubelet, kubeadm, kubectl)
  hosts: k8s_nodes
  become: true
  roles:
    - role: kubernetes_node
      tags: [kubernetes]

- name: First control-plane node (kubeadm init)
  hosts: masters[0]
  become: true
  roles:
    - role: control_plane
      tags: [kubernetes]

- name: Other control-plane nodes join, one at a time
  hosts: masters[1:]
  serial: 1
  become: true
  roles:
    - role: join
      tags: [kubernetes]

- name: Workers join
  hosts: workers
  become: true
  roles:
    - role: join
      tags: [kubernetes]

- name: Cluster objects on the first control-plane node
  hosts: masters[0]
  become: true
  environment:
    KUBECONFIG: /etc/kubernetes/admin.conf
  roles:
)yaml";

constexpr std::string_view kube_dns_role = R"yaml(    - role: kube_dns
      tags: [kubernetes]
)yaml";

constexpr std::string_view tail = R"yaml(    - role: calico
      tags: [calico]
    - role: verify
      tags: [verify]
)yaml";

constexpr std::string_view lint =
  R"yaml(# The rendered playbook passes this with no findings (tests/render/ansible_lint_test.cpp).
profile: production
offline: true
)yaml";

} // namespace

std::string site(const plan::Plan& plan)
{
  std::string out = header(plan, "Deploy playbook");
  out += head;
  if (plan.dual_stack())
    out += kube_dns_role;
  out += tail;
  return out;
}

std::string lint_config(const plan::Plan& plan)
{
  return header(plan, "ansible-lint config of the deploy playbook") + std::string(lint);
}

} // namespace dualstack::render::ansible
