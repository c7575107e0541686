// Deploy mode: the rendered playbook over real SSH, from the operator's namespace.
#include <dualstack/lab/deploy.hpp>

#include <dualstack/lab/deploy_host.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& separator)
{
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : separator) + p;
  return out;
}

// The failed tasks of a run, for the error message: "fatal:" lines and the task before each.
std::string failed_tasks(const std::string& log)
{
  std::istringstream in(log);
  std::string line, task, out;
  while (std::getline(in, line)) {
    if (line.rfind("TASK [", 0) == 0)
      task = line.substr(0, line.find(']') + 1);
    else if (line.rfind("fatal:", 0) == 0 || line.rfind("failed:", 0) == 0)
      out += task + " " + line.substr(0, 400) + "\n";
  }
  return out;
}

} // namespace

std::string operator_dir(const LabContext& lab)
{
  return lab.state.run_dir + "/operator";
}

void close_connections(const LabContext& lab)
{
  const std::string config = operator_dir(lab) + "/ssh_config";
  std::vector<std::string> targets;
  for (const auto& g : lab.topology.gateways)
    targets.push_back(g.floating_ip.to_string());
  for (const auto& n : lab.topology.nodes)
    targets.push_back(lab.plan.host(n.name)->address(lab.plan.primary())->to_string());
  for (const auto& target : targets)
    (void)run_command(
      in_netns(lab.topology.client.ns, { "ssh", "-F", config, "-O", "exit", target }),
      std::chrono::seconds(5));
}

int PlaybookRun::total_changed() const
{
  int n = 0;
  for (const auto& [host, c] : changed)
    n += c;
  return n;
}

bool PlaybookRun::ok() const
{
  if (status != 0 || changed.empty())
    return false;
  for (const auto& [host, f] : failed)
    if (f != 0)
      return false;
  return true;
}

void parse_play_recap(const std::string& output, PlaybookRun& run)
{
  static const std::regex line(
    R"(^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+).*$)");
  const auto recap = output.rfind("PLAY RECAP");
  if (recap == std::string::npos)
    return;
  std::istringstream in(output.substr(recap));
  std::string text;
  std::smatch m;
  while (std::getline(in, text)) {
    if (std::regex_match(text, m, line)) {
      run.changed[m[1]] = std::stoi(m[3]);
      run.failed[m[1]] = std::stoi(m[4]) + std::stoi(m[5]);
    }
  }
}

std::string terraform_output_json(const LabContext& lab)
{
  nlohmann::ordered_json out;
  nlohmann::ordered_json floating = nlohmann::ordered_json::object();
  for (const auto& g : lab.topology.gateways)
    floating[g.name] = g.floating_ip.to_string();
  nlohmann::ordered_json hosts = nlohmann::ordered_json::object();
  for (const auto& host : lab.plan.hosts) {
    nlohmann::ordered_json addresses = nlohmann::ordered_json::object();
    for (const auto& [family, address] : host.addresses)
      addresses[std::string(net::to_string(address.family()))] = address.to_string();
    hosts[host.name] = addresses;
  }
  out["gateway_floating_ips"] = { { "sensitive", false },
                                  { "type", "object" },
                                  { "value", floating } };
  out["host_addresses"] = { { "sensitive", false }, { "type", "object" }, { "value", hosts } };
  out["vip_floating_ip"] = { { "sensitive", false },
                             { "type", "string" },
                             { "value", lab.topology.public_net.floating_ip.to_string() } };
  return out.dump(2) + "\n";
}

