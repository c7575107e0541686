// The rendered Ansible inventory.
#include <dualstack/render/ansible/inventory.hpp>

#include <dualstack/render/ansible/text.hpp>
#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::render::ansible {

namespace {

// All the inventory's variables that are not per host. dualstack_terraform is read lazily, so
// syntax checks need no terraform-output.json; every variable can be overridden with -e.
constexpr std::string_view all_vars = R"yaml(all:
  vars:
    dualstack_cluster_name: @CLUSTER@
    dualstack_render_dir: "{{ playbook_dir }}/.."
    dualstack_terraform_output: "{{ inventory_dir }}/terraform-output.json"
    dualstack_terraform: "{{ lookup('ansible.builtin.file', dualstack_terraform_output) | from_json }}"
    dualstack_install_packages: true
    dualstack_jump_gateway: @JUMP@
    dualstack_jump_host: "{{ hostvars[dualstack_jump_gateway].ansible_host if dualstack_jump_gateway else '' }}"
  children:
)yaml";

constexpr std::string_view node_vars = R"yaml(    k8s_nodes:
      vars:
        ansible_host: "{{ dualstack_terraform.host_addresses.value[inventory_hostname].@FAMILY@ }}"
        dualstack_interface: @NODE_IF@
        dualstack_interface_key: "[terraform] node_interface"
        ansible_ssh_common_args: >-
          {{ '' if not dualstack_jump_host else '-o ProxyJump=' ~ ((ansible_user ~ '@') if ansible_user is defined else '')
          ~ (('[' ~ dualstack_jump_host ~ ']:22') if ':' in dualstack_jump_host else dualstack_jump_host) }}
      children:
)yaml";

std::string gateway_address(const plan::Plan& plan)
{
  // An IPv6-only cluster has no floating IPs: its gateways are reached at their IPv6 address.
  if (plan.has(net::Family::ipv4))
    return "\"{{ dualstack_terraform.gateway_floating_ips.value[inventory_hostname] }}\"";
  return "\"{{ dualstack_terraform.host_addresses.value[inventory_hostname].ipv6 }}\"";
}

} // namespace

std::vector<const plan::Host*> gateway_rollout_order(const plan::Plan& plan)
{
  std::vector<const plan::Host*> gateways = plan.hosts_with(plan::HostRole::gateway);
  std::stable_sort(gateways.begin(), gateways.end(), [](const plan::Host* a, const plan::Host* b) {
    return a->vrrp_priority < b->vrrp_priority;
  });
  return gateways;
}

std::string host_dir(const plan::Host& host)
{
  const char* top = host.role == plan::HostRole::gateway ? "gateways/" : "nodes/";
  return top + gateway::file_name(host.name);
}

std::string inventory(const plan::Plan& plan)
{
  const auto gateways = plan.hosts_with(plan::HostRole::gateway);
  std::string out = header(plan, "Ansible inventory");
  out +=
    "# Do not edit: the addresses come from terraform-output.json, written by\n"
    "#   tofu -chdir=terraform output -json > ansible/terraform-output.json\n"
    "# (docs/deploy.md; another file: -e dualstack_terraform_output=PATH). Gateways are listed\n"
    "# backups first (ascending VRRP priority): the gateway play reconfigures them one at a time\n"
    "# in this order, the VRRP master last. Nodes are reached through gateway\n"
    "# dualstack_jump_gateway as SSH jump host (-e dualstack_jump_gateway='' to reach them "
    "directly).\n";
  out += fill(all_vars,
              { { "CLUSTER", yaml_string(plan.cluster_name) },
                { "JUMP", gateways.empty() ? "\"\"" : yaml_string(gateways.front()->name) } });

  out += "    gateways:\n";
  out += "      vars:\n";
  out += "        ansible_host: " + gateway_address(plan) + "\n";
  out += "        dualstack_interface: " + yaml_string(plan.gateway_interface) + "\n";
  out += "        dualstack_interface_key: \"[terraform] gateway_interface\"\n";
  out += gateways.empty() ? "      hosts: {}\n" : "      hosts:\n";
  for (const plan::Host* gateway : gateway_rollout_order(plan)) {
    out += fmt::format("        {}:\n", yaml_string(gateway->name));
    out += fmt::format("          dualstack_host_dir: {}\n", yaml_string(host_dir(*gateway)));
    out += fmt::format("          dualstack_vrrp_priority: {}\n", gateway->vrrp_priority);
  }

  out += fill(node_vars,
              { { "FAMILY", std::string(net::to_string(plan.primary())) },
                { "NODE_IF", yaml_string(plan.node_interface) } });
  for (const plan::HostRole role : { plan::HostRole::master, plan::HostRole::worker }) {
    const auto hosts = plan.hosts_with(role);
    out += fmt::format("        {}s:\n", plan::to_string(role));
    out += hosts.empty() ? "          hosts: {}\n" : "          hosts:\n";
    for (const plan::Host* host : hosts) {
      out += fmt::format("            {}:\n", yaml_string(host->name));
      out += fmt::format("              dualstack_host_dir: {}\n", yaml_string(host_dir(*host)));
      out += fmt::format("              dualstack_kubeadm_file: {}\n",
                         yaml_string(fmt::format("kubeadm/{}/kubeadm.yaml", host->name)));
    }
  }
  return out;
}

} // namespace dualstack::render::ansible
