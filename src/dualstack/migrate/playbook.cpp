// The migration playbook: one play per step, its done-condition, its files and commands, its gate.
#include <dualstack/migrate/playbook.hpp>

#include <dualstack/render/ansible/gateway_role.hpp>
#include <dualstack/render/ansible/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace dualstack::migrate {

namespace {

// Lines of the playbook stay within yamllint's default length.
constexpr std::size_t line_width = 100;

std::string yaml_string(std::string_view text)
{
  return render::ansible::yaml_string(text, line_width);
}

std::string comment(const std::string& text)
{
  return render::ansible::comment_lines(text, line_width);
}

constexpr std::string_view operator_host = "operator";
constexpr std::string_view render_dir = "{{ playbook_dir }}/..";

constexpr std::string_view preflight = R"yaml(
# Run from the migrate output directory's ansible/ (docs/migrate.md, "The playbook"):
#   ansible-playbook -i ansible/inventory.yml ansible/migrate.yml -u debian \
#     -e dualstack_config=$PWD/new.toml -e dualstack_kubeconfig=$PWD/admin.conf
# Started again, it skips every step whose done-condition holds. --check --diff changes nothing.
# -e dualstack_migrate_gate=none leaves out the `dualstack verify` gates (the steps' own checks
# still gate); --tags gateway (node-network, ...) runs one kind of step.
- name: Check the migration's inputs
  hosts: localhost
  gather_facts: false
  tags: [always]
  tasks:
    - name: Check the gate mode and what it needs
      ansible.builtin.assert:
        that:
          - (dualstack_migrate_gate | default('api')) in ['api', 'none']
          - (dualstack_migrate_gate | default('api')) == 'none' or (dualstack_config is defined and dualstack_config is file)
          - (dualstack_migrate_gate | default('api')) == 'none' or (dualstack_kubeconfig is defined and dualstack_kubeconfig is file)
        fail_msg: >-
          The verify gates run `dualstack verify NEW_CONFIG --kubeconfig FILE` here: pass
          -e dualstack_config=PATH/new.toml -e dualstack_kubeconfig=PATH/admin.conf
          (and -e dualstack_binary=PATH unless dualstack is on PATH), or
          -e dualstack_migrate_gate=none to gate on the steps' own checks only
        quiet: true
)yaml";

// Returns `text` so that Jinja leaves it as it is (the static text of templated fields).
std::string literal(const std::string& text)
{
  if (text.find("{{") == std::string::npos && text.find("{%") == std::string::npos &&
      text.find("{#") == std::string::npos)
    return text;
  return "{% raw %}" + text + "{% endraw %}";
}

// A shell line as an Ansible `cmd:`: never templated (`!unsafe`), failing on any part of a pipe.
std::string shell_cmd(const std::string& run)
{
  return "!unsafe " + yaml_string("set -o pipefail && " + run);
}

// A short, Jinja-free label of a command for a task name.
std::string label(const std::string& run)
{
  std::string out;
  for (char c : run) {
    if (c == '{' || c == '}' || c == '#')
      continue;
    out += c;
  }
  return out.size() > 70 ? out.substr(0, 67) + "..." : out;
}

struct Scope
{
  std::string kind, ns, name;
};

// "Node X" / "Service ns/name" -> its parts; "" -> all empty.
Scope parse_scope(const std::string& scope)
{
  Scope out;
  const auto space = scope.find(' ');
  if (space == std::string::npos)
    return out;
  out.kind = scope.substr(0, space);
  std::string rest = scope.substr(space + 1);
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    out.ns = rest.substr(0, slash);
    rest = rest.substr(slash + 1);
  }
  out.name = rest;
  return out;
}

// The host the step's play runs on: the first Plan host its files, commands or done-condition
// name, or the operator's machine (localhost).
std::string play_host(const Step& s)
{
  for (const auto& f : s.files) {
    if (!f.target.empty() && f.host != operator_host && f.host != "cluster")
      return f.host;
  }
  for (const auto& c : s.commands) {
    if (c.on != operator_host)
      return c.on;
  }
  if (!s.done.run.empty() && s.done.on != operator_host)
    return s.done.on;
  return "localhost"; // checks on hosts are delegated to them
}

class StepWriter
{
public:
  StepWriter(const plan::Plan& plan, const render::Artifacts& artifacts, std::string& out)
    : m_artifacts(artifacts)
    , m_out(out)
  {
    for (const auto& f : render::ansible::gateway_files(plan)) {
      m_checkers[f.target] = f.checker;
      m_gateway_order.push_back(f.target);
    }
  }

