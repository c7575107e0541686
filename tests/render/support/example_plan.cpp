// The Plan of a bundled example, an artifact by its path.
#include "render/support/example_plan.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dualstack::testing {

plan::Plan example_plan(const std::string& name)
{
  std::ifstream in(std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name + "/config.toml");
  std::ostringstream text;
  text << in.rdbuf();
  auto loaded = config::load_config_text(text.str(), "config.toml");
  if (!loaded)
    throw std::runtime_error(loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("examples/" + name + "/config.toml has errors");
  return *result.plan;
}

const render::Artifact& artifact(const render::Artifacts& artifacts, const std::string& path)
{
  for (const auto& a : artifacts) {
    if (a.path == path)
      return a;
  }
  throw std::runtime_error("no artifact " + path);
}

render::Artifact artifact(render::Artifacts&& artifacts, const std::string& path)
{
  return artifact(static_cast<const render::Artifacts&>(artifacts), path);
}

} // namespace dualstack::testing
