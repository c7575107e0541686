// calico-autodetection: the IP(6)_AUTODETECTION_METHOD values Calico understands, in both
// install modes (calico/node env and the operator's nodeAddressAutodetectionV4/V6).
#include <dualstack/plan/rules/context.hpp>

namespace dualstack::plan::rules {

namespace {

const char* const forms = "first-found, kubernetes-internal-ip, cidr=<prefix>[,<prefix>...], "
                          "interface=<regex>, skip-interface=<regex> or can-reach=<destination>";

// Returns what is wrong with `method` for `family`, or an empty string.
std::string problem(std::string_view method, net::Family family)
{
  if (method == "first-found" || method == "kubernetes-internal-ip") {
    return {};
  }
  const auto eq = method.find('=');
  const std::string_view kind = method.substr(0, eq);
  const std::string_view value =
    eq == std::string_view::npos ? std::string_view() : method.substr(eq + 1);
  if (kind == "interface" || kind == "skip-interface" || kind == "can-reach") {
    return value.empty() ? fmt::format("`{}=` needs a value", kind) : std::string();
  }
  if (kind != "cidr") {
    return fmt::format("`{}` is not a method Calico knows", method);
  }
  if (value.empty()) {
    return "`cidr=` needs at least one prefix";
  }
  for (std::string_view rest = value; !rest.empty();) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    auto prefix = net::Prefix::parse(item);
    if (!prefix) {
      return fmt::format("`{}` in `cidr=`: {}", item, prefix.error().message);
    }
    if (prefix->family() != family) {
      return fmt::format("`cidr={}` is {}, but this method picks the {} address",
                         item,
                         net::display_name(prefix->family()),
                         net::display_name(family));
    }
  }
  return {};
}

} // namespace

void check_autodetection(const Context& ctx)
{
  const auto& c = ctx.config;
  for (net::Family family : ctx.families) {
    const auto& method =
      family == net::Family::ipv4 ? c.ip_autodetection_method : c.ipv6_autodetection_method;
    if (!method.present || method.value.empty()) {
      continue; // the Plan uses cidr=<cluster subnet of the family>
    }
    if (const std::string what = problem(method.value, family); !what.empty()) {
      ctx.findings.error("calico-autodetection",
                         method.pos,
                         what,
                         fmt::format("use one of {} (Calico's IP autodetection methods)", forms));
    }
  }
}

} // namespace dualstack::plan::rules
