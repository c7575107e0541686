// The node roles.
#include <dualstack/render/ansible/node_roles.hpp>

#include <dualstack/render/ansible/text.hpp>
#include <dualstack/render/node/paths.hpp>

#include <fmt/format.h>

namespace dualstack::render::ansible {

namespace {

constexpr std::string_view network_tasks =
  R"yaml(# Forwarding per family and router advertisements kept on the node's interface.
- name: "Install @SYSCTL@ (sysctl: forwarding, accept_ra)"
  ansible.builtin.copy:
    src: "{{ dualstack_render_dir }}/{{ dualstack_host_dir }}/@SYSCTL_NAME@"
    dest: @SYSCTL@
    owner: root
    group: root
    mode: "0644"
  notify: Load @SYSCTL@
)yaml";

constexpr std::string_view network_handlers =
  R"yaml(# Applies the node's sysctl drop-in when it changed.
- name: Load @SYSCTL@
  ansible.builtin.command: sysctl --load @SYSCTL@
  changed_when: true
)yaml";

constexpr std::string_view kubernetes_tasks =
  R"yaml(# What kubeadm needs on a node: kernel modules, no swap, containerd, and kubelet, kubeadm and
# kubectl @VERSION@ from the Kubernetes project's repository (pkgs.k8s.io, @MINOR@).
- name: "Install @MODULES@ (kernel modules: br_netfilter, overlay)"
  ansible.builtin.copy:
    src: "{{ dualstack_render_dir }}/{{ dualstack_host_dir }}/@MODULES_NAME@"
    dest: @MODULES@
    owner: root
    group: root
    mode: "0644"

- name: Read the loaded kernel modules
  ansible.builtin.slurp:
    src: /proc/modules
  register: dualstack_proc_modules

- name: Load the kernel modules kubeadm and containerd need
  ansible.builtin.command: modprobe {{ item }}
  loop:
    - br_netfilter
    - overlay
  when: (dualstack_proc_modules.content | b64decode | regex_search('^' ~ item ~ ' ', multiline=True)) is none
  changed_when: true

- name: Read the active swap
  ansible.builtin.command: swapon --show=NAME --noheadings
  register: dualstack_swap
  changed_when: false

- name: Turn swap off (kubelet refuses to start with swap)
  ansible.builtin.command: swapoff --all
  when: dualstack_swap.stdout | length > 0
  changed_when: true

- name: Keep swap off after a reboot
  ansible.builtin.replace:
    path: /etc/fstab
    regexp: '^([^#\s]+\s+\S+\s+swap\s.*)$'
    replace: '# \1'

- name: Install containerd and what the Kubernetes repository needs
  ansible.builtin.apt:
    name:
      - containerd
      - ca-certificates
    state: present
    update_cache: true
    cache_valid_time: 3600
  when: dualstack_install_packages | bool

- name: Write containerd's default config
  ansible.builtin.shell: containerd config default > /etc/containerd/config.toml
  args:
    creates: /etc/containerd/config.toml
  when: dualstack_install_packages | bool
  notify: Restart containerd

- name: Use the systemd cgroup driver in containerd (kubelet's default)
  ansible.builtin.replace:
    path: /etc/containerd/config.toml
    regexp: '^(\s*)SystemdCgroup = false$'
    replace: '\1SystemdCgroup = true'
  when: dualstack_install_packages | bool
  notify: Restart containerd

- name: Add the signing key of the Kubernetes package repository @MINOR@
  ansible.builtin.get_url:
    url: https://pkgs.k8s.io/core:/stable:/@MINOR@/deb/Release.key
    dest: /etc/apt/keyrings/kubernetes-@MINOR@.asc
    owner: root
    group: root
    mode: "0644"
  when: dualstack_install_packages | bool

- name: Add the Kubernetes package repository @MINOR@
  ansible.builtin.copy:
    content: "deb [signed-by=/etc/apt/keyrings/kubernetes-@MINOR@.asc] https://pkgs.k8s.io/core:/stable:/@MINOR@/deb/ /\n"
    dest: /etc/apt/sources.list.d/kubernetes.list
    owner: root
    group: root
    mode: "0644"
  when: dualstack_install_packages | bool
  notify: Refresh the package lists

- name: Refresh the package lists now if the repository was added
  ansible.builtin.meta: flush_handlers

- name: Install kubelet, kubeadm and kubectl @VERSION@
  ansible.builtin.apt:
    name:
      - kubelet=@VERSION@-*
      - kubeadm=@VERSION@-*
      - kubectl=@VERSION@-*
    state: present
  when: dualstack_install_packages | bool

- name: Hold kubelet, kubeadm and kubectl at @VERSION@
  ansible.builtin.dpkg_selections:
    name: "{{ item }}"
    selection: hold
  loop:
    - kubelet
    - kubeadm
    - kubectl
  when: dualstack_install_packages | bool

- name: Check whether this node joined the cluster
  ansible.builtin.stat:
    path: /etc/kubernetes/kubelet.conf
  register: dualstack_kubelet_conf
)yaml";

constexpr std::string_view kubernetes_handlers =
  R"yaml(# Refreshes apt's lists for a new repository; restarts containerd when its config changed.
- name: Refresh the package lists
  ansible.builtin.apt:
    update_cache: true

- name: Restart containerd
  ansible.builtin.command: systemctl restart containerd  # noqa: command-instead-of-module
  changed_when: true
)yaml";

std::vector<std::pair<std::string, std::string>> node_values(const plan::Plan& plan)
{
  return { { "SYSCTL", std::string(node::paths::sysctl) },
           { "SYSCTL_NAME", std::string(node::paths::sysctl_name) },
           { "MODULES", std::string(node::paths::modules) },
           { "MODULES_NAME", std::string(node::paths::modules_name) },
           { "VERSION", package_version(plan) },
           { "MINOR", repository_minor(plan) } };
}

} // namespace

std::string package_version(const plan::Plan& plan)
{
  std::string_view version = plan.kubernetes_version;
  if (!version.empty() && version.front() == 'v')
    version.remove_prefix(1);
  return std::string(version);
}

std::string repository_minor(const plan::Plan& plan)
{
  const std::string version = package_version(plan);
  const std::size_t first = version.find('.');
  const std::size_t second = first == std::string::npos ? first : version.find('.', first + 1);
  return "v" + version.substr(0, second);
}

std::string node_network_tasks(const plan::Plan& plan)
{
  return header(plan, "Node network role") + fill(network_tasks, node_values(plan));
}

std::string node_network_handlers(const plan::Plan& plan)
{
  return header(plan, "Node network role handlers") + fill(network_handlers, node_values(plan));
}

std::string kubernetes_node_tasks(const plan::Plan& plan)
{
  return header(plan, "Kubernetes node role") + fill(kubernetes_tasks, node_values(plan));
}

std::string kubernetes_node_handlers(const plan::Plan& plan)
{
  return header(plan, "Kubernetes node role handlers") +
         fill(kubernetes_handlers, node_values(plan));
}

} // namespace dualstack::render::ansible
