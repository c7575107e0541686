// Kubernetes version gates of a migration.
#include <dualstack/migrate/kubernetes_version.hpp>

#include <charconv>

namespace dualstack::migrate {

bool service_cidr_api_can_add_family(std::string_view version)
{
  if (!version.empty() && version.front() == 'v')
    version.remove_prefix(1);
  int major = 0;
  int minor = 0;
  const char* end = version.data() + version.size();
  auto [p, ec] = std::from_chars(version.data(), end, major);
  if (ec != std::errc() || p == end || *p != '.')
    return false;
  auto [q, ec2] = std::from_chars(p + 1, end, minor);
  if (ec2 != std::errc())
    return false;
  return major > 1 || (major == 1 && minor >= 33);
}

} // namespace dualstack::migrate
