// Fuzzes the config loader and everything after it: any byte string must either be rejected
// with one Finding or load, check and (if clean) plan without crashing.
#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/plan/plan_json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#ifdef DUALSTACK_LIBFUZZER
namespace {

// toml++ 3.3 (Debian's libtomlplusplus-dev) has a defect found by this fuzzer:
// impl::is_non_ascii_horizontal_whitespace reaches TOML_UNREACHABLE (__builtin_unreachable) for
// code points U+00A1-U+0499, U+2C5E-U+3057 (but U+3000) and U+FB26-U+FEFE when the parser asks
// whether one is whitespace (e.g. `[a\u0492b]`, a non-ASCII character in a bare key). GCC's code
// for it happens to return "not whitespace", so `dualstack check` reports the TOML syntax error
// (tests/config/loader_test.cpp pins that), but it is undefined behaviour, and UBSan stops here.
// Until toml++ is fixed, the fuzzer skips inputs with such code points to keep searching for
// defects of our own. fuzz/corpus/config_fuzz/toml-unreachable-* keeps the input for the replay.
bool hits_tomlplusplus_unreachable(std::string_view text)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    char32_t c = 0;
    if ((byte & 0xE0) == 0xC0 && i + 1 < text.size()) {
      c = static_cast<char32_t>(((byte & 0x1F) << 6) |
                                (static_cast<unsigned char>(text[i + 1]) & 0x3F));
    } else if ((byte & 0xF0) == 0xE0 && i + 2 < text.size()) {
      c = static_cast<char32_t>(((byte & 0x0F) << 12) |
                                ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                                (static_cast<unsigned char>(text[i + 2]) & 0x3F));
    }
    if ((c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) ||
        (c >= 0xFB26 && c <= 0xFEFE)) {
      return true;
    }
  }
  return false;
}

} // namespace
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(reinterpret_cast<const char*>(data), size);
#ifdef DUALSTACK_LIBFUZZER
  if (hits_tomlplusplus_unreachable(text))
    return 0;
#endif
  auto loaded = dualstack::config::load_config_text(std::move(text), "fuzz.toml");
  if (!loaded) {
    if (loaded.error().rule.empty() || loaded.error().message.empty())
      std::abort();
    return 0;
  }
  auto result = dualstack::plan::derive_plan(loaded->config, loaded->findings);
  for (const auto& finding : result.findings.all()) {
    if (finding.rule.empty() || finding.message.empty())
      std::abort();
  }
  if (result.plan) {
    // Every Plan must serialise; a clean config always has at least one family and host.
    auto json = dualstack::plan::to_json(*result.plan);
    if (result.plan->families().empty() || json["hosts"].empty())
      std::abort();
  }
  return 0;
}
