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

// Returns the items of `items` (one per family of `order`) for `families`, in that order.
template<typename T>
std::vector<T> pick(const std::vector<T>& items,
                    const std::vector<net::Family>& order,
                    const std::vector<net::Family>& families)
{
  std::vector<T> out;
  for (net::Family family : families) {
    for (std::size_t i = 0; i < order.size() && i < items.size(); ++i) {
      if (order[i] == family)
        out.push_back(items[i]);
    }
  }
  return out;
}

} // namespace

plan::Plan restrict_to(const plan::Plan& plan, const std::vector<net::Family>& families)
{
  plan::Plan out = plan;
  const std::vector<net::Family> order = plan.families;
  out.families = families;
  out.networks = pick(plan.networks, order, families);
  for (auto& host : out.hosts)
    host.addresses = pick(host.addresses, order, families);
  out.api.cert_sans.clear();
  for (const auto& san : plan.api.cert_sans) {
    const auto address = net::Address::parse(san);
    if (!address || wanted(families, address->family()))
      out.api.cert_sans.push_back(san);
  }
  for (auto& endpoint : out.wireguard_endpoints) {
    endpoint.ranges = pick(endpoint.ranges, order, families);
    endpoint.gateway = pick(endpoint.gateway, order, families);
  }
  for (auto& peer : out.wireguard_peers) {
    for (auto& per_endpoint : peer.addresses)
      per_endpoint = pick(per_endpoint, order, families);
  }
  std::erase_if(out.bgp_sessions,
                [&](const plan::BgpSession& s) { return !wanted(families, s.family); });
  std::erase_if(out.vrrp_instances,
                [&](const plan::VrrpInstance& v) { return !wanted(families, v.family); });
  out.capacity.clear();
  if (!wanted(families, net::Family::ipv6)) {
    out.ipv6_address_mode.clear();
    out.ipv6_ra_mode.clear();
  }
  plan::derive_egress(out); // IPv6 egress, router routes and metadata follow the families
  return out;
}

} // namespace dualstack::migrate
