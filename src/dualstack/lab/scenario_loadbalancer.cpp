// Scenario 7, a LoadBalancer IP of each family from the client: the node with the Service's
// endpoint announces the address (calico/node's serviceLoadBalancerIPs), the VRRP master routes it
// to that node, the client routes the pool into the tunnel (AllowedIPs), and TLS to the address
// is answered by the pod behind kube-proxy's DNAT.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/loadbalancer.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/tls_request.hpp>
#include <dualstack/net/host_port.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

namespace {

// Waits up to `seconds` for `ns` to route `address` (as a host route) via `via`; returns the
// gateway it routes through ("" if none).
std::string wait_host_route(const std::string& ns,
                            const Address& address,
                            const std::string& via,
                            double seconds)
{
  const std::string exact = fmt::format("{}/{}", address.to_string(), address.bit_width());
  std::string got;
  const double end = now_s() + seconds;
  do {
    auto rt = routes(ns, address.family(), { "exact", exact });
    got = rt.empty() ? "" : (rt.front().gateway.empty() ? rt.front().dev : rt.front().gateway);
    if (got == via)
      break;
  } while (now_s() < end && sleep_for(0.1));
  return got;
}

// Returns the device `ns` routes `address` through (`ip route get`), or "".
std::string route_dev(const std::string& ns, const Address& address)
{
  auto rt = routes(ns, address.family(), { "match", address.to_string() });
  std::string dev;
  int best = -1;
  for (const auto& r : rt) {
    const auto slash = r.dst.find('/');
    const int len = r.dst == "default"           ? 0
                    : slash == std::string::npos ? address.bit_width()
                                                 : std::stoi(r.dst.substr(slash + 1));
    if (len > best) {
      best = len;
      dev = r.dev;
    }
  }
  return dev;
}

} // namespace

ScenarioResult scenario_loadbalancer(LabContext& lab)
{
  ScenarioResult result;
  result.title = "LoadBalancer IP from the client";
  result.asserts = "a node announces the Service's LoadBalancer address over BGP, the VRRP master "
                   "routes it to that node, and the client reaches the pod behind it over "
                   "WireGuard";
  lab.say("scenario 7: a LoadBalancer IP of each family from the client");
  const auto lb = make_loadbalancer(lab.plan, lab.topology);
  const LabGateway* master =
    lb && lab.plan.export_loadbalancer_pools ? wait_converged(lab, 30) : nullptr;
  for (Family family : lab.plan.families()) {
    FamilyResult& r = result.family(family);
    const LoadBalancerAddress* ip = lb ? lb->of(family) : nullptr;
    if (!ip) {
      r.skip(fmt::format("no {} ([kubernetes.network])",
                         family == Family::ipv6 ? "loadbalancer_pool_v6" : "loadbalancer_pool"));
      continue;
    }
    if (!lab.plan.export_loadbalancer_pools) {
      r.skip("export_loadbalancer_pools = false: WireGuard clients do not route the pools");
      continue;
    }
    const std::string node_address = lab.plan.host(lb->node)->address(family)->to_string();
    r.figures["address"] = ip->address.to_string();
    r.figures["node"] = lb->node;
    r.check("the lab is converged (one VIP holder, sessions up)", master != nullptr);
    if (master) {
      const std::string via = wait_host_route(master->ns, ip->address, node_address, 5);
      r.check(fmt::format("{} (VRRP master) routes {} via {} ({}), learned over BGP ({})",
                          master->name,
                          ip->address.to_string(),
                          lb->node,
                          node_address,
                          via.empty() ? "no route" : "via " + via),
              via == node_address);
      r.figures["via"] = master->name;
    }
    const std::string dev = route_dev(lab.topology.client.ns, ip->address);
    r.check(fmt::format("the client routes {} into the tunnel {} (routes via {})",
                        ip->address.to_string(),
                        lab.topology.client.wg_if,
                        dev.empty() ? "nothing" : dev),
            dev == lab.topology.client.wg_if);
    const std::string url =
      fmt::format("https://{}/", net::host_port(ip->address, loadbalancer_service_port));
    const TlsAnswer answer = tls_request(lab.topology.client.ns, { url, family, "" });
    r.check(fmt::format("TLS to {} answered by the pod {} (port {}) behind it{}",
                        url,
                        ip->backend.to_string(),
                        loadbalancer_target_port,
                        answer.answered ? "" : " (" + answer.error + ")"),
            answer.answered && answer.remote_ip == ip->address.to_string());
    r.figures["tls_s"] = answer.tls_s;
    if (!r.passed())
      r.evidence = evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
