// plan_expectations and defects_to_json.
#include <dualstack/verify/gen/expectations.hpp>

#include <dualstack/verify/calico_modes.hpp>
#include <dualstack/verify/json_item.hpp>

#include <nlohmann/json.hpp>

namespace dualstack::verify::gen {

std::string plan_expectations(const plan::Plan& plan)
{
  nlohmann::ordered_json doc;
  doc["families"] = nlohmann::ordered_json::array();
  for (net::Family family : plan.families()) {
    doc["families"].push_back(json::k8s_family(family));
  }
  doc["install_mode"] = plan.calico_install_mode;
  doc["gateway_as"] = plan.gateway_as;
  nlohmann::ordered_json nodes = nlohmann::ordered_json::object();
  for (const plan::Host* host : plan.k8s_nodes()) {
    nlohmann::ordered_json ips = nlohmann::ordered_json::array();
    for (const auto& [family, address] : host->addresses) {
      ips.push_back(address.to_string());
    }
    nodes[host->name] = ips;
  }
  doc["nodes"] = nodes;
  nlohmann::ordered_json networks = nlohmann::ordered_json::object();
  for (const auto& [family, n] : plan.networks) {
    const PoolModes modes = pool_modes(n.pool.encapsulation);
    networks[std::string(json::k8s_family(n.family))] = {
      { "pod_subnet", n.pod_subnet.to_string() },
      { "service_subnet", n.service_subnet.to_string() },
      { "node_mask", n.node_cidr_mask_size },
      { "kubernetes_ip", n.kubernetes_service_ip.to_string() },
      { "dns_ip", n.dns_service_ip.to_string() },
      { "vip", n.vip.to_string() },
      { "loadbalancer_pool",
        n.loadbalancer_pool ? nlohmann::ordered_json(n.loadbalancer_pool->to_string()) : nullptr },
      { "pool",
        { { "cidr", n.pool.cidr.to_string() },
          { "blockSize", n.pool.block_size },
          { "ipipMode", modes.ipip_mode },
          { "vxlanMode", modes.vxlan_mode },
          { "natOutgoing", n.pool.nat_outgoing },
          { "encapsulation", n.pool.encapsulation },
          { "autodetection", n.pool.autodetection_method } } },
    };
  }
  doc["networks"] = networks;
  return doc.dump(2) + "\n";
}

std::string defects_to_json(const std::vector<PlantedDefect>& defects)
{
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& d : defects) {
    list.push_back({ { "check", d.check },
                     { "kind", d.kind },
                     { "namespace", d.ns },
                     { "name", d.name },
                     { "what", d.what } });
  }
  return list.dump(2) + "\n";
}

} // namespace dualstack::verify::gen