  void write(const Step& s, std::size_t number, std::size_t total)
  {
    m_step = &s;
    m_host = play_host(s);
    m_prefix = fmt::format("Step {}/{} {}", number, total, s.id);
    comments(s, number, total);
    m_out += fmt::format(
      "- name: {}\n",
      yaml_string(literal(fmt::format("Step {} of {} [{}]: {}", number, total, s.id, s.title))));
    m_out += fmt::format("  hosts: {}\n", yaml_string(m_host));
    m_out += "  gather_facts: false\n";
    m_out += fmt::format("  become: {}\n", local() ? "false" : "true");
    m_out += fmt::format("  tags: [{}, {}]\n", playbook_tag(s.id), yaml_string(s.id));
    m_out += "  tasks:\n";
    const bool has_done = !s.done.run.empty();
    if (has_done) {
      shell_task(4,
                 fmt::format("{}: done already? ({})", m_prefix, label(s.done.run)),
                 s.done,
                 "      register: dualstack_step_done\n"
                 "      changed_when: false\n"
                 "      failed_when: false\n"
                 "      check_mode: false\n");
    }
    m_out += fmt::format("\n    - name: {}\n", yaml_string(m_prefix + ": the step"));
    if (has_done)
      m_out += "      when: dualstack_step_done.rc != 0\n";
    m_out += "      block:\n";
    std::size_t tasks = 0;
    for (const StepFile* f : install_order(s.files))
      tasks += copy_task(*f) ? 1 : 0;
    for (std::size_t i = 0; i < s.commands.size(); ++i) {
      const Command& c = s.commands[i];
      ++tasks;
      if (c.manual) {
        manual_task(c, has_done);
        continue;
      }
      shell_task(
        8,
        fmt::format("{}: {}/{} on {}: {}", m_prefix, i + 1, s.commands.size(), c.on, label(c.run)),
        c,
        "          changed_when: true\n");
    }
    if (tasks == 0)
      m_out += fmt::format("        - name: {}\n          ansible.builtin.meta: noop\n",
                           yaml_string(m_prefix + ": nothing to run"));
    rescue("failed", "Fix the cause (or roll back)");
    gate(s);
    m_out += "\n";
  }

private:
  bool local() const
  {
    return m_host == "localhost";
  }

  // The gateway files in the order the deploy role installs them (the scripts before the
  // keepalived config that calls them), then the others as the step lists them.
  std::vector<const StepFile*> install_order(const std::vector<StepFile>& files) const
  {
    std::vector<const StepFile*> out;
    for (const auto& target : m_gateway_order) {
      for (const auto& f : files) {
        if (f.target == target)
          out.push_back(&f);
      }
    }
    for (const auto& f : files) {
      if (std::find(m_gateway_order.begin(), m_gateway_order.end(), f.target) ==
          m_gateway_order.end())
        out.push_back(&f);
    }
    return out;
  }

  void comments(const Step& s, std::size_t number, std::size_t total)
  {
    m_out += fmt::format("\n# ---- Step {} of {} [{}]{}\n",
                         number,
                         total,
                         s.id,
                         s.disruptive ? " (disrupts traffic)" : "");
    m_out += comment(s.title);
    m_out += comment("Disrupts: " + s.disruption);
    for (const auto& line : s.rollback)
      m_out += comment("Rollback: " + line);
  }

  // Where a task for host `on` runs: on the play's host, delegated to another host, or on the
  // operator's machine (localhost, in the render directory).
  void placement(int indent, const std::string& on, bool shell)
  {
    const std::string pad(indent + 2, ' ');
    if (on == operator_host) {
      if (shell)
        m_out += fmt::format("{}  chdir: \"{}\"\n", pad, render_dir);
    }
    m_out += fmt::format("{}  executable: /bin/bash\n", pad);
    if (on == operator_host && !local())
      m_out += fmt::format("{}delegate_to: localhost\n{}become: false\n", pad, pad);
    else if (on != operator_host && on != m_host)
      delegate(pad, on);
  }

  // Delegates a task to Plan host `host`. Its address and SSH options are taken from its own
  // hostvars: the inventory computes them from `inventory_hostname`, which under delegation is
  // still the play's host (Ansible templates the delegated host's variables in the play host's
  // context), so plain delegation would reach the play's host again (found by `lab migrate`).
  void delegate(const std::string& pad, const std::string& host)
  {
    m_out += fmt::format(
      "{0}delegate_to: {1}\n"
      "{0}vars:\n"
      "{0}  ansible_host: \"{{{{ hostvars['{2}'].ansible_host }}}}\"\n"
      "{0}  ansible_ssh_common_args: \"{{{{ hostvars['{2}'].ansible_ssh_common_args | default('') "
      "}}}}\"\n",
      pad,
      yaml_string(host),
      host);
    if (local())
      m_out += pad + "become: true\n";
  }

