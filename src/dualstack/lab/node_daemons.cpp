// The k8s nodes' daemons in the lab: calico/node BGP stand-ins and API listeners.
#include <dualstack/lab/node_daemons.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/files.hpp>
#include <dualstack/lab/listener.hpp>
#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>

#include <csignal>

namespace dualstack::lab {

Status start_api_listener(LabContext& lab, const LabNode& n)
{
  const std::string dir = lab.ns_dir(n.ns);
  LAB_TRY(ensure_listener_cert(lab));
  // One listener per family on the master's own address (the kube-apiserver's bind_port).
  for (const auto& [family, address] : lab.plan.host(n.name)->addresses) {
    const std::string fam = std::string(net::to_string(address.family()));
    auto pid = start_listener(
      lab, n.ns, address, lab.plan.api.bind_port, dir + "/apiserver-" + fam + ".log");
    if (!pid)
      return tl::unexpected(pid.error());
    lab.record_pid(fmt::format("n{}/apiserver-{}", n.port.substr(1), fam), *pid);
  }
  return {};
}

Status start_node_bgp(LabContext& lab, const LabNode& n, bool restart)
{
  const std::string dir = lab.ns_dir(n.ns);
  const std::string conf = dir + "/bird.conf";
  auto config = node_bird_config(lab.render_dir(), lab.plan, lab.topology, n);
  if (!config)
    return tl::unexpected(config.error());
  LAB_TRY(write_file(conf, *config, 0644));
  LAB_TRY(must_run({ "bird", "-p", "-c", conf }));
  std::vector<std::string> argv{ "bird", "-f", "-c", conf, "-s", bird_socket(lab, n.ns) };
  if (restart)
    argv.insert(argv.begin() + 1, "-R");
  const pid_t pid = spawn_process(in_netns(n.ns, argv), dir + "/bird.log");
  lab.record_pid(n.port + "/bird", pid);
  return {};
}

double stop_node_bgp(LabContext& lab, const LabNode& n)
{
  const pid_t pid = lab.state.pids[n.port + "/bird"];
  const double t = now_s();
  if (is_ours(pid, lab.state.tag)) {
    kill(pid, SIGKILL);
    reap(pid);
  }
  return t;
}

// The nodes' BGP comes up after the gateways, as calico/node does after the playbook installed
// them. Started first, every node's first connect waited in the neighbour queue for the VIP's
// gratuitous ARP, so all of them reached the first master at once with a 3 s RTT sample (TCP
// retransmit timeouts of 9-35 s), and BIRD's listen backlog of 8 (sysdep/unix/io.c) overflowed:
// at 64 nodes a few handshakes were lost and took 60-80 s to recover.
Status start_node_bgps(LabContext& lab)
{
  lab.say("daemons: calico/node BGP stand-ins on the nodes");
  for (const auto& n : lab.topology.nodes) {
    LAB_TRY(start_node_bgp(lab, n));
  }
  return {};
}

} // namespace dualstack::lab
