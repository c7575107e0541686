// render_api_dns: when the API endpoint is a DNS name, the records that make it dual-stack.
//
// kubeadm, kubelets and clients dial `control_plane_endpoint`; with a name instead of an address
// literal, a resolver returning both an A and an AAAA record lets each client use either family
// (happy eyeballs), and the API certificate carries the name (Plan::api.cert_sans). The records
// point at the VIPs, which HAProxy listens on for both families. Nothing is rendered for an
// address endpoint.
#include <dualstack/render/renderers.hpp>

#include <fmt/format.h>

namespace dualstack::render {

namespace {

constexpr int record_ttl = 300; // seconds: short enough to move the endpoint, long enough to cache

std::string zone_snippet(const plan::Plan& plan)
{
  const std::string& name = plan.api.dns_name;
  std::string out = fmt::format(
    "; A and AAAA records of the Kubernetes API endpoint {} (rendered by dualstack).\n"
    "; Add them to the zone that holds the name; both point at the gateways' VIPs, where HAProxy\n"
    "; forwards port {} to every master's port {}.\n",
    name,
    plan.api.frontend_port,
    plan.api.bind_port);
  for (const auto& [family, network] : plan.networks) {
    out += fmt::format("{}.\t{}\tIN\t{}\t{}\n",
                       name,
                       record_ttl,
                       network.family == net::Family::ipv4 ? "A" : "AAAA",
                       network.vip.to_string());
  }
  return out;
}

std::string hosts_fragment(const plan::Plan& plan)
{
  std::string out = fmt::format(
    "# The Kubernetes API endpoint {} (rendered by dualstack): append to /etc/hosts on machines\n"
    "# without a DNS server that holds the records of api.zone.\n",
    plan.api.dns_name);
  for (const auto& [family, network] : plan.networks) {
    out += fmt::format("{}\t{}\n", network.vip.to_string(), plan.api.dns_name);
  }
  return out;
}

} // namespace

Artifacts render_api_dns(const plan::Plan& plan)
{
  if (plan.api.dns_name.empty()) {
    return {};
  }
  Artifacts out;
  out.push_back(
    { "dns/api.zone",
      "operator",
      "",
      0644,
      fmt::format("A and AAAA records of the API endpoint {} (zone-file lines)", plan.api.dns_name),
      zone_snippet(plan),
      false });
  out.push_back({ "dns/hosts",
                  "operator",
                  "",
                  0644,
                  fmt::format("/etc/hosts lines for the API endpoint {}", plan.api.dns_name),
                  hosts_fragment(plan),
                  false });
  return out;
}

} // namespace dualstack::render
