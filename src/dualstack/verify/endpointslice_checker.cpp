// EndpointSlice check: endpointslice-address-type.
#include <dualstack/verify/checkers.hpp>
#include <dualstack/verify/json_item.hpp>

#include <fmt/format.h>

namespace dualstack::verify {

namespace {

namespace od = json::od;

class EndpointSliceChecker final : public ResourceChecker
{
public:
  explicit EndpointSliceChecker(CheckContext& context)
    : m_ctx(context)
  {
  }

  tl::expected<void, InputError> on_item(std::string_view json, std::size_t) override
  {
    return m_parser.parse(json, [&](od::object object) {
      m_type = {};
      m_addresses.clear();
      for (auto result : object) {
        od::field field = std::move(result);
        if (field.key() == "kind") {
          m_parser.check_kind(field.value());
        } else if (field.key() == "metadata") {
          m_parser.read_meta(field.value());
        } else if (field.key() == "addressType") {
          m_type = json::string_or_empty(field.value());
        } else if (field.key() == "endpoints") {
          read_endpoints(field.value());
        }
      }
      check();
    });
  }

private:
  void read_endpoints(od::value value)
  {
    m_parser.at("endpoints");
    if (value.is_null()) {
      return;
    }
    for (auto endpoint : value.get_array()) {
      for (auto result : endpoint.get_object()) {
        od::field field = std::move(result);
        if (field.key() == "addresses") {
          for (auto address : field.value().get_array()) {
            m_addresses.push_back(address.get_string());
          }
        }
      }
    }
  }

  void check()
  {
    const json::Meta& meta = m_parser.meta;
    const ObjectRef ref{ "EndpointSlice", meta.ns, meta.name };
    m_ctx.recorder.examined(Check::endpointslice_address_type);
    if (m_type == "FQDN") {
      return;
    }
    const auto family = json::parse_k8s_family(m_type);
    auto fail = [&](std::string found, std::string message) {
      m_ctx.recorder.fail(Check::endpointslice_address_type,
                          ref,
                          m_type.empty() ? std::string("IPv4 or IPv6") : std::string(m_type),
                          std::move(found),
                          fmt::format("EndpointSlice {}/{}: {}", ref.ns, ref.name, message));
    };
    if (!family) {
      fail(std::string(m_type), fmt::format("unknown addressType `{}`", m_type));
      return;
    }
    if (!m_ctx.plan.has(*family)) {
      fail(std::string(m_type),
           fmt::format("addressType {} is not enabled in the cluster", m_type));
      return;
    }
    for (std::string_view text : m_addresses) {
      const auto address = json::parse_ip(text);
      if (!address || address->family() != *family) {
        fail(std::string(text), fmt::format("address {} is not {}", text, m_type));
        return;
      }
    }
  }

  CheckContext& m_ctx;
  json::ItemParser m_parser{ "EndpointSlice" };
  std::string_view m_type;
  std::vector<std::string_view> m_addresses;
};

} // namespace

std::unique_ptr<ResourceChecker> make_endpointslice_checker(CheckContext& context)
{
  return std::make_unique<EndpointSliceChecker>(context);
}

} // namespace dualstack::verify
