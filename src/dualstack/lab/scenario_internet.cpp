// Scenario 10, IPv6 to the internet: a pod and the internet's IPv6 host (topology.hpp,
// LabInternet) ping and open TLS to each other, and the outcome is the one the Plan's ipv6_egress
// promises: routed, the far side sees the pod's own address; nat66, it sees the node's; none, a
// ULA pod reaches nothing outside. Each side records the source address it saw.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/files.hpp>
#include <dualstack/lab/internet.hpp>
#include <dualstack/lab/listener.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/port_security.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/state.hpp>
#include <dualstack/lab/tls_request.hpp>
#include <dualstack/net/host_port.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::lab {

namespace {

constexpr int https_port = 443;
constexpr const char* seen_table = "dualstack_seen";

bool ping(const std::string& ns, const Address& target)
{
  return run_command(
           in_netns(ns,
                    { "ping", "-6", "-n", "-c", "3", "-i", "0.2", "-W", "1", target.to_string() }),
           std::chrono::seconds(10))
    .ok();
}

// Records the source of every echo request `ns` receives, so the scenario can say which address
// the far side saw.
Status record_ping_sources(const LabContext& lab, const std::string& ns)
{
  const std::string path = lab.ns_dir(ns) + "/ping-sources.nft";
  LAB_TRY(write_file(
    path,
    fmt::format("table ip6 {0}\ndelete table ip6 {0}\ntable ip6 {0} {{\n"
                "  set sources {{\n    type ipv6_addr;\n    flags dynamic;\n    size 64;\n  }}\n"
                "  chain input {{\n    type filter hook input priority filter; policy accept;\n"
                "    icmpv6 type echo-request add @sources {{ ip6 saddr }}\n  }}\n}}\n",
                seen_table),
    0644));
  return must_run_in(ns, { "nft", "-f", path });
}

std::string ping_sources(const std::string& ns)
{
  auto r = run_command(in_netns(ns, { "nft", "-j", "list", "set", "ip6", seen_table, "sources" }),
                       std::chrono::seconds(5));
  std::string out;
  for (const auto& a : nft_set_addresses(r.output))
    out += (out.empty() ? "" : ", ") + a;
  return out;
}

std::string url_of(const Address& address)
{
  return fmt::format("https://{}/", net::host_port(address, https_port));
}

std::string or_nothing(const std::string& text)
{
  return text.empty() ? "nothing" : text;
}

// Returns the router's ULA filter drops, one line each.
std::string router_drops(const LabContext& lab)
{
  auto r = run_command(
    in_netns(lab.topology.router_ns, { "nft", "-j", "list", "table", "ip6", internet_table }),
    std::chrono::seconds(5));
  std::string out;
  for (const auto& d : counted_drops(r.output))
    out += fmt::format("  router dropped: {} ({} packets)\n", d.what, d.packets);
  return out;
}

} // namespace

