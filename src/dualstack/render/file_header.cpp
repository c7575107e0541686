// The comment block every rendered cluster file starts with.
#include <dualstack/render/file_header.hpp>

#include <fmt/format.h>

namespace dualstack::render {

std::string cluster_shape(const plan::Plan& plan)
{
  if (!plan.dual_stack())
    return fmt::format("{}-only", net::display_name(plan.primary()));
  return fmt::format("dual-stack, {} primary", net::display_name(plan.primary()));
}

std::vector<std::string> file_header(const plan::Plan& plan,
                                     std::string_view what,
                                     std::string_view apply)
{
  return {
    fmt::format("{} for cluster `{}` ({}).", what, plan.cluster_name, cluster_shape(plan)),
    "Rendered by dualstack from the cluster's Plan; edit the config, not this file.",
    fmt::format("Apply: {}", apply),
  };
}

} // namespace dualstack::render
