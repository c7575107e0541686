// The calico/node BGP stand-in's BIRD 2 text, laid out as calico's confd templates lay out theirs.
#include <dualstack/lab/node_bird.hpp>

#include <dualstack/lab/loadbalancer.hpp>
#include <dualstack/render/calico/values.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

namespace {

// confd's template.BirdIntMaxValue: local preference and kernel metric mirror each other in it.
constexpr long long bird_int_max = 2147483647;
// confd's birdOverridePreference: a route of higher than normal priority beats a local one.
constexpr int override_preference = 200;

std::string rule_text(const FilterRule& r)
{
  const std::string net = r.net.to_string();
  std::string cond;
  switch (r.match) {
    case FilterRule::Match::equal:
      cond = fmt::format("net = {}", net);
      break;
    case FilterRule::Match::within:
      cond = fmt::format("net ~ {}", net);
      break;
    case FilterRule::Match::elevated:
      cond = fmt::format("net ~ {} && krt_metric < {}", net, r.below);
      break;
  }
  return fmt::format("  if ( {} ) then {{ {}; }}{}\n",
                     cond,
                     r.accept ? "accept" : "reject",
                     r.why.empty() ? "" : " # " + r.why);
}

std::string rules_text(const std::vector<FilterRule>& rules, const std::string& comment = "")
{
  if (rules.empty())
    return "";
  std::string out = comment.empty() ? "" : "  # " + comment + "\n";
  for (const auto& r : rules)
    out += rule_text(r);
  return out;
}

// bird_aggr.cfg and bird_ipam.cfg of one family: the node's static routes, calico_aggr,
// calico_export_to_bgp_peers, calico_kernel_programming and the kernel protocol.
std::string family_routing(const NodeBgp& bgp, const NodeBgpFamily& f)
{
  const std::string s = net::family_string(f.family);
  std::string out = fmt::format("\n# ---- {} (calico/node's {}) ----\n",
                                net::display_name(f.family),
                                f.family == Family::ipv4 ? "bird.cfg" : "bird6.cfg");
  for (const auto& note : f.notes)
    out += "# not announced: " + note + "\n";
  if (!f.static_routes.empty()) {
    out += fmt::format("\nprotocol static static_{} {{\n  {};\n", s, s);
    for (const auto& r : f.static_routes)
      out +=
        r.via
          ? fmt::format("  route {} via {}; # {}\n", r.net.to_string(), r.via->to_string(), r.why)
          : fmt::format("  route {} blackhole; # {}\n", r.net.to_string(), r.why);
    out += "}\n";
  }
  out +=
    fmt::format("\n# Aggregation of routes on this host; export the block, nothing beneath it.\n"
                "function calico_aggr_{}() {{\n{}}}\n",
                s,
                rules_text(f.aggregation));
  std::string tunnels;
  for (const auto& pattern : bgp.felix_tunnel_interfaces)
    tunnels += fmt::format("{}(ifname ~ \"{}\")", tunnels.empty() ? "" : " || ", pattern);
  out += fmt::format("\nfunction calico_export_to_bgp_peers_{}(bool internal_peer) {{\n", s);
  out += rules_text(f.disabled_pools);
  out += fmt::format("  if (internal_peer) then {{\n    if (defined(ifname)) then {{\n"
                     "      if ({}) then {{ reject; }}\n    }}\n  }}\n",
                     tunnels);
  out += fmt::format("  reject_local_routes();\n  apply_communities();\n  calico_aggr_{}();\n", s);
  out += rules_text(f.static_exports, "Export static routes.");
  out += rules_text(f.reflector_exports,
                    "Configured as a RR - accept any routes within configured service IP ranges");
  out += rules_text(f.enabled_pools);
  out += "}\n";
  const int prio = f.normal_route_priority;
  out += fmt::format("\nfilter calico_kernel_programming_{} {{\n", s);
  // BIRD 1.6 (calico's fork) never hands device routes to the kernel (its `device routes` switch
  // is off); BIRD 2 has no such switch and would add the direct protocol's routes again.
  out += "  if (source = RTS_DEVICE) then reject; # dualstack lab: what BIRD 1.6 does itself\n";
  out += rules_text(f.kernel_rejects, "Don't program static routes into kernel.");
  out +=
    fmt::format("  if (defined(source) && (source = RTS_BGP) && !defined(krt_metric)) then {{\n"
                "      krt_metric = {0};\n"
                "      if (defined(bgp_local_pref)) then {{\n"
                "          krt_metric = {1} - bgp_local_pref;\n"
                "      }}\n"
                "      if (krt_metric < {0}) then {{\n"
                "          preference = {2};\n"
                "      }}\n"
                "  }}\n",
                prio,
                bird_int_max,
                override_preference);
  out += rules_text(f.kernel_pools);
  out += "  accept;\n}\n";
  out += fmt::format(
    "\n# Configure synchronization between routing tables and kernel.\n"
    "protocol kernel kernel_{0} from kernel_template {{\n"
    "  {0} {{\n"
    "    import all;\n"
    "    export filter calico_kernel_programming_{0};\n"
    "  }};\n"
    "  graceful restart; # keeps the kernel's routes while BGP reconverges after a restart\n"
    "  merge paths on;   # Allow export multipath routes (ECMP)\n"
    "}}\n",
    s);
  return out;
}

std::string peer_text(const BirdPeer& p, const NodeBgpFamily& f)
{
  const std::string s = net::family_string(f.family);
  std::string out = fmt::format("\n# {}\nprotocol bgp {} from bgp_template {{\n", p.origin, p.name);
  if (p.local_as)
    out += fmt::format("  local as {};\n", *p.local_as);
  out += fmt::format("  neighbor {}{} as {};\n",
                     p.ip.to_string(),
                     p.port ? fmt::format(" port {}", p.port) : "",
                     p.as);
  if (p.source_address)
    out += fmt::format("  source address {};  # The local address we use for the TCP connection\n",
                       p.source_address->to_string());
  if (p.ttl_security > 0)
    out += fmt::format("  ttl security on;\n  multihop {};\n", p.ttl_security);
  else
    out += "  ttl security off;\n  multihop;\n";
  if (p.passive)
    out += "  passive on;\n";
  if (p.restart_time_s)
    out += fmt::format("  graceful restart time {};\n", *p.restart_time_s);
  if (p.keepalive_time_s)
    out += fmt::format("  keepalive time {};\n", *p.keepalive_time_s);
  if (!p.rr_cluster_id.empty())
    out += fmt::format("  rr client;\n  rr cluster id {};\n", p.rr_cluster_id);
  if (p.allow_local_as)
    out += fmt::format("  allow local as {};\n", p.allow_local_as);
  // The channel: bgp_template's `gateway recursive` and `add paths on` (channel options in
  // BIRD 2), confd's import and export filters and the next hop mode.
  out += fmt::format("  {} {{\n    gateway recursive;\n    add paths on;\n", s);
  out += fmt::format("    import filter {{\n"
                     "      if (defined(bgp_local_pref)&&(bgp_local_pref > {})) then\n"
                     "        preference = {};\n"
                     "      accept;\n"
                     "    }};\n",
                     bird_int_max - f.normal_route_priority,
                     override_preference);
  out += fmt::format(
    "    export filter {{\n"
    "      if (defined(source) && source = RTS_BGP && defined(bgp_local_pref)) then {{\n"
    "        krt_metric = {0} - bgp_local_pref;\n"
    "      }} else {{\n"
    "        if (!defined(krt_metric)) then {{ krt_metric = {1}; }}\n"
    "        bgp_local_pref = {0} - krt_metric;\n"
    "      }}\n"
    "      calico_export_to_bgp_peers_{2}({3});\n"
    "      reject;\n"
    "    }};\n",
    bird_int_max,
    f.normal_route_priority,
    s,
    p.internal ? "true" : "false");
  if (p.next_hop_keep)
    out += "    next hop keep;\n";
  if (p.next_hop_self)
    out += "    next hop self;\n";
  out += "  };\n}\n";
  return out;
}

} // namespace