  void shell_task(int indent, const std::string& name, const Command& c, const std::string& extra)
  {
    const std::string pad(indent, ' ');
    m_out += fmt::format("\n{}- name: {}\n", pad, yaml_string(name));
    m_out += fmt::format("{}  ansible.builtin.shell:\n", pad);
    m_out += fmt::format("{}    cmd: {}\n", pad, shell_cmd(c.run));
    placement(indent, c.on, true);
    m_out += extra;
  }

  bool copy_task(const StepFile& f)
  {
    if (f.target.empty() || f.host == operator_host || f.host == "cluster")
      return false; // used in place, from the render directory
    const render::Artifact* artifact = nullptr;
    for (const auto& a : m_artifacts) {
      if (a.path == f.path)
        artifact = &a;
    }
    const int mode = artifact ? artifact->mode : 0644;
    const bool secret = artifact ? artifact->secret || mode == 0600 : false;
    m_out +=
      fmt::format("\n        - name: {}\n",
                  yaml_string(fmt::format("{}: install {} on {}", m_prefix, f.target, f.host)));
    m_out += "          ansible.builtin.copy:\n";
    m_out += fmt::format("            src: \"{}/{}\"\n", render_dir, f.path);
    m_out += fmt::format("            dest: {}\n", yaml_string(f.target));
    m_out += "            owner: root\n            group: root\n";
    m_out += fmt::format("            mode: {}\n", render::ansible::mode_string(mode));
    if (const auto checker = m_checkers.find(f.target);
        checker != m_checkers.end() && !checker->second.empty())
      m_out += fmt::format("            validate: {}\n", checker->second);
    if (f.host != m_host)
      delegate("          ", f.host);
    if (secret)
      m_out += "          no_log: true\n          diff: false\n";
    return true;
  }

  // A command a person runs: with a done-condition the run stops until it holds; without one
  // (nothing here can tell) the playbook says what to do and goes on.
  void manual_task(const Command& c, bool has_done)
  {
    const std::string what =
      literal(fmt::format("Step {} is yours ({}): {}", m_step->id, c.on, c.run));
    if (has_done) {
      m_out += fmt::format("\n        - name: {}\n", yaml_string(m_prefix + ": by hand"));
      m_out += "          ansible.builtin.fail:\n";
      m_out += fmt::format(
        "            msg: {}\n",
        yaml_string(what + ". Then run the playbook again: finished steps are skipped."));
      m_out += "          when: not ansible_check_mode\n";
    } else {
      m_out += fmt::format("\n        - name: {}\n", yaml_string(m_prefix + ": by hand"));
      m_out += "          ansible.builtin.debug:\n";
      m_out += fmt::format("            msg: {}\n", yaml_string(what));
    }
  }

  void rescue(const std::string& what, const std::string& todo)
  {
    std::string rollback;
    for (const auto& line : m_step->rollback)
      rollback +=
        (rollback.empty() ? " Rollback: " : " ") + line + (line.ends_with('.') ? "" : ".");
    m_out += "      rescue:\n";
    m_out += fmt::format("        - name: {}\n", yaml_string(m_prefix + ": stop the run"));
    m_out += "          ansible.builtin.fail:\n";
    m_out += fmt::format(
      "            msg: {}\n",
      yaml_string(
        fmt::format("{} ({}) {} at {{{{ ansible_failed_task.name }}}}: {{{{ "
                    "(ansible_failed_result.stderr | default('', true)) or "
                    "(ansible_failed_result.msg | default('')) }}}}. ",
                    m_prefix,
                    m_step->title.size() > 60 ? m_step->title.substr(0, 57) + "..." : m_step->title,
                    what) +
        literal(todo + "; migrate/STEPS.txt has the step in full." + rollback) +
        " Then run the playbook again: finished steps are skipped."));
  }

  void gate(const Step& s)
  {
    std::vector<const Command*> checks;
    for (const auto& c : s.checks) {
      if (!c.manual)
        checks.push_back(&c);
    }
    if (checks.empty() && s.verify.empty())
      return;
    m_out += fmt::format("\n    - name: {}\n", yaml_string(m_prefix + ": gate"));
    m_out += "      when: not ansible_check_mode\n";
    m_out += "      block:\n";
    for (std::size_t i = 0; i < checks.size(); ++i) {
      shell_task(8,
                 fmt::format("{}: gate {}/{} on {}: {}",
                             m_prefix,
                             i + 1,
                             checks.size(),
                             checks[i]->on,
                             label(checks[i]->run)),
                 *checks[i],
                 "          changed_when: false\n");
    }
    if (!s.verify.empty())
      verify_gate(s);
    rescue("did not pass its gate",
           "The step ran but its check fails: look at what the check shows");
  }

