// The lab's topology from the Plan: names, pods, blocks, the client and the public network.
#include <dualstack/lab/topology.hpp>

#include <fmt/format.h>

#include <random>

namespace dualstack::lab {

namespace {

Address must(tl::expected<Address, net::ParseError> address)
{
  return *address; // literals below are valid
}

// The lab's IPv6 "public" network (documentation prefix, RFC 3849). The internet host sits on it
// too, so an IPv6-only lab's client and the internet host share one router link (build_internet
// relies on that).
constexpr const char* public_v6_subnet = "2001:db8:5100::/64";

Address public_v6(std::uint64_t host)
{
  return must(Address::parse(fmt::format("2001:db8:5100::{:x}", host)));
}

PublicNet public_net_for(const plan::Plan& plan)
{
  PublicNet net;
  if (plan.has(Family::ipv4)) {
    net.family = Family::ipv4;
    net.subnet = *Prefix::parse("198.51.100.0/24");
    net.router = must(Address::parse("198.51.100.1"));
    net.floating_ip = must(Address::parse("198.51.100.2"));
    net.client = must(Address::parse("198.51.100.100"));
    net.site = must(Address::parse("198.51.100.101"));
  } else {
    net.family = Family::ipv6;
    net.subnet = *Prefix::parse(public_v6_subnet);
    net.router = public_v6(0x1);
    net.floating_ip = public_v6(0x2);
    net.client = public_v6(0x100);
    net.site = public_v6(0x101);
    const plan::FamilyPlan& cluster = plan.network(Family::ipv6);
    if (net::is_global_ipv6(cluster.cluster_subnet)) {
      net.routed = true;
      net.floating_ip = cluster.vip;
    }
  }
  return net;
}

// Returns block number `n` of `pool` (Calico hands blocks out dynamically; the lab gives the
// n-th k8s node of the Plan the n-th block, so blocks never collide).
std::optional<Prefix> block(const plan::IpPool& pool, std::size_t n)
{
  const int host_bits = pool.cidr.network().bit_width() - pool.block_size;
  const net::u128 step = net::u128(1) << host_bits;
  auto first = pool.cidr.nth(step * n);
  if (!first)
    return std::nullopt;
  return Prefix(*first, pool.block_size);
}

} // namespace

std::vector<std::string> Topology::namespaces() const
{
  std::vector<std::string> out{ switch_ns, router_ns, client.ns };
  if (client.roaming)
    out.push_back(client.home_ns);
  if (site)
    out.push_back(site->ns);
  if (internet)
    out.push_back(internet->ns);
  for (const auto& g : gateways)
    out.push_back(g.ns);
  for (const auto& n : nodes) {
    out.push_back(n.ns);
    out.push_back(n.pod.ns);
  }
  return out;
}

std::vector<std::string> Topology::wg_interfaces() const
{
  std::vector<std::string> out{ client.wg_if };
  if (site)
    out.push_back(site->wg_if);
  for (const auto& g : gateways)
    out.insert(out.end(), g.wg_ifs.begin(), g.wg_ifs.end());
  return out;
}

const LabGateway* Topology::gateway(const std::string& name) const
{
  for (const auto& g : gateways)
    if (g.name == name)
      return &g;
  return nullptr;
}

const LabNode* Topology::node(const std::string& name) const
{
  for (const auto& n : nodes)
    if (n.name == name)
      return &n;
  return nullptr;
}

std::string random_lab_id()
{
  std::random_device device;
  return fmt::format("{:04x}", device() & 0xffff);
}

bool valid_lab_id(const std::string& id)
{
  if (id.empty() || id.size() > 6)
    return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  }
  return true;
}

