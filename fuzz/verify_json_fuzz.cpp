// Fuzzes verify's JSON intake: arbitrary bytes, split into arbitrary chunks, go through the
// ListReader into the checker of a resource chosen by the first byte. Must never crash, hang or
// read out of bounds; every outcome is a Report (with an InputError or not).
#include <dualstack/verify/list_reader.hpp>
#include <dualstack/verify/verifier.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace dualstack;

plan::Plan fuzz_plan()
{
  plan::Plan p;
  p.calico_install_mode = "operator";
  p.gateway_as = 65000;
  for (net::Family family : { net::Family::ipv4, net::Family::ipv6 }) {
    const bool v4 = family == net::Family::ipv4;
    plan::FamilyPlan n;
    n.family = family;
    n.cluster_subnet = *net::Prefix::parse(v4 ? "10.0.0.0/24" : "fd00::/120");
    n.vip = *net::Address::parse(v4 ? "10.0.0.10" : "fd00::a");
    n.pod_subnet = *net::Prefix::parse(v4 ? "10.244.0.0/16" : "fd00:10:244::/56");
    n.service_subnet = *net::Prefix::parse(v4 ? "10.96.0.0/12" : "fd00:10:96::/108");
    n.kubernetes_service_ip = *net::Address::parse(v4 ? "10.96.0.1" : "fd00:10:96::1");
    n.dns_service_ip = *net::Address::parse(v4 ? "10.96.0.10" : "fd00:10:96::a");
    n.node_cidr_mask_size = v4 ? 24 : 64;
    n.pool.cidr = n.pod_subnet;
    n.pool.block_size = v4 ? 26 : 122;
    n.pool.encapsulation = "None";
    p.networks.add(family, n);
  }
  plan::Host host;
  host.name = "node-0";
  host.role = plan::HostRole::worker;
  host.addresses.add(net::Family::ipv4, *net::Address::parse("10.0.0.20"));
  host.addresses.add(net::Family::ipv6, *net::Address::parse("fd00::14"));
  p.hosts.push_back(host);
  return p;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const plan::Plan plan = fuzz_plan();
  if (size < 2) {
    return 0;
  }
  const auto resource = verify::all_resources[data[0] % verify::all_resources.size()];
  const std::size_t chunk = 1 + data[1];
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  verify::Verifier verifier(plan);
  verify::ItemSink& sink = verifier.begin(resource);
  verify::ListReaderLimits limits;
  limits.max_depth = 64;
  verify::ListReader reader("fuzz.json", sink, 0, limits);
  bool ok = true;
  for (std::size_t pos = 0; ok && pos < text.size(); pos += chunk) {
    ok = reader.feed(text.substr(pos, chunk)).has_value();
  }
  auto done = ok ? reader.finish() : tl::unexpected(verify::InputError{});
  if (done) {
    verifier.end(resource, done->items);
  } else {
    verifier.fail(resource, done.error());
  }
  const verify::Report report = verifier.finish();
  return report.exit_status() >= 0 ? 0 : 1;
}
