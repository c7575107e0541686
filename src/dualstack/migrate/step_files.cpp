// Helpers the step builders share: files by path or host, names.
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace dualstack::migrate {

StepFile file_at(const render::Artifacts& artifacts, std::string_view path)
{
  for (const auto& a : artifacts) {
    if (a.path == path)
      return { a.path, a.host, a.target_path };
  }
  throw std::logic_error(fmt::format("migrate: no rendered file {}", path));
}

std::vector<StepFile> files_of_host(const render::Artifacts& artifacts, const std::string& host)
{
  std::vector<StepFile> out;
  for (const auto& a : artifacts) {
    if (a.host == host)
      out.push_back({ a.path, a.host, a.target_path });
  }
  return out;
}

std::string control_plane_file(const std::string& host)
{
  return fmt::format("migrate/control-plane/{}.yaml", render::gateway::file_name(host));
}

std::string added_name(const StepContext& ctx)
{
  return std::string(net::display_name(ctx.added));
}

} // namespace dualstack::migrate
