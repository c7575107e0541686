// Rules about the cluster network's links: the interface names the VM images give the NIC, and
// the MTUs (the network's, Calico's and WireGuard's, plan/mtu.hpp).
#include <dualstack/plan/mtu.hpp>
#include <dualstack/plan/rules/context.hpp>

#include <algorithm>
#include <cctype>

namespace dualstack::plan::rules {

namespace {

// Linux takes up to 15 bytes (IFNAMSIZ less the NUL); the rendered files also name it in sysctl
// keys and keepalived's config, so only the characters cloud images use are accepted.
bool valid_interface(std::string_view name)
{
  if (name.empty() || name.size() > 15 || name == "." || name == "..")
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

void check_interface(const Context& ctx, std::string_view key, const Located<std::string>& name)
{
  if (valid_interface(name.value))
    return;
  ctx.findings.error(
    "interface-name",
    name.present ? name.pos : ctx.config.terraform_pos,
    fmt::format("`{}` `{}` is not a Linux interface name", key, name.value),
    "give the name the image gives the NIC on the cluster subnet (1-15 letters, digits, "
    "`-`, `_`, `.`; `ip -o link` on a VM shows it), e.g. `eth0` or `ens3`");
}

std::string_view encapsulation_name(const config::Config& c,
                                    const std::vector<net::Family>& families)
{
  const int overhead = calico_overhead(c, families);
  if (overhead == 70)
    return "VXLAN over IPv6 (70 bytes)";
  if (overhead == 50)
    return "VXLAN over IPv4 (50 bytes)";
  return "IPIP (20 bytes)";
}

} // namespace

void check_links(const Context& ctx)
{
  const auto& c = ctx.config;
  check_interface(ctx, "gateway_interface", c.gateway_interface);
  check_interface(ctx, "node_interface", c.node_interface);

  const bool v6 = ctx.has(net::Family::ipv6);
  const int min = v6 ? ipv6_min_mtu : 576;
  const SourcePos network_pos = c.network_mtu.present ? c.network_mtu.pos : c.terraform_pos;
  if (c.network_mtu.value < min || c.network_mtu.value > 9000) {
    ctx.findings.error(
      "network-mtu",
      network_pos,
      fmt::format("`network_mtu` is {}; it must lie between {} and 9000", c.network_mtu.value, min),
      "OpenStack tenant networks have 1450 (VXLAN) or 1442 (Geneve); yaook's default is 1450");
    return;
  }
  if (c.wireguard_enabled.value && v6 && wireguard_mtu(c) < ipv6_min_mtu) {
    ctx.findings.error(
      "network-mtu",
      network_pos,
      fmt::format("`network_mtu` is {}: WireGuard's MTU would be {} ({} bytes less), below the {} "
                  "IPv6 needs inside the tunnel",
                  c.network_mtu.value,
                  wireguard_mtu(c),
                  wireguard_overhead,
                  ipv6_min_mtu),
      fmt::format("use a network MTU of at least {}", ipv6_min_mtu + wireguard_overhead));
  }

  const int calico = calico_mtu(c, ctx.families);
  const int overhead = calico_overhead(c, ctx.families);
  if (c.mtu.present && (calico < min || calico > 9000)) {
    ctx.findings.error(
      "mtu",
      c.mtu.pos,
      fmt::format("`mtu` is {}; it must lie between {} and 9000", calico, min),
      v6 ? "IPv6 needs at least 1280; leave `mtu` out to derive it from `network_mtu`"
         : "leave `mtu` out to derive it from `network_mtu`");
  } else if (calico + overhead > c.network_mtu.value) {
    const std::string with =
      overhead ? fmt::format(" with {}", encapsulation_name(c, ctx.families)) : "";
    ctx.findings.error(
      "mtu",
      c.mtu.present ? c.mtu.pos : network_pos,
      fmt::format(
        "Calico's MTU {}{} needs {} bytes on a network of `network_mtu` {}: pods' full-size "
        "packets would be dropped",
        calico,
        with,
        calico + overhead,
        c.network_mtu.value),
      fmt::format("leave `mtu` out to derive it ({}), or raise `network_mtu`",
                  c.network_mtu.value - overhead));
  } else if (calico < min) {
    ctx.findings.error(
      "mtu",
      network_pos,
      fmt::format("Calico's MTU would be {} (`network_mtu` {} less {}), below {}",
                  calico,
                  c.network_mtu.value,
                  encapsulation_name(c, ctx.families),
                  min),
      fmt::format("use a network MTU of at least {}, or no encapsulation", min + overhead));
  }
}

} // namespace dualstack::plan::rules
