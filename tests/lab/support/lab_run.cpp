// run_lab, standard_scenarios, expect_scenarios_pass, expect_lab_gone.
#include "lab/support/lab_run.hpp"

#include "support/run_binary.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

namespace dualstack::lab::testing {

namespace fs = std::filesystem;

LabRun run_lab(std::vector<std::string> args, const std::string& id)
{
  args.insert(args.begin(), "lab");
  for (const char* extra : { "--id", id.c_str(), "--format", "json" })
    args.push_back(extra);
  const auto run = dualstack::testing::run_dualstack(args);
  return { run.status, run.out, run.err, nlohmann::json::parse(run.out, nullptr, false) };
}

const std::vector<std::string>& standard_scenarios()
{
  static const std::vector<std::string> names = {
    "converged",        "reachability", "lb_master_failure",
    "node_bgp_restart", "partition",    "api_by_name",
    "loadbalancer",     "master_stall", "soak"
  };
  return names;
}

void expect_scenarios_pass(const nlohmann::json& report,
                           const std::vector<std::string>& scenarios,
                           const std::vector<std::string>& families)
{
  for (const auto& scenario : scenarios) {
    ASSERT_TRUE(report["scenarios"].contains(scenario)) << scenario;
    for (const auto& family : families) {
      const auto& result = report["scenarios"][scenario][family];
      EXPECT_TRUE(result["passed"].get<bool>()) << scenario << " " << family << "\n"
                                                << result.dump(2);
      EXPECT_FALSE(result.contains("skipped")) << scenario << " " << family << " was skipped";
    }
  }
}

void expect_lab_gone(const std::string& id)
{
  std::error_code ec;
  for (const char* dir : { "/run/netns", "/etc/netns" }) {
    for (const auto& entry : fs::directory_iterator(dir, ec))
      EXPECT_NE(entry.path().filename().string().rfind("dsl" + id + "-", 0), 0u) << entry.path();
  }
  EXPECT_FALSE(fs::exists("/run/dualstack-lab/" + id));
}

void remove_results_unless_failed(const std::string& results)
{
  if (::testing::Test::HasFailure()) {
    std::cerr << "lab evidence of this failed run kept in " << results << '\n';
    return;
  }
  std::error_code ec;
  fs::remove_all(results, ec);
}

} // namespace dualstack::lab::testing