ScenarioResult scenario_internet(LabContext& lab)
{
  ScenarioResult result;
  result.title = "IPv6 to the internet";
  result.asserts =
    "the Plan's ipv6_egress holds against the internet's IPv6 host: routed, a pod pings it and "
    "opens TLS with its own address, and the host pings the pod's global address and opens TLS "
    "to it when the Plan opens 443 (pod_ingress_v6_tcp_ports), else TLS stops at the nodes' "
    "security group, which lets in only replies; nat66, the far side "
    "sees the node's address and nothing outside reaches the pod; none, a ULA pod reaches "
    "nothing outside";
  lab.say("scenario 10: IPv6 to the internet");
  for (std::size_t f = 0; f < lab.plan.families().size(); ++f) {
    const Family family = lab.plan.families()[f];
    FamilyResult& r = result.family(family);
    if (family == Family::ipv4) {
      r.skip("IPv6 only: IPv4 leaves through Neutron's SNAT and floating IPs, which every other "
             "scenario uses");
      continue;
    }
    if (!lab.topology.internet || lab.topology.nodes.empty()) {
      r.skip("the lab has no IPv6 internet host");
      continue;
    }
    const LabInternet& inet = *lab.topology.internet;
    const LabNode& node = lab.topology.nodes.front();
    const Address pod = node.pod.addresses.at(f);
    const Address node_address = *lab.plan.host(node.name)->address(family);
    const plan::Ipv6Egress egress = lab.plan.ipv6_egress;
    r.figures["ipv6_egress"] = std::string(plan::to_string(egress));
    r.figures["pod"] = pod.to_string();
    r.figures["internet_host"] = inet.host.to_string();

    std::vector<pid_t> listeners;
    const auto listen = [&](const std::string& ns, const Address& address, const std::string& key) {
      auto pid =
        start_listener(lab, ns, address, https_port, lab.ns_dir(ns) + "/internet-listener.log");
      if (pid) {
        lab.record_pid(key, *pid);
        listeners.push_back(*pid);
      }
      return r.check(
        fmt::format("a TLS listener on {}{}", url_of(address), pid ? "" : ": " + pid.error()),
        pid.has_value());
    };
    if (!listen(inet.ns, inet.host, "inet/listener") ||
        !listen(node.pod.ns, pod, "internet-pod/listener")) {
      stop_processes(listeners, lab.state.tag);
      continue;
    }
    for (const auto& ns : { inet.ns, node.pod.ns }) {
      if (auto st = record_ping_sources(lab, ns); !st)
        r.check("record the sources of echo requests: " + st.error(), false);
    }

    // Out: the pod to the internet host.
    const bool ping_out = ping(node.pod.ns, inet.host);
    const TlsAnswer out = tls_request(node.pod.ns, { url_of(inet.host), family, "" });
    const std::string seen_outside = ping_sources(inet.ns);
    // In: the internet host to the pod.
    const bool ping_in = ping(inet.ns, pod);
    const TlsAnswer in = tls_request(inet.ns, { url_of(pod), family, "" });
    const std::string seen_by_pod = ping_sources(node.pod.ns);
    r.figures["seen_by_internet_tls"] = out.peer;
    r.figures["seen_by_internet_ping"] = seen_outside;
    r.figures["seen_by_pod_ping"] = seen_by_pod;
    r.figures["seen_by_pod_tls"] = in.peer;
    if (out.answered)
      r.figures["tls_out_s"] = out.tls_s;
    if (in.answered)
      r.figures["tls_in_s"] = in.tls_s;

    const std::string out_error = out.answered ? "" : " (" + out.error + ")";
    switch (egress) {
      case plan::Ipv6Egress::routed:
      case plan::Ipv6Egress::nat66: {
        const bool routed = egress == plan::Ipv6Egress::routed;
        const Address expected = routed ? pod : node_address;
        const std::string whose = routed ? "the pod's own" : "its node's";
        r.check(fmt::format(
                  "the pod {} pings the internet host {}", pod.to_string(), inet.host.to_string()),
                ping_out);
        r.check(fmt::format("the pod opens TLS to {}{}", url_of(inet.host), out_error),
                out.answered);
        r.check(fmt::format("the internet host saw {} address {} (TLS from {}, pings from {})",
                            whose,
                            expected.to_string(),
                            or_nothing(out.peer),
                            or_nothing(seen_outside)),
                out.peer == expected.to_string() && seen_outside == expected.to_string());
        if (routed) {
          r.check(
            fmt::format(
              "the internet host pings the pod's global address {} (ICMPv6 from anywhere: the "
              "common security group)",
              pod.to_string()),
            ping_in);
          r.check(fmt::format("the pod saw the internet host's address {} (pings from {})",
                              inet.host.to_string(),
                              or_nothing(seen_by_pod)),
                  seen_by_pod == inet.host.to_string());
          const auto& opened = lab.plan.pod_ingress_v6_tcp_ports;
          r.figures["pod_ingress_v6_tcp_ports"] = opened;
          if (std::find(opened.begin(), opened.end(), https_port) != opened.end()) {
            // The Plan opens 443 (pod_ingress_v6_tcp_ports): the nodes' group admits it from
            // anywhere.
            r.check(fmt::format(
                      "the internet host opens TLS to the pod {} (the nodes' security group opens "
                      "tcp {} from ::/0){}",
                      url_of(pod),
                      https_port,
                      in.answered ? "" : " (" + in.error + ")"),
                    in.answered);
            r.check(
              fmt::format("the pod's listener saw the internet host's address {} (TLS from {})",
                          inet.host.to_string(),
                          or_nothing(in.peer)),
              in.peer == inet.host.to_string());
          } else {
            // The nodes' security group admits only replies from outside the cluster (README, "IPv6
            // that reaches the internet"): Neutron drops the internet host's TLS at the node's
            // port.
            const std::string drops = neutron_drops(lab, family);
            const bool at_node = drops.find(node.name) != std::string::npos &&
                                 drops.find("new ingress") != std::string::npos;
            r.check(fmt::format(
                      "TLS from the internet host to {} stops at {}'s port: its security groups "
                      "let in only replies (got {})",
                      url_of(pod),
                      node.name,
                      in.answered ? "an answer"
                      : at_node   ? "Neutron's drop"
                                  : "no drop at that port"),
                    !in.answered && at_node);
          }
        } else {
          r.check(fmt::format("the internet host cannot reach the pod's ULA address {} (ping)",
                              pod.to_string()),
                  !ping_in);
          r.check(fmt::format("the internet host cannot open TLS to {}", url_of(pod)),
                  !in.answered);
        }
        break;
      }
      case plan::Ipv6Egress::none: {
        const std::string finding = fmt::format(
          "warning[ipv6-egress]: the ULA pod {} reaches no IPv6 address outside the cluster (the "
          "router "
          "drops ULA at its external side; Neutron does no NAT66); fix: a global pod_subnet_v6 "
          "your "
          "cloud routes to this router, or nat_outgoing_v6 = true with a global subnet_v6_cidr",
          pod.to_string());
        r.figures["finding"] = finding;
        r.check(fmt::format("as ipv6_egress none says (rule ipv6-egress): the pod {} cannot ping "
                            "the internet host {}",
                            pod.to_string(),
                            inet.host.to_string()),
                !ping_out);
        r.check(fmt::format("nor open TLS to {}", url_of(inet.host)), !out.answered);
        const std::string drops = router_drops(lab);
        r.check(fmt::format("the router dropped the pod's ULA source at its external side{}",
                            drops.empty() ? " (it dropped nothing)" : ""),
                drops.find("a ULA source leaving") != std::string::npos);
        break;
      }
    }
    stop_processes(listeners, lab.state.tag);
    for (const char* key : { "inet/listener", "internet-pod/listener" })
      lab.state.pids.erase(key);
    (void)save_state(lab.state);
    for (const auto& ns : { inet.ns, node.pod.ns })
      run_command(in_netns(ns, { "nft", "delete", "table", "ip6", seen_table }),
                  std::chrono::seconds(5));
    if (!r.passed())
      r.evidence = router_drops(lab) + evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
