// Rules about which families are on and which family each field holds.
#include <dualstack/plan/rules/context.hpp>

namespace dualstack::plan::rules {

namespace {

void expect_family(const Context& ctx,
                   const PrefixField& field,
                   const PrefixField& twin,
                   net::Family family)
{
  const auto& value = field.value->value;
  if (!value || value->family() == family) {
    return;
  }
  ctx.findings.error("field-family",
                     field.value->pos,
                     fmt::format("{} is {} `{}`, but it must be an {} prefix",
                                 field.name(),
                                 net::display_name(value->family()),
                                 value->to_string(),
                                 net::display_name(family)),
                     fmt::format("use an {} prefix here; an {} prefix belongs in `{}`",
                                 net::display_name(family),
                                 net::display_name(value->family()),
                                 twin.key));
}

void expect_interface_family(const Context& ctx,
                             std::string_view key,
                             const Located<std::optional<net::InterfaceAddress>>& field,
                             net::Family family)
{
  if (!field.value || field.value->address.family() == family) {
    return;
  }
  ctx.findings.error("field-family",
                     field.pos,
                     fmt::format("WireGuard `{}` is {} `{}`, but it must be an {} address",
                                 key,
                                 net::display_name(field.value->address.family()),
                                 field.value->address.to_string(),
                                 net::display_name(family)),
                     family == net::Family::ipv6 ? "IPv4 addresses go in `ip_gw`"
                                                 : "IPv6 addresses go in `ipv6_gw`");
}

void expect_prefix_family(const Context& ctx,
                          std::string_view key,
                          const Located<std::optional<net::Prefix>>& field,
                          net::Family family)
{
  if (!field.value || field.value->family() == family) {
    return;
  }
  ctx.findings.error("field-family",
                     field.pos,
                     fmt::format("WireGuard `{}` is {} `{}`, but it must be an {} prefix",
                                 key,
                                 net::display_name(field.value->family()),
                                 field.value->to_string(),
                                 net::display_name(family)),
                     family == net::Family::ipv6 ? "IPv4 ranges go in `ip_cidr`"
                                                 : "IPv6 ranges go in `ipv6_cidr`");
}

} // namespace

void check_families(const Context& ctx)
{
  const auto& c = ctx.config;
  if (ctx.families.empty()) {
    ctx.findings.error("family-enabled",
                       c.ipv4_enabled.present ? c.ipv4_enabled.pos : c.terraform_pos,
                       "both IPv4 and IPv6 are disabled",
                       "set `ipv4_enabled = true`, `ipv6_enabled = true`, or both in [terraform]");
  }
  if (c.primary_family.present) {
    const std::string& p = c.primary_family.value;
    if (p != "ipv4" && p != "ipv6") {
      ctx.findings.error("primary-family",
                         c.primary_family.pos,
                         fmt::format("`primary_family` is `{}`", p),
                         "use `ipv4` or `ipv6`");
    } else if (!ctx.has(p == "ipv4" ? net::Family::ipv4 : net::Family::ipv6)) {
      ctx.findings.error("primary-family",
                         c.primary_family.pos,
                         fmt::format("`primary_family` is `{}`, but that family is disabled", p),
                         p == "ipv4" ? "set `ipv4_enabled = true` in [terraform] or choose `ipv6`"
                                     : "set `ipv6_enabled = true` in [terraform] or choose `ipv4`");
    }
  }
  for (net::Family family : { net::Family::ipv4, net::Family::ipv6 }) {
    const FamilyFields f = fields_of(c, family);
    const FamilyFields twin = fields_of(c, net::other(family));
    expect_family(ctx, f.cluster_subnet, twin.cluster_subnet, family);
    expect_family(ctx, f.pod_subnet, twin.pod_subnet, family);
    expect_family(ctx, f.service_subnet, twin.service_subnet, family);
    expect_family(ctx, f.loadbalancer_pool, twin.loadbalancer_pool, family);
    const auto& pool = *f.loadbalancer_pool.value;
    if (pool.value && pool.value->family() == family && !ctx.families.empty() && !ctx.has(family)) {
      ctx.findings.error(
        "loadbalancer-pool",
        pool.pos,
        fmt::format(
          "{} is set, but {} is disabled", f.loadbalancer_pool.name(), net::display_name(family)),
        fmt::format("remove it, or enable {} in [terraform]", net::display_name(family)));
    }
  }
  if (c.wireguard_enabled.value) {
    for (const auto& e : c.wireguard_endpoints) {
      expect_prefix_family(ctx, "ip_cidr", e.ip_cidr, net::Family::ipv4);
      expect_interface_family(ctx, "ip_gw", e.ip_gw, net::Family::ipv4);
      expect_prefix_family(ctx, "ipv6_cidr", e.ipv6_cidr, net::Family::ipv6);
      expect_interface_family(ctx, "ipv6_gw", e.ipv6_gw, net::Family::ipv6);
    }
  }
  if (ctx.has(net::Family::ipv6) && c.plugin.value != "calico") {
    ctx.findings.error(
      "dualstack-needs-calico",
      c.plugin.pos,
      fmt::format("IPv6 is enabled but the network plugin is `{}`", c.plugin.value),
      "set `plugin = \"calico\"` in [kubernetes.network]; dualstack supports IPv6 only with "
      "Calico");
  } else if (c.plugin.value != "calico") {
    ctx.findings.error("dualstack-needs-calico",
                       c.plugin.pos,
                       fmt::format("network plugin `{}` is not supported", c.plugin.value),
                       "set `plugin = \"calico\"` in [kubernetes.network]");
  }
  if (!c.wireguard_enabled.value) {
    return;
  }
  for (const auto& e : c.wireguard_endpoints) {
    if (!e.enabled)
      continue;
    if (ctx.has(net::Family::ipv6) && (!e.ipv6_cidr.value || !e.ipv6_gw.value) &&
        !(e.ipv6_cidr.present && !e.ipv6_cidr.value) && !(e.ipv6_gw.present && !e.ipv6_gw.value)) {
      ctx.findings.error("ipv6-settings",
                         e.pos,
                         fmt::format("IPv6 is enabled but WireGuard endpoint {} has no {}",
                                     e.id,
                                     !e.ipv6_cidr.value ? "`ipv6_cidr`" : "`ipv6_gw`"),
                         "add `ipv6_cidr = \"fd01::/120\"` and `ipv6_gw = \"fd01::1/120\"` (with "
                         "this endpoint's own range)");
    }
    if (ctx.has(net::Family::ipv4) && (!e.ip_cidr.value || !e.ip_gw.value) &&
        !(e.ip_cidr.present && !e.ip_cidr.value) && !(e.ip_gw.present && !e.ip_gw.value)) {
      ctx.findings.error("ipv4-settings",
                         e.pos,
                         fmt::format("IPv4 is enabled but WireGuard endpoint {} has no {}",
                                     e.id,
                                     !e.ip_cidr.value ? "`ip_cidr`" : "`ip_gw`"),
                         "add `ip_cidr` and `ip_gw` with this endpoint's own IPv4 range");
    }
  }
}

} // namespace dualstack::plan::rules
