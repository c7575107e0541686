// up, attach, down.
#include <dualstack/lab/lab.hpp>

#include <dualstack/lab/api_name.hpp>
#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/deploy.hpp>
#include <dualstack/lab/deploy_host.hpp>
#include <dualstack/lab/environment.hpp>
#include <dualstack/lab/neighbour_tables.hpp>
#include <dualstack/lab/network.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/port_security.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/snapshot.hpp>
#include <dualstack/render/secrets.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <unistd.h>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

bool on_path(const std::string& tool)
{
  const char* env = std::getenv("PATH");
  std::string path = env ? env : "";
  path += ":/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin";
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && access((dir + "/" + tool).c_str(), X_OK) == 0)
      return true;
  }
  return false;
}

std::vector<std::string> existing_namespaces()
{
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/run/netns", ec))
    out.push_back(entry.path().filename().string());
  return out;
}

} // namespace

Status check_prerequisites()
{
  if (geteuid() != 0) {
    return tl::unexpected(
      std::string("the lab needs root: it creates network namespaces and runs daemons in them "
                  "(run it with sudo)"));
  }
  for (const char* tool : { "ip",
                            "sysctl",
                            "nft",
                            "bird",
                            "birdc",
                            "keepalived",
                            "haproxy",
                            "wireguard-go",
                            "wg",
                            "ping",
                            "curl",
                            "openssl",
                            "python3",
                            "ss" }) {
    if (!on_path(tool)) {
      return tl::unexpected(fmt::format(
        "`{}` is not installed; scripts/setup.sh installs everything the lab runs", tool));
    }
  }
  return {};
}

