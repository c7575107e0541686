// The refusals: families, pools and ranges a running cluster cannot change in place.
#include <dualstack/migrate/refusals.hpp>

#include <dualstack/plan/family_fields.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace dualstack::migrate {

namespace {

using net::Address;
using net::Family;
using net::Prefix;

// An address the running cluster uses, and who uses it.
struct InUse
{
  Address address;
  std::string holder;
};

// Returns the first of `used` outside `range`, if any.
std::optional<InUse> first_outside(const std::vector<InUse>& used, const Prefix& range)
{
  for (const auto& u : used) {
    if (!range.contains(u.address))
      return u;
  }
  return std::nullopt;
}

SourcePos primary_pos(const config::Config& c)
{
  if (c.primary_family.present)
    return c.primary_family.pos;
  if (!c.ipv4_enabled.value)
    return c.ipv4_enabled.pos;
  return c.primary_family.pos;
}

const Located<bool>& enabled_flag(const config::Config& c, Family family)
{
  return family == Family::ipv4 ? c.ipv4_enabled : c.ipv6_enabled;
}

void check_families(const Sides& s, Findings& findings)
{
  if (s.old_plan.primary() != s.new_plan.primary()) {
    findings.error(
      "migrate-primary-family",
      primary_pos(s.new_config),
      fmt::format(
        "the primary family changes from {} to {}; the primary family of a running cluster "
        "(the first of every Service's ipFamilies, of podCIDRs, of the kubernetes Service) "
        "cannot change in place",
        net::display_name(s.old_plan.primary()),
        net::display_name(s.new_plan.primary())),
      fmt::format(
        "keep {} primary (add the other family as the second one), or build a new cluster "
        "and move the workloads",
        net::display_name(s.old_plan.primary())));
  }
  for (Family family : s.old_plan.families()) {
    if (s.new_plan.has(family))
      continue;
    findings.error(
      "migrate-family-removed",
      enabled_flag(s.new_config, family).pos,
      fmt::format(
        "{} is removed; nodes, pods and Services of the running cluster hold {} addresses, "
        "and Services cannot drop a family in place",
        net::display_name(family),
        net::display_name(family)),
      fmt::format("keep {} enabled; migrate only adds a family", net::display_name(family)));
  }
}

void range_refusal(Findings& findings,
                   const plan::PrefixField& field,
                   const Prefix& old_range,
                   const std::vector<InUse>& used,
                   std::string_view immutable_because)
{
  const Prefix& new_range = *field.value->value;
  if (new_range == old_range)
    return;
  const SourcePos pos = field.value->pos;
  if (auto outside = first_outside(used, new_range)) {
    findings.error(
      "migrate-range-shrunk",
      pos,
      fmt::format(
        "{} `{}` no longer holds {}, the address of {} in the running cluster (it is `{}` now)",
        field.name(),
        new_range.to_string(),
        outside->address.to_string(),
        outside->holder,
        old_range.to_string()),
      fmt::format("keep `{}`", old_range.to_string()));
    return;
  }
  findings.error("migrate-range-changed",
                 pos,
                 fmt::format("{} changes from `{}` to `{}`: {}",
                             field.name(),
                             old_range.to_string(),
                             new_range.to_string(),
                             immutable_because),
                 fmt::format("keep `{}`", old_range.to_string()));
}

bool check_network(const Sides& s, Family family, Findings& findings)
{
  const std::size_t before = findings.all().size();
  const plan::FamilyPlan& old_net = s.old_plan.network(family);
  const plan::FamilyFields fields = plan::fields_of(s.new_config, family);

  std::vector<InUse> subnet_used{ { old_net.router, "the OpenStack router" },
                                  { old_net.vip, "the VIP" } };
  for (const auto& host : s.old_plan.hosts) {
    if (auto a = host.address(family))
      subnet_used.push_back({ *a, host.name });
  }
  range_refusal(
    findings,
    fields.cluster_subnet,
    old_net.cluster_subnet,
    subnet_used,
    "an OpenStack subnet's CIDR cannot change in place, and every host's address is in it");

  range_refusal(findings,
                fields.service_subnet,
                old_net.service_subnet,
                { { old_net.kubernetes_service_ip, "the `kubernetes` Service" },
                  { old_net.dns_service_ip, "kube-dns" } },
                "the cluster's existing service range cannot change in place (Services hold "
                "ClusterIPs anywhere in "
                "it; a ServiceCIDR may only gain a second family)");

  const Prefix& new_pods = *fields.pod_subnet.value->value;
  if (new_pods != old_net.pod_subnet) {
    const bool shrunk = !new_pods.contains(old_net.pod_subnet);
    findings.error(
      shrunk ? "migrate-range-shrunk" : "migrate-pool-cidr",
      fields.pod_subnet.value->pos,
      shrunk
        ? fmt::format("{} `{}` does not hold the running cluster's pod range `{}`: pods hold "
                      "addresses anywhere in it (and a Calico IPPool's cidr is immutable)",
                      fields.pod_subnet.name(),
                      new_pods.to_string(),
                      old_net.pod_subnet.to_string())
        : fmt::format("{} changes the {} Calico IPPool's cidr from `{}` to `{}`; an IPPool's cidr "
                      "is immutable and nodes' podCIDRs were cut from the old range",
                      fields.pod_subnet.name(),
                      net::display_name(family),
                      old_net.pod_subnet.to_string(),
                      new_pods.to_string()),
      fmt::format("keep `{}`; to move pods to a new range, add a second pool and migrate them "
                  "with Calico's pool migration, outside dualstack migrate",
                  old_net.pod_subnet.to_string()));
  }
  const int new_block = fields.block_size->value;
  if (new_block != old_net.pool.block_size) {
    findings.error(
      "migrate-pool-block-size",
      fields.block_size->pos,
      fmt::format(
        "`{}` changes the {} Calico IPPool's blockSize from {} to {}; an IPPool's blockSize "
        "is immutable and every node holds blocks of the old size",
        fields.block_size_key,
        net::display_name(family),
        old_net.pool.block_size,
        new_block),
      fmt::format("keep {}", old_net.pool.block_size));
  }
  return findings.all().size() > before;
}

bool check_wireguard(const Sides& s, Family family, Findings& findings)
{
  const std::size_t before = findings.all().size();
  const auto& old_endpoints = s.old_plan.wireguard_endpoints;
  for (std::size_t e = 0; e < old_endpoints.size(); ++e) {
    const auto& old_endpoint = old_endpoints[e];
    const auto old_range = old_endpoint.range(family);
    const auto* source = [&]() -> const config::WireguardEndpoint* {
      for (const auto& c : s.new_config.wireguard_endpoints) {
        if (c.id == old_endpoint.id)
          return &c;
      }
      return nullptr;
    }();
    const plan::WireguardEndpoint* new_endpoint = nullptr;
    for (const auto& n : s.new_plan.wireguard_endpoints) {
      if (n.id == old_endpoint.id)
        new_endpoint = &n;
    }
    if (!old_range || !source || !new_endpoint || !new_endpoint->range(family))
      continue;
    const Prefix new_range = *new_endpoint->range(family);
    if (new_range == *old_range)
      continue;
    std::vector<InUse> used{ { *old_endpoint.gateway_address(family),
                               "the gateways' " + old_endpoint.interface_name } };
    for (const auto& peer : s.old_plan.wireguard_peers) {
      used.push_back({ peer.addresses[e].at(family), "WireGuard peer `" + peer.ident + "`" });
    }
    const auto outside = first_outside(used, new_range);
    if (!outside)
      continue; // a grown range: find_unsupported reports it
    const bool v4 = family == Family::ipv4;
    const auto& field = v4 ? source->ip_cidr : source->ipv6_cidr;
    findings.error(
      "migrate-range-shrunk",
      field.pos,
      fmt::format(
        "[[wireguard.endpoints]] {} `{}` of {} no longer holds {}, the address of {} in the "
        "running cluster (it is `{}` now)",
        v4 ? "ip_cidr" : "ipv6_cidr",
        new_range.to_string(),
        old_endpoint.interface_name,
        outside->address.to_string(),
        outside->holder,
        old_range->to_string()),
      fmt::format("keep `{}`", old_range->to_string()));
  }
  return findings.all().size() > before;
}

} // namespace

