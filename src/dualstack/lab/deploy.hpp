// The lab's deploy mode: the rendered Ansible playbook, unchanged, run with the real
// ansible-playbook from the client's namespace (the operator's laptop) over SSH to every
// gateway's floating IP, as docs/deploy.md tells an operator to.
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <map>
#include <string>

namespace dualstack::lab {

// What one ansible-playbook run did, from its PLAY RECAP.
struct PlaybookRun
{
  int status = -1;                    // ansible-playbook's exit status
  std::map<std::string, int> changed; // per host: changed=
  std::map<std::string, int> failed;  // per host: failed= + unreachable=
  std::string log;                    // the run's full output, kept in the lab's run directory
  int total_changed() const;
  bool ok() const;
};

// Parses the PLAY RECAP lines of ansible-playbook's output into `run` (changed, failed).
void parse_play_recap(const std::string& output, PlaybookRun& run);

// Returns the `terraform output -json` document the lab's world stands for: the gateways'
// floating IPs and every host's fixed addresses, the VIP's floating IP.
std::string terraform_output_json(const LabContext& lab);

// Prepares the deploy: the operator's SSH key and ssh_config, every gateway and node as a fresh
// VM with sshd (deploy_host.hpp), known_hosts with their host keys (gateways at their floating
// IPs, nodes at their primary address).
Status prepare_deploy(LabContext& lab);

// Returns the command line of ansible-playbook running `playbook` (a file of `render_dir`/ansible)
// from the client's namespace against `hosts`, `--tags tags`, with the lab's inputs (its SSH key
// and config, no packages, no become, its terraform-output.json) and `extra` arguments after them.
std::vector<std::string> playbook_argv(const LabContext& lab,
                                       const std::string& render_dir,
                                       const std::string& playbook,
                                       const std::vector<std::string>& hosts,
                                       const std::string& tags,
                                       const std::vector<std::string>& extra);

// Runs `argv` (playbook_argv) to its end, keeps its output in `<run>/operator/<log_name>` and
// closes the operator's SSH connections; an error quotes the failed tasks.
tl::expected<PlaybookRun, std::string> run_playbook_argv(LabContext& lab,
                                                         const std::vector<std::string>& argv,
                                                         const std::string& log_name);

// Ends the operator's SSH master connections to every lab host (`ssh -O exit`).
void close_connections(const LabContext& lab);

// Returns the lab's operator directory (SSH key and config, terraform-output.json, logs).
std::string operator_dir(const LabContext& lab);

// Runs the rendered site.yml from `render_dir` against the lab's gateways (`--limit` them,
// `--tags gateway`), from the client's namespace. Output goes to `<run>/operator/<log_name>`.
tl::expected<PlaybookRun, std::string> run_gateway_playbook(LabContext& lab,
                                                            const std::string& render_dir,
                                                            const std::string& log_name);

// Runs the rendered site.yml's node-network play (`--tags node-network`) against the lab's
// nodes, reached through the inventory's jump gateway.
tl::expected<PlaybookRun, std::string> run_node_network_playbook(LabContext& lab,
                                                                 const std::string& log_name);

// prepare_deploy, the first playbook run (gateways), the node-network play, then the pids of what
// it started recorded for the lab's crash, reboot and down. An error quotes the failed tasks and
// names the log.
Status deploy_gateways(LabContext& lab);

} // namespace dualstack::lab
