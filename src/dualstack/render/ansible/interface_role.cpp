// The interface role.
#include <dualstack/render/ansible/interface_role.hpp>

#include <dualstack/render/ansible/text.hpp>

namespace dualstack::render::ansible {

namespace {

// `ip -o link` prints "2: ens3: <...>" (a veth: "5: eth0@if6: <...>"); the second field less
// any "@peer" is the name.
constexpr std::string_view tasks =
  R"yaml(# Stops the deploy before any file changes when this host has no {{ dualstack_interface }}.
- name: List the network interfaces
  ansible.builtin.command: ip -o link show
  register: dualstack_links
  changed_when: false

- name: Check that the cluster interface is there
  ansible.builtin.assert:
    that:
      - dualstack_interface in dualstack_link_names
    fail_msg: >-
      {{ inventory_hostname }} has no interface {{ dualstack_interface }}, the name {{ dualstack_interface_key }}
      gives in config.toml (default eth0); it has {{ dualstack_link_names | join(', ') }}. Set the key to the
      name of the NIC on the cluster subnet, run `dualstack render` again and rerun the playbook.
    quiet: true
  vars:
    dualstack_link_names: "{{ dualstack_links.stdout_lines | map('split', ':') | map(attribute=1) | map('trim') | map('regex_replace', '@.*$', '') | list }}"
)yaml";

} // namespace

std::string interface_tasks(const plan::Plan& plan)
{
  return header(plan, "Interface role") + std::string(tasks);
}

} // namespace dualstack::render::ansible
