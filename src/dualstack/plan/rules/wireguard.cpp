// Rules about WireGuard endpoints and peers.
#include <dualstack/plan/rules/context.hpp>

#include <map>
#include <set>
#include <sodium.h>

namespace dualstack::plan::rules {

namespace {

void check_gateway(const Context& ctx,
                   const config::WireguardEndpoint& e,
                   std::string_view range_key,
                   const Located<std::optional<net::Prefix>>& range,
                   std::string_view gw_key,
                   const Located<std::optional<net::InterfaceAddress>>& gw,
                   net::Family family)
{
  if (!range.value || !gw.value || range.value->family() != family ||
      gw.value->address.family() != family) {
    return;
  }
  const net::Prefix& r = *range.value;
  const net::InterfaceAddress& g = *gw.value;
  const std::string example =
    r.nth(1) ? fmt::format("{}/{}", r.nth(1)->to_string(), r.length()) : r.to_string();
  if (!r.contains(g.address)) {
    ctx.findings.error("wireguard-gateway",
                       gw.pos,
                       fmt::format("WireGuard endpoint {} `{}` `{}` lies outside `{}` `{}`",
                                   e.id,
                                   gw_key,
                                   g.address.to_string(),
                                   range_key,
                                   r.to_string()),
                       fmt::format("use an address inside the range, e.g. `{}`", example));
  } else if (g.prefix.length() != r.length()) {
    ctx.findings.error(
      "wireguard-gateway",
      gw.pos,
      fmt::format("WireGuard endpoint {} `{}` has prefix length /{}, but `{}` is /{}",
                  e.id,
                  gw_key,
                  g.prefix.length(),
                  range_key,
                  r.length()),
      fmt::format("write `{}/{}`", g.address.to_string(), r.length()));
  } else if (g.address == r.network()) {
    ctx.findings.error(
      "wireguard-gateway",
      gw.pos,
      fmt::format(
        "WireGuard endpoint {} `{}` is the network address of `{}`", e.id, gw_key, r.to_string()),
      fmt::format("use a host address, e.g. `{}`", example));
  } else if (family == net::Family::ipv4 && g.address == r.last()) {
    ctx.findings.error(
      "wireguard-gateway",
      gw.pos,
      fmt::format(
        "WireGuard endpoint {} `{}` is the broadcast address of `{}`", e.id, gw_key, r.to_string()),
      fmt::format("use a host address, e.g. `{}`", example));
  }
}

bool valid_key(const std::string& key)
{
  unsigned char bytes[64];
  std::size_t length = 0;
  const int rc = sodium_base642bin(bytes,
                                   sizeof bytes,
                                   key.data(),
                                   key.size(),
                                   nullptr,
                                   &length,
                                   nullptr,
                                   sodium_base64_VARIANT_ORIGINAL);
  return rc == 0 && length == 32;
}

void check_peer_pin(const Context& ctx,
                    const config::WireguardPeer& peer,
                    std::string_view key,
                    const Located<std::optional<net::Address>>& pin,
                    const Located<std::optional<net::Prefix>>& range,
                    const Located<std::optional<net::InterfaceAddress>>& gw,
                    net::Family family,
                    std::map<std::pair<int, net::u128>, std::string>& seen)
{
  if (!pin.value)
    return;
  if (pin.value->family() != family) {
    ctx.findings.error("field-family",
                       pin.pos,
                       fmt::format("peer `{}` `{}` is {}, but it must be an {} address",
                                   peer.ident.value,
                                   key,
                                   net::display_name(pin.value->family()),
                                   net::display_name(family)),
                       family == net::Family::ipv4 ? "IPv6 addresses go in `ipv6`"
                                                   : "IPv4 addresses go in `ip`");
    return;
  }
  if (!range.value || range.value->family() != family)
    return;
  const net::Prefix& r = *range.value;
  const net::Address& a = *pin.value;
  if (!r.contains(a) || a == r.network() || (family == net::Family::ipv4 && a == r.last()) ||
      (gw.value && gw.value->address == a)) {
    ctx.findings.error(
      "peer-address",
      pin.pos,
      fmt::format("peer `{}` `{}` `{}` is not a free host address of WireGuard range `{}`",
                  peer.ident.value,
                  key,
                  a.to_string(),
                  r.to_string()),
      "pick an address inside endpoint 0's range, not its network, broadcast or gateway address");
    return;
  }
  const net::u128 offset = a.value() - r.network().value();
  // The slot must be a host slot of every enabled range of every endpoint, not only this one.
  for (const auto& e : ctx.config.wireguard_endpoints) {
    if (!e.enabled)
      continue;
    for (net::Family f : ctx.families) {
      const auto& other = f == net::Family::ipv4 ? e.ip_cidr.value : e.ipv6_cidr.value;
      const auto& other_gw = f == net::Family::ipv4 ? e.ip_gw.value : e.ipv6_gw.value;
      if (!other || other->family() != f)
        continue;
      const auto slot_address = other->nth(offset);
      if (!slot_address || (f == net::Family::ipv4 && *slot_address == other->last()) ||
          (other_gw && other_gw->address == *slot_address)) {
        ctx.findings.error("peer-address",
                           pin.pos,
                           fmt::format("peer `{}` `{}` `{}` is slot {}, which is no free host "
                                       "address of endpoint {} range `{}`",
                                       peer.ident.value,
                                       key,
                                       a.to_string(),
                                       static_cast<std::uint64_t>(offset),
                                       e.id,
                                       other->to_string()),
                           "a peer has the same slot in every range; pick an address whose offset "
                           "fits the smallest range");
        return;
      }
    }
  }
  auto [it, inserted] =
    seen.emplace(std::pair{ static_cast<int>(family), offset }, peer.ident.value);
  if (!inserted && it->second != peer.ident.value) {
    ctx.findings.error("peer-address",
                       pin.pos,
                       fmt::format("peer `{}` `{}` `{}` is also pinned by peer `{}`",
                                   peer.ident.value,
                                   key,
                                   a.to_string(),
                                   it->second),
                       "give each peer its own address");
  }
}

} // namespace

void check_wireguard(const Context& ctx)
{
  const auto& c = ctx.config;
  if (!c.wireguard_enabled.value) {
    return;
  }
  std::map<int, SourcePos> ids;
  std::map<int, int> ports;
  for (const auto& e : c.wireguard_endpoints) {
    if (auto [it, inserted] = ids.emplace(e.id, e.pos); !inserted) {
      ctx.findings.error("duplicate-name",
                         e.pos,
                         fmt::format("two WireGuard endpoints have id {}", e.id),
                         "give every [[wireguard.endpoints]] entry its own `id`");
    }
    if (!e.enabled)
      continue;
    if (e.port.value < 1 || e.port.value > 65535) {
      ctx.findings.error(
        "port",
        e.port.pos,
        fmt::format("WireGuard endpoint {} port {} is not a UDP port", e.id, e.port.value),
        "use a port between 1 and 65535 (yaook's default is 7777)");
    } else if (auto [it, inserted] = ports.emplace(e.port.value, e.id); !inserted) {
      ctx.findings.error(
        "port",
        e.port.pos,
        fmt::format(
          "WireGuard endpoints {} and {} both listen on port {}", it->second, e.id, e.port.value),
        "give every endpoint its own `port`");
    }
    if (ctx.has(net::Family::ipv4)) {
      check_gateway(ctx, e, "ip_cidr", e.ip_cidr, "ip_gw", e.ip_gw, net::Family::ipv4);
    }
    if (ctx.has(net::Family::ipv6)) {
      check_gateway(ctx, e, "ipv6_cidr", e.ipv6_cidr, "ipv6_gw", e.ipv6_gw, net::Family::ipv6);
    }
  }
  std::map<std::string, std::string> keys;
  std::set<std::string> idents;
  std::map<std::pair<int, net::u128>, std::string> pins;
  const config::WireguardEndpoint* first =
    c.wireguard_endpoints.empty() ? nullptr : &c.wireguard_endpoints.front();
  for (const auto& peer : c.wireguard_peers) {
    if (!peer.ident.present || peer.ident.value.empty()) {
      ctx.findings.error("duplicate-name",
                         peer.pos,
                         "a WireGuard peer has no `ident`",
                         "add `ident = \"<user or machine name>\"`");
    } else if (!idents.insert(peer.ident.value).second) {
      ctx.findings.error(
        "duplicate-name",
        peer.ident.pos,
        fmt::format("two WireGuard peers are called `{}`", peer.ident.value),
        "give every peer its own `ident`; it names its address slot and client config");
    }
    if (!peer.pub_key.present) {
      ctx.findings.error("wireguard-key",
                         peer.pos,
                         fmt::format("WireGuard peer `{}` has no `pub_key`", peer.ident.value),
                         "add the peer's public key (`wg pubkey < private.key`)");
    } else if (!valid_key(peer.pub_key.value)) {
      ctx.findings.error(
        "wireguard-key",
        peer.pub_key.pos,
        fmt::format("WireGuard peer `{}` `pub_key` is not a base64 X25519 public key",
                    peer.ident.value),
        "a WireGuard key is 44 base64 characters ending in `=`; copy the output of `wg pubkey`");
    } else if (auto [it, inserted] = keys.emplace(peer.pub_key.value, peer.ident.value);
               !inserted) {
      ctx.findings.error("wireguard-key",
                         peer.pub_key.pos,
                         fmt::format("WireGuard peers `{}` and `{}` have the same `pub_key`",
                                     it->second,
                                     peer.ident.value),
                         "every peer needs its own key pair");
    }
    if (first) {
      check_peer_pin(
        ctx, peer, "ip", peer.ip, first->ip_cidr, first->ip_gw, net::Family::ipv4, pins);
      check_peer_pin(
        ctx, peer, "ipv6", peer.ipv6, first->ipv6_cidr, first->ipv6_gw, net::Family::ipv6, pins);
      if (peer.ip.value && peer.ipv6.value && first->ip_cidr.value && first->ipv6_cidr.value &&
          first->ip_cidr.value->contains(*peer.ip.value) &&
          first->ipv6_cidr.value->contains(*peer.ipv6.value) &&
          peer.ip.value->value() - first->ip_cidr.value->network().value() !=
            peer.ipv6.value->value() - first->ipv6_cidr.value->network().value()) {
        ctx.findings.error(
          "peer-address",
          peer.ipv6.pos,
          fmt::format("peer `{}` pins `ip` and `ipv6` at different offsets in their ranges",
                      peer.ident.value),
          "a peer has one slot in every range; pin only one of `ip` and `ipv6`, or the same offset "
          "in both");
      }
    }
  }
}

} // namespace dualstack::plan::rules
