// The gateway role.
#include <dualstack/render/ansible/gateway_role.hpp>

#include <dualstack/render/ansible/text.hpp>
#include <dualstack/render/gateway/paths.hpp>
#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::ansible {

namespace {

namespace paths = gateway::paths;

constexpr std::string_view packages = R"yaml(- name: Install the gateway packages
  ansible.builtin.apt:
    name:
      - bird2
      - keepalived
      - haproxy
      - nftables
      - wireguard-tools
    state: present
    update_cache: true
    cache_valid_time: 3600
  when: dualstack_install_packages | bool
)yaml";

// wg-quick only reads files named <interface>.conf, so the check copies the candidate to one.
constexpr std::string_view wireguard_checker =
  R"yaml(bash -c 'd=$(mktemp -d) && cp "$0" "$d/@IF@.conf" && wg-quick strip "$d/@IF@.conf" >/dev/null; s=$?; rm -rf "$d"; exit $s' %s)yaml";

// systemctl through ansible.builtin.command, not the systemd module: the same tasks then run
// wherever a systemctl is on PATH (the lab's stand-in too; docs/deploy.md). Which services run
// is read before any file changes: a reload handler runs only for a service that ran (a unit
// that is not active cannot be reloaded), the others are started after the handlers applied
// sysctl and nftables (HAProxy binds the VIPs only with ip_nonlocal_bind, found by the lab).
constexpr std::string_view units_check = R"yaml(
- name: Check which gateway services run
  ansible.builtin.command: systemctl is-active --quiet {{ item }}  # noqa: command-instead-of-module
  loop:
@UNITS@  register: dualstack_gateway_units
  changed_when: false
  failed_when: false

- name: Remember which gateway services run
  ansible.builtin.set_fact:
    dualstack_active_units: "{{ dualstack_gateway_units.results | selectattr('rc', 'equalto', 0) | map(attribute='item') | list }}"
)yaml";

constexpr std::string_view units_start = R"yaml(
- name: Apply what changed (sysctl, nftables; reload the services that run)
  ansible.builtin.meta: flush_handlers

- name: Start the gateway services that do not run, and enable them at boot
  ansible.builtin.command: systemctl enable --now {{ item }}  # noqa: command-instead-of-module
  loop: "{{ dualstack_gateway_units.results | rejectattr('rc', 'equalto', 0) | map(attribute='item') | list }}"
  changed_when: true
)yaml";

std::string sysctl_handler()
{
  return fmt::format("Load {}", paths::sysctl);
}

std::string wireguard_handler(const std::string& interface)
{
  return "Reload WireGuard " + interface;
}

std::vector<std::string> wireguard_interfaces(const plan::Plan& plan)
{
  std::vector<std::string> out;
  for (const auto& endpoint : plan.wireguard_endpoints)
    out.push_back(gateway::file_name(endpoint.interface_name));
  return out;
}

} // namespace

std::vector<GatewayFile> gateway_files(const plan::Plan& plan)
{
  std::vector<GatewayFile> files;
  files.push_back({ "90-dualstack.conf",
                    std::string(paths::sysctl),
                    0644,
                    false,
                    "sysctl: forwarding and ip_nonlocal_bind",
                    "",
                    sysctl_handler() });
  for (const std::string& interface : wireguard_interfaces(plan)) {
    files.push_back({ interface + ".conf",
                      fmt::format("{}/{}.conf", paths::wireguard_dir, interface),
                      0600,
                      true,
                      "WireGuard server " + interface + ", secret",
                      fill(wireguard_checker, { { "IF", interface } }),
                      wireguard_handler(interface) });
  }
  files.push_back({ "dualstack-notify.sh",
                    std::string(paths::notify_script),
                    0755,
                    false,
                    "keepalived notify hook",
                    "sh -n %s",
                    "" });
  files.push_back({ "dualstack-check.sh",
                    std::string(paths::check_script),
                    0755,
                    false,
                    "keepalived health check",
                    "sh -n %s",
                    "" });
  const std::string sync = "Restart dualstack-endpoint-sync";
  files.push_back({ "dualstack-endpoint-sync",
                    std::string(paths::endpoint_sync),
                    0755,
                    false,
                    "endpoint sharing between the gateways",
                    R"X(python3 -c "import ast, sys; ast.parse(open(sys.argv[1]).read())" %s)X",
                    sync });
  files.push_back({ "dualstack-endpoint-sync.json",
                    std::string(paths::endpoint_sync_config),
                    0644,
                    false,
                    "endpoint sharing config",
                    "python3 -m json.tool %s",
                    sync });
  files.push_back({ "dualstack-endpoint-sync.key",
                    std::string(paths::endpoint_sync_key),
                    0600,
                    true,
                    "endpoint sharing key, secret",
                    "",
                    sync });
  files.push_back({ "dualstack-endpoint-sync.service",
                    std::string(paths::endpoint_sync_unit),
                    0644,
                    false,
                    "endpoint sharing systemd unit",
                    "",
                    sync });
  files.push_back({ "bird.conf",
                    std::string(paths::bird),
                    0644,
                    false,
                    "BIRD 2",
                    "bird -p -c %s",
                    "Reconfigure BIRD" });
  files.push_back({ "haproxy.cfg",
                    std::string(paths::haproxy),
                    0644,
                    false,
                    "HAProxy",
                    "haproxy -c -f %s",
                    "Reload HAProxy" });
  files.push_back({ "nftables.conf",
                    std::string(paths::nftables),
                    0755,
                    false,
                    "nftables",
                    "nft -c -f %s",
                    fmt::format("Load {}", paths::nftables) });
  files.push_back({ "keepalived.conf",
                    std::string(paths::keepalived),
                    0644,
                    false,
                    "keepalived",
                    "keepalived -t -f %s",
                    "Reload keepalived" });
  return files;
}

