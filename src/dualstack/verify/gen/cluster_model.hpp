// ClusterModel: the deterministic layout of a synthetic cluster consistent with a Plan: which
// pod runs where with which IPs, which service has which ClusterIPs, and spare addresses for
// planting defects. Every value is a pure function of (Plan, options, index).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/gen/dump_options.hpp>

#include <tl/expected.hpp>

#include <string>
#include <vector>

namespace dualstack::verify::gen {

enum class PodKind
{
  host_network,
  running,
  succeeded,
  pending
};
enum class ServiceKind
{
  cluster_ip,
  headless,
  external_name,
  load_balancer
};

struct ServiceShape
{
  std::string ns;
  std::string name;
  ServiceKind kind = ServiceKind::cluster_ip;
  std::string policy;                // SingleStack | PreferDualStack | RequireDualStack
  std::vector<net::Family> families; // ipFamilies
};

class ClusterModel
{
public:
  // Lays out `options` over `plan`; fails if a range is too small for the requested counts.
  static tl::expected<ClusterModel, std::string> build(const plan::Plan& plan,
                                                       const DumpOptions& options);

  const plan::Plan& plan() const
  {
    return *m_plan;
  }
  const DumpOptions& options() const
  {
    return m_options;
  }

  std::size_t node_count() const
  {
    return m_nodes.size();
  }
  const plan::Host& node(std::size_t index) const
  {
    return *m_nodes[index];
  }
  // Returns node `index`'s pod CIDR of the plan's `family`.
  net::Prefix node_pod_cidr(std::size_t index, net::Family family) const;

  std::size_t host_pod_count() const
  {
    return m_host_pods;
  }
  PodKind pod_kind(std::size_t pod) const;
  std::size_t pod_node(std::size_t pod) const;
  std::string pod_namespace(std::size_t pod) const;
  std::string pod_name(std::size_t pod) const;
  // Returns the IPs of a non-hostNetwork pod, primary family first (also for pending pods,
  // which do not show them).
  std::vector<net::Address> pod_ips(std::size_t pod) const;

  ServiceShape service(std::size_t index) const;
  // Returns service `index`'s ClusterIP of `family`.
  net::Address service_ip(std::size_t index, net::Family family) const;

  // Returns LoadBalancer service `index`'s ingress IP of `family`: from the Plan's LoadBalancer
  // pool of that family, or (no pool planned: another load balancer hands them out) from
  // 203.0.113.0/24 / 2001:db8:bbbb::/64.
  net::Address loadbalancer_ip(std::size_t index, net::Family family) const;

  // Returns the `n`-th address of the `family` pool that no pod uses.
  net::Address spare_pool_ip(net::Family family, std::size_t n) const;
  // Returns the `n`-th address outside the `family` pool (and every service subnet).
  net::Address outside_pool_ip(net::Family family, std::size_t n) const;
  // Returns the `n`-th address outside the `family` service subnet (and every pool).
  net::Address outside_service_ip(net::Family family, std::size_t n) const;

  // Returns a stable pseudo-random 64-bit value for (`salt`, `index`) under the seed.
  std::uint64_t hash(std::uint64_t salt, std::uint64_t index) const;
  // Returns a stable 5-character suffix like kubectl's generated names.
  std::string suffix(std::uint64_t salt, std::uint64_t index) const;

private:
  const plan::Plan* m_plan = nullptr;
  DumpOptions m_options;
  std::vector<const plan::Host*> m_nodes;
  std::size_t m_host_pods = 0;
};

} // namespace dualstack::verify::gen
