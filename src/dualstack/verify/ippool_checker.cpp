// Calico IPPool checks: calico-ippool-present, calico-ippool-settings.
#include <dualstack/verify/calico_modes.hpp>
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>

#include <fmt/format.h>

namespace dualstack::verify {

namespace {

namespace od = json::od;

struct Pool
{
  std::string name;
  std::string cidr_text;
  std::optional<net::Prefix> cidr;
  std::optional<std::int64_t> block_size;
  std::string ipip_mode;
  std::string vxlan_mode;
  bool nat_outgoing = false;
  bool disabled = false;
};

class IpPoolChecker final : public ResourceChecker
{
public:
  explicit IpPoolChecker(CheckContext& context)
    : m_ctx(context)
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      Pool pool;
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "spec") {
          read_spec(field.value(), pool);
        }
      }
      pool.name = std::string(m_parser.meta.name);
      m_pools.push_back(std::move(pool));
    });
  }

  void finish() override
  {
    for (net::Family family : m_ctx.plan.families()) {
      check_family(family);
    }
  }

private:
  void read_spec(od::value value, Pool& pool)
  {
    m_parser.at("spec");
    for (auto result : value.get_object()) {
      od::field field = std::move(result);
      if (field.key() == "cidr") {
        pool.cidr_text = std::string(json::string_or_empty(field.value()));
        if (auto cidr = net::Prefix::parse(pool.cidr_text)) {
          pool.cidr = *cidr;
        }
      } else if (field.key() == "blockSize") {
        m_parser.at("spec.blockSize");
        pool.block_size = field.value().get_int64();
      } else if (field.key() == "ipipMode") {
        pool.ipip_mode = std::string(json::string_or_empty(field.value()));
      } else if (field.key() == "vxlanMode") {
        pool.vxlan_mode = std::string(json::string_or_empty(field.value()));
      } else if (field.key() == "natOutgoing") {
        m_parser.at("spec.natOutgoing");
        pool.nat_outgoing = field.value().get_bool();
      } else if (field.key() == "disabled") {
        m_parser.at("spec.disabled");
        pool.disabled = field.value().get_bool();
      }
      m_parser.at("spec");
    }
  }

  void check_family(net::Family family)
  {
    const plan::IpPool& planned = m_ctx.plan.network(family).pool;
    Recorder& rec = m_ctx.recorder;
    rec.examined(Check::calico_ippool_present);
    const Pool* match = nullptr;
    const Pool* same_family = nullptr;
    for (const Pool& pool : m_pools) {
      if (pool.disabled || !pool.cidr || pool.cidr->family() != family) {
        continue;
      }
      if (*pool.cidr == planned.cidr) {
        match = &pool;
        break;
      }
      same_family = same_family ? same_family : &pool;
    }
    if (match == nullptr) {
      const std::string name = same_family ? same_family->name : std::string();
      rec.fail(Check::calico_ippool_present,
               { "IPPool", "", name },
               planned.cidr.to_string(),
               same_family ? same_family->cidr_text : std::string("none"),
               same_family ? fmt::format("IPPool {} has CIDR {}; the Plan's {} pool is {}",
                                         name,
                                         same_family->cidr_text,
                                         net::display_name(family),
                                         planned.cidr.to_string())
                           : fmt::format("no enabled {} IPPool; the Plan's is {}",
                                         net::display_name(family),
                                         planned.cidr.to_string()));
      return;
    }
    rec.examined(Check::calico_ippool_settings);
    const PoolModes modes = pool_modes(planned.encapsulation);
    const std::int64_t block = match->block_size.value_or(family == net::Family::ipv4 ? 26 : 122);
    const std::string ipip = match->ipip_mode.empty() ? "Never" : match->ipip_mode;
    const std::string vxlan = match->vxlan_mode.empty() ? "Never" : match->vxlan_mode;
    const std::string expected =
      fmt::format("blockSize {}, ipipMode {}, vxlanMode {}, natOutgoing {}",
                  planned.block_size,
                  modes.ipip_mode,
                  modes.vxlan_mode,
                  planned.nat_outgoing);
    const std::string found = fmt::format("blockSize {}, ipipMode {}, vxlanMode {}, natOutgoing {}",
                                          block,
                                          ipip,
                                          vxlan,
                                          match->nat_outgoing);
    if (expected != found) {
      rec.fail(
        Check::calico_ippool_settings,
        { "IPPool", "", match->name },
        expected,
        found,
        fmt::format("IPPool {} ({}) differs from the Plan's {} pool{}",
                    match->name,
                    match->cidr_text,
                    net::display_name(family),
                    family == net::Family::ipv6 && match->nat_outgoing != planned.nat_outgoing
                      ? ipv6_nat_consequence(m_ctx.plan.ipv6_egress)
                      : std::string()));
    }
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "IPPool" };
  std::vector<Pool> m_pools;
};

} // namespace

std::unique_ptr<ResourceChecker> make_ippool_checker(CheckContext& context)
{
  return std::make_unique<IpPoolChecker>(context);
}

} // namespace dualstack::verify
