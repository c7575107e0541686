// Tigera operator Installation check: calico-installation.
#include <dualstack/verify/calico_modes.hpp>
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>

#include <fmt/format.h>

namespace dualstack::verify {

namespace {

namespace od = json::od;

struct OperatorPool
{
  std::string cidr_text;
  std::optional<net::Prefix> cidr;
  std::optional<std::int64_t> block_size;
  std::string encapsulation;
  std::string nat_outgoing;
};

class InstallationChecker final : public ResourceChecker
{
public:
  explicit InstallationChecker(CheckContext& context)
    : m_ctx(context)
  {
    if (m_ctx.plan.calico_install_mode != "operator") {
      m_ctx.recorder.skip(
        Check::calico_installation,
        fmt::format("the Plan installs Calico by {}", m_ctx.plan.calico_install_mode));
    }
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      m_pools.clear();
      m_autodetect_v4.clear();
      m_autodetect_v6.clear();
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "spec") {
          read_spec(field.value());
        }
      }
      if (m_parser.meta.name == "default") {
        check();
      }
    });
  }

  void finish() override
  {
    if (!m_seen && !m_ctx.recorder.skipped(Check::calico_installation)) {
      m_ctx.recorder.examined(Check::calico_installation);
      m_ctx.recorder.fail(Check::calico_installation,
                          { "Installation", "", "default" },
                          "present",
                          "absent",
                          "no Installation named default");
    }
  }

private:
  void read_spec(od::value value)
  {
    m_parser.at("spec.calicoNetwork");
    for (auto a : value.get_object()) {
      od::field spec_field = std::move(a);
      if (spec_field.key() != "calicoNetwork") {
        continue;
      }
      for (auto b : spec_field.value().get_object()) {
        od::field field = std::move(b);
        if (field.key() == "ipPools") {
          for (auto entry : field.value().get_array()) {
            read_pool(entry.value());
          }
        } else if (field.key() == "nodeAddressAutodetectionV4") {
          m_autodetect_v4 = autodetection_method(field.value());
        } else if (field.key() == "nodeAddressAutodetectionV6") {
          m_autodetect_v6 = autodetection_method(field.value());
        }
      }
    }
  }

  // Returns the operator's NodeAddressAutodetection object as calico/node's method string
  // (`cidrs: [a, b]` -> `cidr=a,b`, `interface`, `skipInterface`, `canReach`, `firstFound`,
  // `kubernetes: NodeInternalIP`), "" for null or {} (unset), or `{...}` for anything else.
  std::string autodetection_method(od::value value)
  {
    if (value.is_null())
      return "";
    std::string method;
    for (auto a : value.get_object()) {
      od::field field = std::move(a);
      std::string part;
      if (field.key() == "cidrs") {
        std::string list;
        for (auto entry : field.value().get_array())
          list += (list.empty() ? "" : ",") + std::string(json::string_or_empty(entry.value()));
        part = "cidr=" + list;
      } else if (field.key() == "interface") {
        part = "interface=" + std::string(json::string_or_empty(field.value()));
      } else if (field.key() == "skipInterface") {
        part = "skip-interface=" + std::string(json::string_or_empty(field.value()));
      } else if (field.key() == "canReach") {
        part = "can-reach=" + std::string(json::string_or_empty(field.value()));
      } else if (field.key() == "firstFound") {
        bool first_found = false;
        part = !field.value().get_bool().get(first_found) && first_found ? "first-found" : "";
      } else if (field.key() == "kubernetes") {
        part = "kubernetes-internal-ip";
      } else {
        part = "{an unknown method}";
      }
      if (!part.empty())
        method += (method.empty() ? "" : " + ") + part;
    }
    return method;
  }

  void read_pool(od::value value)
  {
    m_parser.at("spec.calicoNetwork.ipPools");
    OperatorPool pool;
    for (auto c : value.get_object()) {
      od::field field = std::move(c);
      if (field.key() == "cidr") {
        pool.cidr_text = std::string(json::string_or_empty(field.value()));
        if (auto cidr = net::Prefix::parse(pool.cidr_text)) {
          pool.cidr = *cidr;
        }
      } else if (field.key() == "blockSize") {
        pool.block_size = field.value().get_int64();
      } else if (field.key() == "encapsulation") {
        pool.encapsulation = std::string(json::string_or_empty(field.value()));
      } else if (field.key() == "natOutgoing") {
        pool.nat_outgoing = std::string(json::string_or_empty(field.value()));
      }
    }
    m_pools.push_back(std::move(pool));
  }

  void check()
  {
    m_seen = true;
    const ObjectRef ref{ "Installation", "", "default" };
    for (net::Family family : m_ctx.plan.families()) {
      m_ctx.recorder.examined(Check::calico_installation);
      const plan::IpPool& planned = m_ctx.plan.network(family).pool;
      // The autodetection method by value: the seed's bug in operator form (the IPv4 cluster
      // CIDR given to IPv6 autodetection), `firstFound` or a foreign interface are findings.
      const std::string expected =
        fmt::format("cidr {}, blockSize {}, encapsulation {}, natOutgoing {}, "
                    "nodeAddressAutodetection{} {}",
                    planned.cidr.to_string(),
                    planned.block_size,
                    planned.encapsulation,
                    planned.nat_outgoing ? "Enabled" : "Disabled",
                    family == net::Family::ipv4 ? "V4" : "V6",
                    planned.autodetection_method);
      const OperatorPool* match = nullptr;
      for (const auto& pool : m_pools) {
        if (pool.cidr && *pool.cidr == planned.cidr) {
          match = &pool;
          break;
        }
      }
      const std::string& autodetect =
        family == net::Family::ipv4 ? m_autodetect_v4 : m_autodetect_v6;
      std::string found;
      if (match == nullptr) {
        found = fmt::format("no ipPools entry with cidr {}", planned.cidr.to_string());
      } else {
        // The operator's defaults for omitted fields.
        const std::int64_t block =
          match->block_size.value_or(family == net::Family::ipv4 ? 26 : 122);
        const std::string encapsulation = !match->encapsulation.empty()
                                            ? match->encapsulation
                                            : (family == net::Family::ipv4 ? "IPIP" : "None");
        const std::string nat = match->nat_outgoing.empty() ? "Enabled" : match->nat_outgoing;
        found = fmt::format("cidr {}, blockSize {}, encapsulation {}, natOutgoing {}, "
                            "nodeAddressAutodetection{} {}",
                            match->cidr_text,
                            block,
                            encapsulation,
                            nat,
                            family == net::Family::ipv4 ? "V4" : "V6",
                            autodetect.empty() ? "unset" : autodetect);
        if (found == expected) {
          continue;
        }
      }
      const bool nat_differs =
        match != nullptr && family == net::Family::ipv6 &&
        (match->nat_outgoing.empty() || match->nat_outgoing == "Enabled") != planned.nat_outgoing;
      m_ctx.recorder.fail(
        Check::calico_installation,
        ref,
        expected,
        found,
        fmt::format("Installation default: the {} pool differs from the Plan{}",
                    net::display_name(family),
                    nat_differs ? ipv6_nat_consequence(m_ctx.plan.ipv6_egress) : std::string()));
    }
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "Installation" };
  std::vector<OperatorPool> m_pools;
  std::string m_autodetect_v4; // as calico/node's method string; "" unset
  std::string m_autodetect_v6;
  bool m_seen = false;
};

} // namespace

std::unique_ptr<ResourceChecker> make_installation_checker(CheckContext& context)
{
  return std::make_unique<InstallationChecker>(context);
}

} // namespace dualstack::verify
