// The calico/node BGP stand-in's BIRD config.
#include <dualstack/lab/node_bird.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

namespace {

const plan::Host& host_of(const plan::Plan& plan, const LabNode& node)
{
  return *plan.host(node.name);
}

} // namespace

std::string node_session_name(net::Family family)
{
  return fmt::format("gateway_vip_{}", net::to_string(family));
}

std::string node_bird_config(const plan::Plan& plan,
                             const LabNode& node,
                             const std::vector<net::Address>& loadbalancer_ips)
{
  const plan::Host& host = host_of(plan, node);
  std::string out;
  out += fmt::format(
    "# calico/node BGP stand-in on k8s node {} (dualstack lab): what calico/node's BIRD does\n"
    "# with the rendered BGPPeers gateway-vip-*: peer with the VIP per family, announce the\n"
    "# node's block, learn the WireGuard ranges.\n",
    node.name);
  out += fmt::format("router id {};\n", host.router_id.to_string());
  out += "timeformat protocol iso long;\n\n";
  out += "protocol device {\n}\n";
  for (std::size_t f = 0; f < plan.families.size(); ++f) {
    const net::Family family = plan.families[f];
    const std::string fam = std::string(net::to_string(family));
    std::vector<std::string> wg_ranges;
    for (const auto& endpoint : plan.wireguard_endpoints) {
      if (auto range = endpoint.range(family))
        wg_ranges.push_back(range->to_string());
    }
    std::string ranges;
    for (std::size_t i = 0; i < wg_ranges.size(); ++i)
      ranges += (i ? ", " : "") + wg_ranges[i];
    out += fmt::format(
      "\n# Calico's blackhole route for the node's block (the pods have /32 and /128 routes)\n");
    out += fmt::format("protocol static calico_block_{} {{\n  {};\n  route {} blackhole;\n}}\n",
                       fam,
                       fam,
                       node.blocks[f].to_string());
    std::string lb_routes;
    for (const auto& ip : loadbalancer_ips) {
      if (ip.family() == family)
        lb_routes += fmt::format("  route {}/{} blackhole;\n", ip.to_string(), ip.bit_width());
    }
    const bool announces_lb = !lb_routes.empty();
    if (announces_lb) {
      out +=
        "\n# The lab's LoadBalancer Service has its endpoint here: calico/node advertises its\n"
        "# address (serviceLoadBalancerIPs); kube-proxy DNATs it to the pod.\n";
      out += fmt::format("protocol static calico_lb_{} {{\n  {};\n{}}}\n", fam, fam, lb_routes);
    }
    // As calico/node's bird.cfg template: `persist` keeps the routes in the kernel while BIRD
    // is down (a calico/node restart), `graceful restart` holds them until BGP converged again.
    out += fmt::format("\nprotocol kernel kernel_{} {{\n  persist;\n  graceful restart;\n  {} {{\n"
                       "    import none;\n    export where source = RTS_BGP;\n  }};\n}}\n",
                       fam,
                       fam);
    for (const auto& session : plan.bgp_sessions) {
      if (session.node != node.name || session.family != family)
        continue;
      out += fmt::format("\n# BGPPeer gateway-vip-{}: peerIP {}, asNumber {}\n",
                         fam,
                         session.vip.to_string(),
                         session.gateway_as);
      out += fmt::format("protocol bgp {} {{\n", node_session_name(family));
      out += fmt::format("  local {} as {};\n", session.node_address.to_string(), session.node_as);
      out += fmt::format("  neighbor {} as {};\n", session.vip.to_string(), session.gateway_as);
      out += "  direct;\n";
      // calico/node's bird.cfg template hard-codes these in its bgp_template (BGPPeer cannot set
      // them): a node waits 5 s after its session with the VIP was reset before it dials again.
      out += "  connect delay time 1;\n";
      out += "  connect retry time 3;\n";
      out += "  error wait time 5, 60;\n";
      // The template sets no hold or keepalive time, and neither does the stand-in: BIRD's hold
      // time (240 s) is negotiated down to the gateways' value, and a node's keepalives then go
      // every third of that (BIRD: `keepalive_time ? : hold_time / 3` on the negotiated value).
      out += "  graceful restart on;\n";
      out += fmt::format("  {} {{\n", fam);
      out += ranges.empty() ? "    import none;\n"
                            : fmt::format("    import where net ~ [ {} ];\n", ranges);
      out += announces_lb ? fmt::format("    export where proto = \"calico_block_{0}\" || proto = "
                                        "\"calico_lb_{0}\";\n",
                                        fam)
                          : fmt::format("    export where proto = \"calico_block_{}\";\n", fam);
      out += "  };\n}\n";
    }
  }
  return out;
}

} // namespace dualstack::lab