Status prepare_deploy(LabContext& lab)
{
  if (lab.topology.public_net.family != Family::ipv4) {
    return tl::unexpected(std::string(
      "deploy mode needs IPv4: the rendered inventory reaches the gateways of an IPv6-only "
      "cluster at their cluster addresses, which nothing outside the cluster routes"));
  }
  const std::string dir = operator_dir(lab);
  std::error_code ec;
  fs::create_directories(dir + "/tmp", ec);
  fs::permissions(dir, fs::perms::owner_all, ec);
  const std::string key = dir + "/id_ed25519";
  if (!fs::exists(key))
    LAB_TRY(
      must_run({ "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "operator", "-f", key }));
  std::ifstream in(key + ".pub");
  std::string public_key;
  std::getline(in, public_key);
  std::string known_hosts;
  for (const auto& g : lab.topology.gateways) {
    LAB_TRY(start_gateway_host(lab, g, public_key));
    known_hosts += g.floating_ip.to_string() + " " + host_public_key(lab, g.ns) + "\n";
  }
  // Nodes are reached through a gateway (ProxyJump) at their primary address.
  for (const auto& n : lab.topology.nodes) {
    LAB_TRY(start_node_host(lab, n, public_key));
    const Address address = *lab.plan.host(n.name)->address(lab.plan.primary());
    known_hosts += address.to_string() + " " + host_public_key(lab, n.ns) + "\n";
  }
  std::ofstream(dir + "/known_hosts", std::ios::trunc) << known_hosts;
  // An empty Ansible config of the operator's own, so no ansible.cfg of the working directory or
  // home applies.
  std::ofstream(dir + "/ansible.cfg", std::ios::trunc) << "[defaults]\n";
  // The operator's ssh_config: a jump host connection reads it too (-F is passed on), where
  // command-line -i/-o options are not. Master connections are reused between tasks and closed
  // after each run (close_connections): one left behind would outlive the lab.
  fs::create_directories(dir + "/cp", ec);
  std::ofstream(dir + "/ssh_config", std::ios::trunc)
    << fmt::format("Host *\n  User root\n  IdentityFile {0}/id_ed25519\n  IdentitiesOnly yes\n"
                   "  UserKnownHostsFile {0}/known_hosts\n  StrictHostKeyChecking yes\n"
                   "  ControlMaster auto\n  ControlPersist 60s\n  ControlPath {0}/cp/%r@%h:%p\n",
                   dir);
  std::ofstream(dir + "/terraform-output.json", std::ios::trunc) << terraform_output_json(lab);
  return {};
}

std::vector<std::string> playbook_argv(const LabContext& lab,
                                       const std::string& render_dir,
                                       const std::string& playbook,
                                       const std::vector<std::string>& hosts,
                                       const std::string& tags,
                                       const std::vector<std::string>& extra)
{
  const std::string dir = operator_dir(lab);
  const std::string ansible = render_dir + "/ansible";
  // The environment of the operator's shell: an Ansible config of its own, temporary files in
  // the lab's run directory; output unbuffered, so a log read while it runs is up to date.
  std::vector<std::string> argv = {
    "env",
    "ANSIBLE_CONFIG=" + dir + "/ansible.cfg",
    "ANSIBLE_NOCOLOR=1",
    "ANSIBLE_RETRY_FILES_ENABLED=0",
    "ANSIBLE_LOCAL_TEMP=" + dir + "/tmp",
    "ANSIBLE_REMOTE_TMP=" + dir + "/tmp/remote",
    "ANSIBLE_SSH_ARGS=-F " + dir + "/ssh_config",
    "ANSIBLE_PIPELINING=1",
    "PYTHONUNBUFFERED=1",
    "ansible-playbook",
    "-i",
    ansible + "/inventory.yml",
    ansible + "/" + playbook,
    "--limit",
    join(hosts, ","),
    "--tags",
    tags,
    "-u",
    "root",
    "--private-key",
    dir + "/id_ed25519",
    "-e",
    "dualstack_install_packages=false",
    "-e",
    "ansible_become=false",
    "-e",
    "dualstack_terraform_output=" + dir + "/terraform-output.json",
  };
  argv.insert(argv.end(), extra.begin(), extra.end());
  return in_netns(lab.topology.client.ns, argv);
}

tl::expected<PlaybookRun, std::string> run_playbook_argv(LabContext& lab,
                                                         const std::vector<std::string>& argv,
                                                         const std::string& log_name)
{
  const CommandResult r = run_command(argv, std::chrono::seconds(600));
  close_connections(lab);
  PlaybookRun run;
  run.status = r.status;
  run.log = operator_dir(lab) + "/" + log_name;
  std::ofstream(run.log, std::ios::trunc) << r.output;
  parse_play_recap(r.output, run);
  if (!run.ok()) {
    return tl::unexpected(fmt::format(
      "ansible-playbook exited {}; see {}\n{}", r.status, run.log, failed_tasks(r.output)));
  }
  return run;
}

namespace {

tl::expected<PlaybookRun, std::string> run_playbook(LabContext& lab,
                                                    const std::string& render_dir,
                                                    const std::vector<std::string>& hosts,
                                                    const std::string& tags,
                                                    const std::string& log_name)
{
  return run_playbook_argv(
    lab, playbook_argv(lab, render_dir, "site.yml", hosts, tags, {}), log_name);
}

} // namespace

tl::expected<PlaybookRun, std::string> run_gateway_playbook(LabContext& lab,
                                                            const std::string& render_dir,
                                                            const std::string& log_name)
{
  std::vector<std::string> hosts;
  for (const auto& g : lab.topology.gateways)
    hosts.push_back(g.name);
  return run_playbook(lab, render_dir, hosts, "gateway", log_name);
}

tl::expected<PlaybookRun, std::string> run_node_network_playbook(LabContext& lab,
                                                                 const std::string& log_name)
{
  std::vector<std::string> hosts;
  for (const auto& n : lab.topology.nodes)
    hosts.push_back(n.name);
  return run_playbook(lab, lab.render_dir(), hosts, "node-network", log_name);
}

Status deploy_gateways(LabContext& lab)
{
  lab.say("deploy: sshd on every gateway (a fresh VM), the operator's key");
  LAB_TRY(prepare_deploy(lab));
  lab.say(
    "deploy: ansible-playbook site.yml --limit gateways --tags gateway, from the client over SSH");
  auto run = run_gateway_playbook(lab, lab.render_dir(), "ansible-deploy.log");
  if (!run)
    return tl::unexpected(run.error());
  lab.say(
    fmt::format("deploy: the playbook changed {} things; see {}", run->total_changed(), run->log));
  for (const auto& g : lab.topology.gateways)
    LAB_TRY(record_deployed_pids(lab, g));
  lab.say(
    "deploy: ansible-playbook site.yml --limit <nodes> --tags node-network, through a gateway");
  auto nodes = run_node_network_playbook(lab, "ansible-node-network.log");
  if (!nodes)
    return tl::unexpected(nodes.error());
  return {};
}

} // namespace dualstack::lab
