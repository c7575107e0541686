// Rules Calico enforces on IP pools, plus install mode (its MTU: links.cpp).
#include <dualstack/plan/rules/context.hpp>

namespace dualstack::plan::rules {

namespace {

constexpr std::string_view v4_encapsulations[] = { "None",
                                                   "IPIP",
                                                   "IPIPCrossSubnet",
                                                   "VXLAN",
                                                   "VXLANCrossSubnet" };
constexpr std::string_view v6_encapsulations[] = { "None", "VXLAN", "VXLANCrossSubnet" };

template<std::size_t N>
bool one_of(std::string_view value, const std::string_view (&list)[N])
{
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

} // namespace

void check_calico(const Context& ctx)
{
  const auto& c = ctx.config;
  for (net::Family family : ctx.families) {
    const FamilyFields f = fields_of(c, family);
    const int block = f.block_size->value;
    const int min = family == net::Family::ipv4 ? 20 : 116;
    const int max = family == net::Family::ipv4 ? 32 : 128;
    const SourcePos block_pos = f.block_size->present ? f.block_size->pos : c.calico_pos;
    if (block < min || block > max) {
      ctx.findings.error(
        "calico-block-size",
        block_pos,
        fmt::format("`{}` is {}; Calico allows {} to {} for {} pools",
                    f.block_size_key,
                    block,
                    min,
                    max,
                    net::display_name(family)),
        fmt::format("use {} (Calico's default)", family == net::Family::ipv4 ? 26 : 122));
    } else if (const auto& pod = f.pod_subnet.value->value;
               pod && pod->family() == family && pod->length() > block) {
      ctx.findings.error("calico-pool-block",
                         block_pos,
                         fmt::format("the {} pool `{}` is smaller than one /{} block",
                                     net::display_name(family),
                                     pod->to_string(),
                                     block),
                         fmt::format("use a block size of at least /{} or a larger `{}`",
                                     pod->length(),
                                     f.pod_subnet.key));
    }
  }
  if (c.encapsulation.present && !one_of(c.encapsulation.value, v4_encapsulations)) {
    ctx.findings.error("calico-encapsulation",
                       c.encapsulation.pos,
                       fmt::format("`encapsulation` is `{}`", c.encapsulation.value),
                       "use None, IPIP, IPIPCrossSubnet, VXLAN or VXLANCrossSubnet");
  }
  if (c.ipipmode.present && c.ipipmode.value != "Never" && c.ipipmode.value != "Always" &&
      c.ipipmode.value != "CrossSubnet") {
    ctx.findings.error("calico-encapsulation",
                       c.ipipmode.pos,
                       fmt::format("`ipipmode` is `{}`", c.ipipmode.value),
                       "use Never, Always or CrossSubnet");
  }
  if (ctx.has(net::Family::ipv6) && c.encapsulation_v6.present &&
      !one_of(c.encapsulation_v6.value, v6_encapsulations)) {
    const bool ipip = c.encapsulation_v6.value.rfind("IPIP", 0) == 0;
    ctx.findings.error(
      "calico-encapsulation",
      c.encapsulation_v6.pos,
      ipip ? fmt::format("`encapsulation_v6` is `{}`, but Calico cannot use IPIP on IPv6 pools",
                         c.encapsulation_v6.value)
           : fmt::format("`encapsulation_v6` is `{}`", c.encapsulation_v6.value),
      "use None, VXLAN or VXLANCrossSubnet");
  }
  if (c.install_mode.value != "operator" && c.install_mode.value != "manifest") {
    ctx.findings.error("install-mode",
                       c.install_mode.pos,
                       fmt::format("`install_mode` is `{}`", c.install_mode.value),
                       "use `operator` (Tigera operator) or `manifest` (calico.yaml)");
  }
}

} // namespace dualstack::plan::rules