const std::vector<RefusalRule>& refusal_rules()
{
  static const std::vector<RefusalRule> rules = {
    { "migrate-primary-family", "the primary family of a running cluster cannot change" },
    { "migrate-family-removed", "a family cannot be removed from a running cluster" },
    { "migrate-pool-cidr",
      "a Calico IPPool's cidr is immutable (the pod subnet of an existing family)" },
    { "migrate-pool-block-size", "a Calico IPPool's blockSize is immutable" },
    { "migrate-range-shrunk",
      "a range shrunk so that an address the running cluster uses falls outside" },
    { "migrate-range-changed",
      "an existing cluster subnet or service range cannot change in place" },
    { "migrate-unsupported", "another change besides adding a family: make it on its own first" },
  };
  return rules;
}

bool find_refusals(const Sides& s, Findings& findings)
{
  const std::size_t before = findings.all().size();
  check_families(s, findings);
  bool ranges = false;
  for (Family family : s.old_plan.families()) {
    if (!s.new_plan.has(family))
      continue;
    ranges = check_network(s, family, findings) || ranges;
    ranges = check_wireguard(s, family, findings) || ranges;
  }
  find_unsupported(s, ranges || findings.all().size() > before, findings);
  return findings.all().size() > before;
}

} // namespace dualstack::migrate
