// Options of the synthetic cluster dump generator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dualstack::verify::gen {

struct DumpOptions
{
  std::size_t pods = 150'000;    // hostNetwork pods (kube-proxy, calico-node) included
  std::size_t services = 30'000; // kubernetes and kube-dns included
  std::size_t endpoint_slices = 30'000;
  std::size_t defects = 0; // defects to plant (see defects.json)
  std::uint64_t seed = 1;
};

// One defect planted in the dump: the finding verify must make for it.
struct PlantedDefect
{
  std::string check; // check id
  std::string kind;
  std::string ns;
  std::string name;
  std::string what; // what was changed
};

} // namespace dualstack::verify::gen
