// The one JSON type every document builder uses: insertion-ordered nlohmann JSON.
#pragma once

#include <nlohmann/json.hpp>

namespace dualstack {

// JSON whose objects keep their keys in the order they were added, so a rendered file reads in
// the order it was built and is byte-identical across runs.
using Json = nlohmann::ordered_json;

} // namespace dualstack
