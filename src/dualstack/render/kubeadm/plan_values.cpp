// Plan values the way kubeadm reads them (see plan_values.hpp).
#include <dualstack/render/kubeadm/plan_values.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <stdexcept>
#include <utility>

namespace dualstack::render::kubeadm {

namespace {

std::pair<int, int> major_minor(std::string_view text)
{
  if (!text.empty() && text.front() == 'v')
    text.remove_prefix(1);
  int major = 0;
  int minor = 0;
  const char* end = text.data() + text.size();
  auto [p1, e1] = std::from_chars(text.data(), end, major);
  if (e1 != std::errc() || p1 == end || *p1 != '.') {
    throw std::logic_error("kubeadm: Kubernetes version `" + std::string(text) +
                           "` is not MAJOR.MINOR[.PATCH]");
  }
  auto [p2, e2] = std::from_chars(p1 + 1, end, minor);
  if (e2 != std::errc()) {
    throw std::logic_error("kubeadm: Kubernetes version `" + std::string(text) +
                           "` is not MAJOR.MINOR[.PATCH]");
  }
  return { major, minor };
}

template<typename Get>
std::string joined(const plan::Plan& plan, Get get)
{
  std::vector<std::string> items;
  for (const auto& [family, network] : plan.networks)
    items.push_back(get(network).to_string());
  return fmt::format("{}", fmt::join(items, ","));
}

} // namespace

KubeadmApi select_api(std::string_view kubernetes_version)
{
  if (major_minor(kubernetes_version) < std::pair{ 1, 31 })
    return { "kubeadm.k8s.io/v1beta3", false };
  return { "kubeadm.k8s.io/v1beta4", true };
}

std::string kubernetes_version_tag(std::string_view kubernetes_version)
{
  if (!kubernetes_version.empty() && kubernetes_version.front() == 'v')
    return std::string(kubernetes_version);
  return "v" + std::string(kubernetes_version);
}

Json extra_args(const ExtraArgs& args, const KubeadmApi& api)
{
  if (api.extra_args_as_list) {
    Json list = Json::array();
    for (const auto& [name, value] : args)
      list.push_back(Json{ { "name", name }, { "value", value } });
    return list;
  }
  Json map = Json::object();
  for (const auto& [name, value] : args)
    map[name] = value;
  return map;
}

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
  for (const auto& [family, network] : plan.networks)
    ips.push_back(network.dns_service_ip.to_string());
  return ips;
}

std::string node_ip(const plan::Host& host)
{
  std::vector<std::string> items;
  for (const auto& [family, address] : host.addresses)
    items.push_back(address.to_string());
  return fmt::format("{}", fmt::join(items, ","));
}

std::string advertise_address(const plan::Host& host)
{
  if (host.addresses.empty())
    throw std::logic_error("kubeadm: host `" + host.name + "` has no address");
  return host.addresses.primary().to_string();
}

} // namespace dualstack::render::kubeadm
