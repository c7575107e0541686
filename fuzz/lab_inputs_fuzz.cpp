// Fuzzes what the lab reads from a rendered (or user-edited) tree: the Terraform JSON Neutron's
// model comes from (and the rulesets built from it), the Calico YAML objects the node stand-in
// follows, and Calico's selector language. The first byte picks the parser. Must never crash or
// hang; every outcome is a value or an error string.
#include <dualstack/lab/calico_objects.hpp>
#include <dualstack/lab/calico_selector.hpp>
#include <dualstack/lab/neutron_model.hpp>
#include <dualstack/lab/port_security.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace dualstack::lab;
  if (size == 0)
    return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      if (auto model = parse_neutron_model(text, "fuzz.tf.json")) {
        std::vector<LabPort> ports;
        std::vector<const NeutronPort*> neutron;
        for (const auto& port : model->ports) {
          ports.push_back({ port.name, "ns", "eth0", "p", "02:00:00:00:00:01" });
          neutron.push_back(&port);
          (void)security_group_ruleset(*model, port, "eth0");
        }
        (void)antispoofing_ruleset(ports, neutron);
      }
      break;
    case 1:
      (void)parse_calico_objects({ { "calico/bgp/bgppeers.yaml", text } });
      break;
    default:
      if (auto selector = CalicoSelector::parse(text))
        (void)selector->matches({ { "route-reflector", "true" } });
      break;
  }
  return 0;
}
