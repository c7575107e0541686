// Node checks: node-known, node-internal-ip, node-pod-cidrs.
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>
#include <dualstack/verify/text.hpp>

#include <fmt/format.h>

#include <unordered_set>

namespace dualstack::verify {

namespace {

namespace od = json::od;

class NodeChecker final : public ResourceChecker
{
public:
  explicit NodeChecker(CheckContext& context)
    : m_ctx(context)
    , m_families(context.plan.families())
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      m_pod_cidr = {};
      m_pod_cidrs.clear();
      m_internal_ips.clear();
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
    for (const plan::Host* host : m_ctx.plan.k8s_nodes()) {
      if (!m_seen.contains(host->name)) {
        m_ctx.recorder.fail(Check::node_known,
                            { "Node", "", host->name },
                            "present",
                            "absent",
                            fmt::format("planned {} {} is not in the cluster",
                                        plan::to_string(host->role),
                                        host->name));
      }
    }
  }

private:
  void read_spec(od::value value)
  {
    m_parser.at("spec");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() == "podCIDR") {
        m_pod_cidr = json::string_or_empty(field.value());
      } else if (field.key() == "podCIDRs") {
        m_parser.at("spec.podCIDRs");
        if (!field.value().is_null()) {
          for (auto cidr : field.value().get_array()) {
            m_pod_cidrs.push_back(cidr.get_string());
          }
        }
        m_parser.at("spec");
      }
    }
  }

  void read_status(od::value value)
  {
    m_parser.at("status");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() != "addresses" || field.value().is_null()) {
        continue;
      }
      m_parser.at("status.addresses");
      for (auto entry : field.value().get_array()) {
        std::string_view type;
        std::string_view address;
        for (auto inner : entry.get_object()) {
          od::field f = std::move(inner);
          if (f.key() == "type") {
            type = f.value().get_string();
          } else if (f.key() == "address") {
            address = f.value().get_string();
          }
        }
        if (type == "InternalIP") {
          m_internal_ips.push_back(address);
        }
      }
      m_parser.at("status");
    }
  }

  void check()
  {
    const json::Meta& meta = m_parser.meta;
    if (meta.name.empty()) {
      throw json::ItemError{ "Node without metadata.name" };
    }
    const ObjectRef ref{ "Node", "", meta.name };
    m_seen.emplace(meta.name);
    Recorder& rec = m_ctx.recorder;

    rec.examined(Check::node_known);
    const plan::Host* host = m_ctx.node(meta.name);
    if (host == nullptr) {
      rec.fail(Check::node_known,
               ref,
               "a master or worker of the Plan",
               std::string(meta.name),
               fmt::format("node {} is not in the Plan", meta.name));
    }

    std::vector<net::Address> addresses;
    bool unparsable = false;
    for (std::string_view text : m_internal_ips) {
      if (auto address = json::parse_ip(text)) {
        addresses.push_back(*address);
      } else {
        unparsable = true;
      }
    }
    m_ctx.node_addresses[std::string(meta.name)] = addresses;
    if (host != nullptr) {
      check_internal_ips(ref, *host, addresses, unparsable);
    }
    check_pod_cidrs(ref);
  }

  void check_internal_ips(const ObjectRef& ref,
                          const plan::Host& host,
                          const std::vector<net::Address>& addresses,
                          bool unparsable)
  {
    m_ctx.recorder.examined(Check::node_internal_ip);
    std::string problem;
    if (unparsable) {
      problem = "an InternalIP is not an IP address";
    }
    for (net::Family family : m_families) {
      const auto planned = host.address(family);
      std::size_t count = 0;
      bool match = false;
      for (const auto& address : addresses) {
        if (address.family() == family) {
          ++count;
          match = match || (planned && address == *planned);
        }
      }
      if (problem.empty() && count == 0) {
        problem = fmt::format("no {} InternalIP", net::display_name(family));
      } else if (problem.empty() && count > 1) {
        problem = fmt::format("{} {} InternalIPs", count, net::display_name(family));
      } else if (problem.empty() && !match) {
        problem = fmt::format("{} InternalIP differs from the Plan", net::display_name(family));
      }
    }
    for (const auto& address : addresses) {
      if (problem.empty() && !m_ctx.plan.has(address.family())) {
        problem = fmt::format("{} InternalIP {} but {} is not enabled",
                              net::display_name(address.family()),
                              address.to_string(),
                              net::display_name(address.family()));
      }
    }
    if (!problem.empty()) {
      m_ctx.recorder.fail(Check::node_internal_ip,
                          ref,
                          join_or_none(host.addresses.values()),
                          join_or_none(m_internal_ips),
                          fmt::format("node {}: {}", ref.name, problem));
    }
  }

  std::string expected_pod_cidrs() const
  {
    std::vector<std::string> parts;
    for (net::Family family : m_families) {
      const auto& network = m_ctx.plan.network(family);
      parts.push_back(fmt::format(
        "a /{} inside {}", network.node_cidr_mask_size, network.pod_subnet.to_string()));
    }
    return join_or_none(parts);
  }

  void check_pod_cidrs(const ObjectRef& ref)
  {
    m_ctx.recorder.examined(Check::node_pod_cidrs);
    std::vector<std::string_view> cidrs = m_pod_cidrs;
    if (cidrs.empty() && !m_pod_cidr.empty()) {
      cidrs.push_back(m_pod_cidr);
    }
    const std::vector<net::Family>& families = m_families;
    std::string problem;
    if (cidrs.size() != families.size()) {
      problem = cidrs.empty()
                  ? std::string("spec.podCIDRs is empty")
                  : fmt::format("{} podCIDRs for {} families", cidrs.size(), families.size());
    }
    for (std::size_t i = 0; problem.empty() && i < cidrs.size(); ++i) {
      auto prefix = net::Prefix::parse(cidrs[i]);
      const auto& network = m_ctx.plan.network(families[i]);
      if (!prefix) {
        problem = fmt::format("podCIDRs[{}] `{}` is not a CIDR", i, cidrs[i]);
      } else if (prefix->family() != families[i]) {
        problem = fmt::format("podCIDRs[{}] is {}, the {} family is {}",
                              i,
                              net::display_name(prefix->family()),
                              i == 0 ? "primary" : "second",
                              net::display_name(families[i]));
      } else if (!network.pod_subnet.contains(*prefix)) {
        problem = fmt::format("podCIDRs[{}] {} is outside the pod subnet {}",
                              i,
                              prefix->to_string(),
                              network.pod_subnet.to_string());
      } else if (prefix->length() != network.node_cidr_mask_size) {
        problem = fmt::format("podCIDRs[{}] {} is a /{}, the planned node mask is /{}",
                              i,
                              prefix->to_string(),
                              prefix->length(),
                              network.node_cidr_mask_size);
      }
    }
    if (problem.empty() && !m_pod_cidr.empty() && !cidrs.empty() && m_pod_cidr != cidrs[0]) {
      problem = fmt::format("spec.podCIDR {} differs from podCIDRs[0] {}", m_pod_cidr, cidrs[0]);
    }
    if (!problem.empty()) {
      m_ctx.recorder.fail(Check::node_pod_cidrs,
                          ref,
                          expected_pod_cidrs(),
                          join_or_none(cidrs),
                          fmt::format("node {}: {}", ref.name, problem));
    }
  }

  CheckContext& m_ctx;
  const std::vector<net::Family> m_families; // the Plan's, primary first (once, not per object)
  json::ItemParser m_parser{ "Node" };
  std::string_view m_pod_cidr;
  std::vector<std::string_view> m_pod_cidrs;
  std::vector<std::string_view> m_internal_ips;
  std::unordered_set<std::string> m_seen;
};

} // namespace

std::unique_ptr<ResourceChecker> make_node_checker(CheckContext& context)
{
  return std::make_unique<NodeChecker>(context);
}

} // namespace dualstack::verify