tl::expected<std::unique_ptr<LabContext>, std::string> lab_up(const config::Config& config,
                                                              const std::string& config_path,
                                                              LabOptions options,
                                                              Progress& progress)
{
  LAB_TRY(check_prerequisites());
  if (options.id.empty())
    options.id = random_lab_id();
  if (!options.deploy.empty() && options.deploy != "ansible")
    return tl::unexpected(fmt::format("unknown deploy mode `{}` (known: ansible)", options.deploy));
  if (options.client != "fixed" && options.client != "roaming")
    return tl::unexpected(
      fmt::format("unknown client `{}` (known: fixed, roaming)", options.client));
  if (!valid_lab_id(options.id)) {
    return tl::unexpected(fmt::format("lab id `{}` is not 1-6 lowercase hex digits", options.id));
  }
  auto plan = derive_config_plan(config);
  if (!plan)
    return tl::unexpected(plan.error());
  auto lab = std::make_unique<LabContext>();
  lab->config = config;
  lab->progress = &progress;
  auto topology = make_topology(*plan, options);
  if (!topology)
    return tl::unexpected(topology.error());
  lab->topology = std::move(*topology);
  const Topology& t = lab->topology;
  const render::KeyPair client_key = render::generate_key_pair();
  const render::KeyPair site_key = render::generate_key_pair();
  auto with_environment =
    derive_lab_plan(config, t, client_key.public_key, t.site ? site_key.public_key : "");
  if (!with_environment)
    return tl::unexpected(with_environment.error());
  lab->plan = std::move(*with_environment);

  // Refuse to touch anything that exists already.
  if (fs::exists(state_root() + "/" + options.id)) {
    return tl::unexpected(
      fmt::format("lab {} exists ({}/{}); take it down first: dualstack lab down --id {}",
                  options.id,
                  state_root(),
                  options.id,
                  options.id));
  }
  for (const auto& ns : existing_namespaces()) {
    if (ns.rfind(t.prefix, 0) == 0) {
      return tl::unexpected(fmt::format(
        "namespace {} exists but no lab {} is recorded; not touching it", ns, options.id));
    }
  }
  for (const auto& wg_if : t.wg_interfaces()) {
    if (fs::exists("/var/run/wireguard/" + wg_if + ".sock")) {
      return tl::unexpected(
        fmt::format("/var/run/wireguard/{}.sock exists; not touching it", wg_if));
    }
  }

  LabState& s = lab->state;
  s.id = options.id;
  std::random_device device;
  s.tag = fmt::format("{}-{:08x}", options.id, device());
  std::error_code ec;
  s.config = fs::absolute(config_path, ec).string();
  s.run_dir = state_root() + "/" + options.id;
  s.nodes = options.nodes;
  s.gateways = static_cast<int>(t.gateways.size());
  s.wg_interfaces = t.wg_interfaces();
  s.client = options.client;
  fs::create_directories(s.run_dir, ec);
  fs::permissions(s.run_dir, fs::perms::owner_all, ec);
  LAB_TRY(save_state(s));
  set_tag(s.tag);

  auto fail = [&](std::string error) -> tl::expected<std::unique_ptr<LabContext>, std::string> {
    // Before `down` deletes them: the logs the error may name and the daemons' state.
    if (!g_interrupted.load() && !options.evidence_dir.empty() && !s.namespaces.empty()) {
      auto kept = take_snapshot(*lab, options.evidence_dir + "/snapshot");
      error = kept
                ? point_at_snapshot(*lab, *kept, error) +
                    "\nevidence kept (daemon logs, birdc, ip addr/route, keepalived data): " + *kept
                : error + "\ncould not keep the evidence: " + kept.error();
    }
    progress.step(g_interrupted.load() ? "interrupted: tearing the lab down"
                                       : "up failed: tearing the lab down");
    (void)lab_down(options.id, progress);
    return tl::unexpected(g_interrupted.load() ? std::string("interrupted; the lab was taken down")
                                               : error);
  };
  progress.step(fmt::format("lab {}: {} gateways, {} k8s nodes, {} client, namespaces {}*",
                            options.id,
                            t.gateways.size(),
                            t.nodes.size(),
                            t.client.roaming ? "a roaming (NAT) " : "a fixed-endpoint",
                            t.prefix));
  if (auto st = write_client_key(*lab, t.client, client_key.private_key); !st)
    return fail(st.error());
  if (t.site) {
    if (auto st = write_client_key(*lab, *t.site, site_key.private_key); !st)
      return fail(st.error());
  }
  progress.step("render: the cluster's files into " + lab->render_dir());
  if (auto st = render_files(*lab); !st)
    return fail(st.error());
  const auto thresholds = neighbour_thresholds_for(t.nodes.size() + t.gateways.size() + 1);
  if (auto st = machine_neighbour_tables().reserve(thresholds); !st)
    return fail(st.error());
  progress.step("network: namespaces, bridges, veths, addresses");
  if (auto st = build_network(*lab); !st)
    return fail(st.error());
  if (auto st =
        enforce_neutron(*lab,
                        options.terraform.empty() ? lab->render_dir() + "/terraform/main.tf.json"
                                                  : options.terraform);
      !st)
    return fail(st.error());
  s.deploy = options.deploy;
  if (options.deploy.empty()) {
    if (auto st = install_gateway_files(*lab); !st)
      return fail(st.error());
  }
  if (auto st = install_client_hosts(*lab); !st)
    return fail(st.error());
  if (auto st = start_daemons(*lab, options.deploy.empty()); !st)
    return fail(st.error());
  if (!options.deploy.empty()) {
    if (auto st = deploy_gateways(*lab); !st)
      return fail(st.error());
  }
  if (g_interrupted.load())
    return fail("interrupted");
  progress.step("waiting for convergence (VRRP master, BGP sessions, routes)");
  const LabGateway* master = wait_converged(*lab, 60);
  if (!master && options.scenarios_judge_convergence && !g_interrupted.load()) {
    // `lab test`: scenario 1 reports the failure per family with its evidence.
    s.up = true;
    LAB_TRY(save_state(s));
    progress.step("not converged within 60 s: scenario 1 (converged) says why");
    return lab;
  }
  if (!master) {
    std::string why = "the lab did not converge within 60 s";
    if (!g_interrupted.load()) {
      for (Family family : lab->plan.families())
        why += fmt::format("\n{} evidence:\n{}", net::display_name(family), evidence(*lab, family));
    }
    return fail(g_interrupted.load() ? "interrupted" : why);
  }
  s.up = true;
  LAB_TRY(save_state(s));
  progress.step(fmt::format("converged: VRRP master {}", master->name));
  return lab;
}

