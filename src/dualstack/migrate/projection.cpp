// restrict_to: a Plan through some of its families.
#include <dualstack/migrate/projection.hpp>

#include <dualstack/plan/derive.hpp>

#include <algorithm>

namespace dualstack::migrate {

namespace {

bool wanted(const std::vector<net::Family>& families, net::Family family)
{
  return std::find(families.begin(), families.end(), family) != families.end();
}

// Returns the values of `items` for `families`, in that order (a family `items` lacks is left out).
template<typename T>
net::PerFamily<T> pick(const net::PerFamily<T>& items, const std::vector<net::Family>& families)
{
  net::PerFamily<T> out;
  for (net::Family family : families) {
    if (const T* value = items.find(family))
      out.add(family, *value);
  }
  return out;
}

// Returns the values of `items` for `families`, in the order of `items`.
template<typename T>
net::PerFamily<T> keep(const net::PerFamily<T>& items, const std::vector<net::Family>& families)
{
  net::PerFamily<T> out;
  for (const auto& [family, value] : items) {
    if (wanted(families, family))
      out.add(family, value);
  }
  return out;
}

} // namespace

plan::Plan restrict_to(const plan::Plan& plan, const std::vector<net::Family>& families)
{
  plan::Plan out = plan;
  out.networks = pick(plan.networks, families);
  for (auto& host : out.hosts)
    host.addresses = pick(host.addresses, families);
  out.api.cert_sans.clear();
  for (const auto& san : plan.api.cert_sans) {
    const auto address = net::Address::parse(san);
    if (!address || wanted(families, address->family()))
      out.api.cert_sans.push_back(san);
  }
  for (auto& endpoint : out.wireguard_endpoints) {
    endpoint.ranges = pick(endpoint.ranges, families);
  }
  for (auto& peer : out.wireguard_peers) {
    for (auto& per_endpoint : peer.addresses)
      per_endpoint = pick(per_endpoint, families);
  }
  std::erase_if(out.bgp_sessions,
                [&](const plan::BgpSession& s) { return !wanted(families, s.family); });
  out.vrrp_instances = keep(plan.vrrp_instances, families);
  out.capacity.clear();
  if (!wanted(families, net::Family::ipv6)) {
    out.ipv6_address_mode.clear();
    out.ipv6_ra_mode.clear();
  }
  plan::derive_egress(out); // IPv6 egress, router routes and metadata follow the families
  return out;
}

} // namespace dualstack::migrate
