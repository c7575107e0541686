// Rules kubeadm and Kubernetes enforce on subnets, node masks, versions and nodes.
#include <dualstack/plan/rules/context.hpp>

#include <charconv>

namespace dualstack::plan::rules {

namespace {

// Parses "MAJOR.MINOR[.PATCH]" (an optional leading "v"); returns {major, minor} or nullopt.
std::optional<std::pair<int, int>> parse_version(std::string_view text)
{
  if (!text.empty() && text.front() == 'v')
    text.remove_prefix(1);
  int major = 0;
  int minor = 0;
  auto [p1, e1] = std::from_chars(text.data(), text.data() + text.size(), major);
  if (e1 != std::errc() || p1 == text.data() + text.size() || *p1 != '.')
    return std::nullopt;
  auto [p2, e2] = std::from_chars(p1 + 1, text.data() + text.size(), minor);
  if (e2 != std::errc())
    return std::nullopt;
  if (p2 != text.data() + text.size()) {
    int patch = 0;
    if (*p2 != '.')
      return std::nullopt;
    auto [p3, e3] = std::from_chars(p2 + 1, text.data() + text.size(), patch);
    if (e3 != std::errc() || p3 != text.data() + text.size())
      return std::nullopt;
  }
  return std::pair{ major, minor };
}

} // namespace

void check_kubeadm(const Context& ctx)
{
  const auto& c = ctx.config;
  for (net::Family family : ctx.families) {
    const FamilyFields f = fields_of(c, family);
    const auto& service = f.service_subnet.value->value;
    if (service && service->family() == family) {
      if (service->host_bits() > 20) {
        const int longest = net::bit_width(family) - 20;
        ctx.findings.error(
          "service-subnet-size",
          f.service_subnet.value->pos,
          fmt::format("{} `{}` has {} host bits; kubeadm allows at most 20",
                      f.service_subnet.name(),
                      service->to_string(),
                      service->host_bits()),
          fmt::format("use a /{} or longer, e.g. `{}`",
                      longest,
                      net::Prefix::masked(service->network(), longest).to_string()));
      } else if (service->size() < 10) {
        ctx.findings.error("service-subnet-size",
                           f.service_subnet.value->pos,
                           fmt::format("{} `{}` has fewer than 10 addresses",
                                       f.service_subnet.name(),
                                       service->to_string()),
                           "use a larger range; kubeadm needs at least 10 service addresses");
      }
    }
    const auto& pod = f.pod_subnet.value->value;
    if (pod && pod->family() == family) {
      if (pod->size() < 14) {
        ctx.findings.error(
          "pod-subnet-size",
          f.pod_subnet.value->pos,
          fmt::format("{} `{}` has fewer than 14 addresses", f.pod_subnet.name(), pod->to_string()),
          "use a larger pod range; kubeadm needs at least 14 addresses");
      }
      const int mask = f.node_mask->value;
      const SourcePos pos = f.node_mask->present ? f.node_mask->pos : f.pod_subnet.value->pos;
      if (mask < pod->length() || mask > net::bit_width(family)) {
        ctx.findings.error("node-mask",
                           pos,
                           fmt::format("`{}` is /{} but the pod subnet `{}` is /{}",
                                       f.node_mask_key,
                                       mask,
                                       pod->to_string(),
                                       pod->length()),
                           fmt::format("the node mask must lie between /{} and /{}",
                                       pod->length(),
                                       net::bit_width(family)));
      } else if (mask - pod->length() > 16) {
        ctx.findings.error(
          "node-mask",
          pos,
          fmt::format(
            "`{}` /{} is {} bits longer than the pod subnet `{}`; kubeadm allows at most 16",
            f.node_mask_key,
            mask,
            mask - pod->length(),
            pod->to_string()),
          fmt::format("use a node mask of at most /{} or a pod subnet of at least /{}",
                      pod->length() + 16,
                      mask - 16));
      }
    }
  }
  if (!c.version.present) {
    ctx.findings.error("k8s-version",
                       c.kubernetes_pos,
                       "`version` is missing in [kubernetes]",
                       "add e.g. `version = \"1.31.4\"` (it is mandatory in yaook-k8s)");
  } else if (auto version = parse_version(c.version.value); !version) {
    ctx.findings.error("k8s-version",
                       c.version.pos,
                       fmt::format("`version` `{}` is not a Kubernetes version", c.version.value),
                       "write it as MAJOR.MINOR.PATCH, e.g. `1.31.4`");
  } else if (*version < std::pair{ 1, 22 }) {
    ctx.findings.error(
      "k8s-version",
      c.version.pos,
      fmt::format("Kubernetes {} is older than dualstack renders for", c.version.value),
      "use Kubernetes 1.22 or later (kubeadm v1beta3; dual-stack is GA from 1.23)");
  }
  const bool has_master =
    std::any_of(c.nodes.begin(), c.nodes.end(), [](const config::NodeSpec& n) {
      return n.role == config::Role::master;
    });
  if (!has_master) {
    ctx.findings.error("nodes-present",
                       c.terraform_pos,
                       "the cluster has no master (control-plane) node",
                       "add a `[terraform.nodes.<name>]` table with `role = \"master\"`");
  }
}

} // namespace dualstack::plan::rules