  void verify_gate(const Step& s)
  {
    std::string ids, selection;
    for (const auto& id : s.verify)
      ids += (ids.empty() ? "'" : ", '") + id + "'";
    selection = fmt::format("selectattr('check', 'in', [{}])", ids);
    const Scope scope = parse_scope(s.verify_scope);
    if (!scope.kind.empty())
      selection += fmt::format(" | selectattr('kind', 'equalto', '{}')", scope.kind);
    if (!scope.ns.empty())
      selection += fmt::format(" | selectattr('namespace', 'equalto', '{}')", scope.ns);
    if (!scope.name.empty())
      selection += fmt::format(" | selectattr('name', 'equalto', '{}')", scope.name);
    const std::string when = "          when: (dualstack_migrate_gate | default('api')) == 'api'\n";
    const std::string where =
      local() ? "" : "          delegate_to: localhost\n          become: false\n";
    m_out +=
      fmt::format("\n        - name: {}\n",
                  yaml_string(m_prefix + ": dualstack verify --kubeconfig (the step's checks)"));
    m_out += "          ansible.builtin.command:\n            argv:\n";
    m_out += "              - \"{{ dualstack_binary | default('dualstack') }}\"\n";
    m_out += "              - verify\n              - \"{{ dualstack_config }}\"\n";
    m_out += "              - --kubeconfig\n              - \"{{ dualstack_kubeconfig }}\"\n";
    m_out += "              - --format\n              - json\n              - --quiet\n";
    m_out += "          register: dualstack_verify\n";
    m_out += "          changed_when: false\n";
    m_out += "          failed_when: dualstack_verify.rc not in [0, 1]\n";
    m_out += where + when;
    m_out +=
      fmt::format("\n        - name: {}\n",
                  yaml_string(fmt::format("{}: no finding of {}{}",
                                          m_prefix,
                                          ids,
                                          s.verify_scope.empty() ? "" : " for " + s.verify_scope)));
    m_out += "          ansible.builtin.assert:\n";
    m_out += "            that: dualstack_findings | length == 0\n";
    m_out += "            fail_msg: \"{{ dualstack_findings | map(attribute='message') | "
             "join('; ') }}\"\n";
    m_out += "            quiet: true\n";
    m_out += "          vars:\n";
    m_out += fmt::format(
      "            dualstack_findings: {}\n",
      yaml_string(fmt::format(
        "{{{{ (dualstack_verify.stdout | from_json).findings | {} | list }}}}", selection)));
    m_out += when;
  }

  const render::Artifacts& m_artifacts;
  std::string& m_out;
  std::map<std::string, std::string> m_checkers; // gateway file target -> validate command
  std::vector<std::string> m_gateway_order;      // gateway file targets, as the role installs them
  const Step* m_step = nullptr;
  std::string m_host;
  std::string m_prefix;
};

} // namespace

std::string playbook_tag(const std::string& id)
{
  static const std::vector<std::pair<std::string, std::string>> prefixes = {
    { "network", "terraform" },
    { "ports", "terraform" },
    { "node-network-", "node-network" },
    { "gateway-", "gateway" },
    { "wireguard-clients", "clients" },
    { "api-dns", "dns" },
    { "kubeadm-config", "control-plane" },
    { "control-plane-", "control-plane" },
    { "service-cidr", "control-plane" },
    { "kube-dns", "control-plane" },
    { "node-ip-", "kubelet" },
    { "kube-proxy", "dataplane" },
    { "calico", "dataplane" },
    { "pod-cidrs-", "pod-cidrs" },
    { "workloads", "workloads" },
  };
  for (const auto& [prefix, tag] : prefixes) {
    if (id.rfind(prefix, 0) == 0)
      return tag;
  }
  return "migrate";
}

std::string migrate_playbook(const plan::Plan& new_plan,
                             const Migration& migration,
                             const render::Artifacts& artifacts)
{
  std::string out = render::ansible::header(new_plan, "Migration playbook (dualstack migrate)");
  out += preflight;
  StepWriter writer(new_plan, artifacts, out);
  for (std::size_t i = 0; i < migration.steps.size(); ++i)
    writer.write(migration.steps[i], i + 1, migration.steps.size());
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

} // namespace dualstack::migrate