tl::expected<Topology, std::string> make_topology(const plan::Plan& plan, const LabOptions& options)
{
  Topology t;
  t.id = options.id;
  t.prefix = "dsl" + options.id + "-";
  t.switch_ns = t.prefix + "sw";
  t.router_ns = t.prefix + "rt";
  t.public_net = public_net_for(plan);
  if (plan.has(Family::ipv6)) {
    LabInternet internet;
    internet.ns = t.prefix + "inet";
    internet.subnet = *Prefix::parse(public_v6_subnet);
    internet.router = public_v6(0x1);
    internet.host = public_v6(0x200);
    t.internet = internet;
  }

  const auto gateways = plan.hosts_with(plan::HostRole::gateway);
  if (gateways.empty())
    return tl::unexpected(std::string("the config has no gateways (gateway_count = 0)"));
  const std::size_t gw_count = options.gateways > 0
                                 ? std::min<std::size_t>(options.gateways, gateways.size())
                                 : gateways.size();
  if (gw_count < 2) {
    return tl::unexpected(std::string("the lab needs at least 2 gateways to fail over between"));
  }
  for (std::size_t i = 0; i < gw_count; ++i) {
    LabGateway g;
    g.name = gateways[i]->name;
    g.index = static_cast<int>(i);
    g.ns = fmt::format("{}gw{}", t.prefix, i);
    g.port = fmt::format("gw{}", i);
    g.floating_ip = *t.public_net.subnet.nth(10 + i);
    for (const auto& endpoint : plan.wireguard_endpoints) {
      g.wg_ifs.push_back(fmt::format("dsl{}g{}w{}", options.id, i, endpoint.id));
    }
    t.gateways.push_back(std::move(g));
  }
  if (plan.wireguard_endpoints.empty()) {
    return tl::unexpected(
      std::string("the config has no WireGuard endpoint; the lab's client reaches the cluster "
                  "through one (set [wireguard] enabled = true)"));
  }
  if (plan.wireguard_peers.empty()) {
    return tl::unexpected(
      std::string("the config has no [[wireguard.peers]]; the lab's client plays the first peer "
                  "(add one: ident = \"lab\", pub_key = any valid key)"));
  }

  // Nodes: masters and workers alternately, so a small lab keeps at least one of each.
  const auto masters = plan.hosts_with(plan::HostRole::master);
  const auto workers = plan.hosts_with(plan::HostRole::worker);
  if (masters.empty())
    return tl::unexpected(std::string("the config has no master: the API scenario needs one"));
  if (options.nodes < 1)
    return tl::unexpected(std::string("--nodes must be at least 1"));
  std::vector<const plan::Host*> chosen;
  std::size_t m = 0, w = 0;
  while (chosen.size() < static_cast<std::size_t>(options.nodes) &&
         (m < masters.size() || w < workers.size())) {
    if (m < masters.size() && (m <= w || w >= workers.size()))
      chosen.push_back(masters[m++]);
    else if (w < workers.size())
      chosen.push_back(workers[w++]);
  }
  const auto all_nodes = plan.k8s_nodes();
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const plan::Host* host = chosen[i];
    std::size_t plan_index = 0;
    while (plan_index < all_nodes.size() && all_nodes[plan_index] != host)
      ++plan_index;
    LabNode n;
    n.name = host->name;
    n.master = host->role == plan::HostRole::master;
    n.ns = fmt::format("{}n{}", t.prefix, i);
    n.port = fmt::format("n{}", i);
    n.cali_if = fmt::format("cali{}", i);
    n.pod.ns = fmt::format("{}p{}", t.prefix, i);
    for (Family family : plan.families()) {
      auto b = block(plan.network(family).pool, plan_index);
      if (!b)
        return tl::unexpected(
          fmt::format("the {} pool has no block for node {}", net::to_string(family), host->name));
      auto pod = b->nth(2);
      if (!pod)
        return tl::unexpected(fmt::format("block {} is too small for a pod", b->to_string()));
      n.blocks.push_back(*b);
      n.pod.addresses.push_back(*pod);
    }
    t.nodes.push_back(std::move(n));
  }

  t.client.ns = t.prefix + "client";
  t.client.wg_if = fmt::format("dsl{}c", options.id);
  t.client.peer_ident = plan.wireguard_peers.front().ident;
  t.client.public_address = t.public_net.client;
  if (options.client == "roaming") {
    t.client.roaming = true;
    t.client.home_ns = t.prefix + "home";
    const bool v6 = t.public_net.family == Family::ipv6;
    t.client.lan = *Prefix::parse(v6 ? "2001:db8:77::/64" : "192.168.77.0/24");
    t.client.lan_router = *t.client.lan.nth(1);
    t.client.lan_address = *t.client.lan.nth(2);
    if (plan.wireguard_peers.size() >= 2) {
      LabClient site;
      site.ns = t.prefix + "site";
      site.wg_if = fmt::format("dsl{}s", options.id);
      site.peer_ident = plan.wireguard_peers[1].ident;
      site.public_address = t.public_net.site;
      t.site = std::move(site);
    }
  }
  return t;
}

} // namespace dualstack::lab
