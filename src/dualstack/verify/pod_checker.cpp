// Pod checks: pod-ip-families, pod-ip-primary, pod-ip-pool, pod-ip-unique, pod-host-network.
#include <dualstack/verify/address_owners.hpp>
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>
#include <dualstack/verify/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::verify {

namespace {

namespace od = json::od;

class PodChecker final : public ResourceChecker
{
public:
  explicit PodChecker(CheckContext& context)
    : m_ctx(context)
    , m_families(context.plan.families())
  {
  }

  // A pod object in a List is 3-10 KB: size the list of pod IPs for one pod (two IPs) per 6 KB
  // once, rather than growing it while 150,000 pods stream in (it still grows if the pods are
  // smaller).
  void expect_bytes(std::uint64_t total_bytes) override
  {
    constexpr std::uint64_t max_entries = 16u << 20;
    m_owners.reserve(static_cast<std::size_t>(std::min(total_bytes / 3072, max_entries)));
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      m_node = {};
      m_host_network = false;
      m_phase = {};
      m_pod_ip = {};
      m_pod_ips.clear();
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

private:
  void read_spec(od::value value)
  {
    m_parser.at("spec");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() == "nodeName") {
        m_node = json::string_or_empty(field.value());
      } else if (field.key() == "hostNetwork") {
        m_parser.at("spec.hostNetwork");
        m_host_network = !field.value().is_null() && field.value().get_bool();
        m_parser.at("spec");
      }
    }
  }

