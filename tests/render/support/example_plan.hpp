// The Plan of a bundled example (examples/<name>/config.toml) and an artifact by its path, for
// render tests that start from the examples.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>

#include <string>

namespace dualstack::testing {

// Returns the Plan of examples/`name`/config.toml; throws if it does not load or has errors.
plan::Plan example_plan(const std::string& name);

// Returns the artifact at `path`; throws if there is none.
const render::Artifact& artifact(const render::Artifacts& artifacts, const std::string& path);

// The same from a list that is a temporary (`artifact(render_nodes(plan), path)`): a copy, because
// a reference into the list would dangle once the statement ends.
render::Artifact artifact(render::Artifacts&& artifacts, const std::string& path);

} // namespace dualstack::testing
