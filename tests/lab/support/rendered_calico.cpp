// The renderer's Calico objects for the node stand-in's tests.
#include "rendered_calico.hpp"

#include <dualstack/render/renderers.hpp>

#include <gtest/gtest.h>

namespace dualstack::lab::calico_testing {

std::vector<CalicoFile> rendered_calico_files(const plan::Plan& plan)
{
  std::vector<CalicoFile> out;
  const render::Artifacts artifacts = render::render_calico(plan);
  for (const auto& path : calico_object_paths()) {
    for (const auto& a : artifacts) {
      if (a.path == path)
        out.push_back({ a.path, a.content });
    }
  }
  return out;
}

std::vector<CalicoFile> edited(std::vector<CalicoFile> files,
                               const std::string& path,
                               const std::string& from,
                               const std::string& to)
{
  for (auto& f : files) {
    if (f.path != path)
      continue;
    const auto at = f.text.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << path << " has no `" << from << "`:\n" << f.text;
      return files;
    }
    f.text.replace(at, from.size(), to);
    return files;
  }
  ADD_FAILURE() << "no rendered " << path;
  return files;
}

CalicoObjects parsed(const std::vector<CalicoFile>& files)
{
  auto objects = parse_calico_objects(files);
  if (!objects) {
    ADD_FAILURE() << objects.error();
    return {};
  }
  return *objects;
}

} // namespace dualstack::lab::calico_testing