  void read_status(od::value value)
  {
    m_parser.at("status");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() == "phase") {
        m_phase = json::string_or_empty(field.value());
      } else if (field.key() == "podIP") {
        m_pod_ip = json::string_or_empty(field.value());
      } else if (field.key() == "podIPs") {
        m_parser.at("status.podIPs");
        if (!field.value().is_null()) {
          for (auto entry : field.value().get_array()) {
            for (auto inner : entry.get_object()) {
              od::field f = std::move(inner);
              if (f.key() == "ip") {
                m_pod_ips.push_back(f.value().get_string());
              }
            }
          }
        }
        m_parser.at("status");
      }
    }
  }

  void check()
  {
    const json::Meta& meta = m_parser.meta;
    if (m_pod_ip.empty() && m_pod_ips.empty()) {
      return; // not yet given an IP (Pending): nothing to check
    }
    const ObjectRef ref{ "Pod", meta.ns, meta.name };
    m_addresses.clear();
    bool unparsable = false;
    for (std::string_view text : m_pod_ips) {
      if (auto address = json::parse_ip(text)) {
        m_addresses.push_back(*address);
      } else {
        unparsable = true;
      }
    }
    check_primary(ref);
    if (m_host_network) {
      check_host_network(ref);
      return;
    }
    check_families(ref, unparsable);
    check_pool(ref);
    if (m_phase != "Succeeded" && m_phase != "Failed") {
      check_unique(ref);
    }
  }

  void check_primary(const ObjectRef& ref)
  {
    m_ctx.recorder.examined(Check::pod_ip_primary);
    if (m_pod_ips.empty()) {
      m_ctx.recorder.fail(
        Check::pod_ip_primary,
        ref,
        std::string(m_pod_ip),
        "no podIPs",
        fmt::format("pod {}/{} has podIP {} but no podIPs", ref.ns, ref.name, m_pod_ip));
      return;
    }
    const auto pod_ip = json::parse_ip(m_pod_ip);
    const auto first = json::parse_ip(m_pod_ips[0]);
    const bool same = pod_ip && first ? *pod_ip == *first : m_pod_ip == m_pod_ips[0];
    if (!same) {
      m_ctx.recorder.fail(Check::pod_ip_primary,
                          ref,
                          std::string(m_pod_ips[0]),
                          m_pod_ip.empty() ? std::string("none") : std::string(m_pod_ip),
                          fmt::format("pod {}/{}: podIP {} is not podIPs[0] {}",
                                      ref.ns,
                                      ref.name,
                                      m_pod_ip.empty() ? "(none)" : m_pod_ip,
                                      m_pod_ips[0]));
    }
  }

  void check_families(const ObjectRef& ref, bool unparsable)
  {
    m_ctx.recorder.examined(Check::pod_ip_families);
    const std::vector<net::Family>& families = m_families;
    std::string problem;
    if (unparsable) {
      problem = "a podIPs entry is not an IP address";
    } else if (m_addresses.size() != families.size()) {
      problem = fmt::format("{} IP{} for {} enabled famil{}",
                            m_addresses.size(),
                            m_addresses.size() == 1 ? "" : "s",
                            families.size(),
                            families.size() == 1 ? "y" : "ies");
    } else {
      for (std::size_t i = 0; i < families.size(); ++i) {
        if (m_addresses[i].family() != families[i]) {
          problem = fmt::format("podIPs[{}] is {}, expected {}{}",
                                i,
                                net::display_name(m_addresses[i].family()),
                                net::display_name(families[i]),
                                i == 0 ? " (the primary family) first" : "");
          break;
        }
      }
    }
    if (!problem.empty()) {
      std::vector<std::string_view> expected;
      for (net::Family family : families) {
        expected.push_back(net::display_name(family));
      }
      m_ctx.recorder.fail(Check::pod_ip_families,
                          ref,
                          "one IP each: " + join_or_none(expected),
                          join_or_none(m_pod_ips),
                          fmt::format("pod {}/{}: {}", ref.ns, ref.name, problem));
    }
  }

  void check_pool(const ObjectRef& ref)
  {
    m_ctx.recorder.examined(Check::pod_ip_pool);
    for (const auto& address : m_addresses) {
      if (!m_ctx.plan.has(address.family())) {
        continue; // pod-ip-families reports it
      }
      const auto& pool = m_ctx.plan.network(address.family()).pool.cidr;
      if (!pool.contains(address)) {
        m_ctx.recorder.fail(Check::pod_ip_pool,
                            ref,
                            pool.to_string(),
                            address.to_string(),
                            fmt::format("pod {}/{}: {} is outside the Calico {} pool {}",
                                        ref.ns,
                                        ref.name,
                                        address.to_string(),
                                        net::display_name(address.family()),
                                        pool.to_string()));
        return;
      }
    }
  }

  // Records the pod's IPs; finish() reports the ones an earlier pod used.
  void check_unique(const ObjectRef& ref)
  {
    m_ctx.recorder.examined(Check::pod_ip_unique);
    const auto owner = static_cast<std::uint32_t>(m_name_ends.size());
    for (const auto& address : m_addresses) {
      m_owners.add(address, owner);
    }
    m_names.append(ref.ns).append("/").append(ref.name);
    m_name_ends.push_back(m_names.size());
  }

  void finish() override
  {
    const auto clashes = m_owners.clashes();
    for (std::size_t i = 0; i < clashes.size();) {
      const std::uint32_t owner = clashes[i].owner;
      const std::string first_owner = name_of(clashes[i].first_owner);
      std::vector<net::Address> addresses;
      for (; i < clashes.size() && clashes[i].owner == owner; ++i) {
        addresses.push_back(clashes[i].address);
      }
      const std::string name = name_of(owner);
      const std::size_t slash = name.find('/');
      const ObjectRef ref{ "Pod",
                           std::string_view(name).substr(0, slash),
                           std::string_view(name).substr(slash + 1) };
      m_ctx.recorder.fail(
        Check::pod_ip_unique,
        ref,
        "IPs no other pod uses",
        join_or_none(addresses),
        fmt::format(
          "pod {}: {} already used by pod {}", name, join_or_none(addresses), first_owner));
    }
  }

  void check_host_network(const ObjectRef& ref)
  {
    m_ctx.recorder.examined(Check::pod_host_network);
    std::vector<net::Address> node_addresses;
    if (const plan::Host* host = m_ctx.node(m_node)) {
      node_addresses = host->addresses.values();
    } else if (auto it = m_ctx.node_addresses.find(std::string(m_node));
               it != m_ctx.node_addresses.end()) {
      node_addresses = it->second;
    } else {
      m_ctx.recorder.fail(Check::pod_host_network,
                          ref,
                          "a node of the Plan or of nodes.json",
                          m_node.empty() ? std::string("no nodeName") : std::string(m_node),
                          fmt::format("hostNetwork pod {}/{} runs on unknown node {}",
                                      ref.ns,
                                      ref.name,
                                      m_node.empty() ? "(none)" : m_node));
      return;
    }
    for (std::size_t i = 0; i < m_pod_ips.size(); ++i) {
      const auto address = json::parse_ip(m_pod_ips[i]);
      const bool ok =
        address &&
        std::find(node_addresses.begin(), node_addresses.end(), *address) != node_addresses.end();
      if (!ok) {
        m_ctx.recorder.fail(Check::pod_host_network,
                            ref,
                            join_or_none(node_addresses),
                            join_or_none(m_pod_ips),
                            fmt::format("hostNetwork pod {}/{}: {} is not an address of node {}",
                                        ref.ns,
                                        ref.name,
                                        m_pod_ips[i],
                                        m_node));
        return;
      }
    }
  }

  CheckContext& m_ctx;
  const std::vector<net::Family> m_families; // the Plan's, primary first (once, not per object)
  json::ItemParser m_parser{ "Pod" };
  std::string_view m_node;
  bool m_host_network = false;
  std::string_view m_phase;
  std::string_view m_pod_ip;
  std::vector<std::string_view> m_pod_ips;
  std::vector<net::Address> m_addresses;
  std::string name_of(std::uint32_t owner) const
  {
    const std::size_t begin = owner == 0 ? 0 : m_name_ends[owner - 1];
    return m_names.substr(begin, m_name_ends[owner] - begin);
  }

  AddressOwners m_owners;
  std::string m_names;                  // "namespace/name" of every owner, concatenated
  std::vector<std::size_t> m_name_ends; // end of each owner's name in m_names
};

} // namespace

std::unique_ptr<ResourceChecker> make_pod_checker(CheckContext& context)
{
  return std::make_unique<PodChecker>(context);
}

} // namespace dualstack::verify