std::vector<CalicoNode> lab_calico_nodes(const plan::Plan& plan, const Topology& topology)
{
  std::vector<CalicoNode> out;
  for (const auto& n : topology.nodes) {
    const plan::Host& host = *plan.host(n.name);
    CalicoNode c;
    c.name = n.name;
    c.addresses = host.addresses.values();
    c.router_id = host.router_id;
    c.labels = { { "kubernetes.io/hostname", n.name }, { "kubernetes.io/os", "linux" } };
    if (n.master)
      c.labels["node-role.kubernetes.io/control-plane"] = "";
    for (const auto& rr : plan.route_reflectors) {
      if (rr == n.name) {
        c.labels[render::calico::route_reflector_label] = "true";
        c.rr_cluster_id = plan.route_reflector_cluster_id.to_string();
      }
    }
    c.blocks = n.blocks;
    c.loadbalancer_ips = announced_loadbalancer_ips(plan, topology, n.name);
    out.push_back(std::move(c));
  }
  return out;
}

std::string node_bird_text(const NodeBgp& bgp)
{
  std::string out = fmt::format(
    "# calico/node BGP stand-in on k8s node {} (dualstack lab): calico/node's confd templates\n"
    "# bird.cfg and bird6.cfg (with bird_aggr.cfg, bird_ipam.cfg; projectcalico/calico 87c1590)\n"
    "# in one BIRD 2, filled from the rendered Calico objects.\n",
    bgp.node);
  out += fmt::format("router id {};\n", bgp.router_id.to_string());
  out += "timeformat protocol iso long; # dualstack lab: observe reads `birdc show protocols`\n";
  const bool debug = bgp.log_level == "debug";
  const bool quiet = bgp.log_level == "none";
  const std::string debug_line = quiet ? "" : debug ? "  debug all;\n" : "  debug { states };\n";
  out += "\nfunction reject_local_routes() {\n"
         "  # Don't export local routes learned via BPF as they should never leave the node.\n"
         "  if (defined(ifname)) then {\n"
         "    if (ifname ~ \"bpf*.cali\") then {\n"
         "      reject;\n"
         "    }\n"
         "  }\n"
         "}\n";
  out += "\n# BGPConfiguration has no communities.\nfunction apply_communities() {\n}\n";
  out += "\ntemplate kernel kernel_template {\n"
         "  learn;             # Learn all alien routes from the kernel\n"
         "  persist;           # Don't remove routes on bird shutdown\n"
         "  scan time 2;       # Scan kernel routing table every 2 seconds\n"
         "}\n";
  out += fmt::format("\n# Watch interface up/down events.\nprotocol device {{\n{}"
                     "  scan time 2;    # Scan interfaces every 2 seconds\n}}\n",
                     debug_line);
  std::string channels;
  for (const auto& f : bgp.families)
    channels += fmt::format("  {};\n", net::family_string(f.family));
  out += fmt::format(
    "\nprotocol direct {{\n{}{}  interface {};\n}}\n", debug_line, channels, bgp.direct_interfaces);
  std::uint32_t as = bgp.families.empty() ? 0 : bgp.families.front().as;
  out += "\n# Template for all BGP clients\ntemplate bgp bgp_template {\n";
  // calico/node's default (logSeverityScreen Info) is `debug { states, routes, filters, events }`
  // per peer. The lab logs states only: 64 stand-ins logging every reflected route on 2 shared
  // cores stalled the kernel (iowait) and a 64-node lab never came up. Logging changes no route.
  if (!quiet)
    out += debug ? "  debug all;\n"
                 : "  debug { states };          # calico: { states, routes, filters, events }\n";
  out +=
    fmt::format("  description \"Connection to BGP peer\";\n"
                "  local as {};\n"
                "  graceful restart;  # See comment in kernel section about graceful restart.\n"
                "  connect delay time 2;\n"
                "  connect retry time 5;\n"
                "  error wait time 5,30;\n"
                "}}\n",
                as);
  for (const auto& f : bgp.families) {
    out += family_routing(bgp, f);
    if (f.peers.empty())
      out += "# No BGP peers configured for this node\n";
    for (const auto& p : f.peers)
      out += peer_text(p, f);
  }
  return out;
}

tl::expected<std::string, std::string> node_bird_config(const CalicoObjects& objects,
                                                        const plan::Plan& plan,
                                                        const Topology& topology,
                                                        const LabNode& node)
{
  const std::vector<CalicoNode> cluster = lab_calico_nodes(plan, topology);
  std::size_t self = 0;
  while (self < cluster.size() && cluster[self].name != node.name)
    ++self;
  if (self == cluster.size())
    return tl::unexpected(fmt::format("{} is not a k8s node of the lab", node.name));
  auto bgp = node_bgp(objects, cluster, self);
  if (!bgp)
    return tl::unexpected(fmt::format("node stand-in of {}: {}", node.name, bgp.error()));
  return node_bird_text(*bgp);
}

tl::expected<std::string, std::string> node_bird_config(const std::string& render_dir,
                                                        const plan::Plan& plan,
                                                        const Topology& topology,
                                                        const LabNode& node)
{
  auto objects = read_calico_objects(render_dir);
  if (!objects)
    return tl::unexpected(objects.error());
  return node_bird_config(*objects, plan, topology, node);
}

std::string node_session_name(const plan::Plan& plan, net::Family family)
{
  return bird_peer_name("Node", plan.network(family).vip);
}

} // namespace dualstack::lab
