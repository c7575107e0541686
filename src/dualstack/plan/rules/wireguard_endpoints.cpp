// wireguard-endpoint: the host:port values WireGuard dials (`public_endpoint` of an endpoint,
// `endpoint` of a peer). WireGuard's own syntax: an IPv4 address or DNS name, or a bracketed IPv6
// address, then `:port`. A literal inside a range the tunnel carries (AllowedIPs) would route the
// tunnel's own packets into itself, so it is refused.
#include <dualstack/plan/rules/context.hpp>

#include <tl/expected.hpp>

#include <charconv>
#include <optional>
#include <string>

namespace dualstack::plan::rules {

namespace {

struct HostPort
{
  std::string host;
  std::optional<net::Address> address; // set when the host is a literal
  int port = 0;
};

// Parses `host:port`; returns the problem as a message/hint pair on failure.
tl::expected<HostPort, std::pair<std::string, std::string>> parse_host_port(std::string_view text)
{
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == text.size()) {
    return tl::unexpected(std::pair<std::string, std::string>{
      "has no port", "write `<host>:<port>`, e.g. `203.0.113.10:7777`" });
  }
  HostPort out;
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (ec != std::errc() || end != port.data() + port.size() || out.port < 1 || out.port > 65535) {
    return tl::unexpected(std::pair<std::string, std::string>{
      fmt::format("has port `{}`", port), "use a UDP port between 1 and 65535" });
  }
  if (!host.empty() && host.front() == '[') {
    if (host.back() != ']') {
      return tl::unexpected(std::pair<std::string, std::string>{
        "has an unclosed `[`", "write `[<IPv6 address>]:<port>`" });
    }
    host = host.substr(1, host.size() - 2);
    auto address = net::Address::parse(host);
    if (!address || address->family() != net::Family::ipv6) {
      return tl::unexpected(std::pair<std::string, std::string>{
        fmt::format("has `[{}]`, which is not an IPv6 address", host),
        "write `[<IPv6 address>]:<port>`" });
    }
    out.address = *address;
  } else if (host.find(':') != std::string_view::npos) {
    return tl::unexpected(std::pair<std::string, std::string>{
      "has an unbracketed IPv6 address", fmt::format("write `[{}]:<port>`", host) });
  } else if (auto address = net::Address::parse(host)) {
    out.address = *address;
  } else if (!valid_dns_name(host)) {
    return tl::unexpected(std::pair<std::string, std::string>{
      fmt::format("has host `{}`, neither an address nor a DNS name", host),
      "use an IPv4 address, a bracketed IPv6 address or a DNS name" });
  }
  out.host = std::string(host);
  return out;
}

// Returns the name of a tunnelled range that holds `address`, or nullopt.
std::optional<std::string> tunnelled(const config::Config& c, const net::Address& address)
{
  const std::pair<const char*, const Located<std::optional<net::Prefix>>*> ranges[] = {
    { "subnet_cidr", &c.subnet_cidr },
    { "subnet_v6_cidr", &c.subnet_v6_cidr },
    { "pod_subnet", &c.pod_subnet },
    { "pod_subnet_v6", &c.pod_subnet_v6 },
  };
  for (const auto& [key, range] : ranges) {
    if (range->value && range->value->contains(address)) {
      return fmt::format("`{}` {}", key, range->value->to_string());
    }
  }
  for (const auto& e : c.wireguard_endpoints) {
    for (const auto* range : { &e.ip_cidr, &e.ipv6_cidr }) {
      if (range->value && range->value->contains(address)) {
        return fmt::format("WireGuard endpoint {} range {}", e.id, range->value->to_string());
      }
    }
  }
  return std::nullopt;
}

void check_one(const Context& ctx, const Located<std::string>& value, std::string_view what)
{
  if (!value.present) {
    return;
  }
  auto parsed = parse_host_port(value.value);
  if (!parsed) {
    ctx.findings.error("wireguard-endpoint",
                       value.pos,
                       fmt::format("{} `{}` {}", what, value.value, parsed.error().first),
                       parsed.error().second);
    return;
  }
  if (parsed->address) {
    if (auto range = tunnelled(ctx.config, *parsed->address)) {
      ctx.findings.error(
        "wireguard-endpoint",
        value.pos,
        fmt::format(
          "{} `{}` lies in {}, which the tunnel itself carries", what, value.value, *range),
        "use the public (floating) address the gateways are reached at from outside");
    }
  }
}

} // namespace

void check_wireguard_endpoints(const Context& ctx)
{
  const auto& c = ctx.config;
  if (!c.wireguard_enabled.value) {
    return;
  }
  for (const auto& e : c.wireguard_endpoints) {
    check_one(ctx, e.public_endpoint, fmt::format("WireGuard endpoint {} `public_endpoint`", e.id));
  }
  for (const auto& p : c.wireguard_peers) {
    check_one(ctx, p.endpoint, fmt::format("peer `{}` `endpoint`", p.ident.value));
  }
}

} // namespace dualstack::plan::rules