std::string gateway_tasks(const plan::Plan& plan)
{
  std::string out = header(plan, "Gateway role");
  out +=
    "# Every gateway file of MANIFEST.json, each checked by its own checker (validate) before it\n"
    "# replaces the live file; the handlers reload only what changed.\n";
  std::string unit_list = "    - nftables\n";
  for (const std::string& interface : wireguard_interfaces(plan))
    unit_list += fmt::format("    - wg-quick@{}\n", interface);
  unit_list += "    - bird\n    - haproxy\n    - keepalived\n    - dualstack-endpoint-sync\n";
  out += packages;
  out += fill(units_check, { { "UNITS", unit_list } });
  for (const GatewayFile& file : gateway_files(plan)) {
    out += fmt::format("\n- name: {}\n",
                       yaml_string(fmt::format("Install {} ({})", file.target, file.what)));
    out += "  ansible.builtin.copy:\n";
    out += fmt::format(
      "    src: \"{{{{ dualstack_render_dir }}}}/{{{{ dualstack_host_dir }}}}/{}\"\n", file.name);
    out += fmt::format("    dest: {}\n", yaml_string(file.target));
    out += "    owner: root\n    group: root\n";
    out += fmt::format("    mode: {}\n", mode_string(file.mode));
    if (!file.checker.empty())
      out += fmt::format("    validate: {}\n", file.checker);
    if (file.secret)
      out += "  no_log: true\n";
    if (!file.handler.empty())
      out += fmt::format("  notify: {}\n", yaml_string(file.handler));
  }
  out += units_start;
  return out;
}

std::string gateway_handlers(const plan::Plan& plan)
{
  std::string out = header(plan, "Gateway role handlers");
  out += "# Each daemon reloads only when one of its files changed, and only if it ran before the\n"
         "# play (one that did not is started afterwards, with the new files); in this order.\n";
  auto running = [&](const std::string& unit) {
    out += fmt::format("  when: \"'{}' in dualstack_active_units\"\n", unit);
  };
  auto command =
    [&](const std::string& name, const std::string& line, bool systemctl, const std::string& unit) {
      out += fmt::format("\n- name: {}\n", yaml_string(name));
      out += fmt::format("  ansible.builtin.command: {}{}\n",
                         line,
                         systemctl ? "  # noqa: command-instead-of-module" : "");
      out += "  changed_when: true\n";
      if (!unit.empty())
        running(unit);
    };
  command(sysctl_handler(), fmt::format("sysctl --load {}", paths::sysctl), false, "");
  command(
    fmt::format("Load {}", paths::nftables), fmt::format("nft -f {}", paths::nftables), false, "");
  for (const std::string& interface : wireguard_interfaces(plan)) {
    // syncconf keeps the sessions of unchanged peers (wg-quick down/up would drop them all).
    out += fmt::format("\n- name: {}\n", yaml_string(wireguard_handler(interface)));
    out += fmt::format("  ansible.builtin.shell: set -o pipefail && wg syncconf {0} <(wg-quick "
                       "strip {1}/{0}.conf)\n",
                       interface,
                       paths::wireguard_dir);
    out += "  args:\n    executable: /bin/bash\n";
    out += "  changed_when: true\n  no_log: true\n";
    running("wg-quick@" + interface);
  }
  command("Reconfigure BIRD", "birdc configure", false, "bird");
  command("Reload HAProxy", "systemctl reload haproxy", true, "haproxy");
  command("Reload keepalived", "systemctl reload keepalived", true, "keepalived");
  // A changed unit file needs daemon-reload first; the daemon has no reload of its own.
  out += "\n- name: Restart dualstack-endpoint-sync\n";
  out +=
    "  ansible.builtin.shell: systemctl daemon-reload && systemctl restart dualstack-endpoint-sync"
    "  # noqa: command-instead-of-module\n";
  out += "  changed_when: true\n";
  running("dualstack-endpoint-sync");
  return out;
}

} // namespace dualstack::render::ansible
