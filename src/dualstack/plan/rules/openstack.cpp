// Rules OpenStack Neutron enforces on IPv6 subnets.
#include <dualstack/plan/rules/context.hpp>

#include <algorithm>

namespace dualstack::plan::rules {

namespace {

bool valid_mode(std::string_view mode)
{
  return mode == "slaac" || mode == "dhcpv6-stateful" || mode == "dhcpv6-stateless";
}

// Neutron has no IPv6 floating IPs: an IPv6-only cluster is reached at its own addresses, which
// only a global prefix makes reachable from outside.
void check_reachable(const Context& ctx)
{
  const auto& c = ctx.config;
  const auto& subnet = c.subnet_v6_cidr.value;
  if (ctx.has(net::Family::ipv4) || !subnet || subnet->family() != net::Family::ipv6 ||
      net::is_global_ipv6(*subnet))
    return;
  const bool endpoint_given = c.wireguard_enabled.value && !c.wireguard_endpoints.empty() &&
                              std::all_of(c.wireguard_endpoints.begin(),
                                          c.wireguard_endpoints.end(),
                                          [](const config::WireguardEndpoint& e) {
                                            return !e.enabled || !e.public_endpoint.value.empty();
                                          });
  if (endpoint_given)
    return;
  ctx.findings.warning(
    "ipv6-reachable",
    c.subnet_v6_cidr.present ? c.subnet_v6_cidr.pos : c.terraform_pos,
    fmt::format(
      "nobody outside can reach this IPv6-only cluster: `subnet_v6_cidr` `{}` is not a "
      "global prefix, and Neutron has no IPv6 floating IPs for WireGuard clients or the API",
      subnet->to_string()),
    "use a global prefix of your cloud (2000::/3; with `subnet_v6_pool_id` when it comes from an "
    "OpenStack subnet pool); the WireGuard endpoint is then the VIP's address. Or set every "
    "`[[wireguard.endpoints]] public_endpoint` to an address that reaches the VIP");
}

} // namespace

void check_openstack(const Context& ctx)
{
  const auto& c = ctx.config;
  if (!ctx.has(net::Family::ipv6)) {
    return;
  }
  bool modes_valid = true;
  for (const auto* field : { &c.ipv6_address_mode, &c.ipv6_ra_mode }) {
    if (!valid_mode(field->value)) {
      modes_valid = false;
      ctx.findings.error(
        "ipv6-address-mode",
        field->pos,
        fmt::format("`{}` is `{}`",
                    field == &c.ipv6_address_mode ? "ipv6_address_mode" : "ipv6_ra_mode",
                    field->value),
        "use `dhcpv6-stateful` (the seed's choice), `dhcpv6-stateless` or `slaac`");
    }
  }
  if (modes_valid && c.ipv6_address_mode.value != c.ipv6_ra_mode.value) {
    ctx.findings.error("ipv6-address-mode",
                       c.ipv6_ra_mode.present ? c.ipv6_ra_mode.pos : c.ipv6_address_mode.pos,
                       fmt::format("`ipv6_ra_mode` `{}` differs from `ipv6_address_mode` `{}`",
                                   c.ipv6_ra_mode.value,
                                   c.ipv6_address_mode.value),
                       "set both to the same mode; Neutron rejects most mixed combinations");
  }
  if (modes_valid && c.ipv6_address_mode.value != "dhcpv6-stateful") {
    ctx.findings.warning(
      "ipv6-address-mode",
      c.ipv6_address_mode.pos,
      fmt::format("with `{}` the nodes choose their own IPv6 addresses, so the Plan's fixed IPv6 "
                  "addresses are only requested, not guaranteed",
                  c.ipv6_address_mode.value),
      "use `dhcpv6-stateful` for addresses that match the Plan");
  }
  check_reachable(ctx);
  const auto& subnet = c.subnet_v6_cidr.value;
  const bool slaac = c.ipv6_address_mode.value == "slaac" || c.ipv6_ra_mode.value == "slaac" ||
                     c.ipv6_address_mode.value == "dhcpv6-stateless";
  if (slaac && subnet && subnet->family() == net::Family::ipv6 && subnet->length() != 64) {
    ctx.findings.error("slaac-needs-64",
                       c.subnet_v6_cidr.pos,
                       fmt::format("`subnet_v6_cidr` `{}` is a /{}, but SLAAC needs a /64",
                                   subnet->to_string(),
                                   subnet->length()),
                       fmt::format("use `{}` or `ipv6_address_mode = \"dhcpv6-stateful\"`",
                                   net::Prefix::masked(subnet->network(), 64).to_string()));
  }
}

} // namespace dualstack::plan::rules
