// Fuzzes the parsers of `verify --host` and `verify --gather`: iproute2 JSON (addresses, routes
// of either family) and verify's own JSON reports read back. The first byte picks the parser.
// Must never crash or hang; every outcome is a value or an error string.
#include <dualstack/verify/gather.hpp>
#include <dualstack/verify/host/ip_json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace dualstack;
  if (size == 0) {
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      (void)verify::host::parse_ip_addr(text);
      break;
    case 1:
      (void)verify::host::parse_ip_route(text, net::Family::ipv4);
      break;
    case 2:
      (void)verify::host::parse_ip_route(text, net::Family::ipv6);
      break;
    default:
      if (auto report = verify::read_json_report(text, "fuzz.json")) {
        verify::Report merged;
        verify::merge_report(merged, *report);
        verify::merge_report(merged, std::move(*report));
      }
      break;
  }
  return 0;
}
