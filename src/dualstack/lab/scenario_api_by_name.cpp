// Scenario 6, the API by name over both families: the client's glibc resolves the endpoint's DNS
// name from the rendered dns/hosts to each family's VIP, and TLS to name:frontend_port through
// HAProxy answers with IPv4 forced and with IPv6 forced, the certificate verified for the name.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/api_name.hpp>
#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/listener.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/tls_request.hpp>

#include <fmt/format.h>

#include <sstream>

namespace dualstack::lab {

namespace {

// Returns the first address glibc's getaddrinfo gives for `name` in `family` inside `ns`
// (`getent ahostsv4|ahostsv6`, which goes through nsswitch like every client), or "".
std::string glibc_resolves(const std::string& ns, const std::string& name, Family family)
{
  auto result =
    run_command(in_netns(ns, { "getent", family == Family::ipv6 ? "ahostsv6" : "ahostsv4", name }),
                std::chrono::seconds(5));
  if (!result.ok())
    return "";
  std::istringstream in(result.output);
  std::string first;
  in >> first;
  return first;
}

} // namespace

ScenarioResult scenario_api_by_name(LabContext& lab)
{
  ScenarioResult result;
  result.title = "API by name";
  result.asserts = "the client's glibc resolves the API endpoint's name (rendered dns/hosts) to "
                   "the family's VIP, and TLS to name:port through HAProxy answers with that "
                   "family forced, the certificate verified for the name";
  lab.say("scenario 6: the API by name");
  const std::string& name = lab.plan.api.dns_name;
  const std::string url = api_url_by_name(lab.plan);
  const LabGateway* master = name.empty() ? nullptr : wait_converged(lab, 30);
  for (Family family : lab.plan.families()) {
    FamilyResult& r = result.family(family);
    if (name.empty()) {
      r.skip("control_plane_endpoint is not a DNS name ([kubernetes.apiserver])");
      continue;
    }
    r.check("the lab is converged (one VIP holder, sessions up)", master != nullptr);
    const std::string vip = lab.plan.network(family).vip.to_string();
    const std::string resolved = glibc_resolves(lab.topology.client.ns, name, family);
    r.check(fmt::format("glibc in the client resolves {} ({}) to VIP {} (got {})",
                        name,
                        family == Family::ipv6 ? "AAAA" : "A",
                        vip,
                        resolved.empty() ? "nothing" : resolved),
            resolved == vip);
    const TlsAnswer answer =
      tls_request(lab.topology.client.ns, { url, family, listener_cert_path(lab) });
    r.check(fmt::format("TLS to {} with {} forced answers through HAProxy, certificate verified "
                        "for {}{}",
                        url,
                        net::display_name(family),
                        name,
                        answer.answered ? "" : " (" + answer.error + ")"),
            answer.answered);
    r.check(fmt::format("curl connected to VIP {} (connected to {})",
                        vip,
                        answer.remote_ip.empty() ? "nothing" : answer.remote_ip),
            answer.remote_ip == vip);
    r.figures["name"] = name;
    r.figures["address"] = answer.remote_ip;
    r.figures["tls_s"] = answer.tls_s;
    if (!r.passed())
      r.evidence = evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
