// The synthetic cluster dump generator (`dualstack gen-dump`): writes nodes.json, pods.json,
// ... consistent with a Plan, plants defects, and lists them in defects.json.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/gen/dump_options.hpp>

#include <tl/expected.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dualstack::verify::gen {

struct DumpSummary
{
  std::size_t nodes = 0;
  std::size_t pods = 0;
  std::size_t services = 0;
  std::size_t endpoint_slices = 0;
  std::uint64_t bytes = 0;
  std::vector<PlantedDefect> defects;
};

// Writes a dump of `plan` with `options` into `dir` (created if missing): every file verify
// reads, plus defects.json (the planted defects: the exact findings verify must make) and
// expected.json (the Plan's values the jq baseline needs). `progress`, if set, gets one line
// per file. Deterministic: the same Plan, options and seed give the same bytes.
tl::expected<DumpSummary, std::string> generate_dump(
  const plan::Plan& plan,
  const DumpOptions& options,
  const std::filesystem::path& dir,
  const std::function<void(const std::string&)>& progress = {});

} // namespace dualstack::verify::gen
