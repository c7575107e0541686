// ClusterModel: address and name layout of the synthetic cluster.
#include <dualstack/verify/gen/cluster_model.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::verify::gen {

namespace {

constexpr std::size_t spare_addresses = 4096;

std::uint64_t splitmix64(std::uint64_t x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

net::u128 block_addresses(const plan::FamilyPlan& network)
{
  return net::u128{ 1 } << (net::bit_width(network.family) - network.pool.block_size);
}

bool inside_plan(const plan::Plan& plan, const net::Address& address)
{
  for (const auto& [family, network] : plan.networks) {
    if (network.pool.cidr.contains(address) || network.pod_subnet.contains(address) ||
        network.service_subnet.contains(address) || network.cluster_subnet.contains(address)) {
      return true;
    }
  }
  return false;
}

// Returns the `n`-th address from the first documentation/shared range outside the Plan.
net::Address outside(const plan::Plan& plan,
                     net::Family family,
                     std::size_t n,
                     std::initializer_list<const char*> bases)
{
  for (const char* base : bases) {
    const auto start = net::Address::parse(base);
    if (!start || start->family() != family) {
      continue;
    }
    const auto address = start->plus(n);
    if (address && !inside_plan(plan, *address)) {
      return *address;
    }
  }
  throw std::logic_error("no address outside the Plan for a planted defect");
}

} // namespace

tl::expected<ClusterModel, std::string> ClusterModel::build(const plan::Plan& plan,
                                                            const DumpOptions& options)
{
  ClusterModel model;
  model.m_plan = &plan;
  model.m_options = options;
  model.m_nodes = plan.k8s_nodes();
  const std::size_t nodes = model.m_nodes.size();
  if (nodes == 0) {
    return tl::unexpected(std::string("the Plan has no Kubernetes nodes"));
  }
  model.m_host_pods = std::min(2 * nodes, options.pods / 5);
  const std::size_t regular = options.pods - model.m_host_pods;
  const std::size_t per_node = (regular + nodes - 1) / nodes;
  for (const auto& [network_family, network] : plan.networks) {
    const auto family = net::display_name(network_family);
    const net::u128 node_cidrs =
      net::u128{ 1 } << std::min(127, network.node_cidr_mask_size - network.pod_subnet.length());
    if (nodes > node_cidrs) {
      return tl::unexpected(
        fmt::format("{} nodes do not fit the {} pod subnet {} with /{} per node",
                    nodes,
                    family,
                    network.pod_subnet.to_string(),
                    network.node_cidr_mask_size));
    }
    const net::u128 per_block = block_addresses(network);
    const net::u128 blocks = nodes * ((per_node + per_block - 1) / per_block);
    if (blocks * per_block + spare_addresses > network.pool.cidr.size()) {
      return tl::unexpected(fmt::format("{} pods do not fit the {} pool {} in /{} blocks; ask for "
                                        "fewer pods",
                                        options.pods,
                                        family,
                                        network.pool.cidr.to_string(),
                                        network.pool.block_size));
    }
    if (100 + options.services > network.service_subnet.size()) {
      return tl::unexpected(fmt::format("{} services do not fit the {} service subnet {}",
                                        options.services,
                                        family,
                                        network.service_subnet.to_string()));
    }
  }
  if (options.services < 2) {
    return tl::unexpected(std::string("at least 2 services (kubernetes, kube-dns) are needed"));
  }
  return model;
}

std::uint64_t ClusterModel::hash(std::uint64_t salt, std::uint64_t index) const
{
  return splitmix64(m_options.seed ^ splitmix64(salt * 0x632be59bd9b4e019ULL + index));
}

std::string ClusterModel::suffix(std::uint64_t salt, std::uint64_t index) const
{
  static constexpr std::string_view alphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::uint64_t h = hash(salt, index);
  std::string out(5, 'x');
  for (char& c : out) {
    c = alphabet[h % alphabet.size()];
    h /= alphabet.size();
  }
  return out;
}

net::Prefix ClusterModel::node_pod_cidr(std::size_t index, net::Family family) const
{
  const auto& network = m_plan->network(family);
  const int host_bits = net::bit_width(family) - network.node_cidr_mask_size;
  const auto start = network.pod_subnet.nth(net::u128{ index } << host_bits);
  return net::Prefix(*start, network.node_cidr_mask_size);
}

PodKind ClusterModel::pod_kind(std::size_t pod) const
{
  if (pod < m_host_pods) {
    return PodKind::host_network;
  }
  const auto roll = hash(1, pod) % 1000;
  if (roll < 10) {
    return PodKind::succeeded;
  }
  if (roll < 15) {
    return PodKind::pending;
  }
  return PodKind::running;
}

std::size_t ClusterModel::pod_node(std::size_t pod) const
{
  const std::size_t n = node_count();
  return pod < m_host_pods ? pod % n : (pod - m_host_pods) % n;
}

std::string ClusterModel::pod_namespace(std::size_t pod) const
{
  if (pod < m_host_pods) {
    const bool proxy = pod / node_count() == 0;
    return proxy || m_plan->calico_install_mode != "operator" ? "kube-system" : "calico-system";
  }
  return fmt::format("team-{}", (pod - m_host_pods) % 40);
}

std::string ClusterModel::pod_name(std::size_t pod) const
{
  if (pod < m_host_pods) {
    return fmt::format(
      "{}-{}", pod / node_count() == 0 ? "kube-proxy" : "calico-node", suffix(2, pod));
  }
  const std::size_t r = pod - m_host_pods;
  return fmt::format("web-{}-{}", r, suffix(3, r));
}

std::vector<net::Address> ClusterModel::pod_ips(std::size_t pod) const
{
  const std::size_t r = pod - m_host_pods;
  const std::size_t n = node_count();
  const std::size_t node = r % n;
  const std::size_t slot = r / n;
  std::vector<net::Address> ips;
  for (const auto& [family, network] : m_plan->networks) {
    const net::u128 per_block = block_addresses(network);
    const net::u128 block = node + n * (slot / per_block);
    ips.push_back(*network.pool.cidr.nth(block * per_block + slot % per_block));
  }
  return ips;
}

ServiceShape ClusterModel::service(std::size_t index) const
{
  const auto& plan = *m_plan;
  ServiceShape shape;
  shape.policy = "SingleStack";
  shape.families = { plan.primary() };
  if (index == 0) {
    shape.ns = "default";
    shape.name = "kubernetes";
    return shape;
  }
  if (index == 1) {
    // kube-dns with a ClusterIP of every planned family, as the deploy playbook leaves it.
    shape.ns = "kube-system";
    shape.name = "kube-dns";
    shape.families = plan.families();
    if (plan.families().size() > 1)
      shape.policy = "RequireDualStack";
    return shape;
  }
  shape.ns = fmt::format("team-{}", index % 40);
  shape.name = fmt::format("svc-{}", index);
  const auto kind_roll = hash(5, index) % 100;
  shape.kind = kind_roll < 2    ? ServiceKind::external_name
               : kind_roll < 7  ? ServiceKind::headless
               : kind_roll < 10 ? ServiceKind::load_balancer
                                : ServiceKind::cluster_ip;
  if (shape.kind == ServiceKind::external_name) {
    shape.policy.clear();
    shape.families.clear();
    return shape;
  }
  const auto policy_roll = hash(6, index) % 100;
  if (policy_roll < 20) {
    shape.policy = "PreferDualStack";
    shape.families = plan.families();
  } else if (policy_roll < 25 && plan.dual_stack()) {
    shape.policy = "RequireDualStack";
    shape.families = plan.families();
  } else if (policy_roll < 30 && plan.dual_stack()) {
    shape.families = { plan.families()[1] };
  }
  return shape;
}

net::Address ClusterModel::service_ip(std::size_t index, net::Family family) const
{
  const auto& subnet = m_plan->network(family).service_subnet;
  if (index == 0) {
    return m_plan->network(family).kubernetes_service_ip;
  }
  if (index == 1) {
    return m_plan->network(family).dns_service_ip;
  }
  return *subnet.nth(100 + index);
}

net::Address ClusterModel::loadbalancer_ip(std::size_t index, net::Family family) const
{
  const auto& pool = m_plan->network(family).loadbalancer_pool;
  const net::Prefix range =
    pool
      ? *pool
      : *net::Prefix::parse(family == net::Family::ipv4 ? "203.0.113.0/24" : "2001:db8:bbbb::/64");
  return *range.nth(static_cast<net::u128>(index) % std::min<net::u128>(range.size(), 1u << 20));
}

net::Address ClusterModel::spare_pool_ip(net::Family family, std::size_t n) const
{
  const auto& pool = m_plan->network(family).pool.cidr;
  return *pool.nth(pool.size() - 1 - (n % spare_addresses));
}

net::Address ClusterModel::outside_pool_ip(net::Family family, std::size_t n) const
{
  return outside(
    *m_plan,
    family,
    n,
    { "100.64.0.0", "198.18.0.0", "172.31.0.0", "2001:db8:eeee::", "2001:db8:dddd::" });
}

net::Address ClusterModel::outside_service_ip(net::Family family, std::size_t n) const
{
  return outside(
    *m_plan,
    family,
    n,
    { "198.18.0.0", "100.64.0.0", "172.31.0.0", "2001:db8:ffff::", "2001:db8:cccc::" });
}

} // namespace dualstack::verify::gen
