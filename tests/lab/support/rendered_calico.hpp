// The Calico objects the renderer makes for a Plan, as the lab's node stand-in reads them from a
// render tree: for tests of the stand-in that change a rendered object and look at the effect.
#pragma once

#include <dualstack/lab/calico_objects.hpp>
#include <dualstack/plan/plan.hpp>

#include <string>
#include <vector>

namespace dualstack::lab::calico_testing {

// Returns the files of calico_object_paths() that render::render_calico makes for `plan`.
std::vector<CalicoFile> rendered_calico_files(const plan::Plan& plan);

// Returns `files` with the first `from` in file `path` replaced by `to`; fails the test when
// there is no such text.
std::vector<CalicoFile> edited(std::vector<CalicoFile> files,
                               const std::string& path,
                               const std::string& from,
                               const std::string& to);

// Parses `files`; a parse error fails the test and gives no objects.
CalicoObjects parsed(const std::vector<CalicoFile>& files);

} // namespace dualstack::lab::calico_testing
