// Service checks: service-ip-families, service-cluster-ip-range, service-kubernetes-ip,
// service-dns-ip, service-loadbalancer-ips.
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>
#include <dualstack/verify/text.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dualstack::verify {

namespace {

namespace od = json::od;

class ServiceChecker final : public ResourceChecker
{
public:
  explicit ServiceChecker(CheckContext& context)
    : m_ctx(context)
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      m_type = {};
      m_policy = {};
      m_cluster_ip = {};
      m_cluster_ips.clear();
      m_families.clear();
      m_ingress_ips.clear();
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "spec") {
          read_spec(field.value());
        } else if (field.key() == "status") {
          read_status(field.value());
        }
      }
      check();
    });
  }

  void finish() override
  {
    if (!m_seen_kubernetes) {
      missing(Check::service_kubernetes_ip, "default", "kubernetes");
    }
    if (!m_seen_dns) {
      missing(Check::service_dns_ip, "kube-system", "kube-dns");
    }
  }

private:
  void read_strings(od::value value, std::vector<std::string_view>& out)
  {
    if (value.is_null()) {
      return;
    }
    for (auto entry : value.get_array()) {
      out.push_back(entry.get_string());
    }
  }

  void read_spec(od::value value)
  {
    m_parser.at("spec");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() == "type") {
        m_type = json::string_or_empty(field.value());
      } else if (field.key() == "ipFamilyPolicy") {
        m_policy = json::string_or_empty(field.value());
      } else if (field.key() == "clusterIP") {
        m_cluster_ip = json::string_or_empty(field.value());
      } else if (field.key() == "clusterIPs") {
        m_parser.at("spec.clusterIPs");
        read_strings(field.value(), m_cluster_ips);
        m_parser.at("spec");
      } else if (field.key() == "ipFamilies") {
        m_parser.at("spec.ipFamilies");
        read_strings(field.value(), m_families);
        m_parser.at("spec");
      }
    }
  }

  // status.loadBalancer.ingress[].ip (entries with only a hostname carry no IP).
  void read_status(od::value value)
  {
    m_parser.at("status");
    if (value.is_null()) {
      return;
    }
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() != "loadBalancer" || field.value().is_null()) {
        continue;
      }
      m_parser.at("status.loadBalancer");
      for (auto lb_result : field.value().get_object()) {
        od::field lb_field = std::move(lb_result);
        if (lb_field.key() != "ingress" || lb_field.value().is_null()) {
          continue;
        }
        m_parser.at("status.loadBalancer.ingress");
        for (auto entry : lb_field.value().get_array()) {
          for (auto entry_result : entry.get_object()) {
            od::field entry_field = std::move(entry_result);
            if (entry_field.key() == "ip") {
              m_ingress_ips.push_back(json::string_or_empty(entry_field.value()));
            }
          }
        }
      }
      m_parser.at("status");
    }
  }

  void missing(Check check, std::string_view ns, std::string_view name)
  {
    m_ctx.recorder.examined(check);
    m_ctx.recorder.fail(check,
                        { "Service", ns, name },
                        "present",
                        "absent",
                        fmt::format("service {}/{} is missing", ns, name));
  }

  void check()
  {
    const json::Meta& meta = m_parser.meta;
    const ObjectRef ref{ "Service", meta.ns, meta.name };
    check_families(ref);
    check_range(ref);
    check_loadbalancer(ref);
    if (meta.ns == "default" && meta.name == "kubernetes") {
      m_seen_kubernetes = true;
      check_planned_ips(ref, Check::service_kubernetes_ip, [](const plan::FamilyPlan& n) {
        return n.kubernetes_service_ip;
      });
    } else if (meta.ns == "kube-system" && meta.name == "kube-dns") {
      m_seen_dns = true;
      // Every planned family: kubeadm creates kube-dns single-stack, while the kubelets'
      // clusterDNS names both families, so a single-stack kube-dns breaks the second family's
      // DNS on a dual-stack cluster.
      check_planned_ips(
        ref,
        Check::service_dns_ip,
        [](const plan::FamilyPlan& n) { return n.dns_service_ip; },
        true);
    }
  }

  // Returns what is wrong with the service's families, or "".
  std::string family_problem() const
  {
    if (m_type == "ExternalName") {
      if (!m_cluster_ips.empty() || !m_families.empty() || !m_policy.empty() ||
          (!m_cluster_ip.empty())) {
        return "an ExternalName service has clusterIPs, ipFamilies or ipFamilyPolicy";
      }
      return {};
    }
    if (m_families.empty() || m_families.size() > 2) {
      return fmt::format("{} ipFamilies", m_families.size());
    }
    std::vector<net::Family> families;
    for (std::string_view name : m_families) {
      const auto family = json::parse_k8s_family(name);
      if (!family) {
        return fmt::format("unknown ipFamily `{}`", name);
      }
      if (!m_ctx.plan.has(*family)) {
        return fmt::format("ipFamily {} is not enabled in the cluster", name);
      }
      families.push_back(*family);
    }
    if (families.size() == 2 && families[0] == families[1]) {
      return "ipFamilies lists one family twice";
    }
    const std::string_view policy = m_policy.empty() ? "SingleStack" : m_policy;
    std::size_t want = 0;
    if (policy == "SingleStack") {
      want = 1;
    } else if (policy == "RequireDualStack") {
      want = 2;
    } else if (policy == "PreferDualStack") {
      want = m_ctx.plan.dual_stack() ? 2 : 1;
    } else {
      return fmt::format("unknown ipFamilyPolicy `{}`", policy);
    }
    if (families.size() != want) {
      return fmt::format(
        "{} with {} famil{}", policy, families.size(), families.size() == 1 ? "y" : "ies");
    }
    if (m_cluster_ip == "None") {
      if (m_cluster_ips.size() != 1 || m_cluster_ips[0] != "None") {
        return "a headless service's clusterIPs is not [\"None\"]";
      }
      return {};
    }
    if (m_cluster_ips.size() != families.size()) {
      return fmt::format("{} clusterIPs for {} ipFamilies", m_cluster_ips.size(), families.size());
    }
    if (m_cluster_ip != m_cluster_ips[0]) {
      return fmt::format("clusterIP {} is not clusterIPs[0] {}", m_cluster_ip, m_cluster_ips[0]);
    }
    for (std::size_t i = 0; i < families.size(); ++i) {
      const auto address = json::parse_ip(m_cluster_ips[i]);
      if (!address) {
        return fmt::format("clusterIPs[{}] `{}` is not an IP address", i, m_cluster_ips[i]);
      }
      if (address->family() != families[i]) {
        return fmt::format("clusterIPs[{}] {} is not {}", i, m_cluster_ips[i], m_families[i]);
      }
    }
    return {};
  }

  void check_families(const ObjectRef& ref)
  {
    m_ctx.recorder.examined(Check::service_ip_families);
    const std::string problem = family_problem();
    if (!problem.empty()) {
      m_ctx.recorder.fail(Check::service_ip_families,
                          ref,
                          "ipFamilyPolicy, ipFamilies and clusterIPs that agree",
                          fmt::format("{} {} [{}] [{}]",
                                      m_type.empty() ? "ClusterIP" : m_type,
                                      m_policy.empty() ? "(no policy)" : m_policy,
                                      join_or_none(m_families),
                                      join_or_none(m_cluster_ips)),
                          fmt::format("service {}/{}: {}", ref.ns, ref.name, problem));
    }
  }

  void check_range(const ObjectRef& ref)
  {
    if (m_type == "ExternalName" || m_cluster_ip == "None") {
      return;
    }
    m_ctx.recorder.examined(Check::service_cluster_ip_range);
    for (std::string_view text : m_cluster_ips) {
      const auto address = json::parse_ip(text);
      if (!address || !m_ctx.plan.has(address->family())) {
        continue; // service-ip-families reports it
      }
      const auto& subnet = m_ctx.plan.network(address->family()).service_subnet;
      if (!subnet.contains(*address)) {
        m_ctx.recorder.fail(Check::service_cluster_ip_range,
                            ref,
                            subnet.to_string(),
                            address->to_string(),
                            fmt::format("service {}/{}: ClusterIP {} is outside the service "
                                        "subnet {}",
                                        ref.ns,
                                        ref.name,
                                        address->to_string(),
                                        subnet.to_string()));
        return;
      }
    }
  }

  // Returns what is wrong with a LoadBalancer service's ingress IPs, or "".
  std::string loadbalancer_problem() const
  {
    bool has_v4 = false;
    bool has_v6 = false;
    for (std::string_view text : m_ingress_ips) {
      const auto address = json::parse_ip(text);
      if (!address) {
        return fmt::format("ingress IP `{}` is not an IP address", text);
      }
      if (!m_ctx.plan.has(address->family())) {
        return fmt::format("ingress IP {} is of a family the cluster does not run", text);
      }
      const auto& pool = m_ctx.plan.network(address->family()).loadbalancer_pool;
      if (pool && !pool->contains(*address)) {
        return fmt::format(
          "ingress IP {} is outside the LoadBalancer pool {}", text, pool->to_string());
      }
      (address->family() == net::Family::ipv6 ? has_v6 : has_v4) = true;
    }
    for (std::string_view name : m_families) {
      const auto family = json::parse_k8s_family(name);
      if (!family || !m_ctx.plan.has(*family)) {
        continue; // service-ip-families reports it
      }
      if (!(*family == net::Family::ipv6 ? has_v6 : has_v4)) {
        return fmt::format("no {} ingress IP{}",
                           name,
                           m_ingress_ips.empty() ? " (the address is still pending)" : "");
      }
    }
    return {};
  }

  // A LoadBalancer service gets an address of each of its families (Calico assigns them from
  // the LoadBalancer IPPools and advertises them over BGP: serviceLoadBalancerIPs).
  void check_loadbalancer(const ObjectRef& ref)
  {
    if (m_type != "LoadBalancer") {
      return;
    }
    m_ctx.recorder.examined(Check::service_loadbalancer_ips);
    const std::string problem = loadbalancer_problem();
    if (problem.empty()) {
      return;
    }
    std::vector<std::string> expected;
    for (std::string_view name : m_families) {
      const auto family = json::parse_k8s_family(name);
      const auto* pool = family && m_ctx.plan.has(*family)
                           ? &m_ctx.plan.network(*family).loadbalancer_pool
                           : nullptr;
      expected.push_back(pool && *pool ? fmt::format("{} in {}", name, (*pool)->to_string())
                                       : std::string(name));
    }
    m_ctx.recorder.fail(Check::service_loadbalancer_ips,
                        ref,
                        fmt::format("an ingress IP of each family: {}", fmt::join(expected, ", ")),
                        join_or_none(m_ingress_ips),
                        fmt::format("service {}/{}: {}", ref.ns, ref.name, problem));
  }

  template<typename Planned>
  // `every_family`: the service must have a ClusterIP of each planned family (else the primary
  // one, and any other at its planned address).
  void check_planned_ips(const ObjectRef& ref,
                         Check check,
                         Planned planned,
                         bool every_family = false)
  {
    m_ctx.recorder.examined(check);
    const auto& plan = m_ctx.plan;
    std::vector<net::Address> expected{ planned(plan.network(plan.primary())) };
    if (every_family) {
      for (const net::Family family : plan.families()) {
        if (family != plan.primary())
          expected.push_back(planned(plan.network(family)));
      }
    }
    bool ok =
      !m_cluster_ips.empty() && (!every_family || m_cluster_ips.size() == plan.families().size());
    for (std::size_t i = 0; ok && i < m_cluster_ips.size(); ++i) {
      const auto address = json::parse_ip(m_cluster_ips[i]);
      if (!address || !plan.has(address->family()) ||
          (i == 0 && address->family() != plan.primary())) {
        ok = false;
        break;
      }
      const net::Address want = planned(plan.network(address->family()));
      if (i > 0 && !every_family) {
        expected.push_back(want);
      }
      ok = *address == want;
    }
    if (!ok) {
      m_ctx.recorder.fail(check,
                          ref,
                          join_or_none(expected),
                          join_or_none(m_cluster_ips),
                          fmt::format("service {}/{} has ClusterIPs {}, the Plan says {}",
                                      ref.ns,
                                      ref.name,
                                      join_or_none(m_cluster_ips),
                                      join_or_none(expected)));
    }
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "Service" };
  std::string_view m_type;
  std::string_view m_policy;
  std::string_view m_cluster_ip;
  std::vector<std::string_view> m_cluster_ips;
  std::vector<std::string_view> m_families;
  std::vector<std::string_view> m_ingress_ips;
  bool m_seen_kubernetes = false;
  bool m_seen_dns = false;
};

} // namespace

std::unique_ptr<ResourceChecker> make_service_checker(CheckContext& context)
{
  return std::make_unique<ServiceChecker>(context);
}

} // namespace dualstack::verify
