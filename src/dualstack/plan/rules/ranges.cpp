// Rules about ranges colliding with each other or with reserved address space.
#include <dualstack/plan/rules/context.hpp>

#include <dualstack/net/prefix_set.hpp>

namespace dualstack::plan::rules {

namespace {

struct NamedRange
{
  std::string name;
  net::Prefix prefix;
  SourcePos pos;
};

// Returns every range of the enabled families that holds a value of the right family.
std::vector<NamedRange> ranges_of(const Context& ctx)
{
  std::vector<NamedRange> ranges;
  for (net::Family family : ctx.families) {
    const FamilyFields f = fields_of(ctx.config, family);
    for (const PrefixField* field :
         { &f.cluster_subnet, &f.pod_subnet, &f.service_subnet, &f.loadbalancer_pool }) {
      const auto& value = field->value->value;
      if (value && value->family() == family) {
        ranges.push_back({ field->name(), *value, field->value->pos });
      }
    }
  }
  if (!ctx.config.wireguard_enabled.value) {
    return ranges;
  }
  for (const auto& e : ctx.config.wireguard_endpoints) {
    if (!e.enabled)
      continue;
    if (ctx.has(net::Family::ipv4) && e.ip_cidr.value &&
        e.ip_cidr.value->family() == net::Family::ipv4) {
      ranges.push_back(
        { fmt::format("WireGuard endpoint {} `ip_cidr`", e.id), *e.ip_cidr.value, e.ip_cidr.pos });
    }
    if (ctx.has(net::Family::ipv6) && e.ipv6_cidr.value &&
        e.ipv6_cidr.value->family() == net::Family::ipv6) {
      ranges.push_back({ fmt::format("WireGuard endpoint {} `ipv6_cidr`", e.id),
                         *e.ipv6_cidr.value,
                         e.ipv6_cidr.pos });
    }
  }
  return ranges;
}

struct Reserved
{
  const char* prefix;
  const char* what;
};

constexpr Reserved reserved_ranges[] = {
  { "0.0.0.0/8", "the IPv4 \"this network\" range" },
  { "127.0.0.0/8", "IPv4 loopback" },
  { "169.254.0.0/16", "IPv4 link-local" },
  { "224.0.0.0/4", "IPv4 multicast" },
  { "240.0.0.0/4", "reserved IPv4 space" },
  { "::/128", "the IPv6 unspecified address" },
  { "::1/128", "IPv6 loopback" },
  { "::ffff:0:0/96", "IPv4-mapped IPv6 space" },
  { "fe80::/10", "IPv6 link-local" },
  { "ff00::/8", "IPv6 multicast" },
};

} // namespace

void check_ranges(const Context& ctx)
{
  const std::vector<NamedRange> ranges = ranges_of(ctx);
  net::PrefixSet set;
  for (const auto& range : ranges) {
    set.add(range.prefix);
  }
  for (const auto& overlap : set.overlaps()) {
    const NamedRange& a = ranges[overlap.first];
    const NamedRange& b = ranges[overlap.second];
    ctx.findings.error(
      "overlap",
      b.pos,
      fmt::format(
        "{} `{}` overlaps {} `{}`", b.name, b.prefix.to_string(), a.name, a.prefix.to_string()),
      "every cluster subnet, pod, service and WireGuard range of a family must be disjoint; pick "
      "another range");
  }
  for (const auto& range : ranges) {
    for (const auto& reserved : reserved_ranges) {
      const net::Prefix prefix = *net::Prefix::parse(reserved.prefix);
      if (prefix.overlaps(range.prefix)) {
        ctx.findings.error("reserved-range",
                           range.pos,
                           fmt::format("{} `{}` overlaps {} ({})",
                                       range.name,
                                       range.prefix.to_string(),
                                       reserved.what,
                                       reserved.prefix),
                           range.prefix.family() == net::Family::ipv6
                             ? "use a unique local range (fd00::/8) or a global range you own"
                             : "use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)");
        break;
      }
    }
  }
}

} // namespace dualstack::plan::rules
