// Where the node files live, in the render tree (nodes/<node>/NAME) and on the node; the Ansible
// role that lays them down refers to them by these names.
#pragma once

#include <string_view>

namespace dualstack::render::node::paths {

inline constexpr std::string_view sysctl_name = "90-dualstack.conf";
inline constexpr std::string_view sysctl = "/etc/sysctl.d/90-dualstack.conf";
inline constexpr std::string_view modules_name = "modules-load.conf";
inline constexpr std::string_view modules = "/etc/modules-load.d/dualstack.conf";

} // namespace dualstack::render::node::paths
