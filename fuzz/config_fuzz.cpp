// Fuzzes the config loader and everything after it: any byte string must either be rejected
// with one Finding or load, check and (if clean) plan without crashing.
#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/plan/plan_json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = dualstack::config::load_config_text(std::move(text), "fuzz.toml");
  if (!loaded) {
    if (loaded.error().rule.empty() || loaded.error().message.empty()) std::abort();
    return 0;
  }
  auto result = dualstack::plan::derive_plan(loaded->config, loaded->findings);
  for (const auto& finding : result.findings.all()) {
    if (finding.rule.empty() || finding.message.empty()) std::abort();
  }
  if (result.plan) {
    // Every Plan must serialise; a clean config always has at least one family and host.
    auto json = dualstack::plan::to_json(*result.plan);
    if (result.plan->families.empty() || json["hosts"].empty()) std::abort();
  }
  return 0;
}
