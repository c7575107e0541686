// Rules about the gateways: BGP AS numbers, VRRP, HAProxy ports and the API endpoint.
#include <dualstack/plan/rules/context.hpp>

#include <cctype>
#include <set>

namespace dualstack::plan::rules {

namespace {

void check_as(const Context& ctx,
              std::string_view key,
              const Located<std::int64_t>& as,
              SourcePos fallback)
{
  const std::int64_t v = as.value;
  const SourcePos pos = as.present ? as.pos : fallback;
  if (v < 1 || v > 4294967294LL || v == 23456 || v == 65535) {
    ctx.findings.error("bgp-as",
                       pos,
                       fmt::format("`{}` {} is not a usable AS number", key, v),
                       "use a private AS: 64512-65534 or 4200000000-4294967294");
  }
}

void check_endpoint(const Context& ctx)
{
  const auto& e = ctx.config.control_plane_endpoint;
  if (!e.present)
    return;
  const std::string& v = e.value;
  if (v.empty()) {
    ctx.findings.error("api-endpoint",
                       e.pos,
                       "`control_plane_endpoint` is empty",
                       "remove it to use the primary VIP, or give a DNS name");
    return;
  }
  if (auto address = net::Address::parse(v)) {
    if (address->family() == net::Family::ipv6) {
      ctx.findings.error("api-endpoint",
                         e.pos,
                         fmt::format("`control_plane_endpoint` `{}` is a bare IPv6 literal", v),
                         fmt::format("bracket it: `[{}]`", v));
    }
    return;
  }
  if (v.front() == '[') {
    const auto close = v.find(']');
    if (close == std::string::npos || !net::Address::parse(v.substr(1, close - 1)) ||
        net::Address::parse(v.substr(1, close - 1))->family() != net::Family::ipv6) {
      ctx.findings.error(
        "api-endpoint",
        e.pos,
        fmt::format("`control_plane_endpoint` `{}` is not a bracketed IPv6 address", v),
        "write `[fd00::2]`");
    } else if (close + 1 != v.size()) {
      ctx.findings.error(
        "api-endpoint",
        e.pos,
        fmt::format("`control_plane_endpoint` `{}` carries a port", v),
        fmt::format("write `{}`; the port is `[kubernetes.apiserver] frontend_port`",
                    v.substr(0, close + 1)));
    }
    return;
  }
  if (v.find(':') != std::string::npos) {
    const auto colon = v.rfind(':');
    const bool looks_v6 = std::count(v.begin(), v.end(), ':') > 1;
    ctx.findings.error(
      "api-endpoint",
      e.pos,
      looks_v6 ? fmt::format("`control_plane_endpoint` `{}` is not a valid address; an IPv6 "
                             "literal must be bracketed",
                             v)
               : fmt::format("`control_plane_endpoint` `{}` carries a port", v),
      looks_v6 ? "write `[<address>]`"
               : fmt::format("write `{}`; the port is `[kubernetes.apiserver] frontend_port`",
                             v.substr(0, colon)));
    return;
  }
  if (!valid_dns_name(v)) {
    ctx.findings.error(
      "api-endpoint",
      e.pos,
      fmt::format("`control_plane_endpoint` `{}` is neither an address nor a DNS name", v),
      "use a DNS name such as `api.cluster.example.com` (letters, digits, `-` and `.`)");
  }
}

void check_ports(const Context& ctx)
{
  const auto& c = ctx.config;
  std::set<int> frontends;
  auto valid_port = [&](int port, SourcePos pos, std::string_view what) {
    if (port < 1 || port > 65535) {
      ctx.findings.error("lb-ports",
                         pos,
                         fmt::format("{} {} is not a TCP port", what, port),
                         "use a port between 1 and 65535");
      return false;
    }
    return true;
  };
  if (valid_port(
        c.apiserver_frontend_port.value, c.apiserver_frontend_port.pos, "`frontend_port`")) {
    frontends.insert(c.apiserver_frontend_port.value);
  }
  valid_port(c.apiserver_bind_port.value, c.apiserver_bind_port.pos, "`bind_port`");
  for (const auto& port : c.lb_ports) {
    if (!valid_port(port.external, port.pos, "lb_ports `external`"))
      continue;
    if (!frontends.insert(port.external).second) {
      ctx.findings.error("lb-ports",
                         port.pos,
                         fmt::format("HAProxy port {} is used twice on the VIPs", port.external),
                         "every `lb_ports` entry and `frontend_port` needs its own external port");
    }
    const int nodeport = port.nodeport.value_or(port.external);
    if (nodeport < 30000 || nodeport > 32767) {
      ctx.findings.error(
        "lb-ports",
        port.pos,
        fmt::format("NodePort {} lies outside Kubernetes' NodePort range 30000-32767", nodeport),
        "set `nodeport` to the service's NodePort");
    }
    if (port.layer != "tcp" && port.layer != "http") {
      ctx.findings.error("lb-ports",
                         port.pos,
                         fmt::format("lb_ports `layer` is `{}`", port.layer),
                         "use `tcp` or `http`");
    }
  }
}

} // namespace

void check_gateways(const Context& ctx)
{
  const auto& c = ctx.config;
  if (c.gateway_count.value < 1 || c.gateway_count.value > 64) {
    ctx.findings.error(
      "gateway-count",
      c.gateway_count.present ? c.gateway_count.pos : c.terraform_pos,
      fmt::format("`gateway_count` is {}; the VIPs, WireGuard and BGP need 1 to 64 gateways",
                  c.gateway_count.value),
      "use 3 (yaook's default) for failover, or 1 for a test cluster");
  }
  check_as(ctx, "bgp_node_as", c.node_as, c.network_pos);
  check_as(ctx, "bgp_gateway_as", c.gateway_as, c.load_balancing_pos);
  if (c.node_as.value == c.gateway_as.value) {
    ctx.findings.error(
      "bgp-as",
      c.gateway_as.present ? c.gateway_as.pos : c.node_as.pos,
      fmt::format("gateways and nodes share AS {}; the gateways must be an eBGP peer",
                  c.node_as.value),
      "use different AS numbers (yaook: nodes 64512, gateways 65000)");
  }
  const auto& priorities = c.vrrp_priorities;
  if (c.gateway_count.value >= 1 &&
      static_cast<int>(priorities.value.size()) < c.gateway_count.value) {
    ctx.findings.error("vrrp-priorities",
                       priorities.pos,
                       fmt::format("`vrrp_priorities` has {} entries for {} gateways",
                                   priorities.value.size(),
                                   c.gateway_count.value),
                       "give one priority per gateway, e.g. `[150, 100, 50]`");
  }
  std::set<int> seen;
  for (std::size_t i = 0;
       i < priorities.value.size() && static_cast<int>(i) < c.gateway_count.value;
       ++i) {
    const int p = priorities.value[i];
    if (p < 1 || p > 254) {
      ctx.findings.error("vrrp-priorities",
                         priorities.pos,
                         fmt::format("VRRP priority {} lies outside 1-254", p),
                         "255 is reserved for the address owner; use 1-254");
    } else if (!seen.insert(p).second) {
      ctx.findings.error(
        "vrrp-priorities",
        priorities.pos,
        fmt::format("VRRP priority {} is given twice", p),
        "give every gateway its own priority so the master is always the same one");
    }
  }
  if (c.vrrp_router_id.value < 1 || c.vrrp_router_id.value > 255) {
    ctx.findings.error("vrrp-settings",
                       c.vrrp_router_id.pos,
                       fmt::format("`vrrp_router_id` is {}", c.vrrp_router_id.value),
                       "use a virtual router id between 1 and 255, unique on the cluster network");
  }
  if (c.vrrp_advert_int.value < 0.01 || c.vrrp_advert_int.value > 40) {
    ctx.findings.error("vrrp-settings",
                       c.vrrp_advert_int.pos,
                       fmt::format("`vrrp_advert_int` is {}", c.vrrp_advert_int.value),
                       "use 0.2 seconds (the default) or any value between 0.01 and 40");
  }
  if (c.vrrp_preempt_delay.value < 0 || c.vrrp_preempt_delay.value > 1000) {
    ctx.findings.error(
      "vrrp-settings",
      c.vrrp_preempt_delay.pos,
      fmt::format("`vrrp_preempt_delay` is {}", c.vrrp_preempt_delay.value),
      "use 0-1000 seconds; the default 5 lets BGP come up before a returning gateway takes over");
  }
  check_endpoint(ctx);
  check_ports(ctx);
}

} // namespace dualstack::plan::rules
