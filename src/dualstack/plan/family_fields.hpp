// The config fields that belong to one address family, with their key names for messages, and
// the enabled families in primary order.
#pragma once

#include <dualstack/config/config.hpp>

#include <string>
#include <vector>

namespace dualstack::plan {

// A prefix-valued config field and its name.
struct PrefixField
{
  std::string_view key; // e.g. "pod_subnet_v6"
  std::string_view section;
  const Located<std::optional<net::Prefix>>* value;

  // Returns "[section] key" for messages.
  std::string name() const;
};

struct FamilyFields
{
  net::Family family;
  PrefixField cluster_subnet;
  PrefixField pod_subnet;
  PrefixField service_subnet;
  PrefixField loadbalancer_pool; // optional (value absent when not configured)
  const Located<int>* node_mask;
  std::string_view node_mask_key;
  const Located<int>* block_size;
  std::string_view block_size_key;
  const Located<std::string>* encapsulation;
  std::string_view encapsulation_key;
  const Located<bool>* nat_outgoing;
};

// Returns the fields of `family` in `config`.
FamilyFields fields_of(const config::Config& config, net::Family family);

// Returns the enabled families, primary first (empty when none is enabled). An invalid or
// disabled `primary_family` falls back to IPv4-first; the rules report it.
std::vector<net::Family> enabled_families(const config::Config& config);

// Returns the IPv4 pool encapsulation in operator spelling, reconciling yaook's `encapsulation`
// (operator) and `ipipmode` (manifest): `ipipmode = "Always"` means IPIP.
std::string ipv4_encapsulation(const config::Config& config);

} // namespace dualstack::plan
