// Per-family views of the config.
#include <dualstack/plan/family_fields.hpp>

#include <fmt/format.h>

namespace dualstack::plan {

std::string PrefixField::name() const
{
  return fmt::format("[{}] {}", section, key);
}

FamilyFields fields_of(const config::Config& c, net::Family family)
{
  if (family == net::Family::ipv4) {
    return { family,
             { "subnet_cidr", "terraform", &c.subnet_cidr },
             { "pod_subnet", "kubernetes.network", &c.pod_subnet },
             { "service_subnet", "kubernetes.network", &c.service_subnet },
             { "loadbalancer_pool", "kubernetes.network", &c.loadbalancer_pool },
             &c.node_cidr_mask_size_v4,
             "node_cidr_mask_size_v4",
             &c.block_size_v4,
             "block_size_v4",
             &c.encapsulation,
             "encapsulation",
             &c.nat_outgoing_v4 };
  }
  return { family,
           { "subnet_v6_cidr", "terraform", &c.subnet_v6_cidr },
           { "pod_subnet_v6", "kubernetes.network", &c.pod_subnet_v6 },
           { "service_subnet_v6", "kubernetes.network", &c.service_subnet_v6 },
           { "loadbalancer_pool_v6", "kubernetes.network", &c.loadbalancer_pool_v6 },
           &c.node_cidr_mask_size_v6,
           "node_cidr_mask_size_v6",
           &c.block_size_v6,
           "block_size_v6",
           &c.encapsulation_v6,
           "encapsulation_v6",
           &c.nat_outgoing_v6 };
}

std::vector<net::Family> enabled_families(const config::Config& c)
{
  std::vector<net::Family> families;
  const bool v4 = c.ipv4_enabled.value;
  const bool v6 = c.ipv6_enabled.value;
  if (v6 && (!v4 || c.primary_family.value == "ipv6")) {
    families.push_back(net::Family::ipv6);
    if (v4)
      families.push_back(net::Family::ipv4);
    return families;
  }
  if (v4)
    families.push_back(net::Family::ipv4);
  if (v6)
    families.push_back(net::Family::ipv6);
  return families;
}

std::string ipv4_encapsulation(const config::Config& c)
{
  if (c.encapsulation.present || !c.ipipmode.present) {
    return c.encapsulation.value;
  }
  if (c.ipipmode.value == "Always")
    return "IPIP";
  if (c.ipipmode.value == "CrossSubnet")
    return "IPIPCrossSubnet";
  return "None";
}

} // namespace dualstack::plan
