// Plan values joined the way kubeadm reads them.
#include <dualstack/render/kubeadm/plan_values.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <stdexcept>

namespace dualstack::render::kubeadm {

namespace {

template<typename Get>
std::string joined(const plan::Plan& plan, Get get)
{
  std::vector<std::string> items;
  for (const auto& network : plan.networks)
    items.push_back(get(network).to_string());
  return fmt::format("{}", fmt::join(items, ","));
}

} // namespace

std::string pod_subnets(const plan::Plan& plan)
{
  return joined(plan, [](const plan::FamilyPlan& n) { return n.pod_subnet; });
}

std::string service_subnets(const plan::Plan& plan)
{
  return joined(plan, [](const plan::FamilyPlan& n) { return n.service_subnet; });
}

std::vector<std::string> dns_service_ips(const plan::Plan& plan)
{
  std::vector<std::string> ips;
  for (const auto& network : plan.networks)
    ips.push_back(network.dns_service_ip.to_string());
  return ips;
}

std::string node_ip(const plan::Host& host)
{
  std::vector<std::string> items;
  for (const auto& address : host.addresses)
    items.push_back(address.to_string());
  return fmt::format("{}", fmt::join(items, ","));
}

std::string advertise_address(const plan::Host& host)
{
  if (host.addresses.empty())
    throw std::logic_error("kubeadm: host `" + host.name + "` has no address");
  return host.addresses.front().to_string();
}

} // namespace dualstack::render::kubeadm