tl::expected<std::unique_ptr<LabContext>, std::string> lab_attach(const config::Config& config,
                                                                  const LabState& state,
                                                                  Progress& progress)
{
  auto plan = derive_config_plan(config);
  if (!plan)
    return tl::unexpected(plan.error());
  auto lab = std::make_unique<LabContext>();
  lab->config = config;
  lab->progress = &progress;
  lab->state = state;
  LabOptions options;
  options.id = state.id;
  options.nodes = state.nodes;
  options.gateways = state.gateways;
  options.client = state.client;
  auto topology = make_topology(*plan, options);
  if (!topology)
    return tl::unexpected(topology.error());
  lab->topology = std::move(*topology);
  const std::string key = lab->client_public_key();
  if (key.empty())
    return tl::unexpected("lab " + state.id + " has no client key; take it down and up again");
  auto with_environment = derive_lab_plan(config, lab->topology, key, lab->site_public_key());
  if (!with_environment)
    return tl::unexpected(with_environment.error());
  lab->plan = std::move(*with_environment);
  set_tag(state.tag);
  return lab;
}

Status lab_down(const std::string& id, Progress& progress)
{
  auto loaded = load_state(id);
  if (!loaded)
    return tl::unexpected(loaded.error());
  const LabState& s = *loaded;
  const std::string prefix = "dsl" + id + "-";
  progress.step(fmt::format("down {}: stopping {} processes", id, s.pids.size()));
  // VRRP children first: their parent would respawn them.
  std::vector<pid_t> first, rest;
  for (const auto& [key, pid] : s.pids) {
    (key.find("probe") != std::string::npos || key.find("keepalived-vrrp") != std::string::npos
       ? first
       : rest)
      .push_back(pid);
  }
  stop_processes(first, s.tag);
  stop_processes(rest, s.tag);
  // Anything else of ours still inside our namespaces (a notify script); others are left alone.
  for (const auto& ns : s.namespaces) {
    if (ns.rfind(prefix, 0) != 0)
      continue;
    auto pids = run_command({ "ip", "netns", "pids", ns });
    std::stringstream in(pids.output);
    pid_t pid = 0;
    while (in >> pid) {
      if (is_ours(pid, s.tag)) {
        kill(pid, SIGKILL);
        reap(pid);
      } else {
        progress.step(fmt::format("warning: pid {} in {} is not the lab's; left alone", pid, ns));
      }
    }
  }
  std::error_code ec;
  for (const auto& wg_if : s.wg_interfaces) {
    if (wg_if.rfind("dsl" + id, 0) == 0)
      fs::remove("/var/run/wireguard/" + wg_if + ".sock", ec);
  }
  progress.step(fmt::format("down {}: deleting {} namespaces", id, s.namespaces.size()));
  Status result;
  for (const auto& ns : s.namespaces) {
    if (ns.rfind(prefix, 0) != 0)
      continue;
    if (fs::exists("/run/netns/" + ns)) {
      auto deleted = run_command({ "ip", "netns", "del", ns });
      if (!deleted.ok() && result)
        result = tl::unexpected(fmt::format("cannot delete namespace {}: {}", ns, deleted.output));
    }
    fs::remove_all("/etc/netns/" + ns, ec);
  }
  if (result)
    fs::remove_all(s.run_dir, ec);
  if (result && list_labs().empty()) {
    if (auto st = machine_neighbour_tables().restore(); !st)
      result = tl::unexpected(st.error());
    remove_var_lib_mount_point();
  }
  return result;
}

} // namespace dualstack::lab
