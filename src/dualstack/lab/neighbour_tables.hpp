// The kernel's neighbour tables (ARP and NDP caches) for labs bigger than one machine's default.
//
// Every VM of a real cluster has a kernel of its own; the lab's hosts are network namespaces of
// one kernel, and that kernel's neighbour tables are shared: the garbage-collection thresholds
// (net.ipv{4,6}.neigh.default.gc_thresh1..3, writable in the initial namespace only) count the
// entries of every namespace together. A 64-node lab holds more than the default gc_thresh3 of
// 1024 IPv6 entries, and the kernel then refuses new ones ("neighbour: ndisc_cache: neighbor
// table overflow!"): probes were lost for a second at a time in scenarios that move nothing, a
// fault no real cluster has. A lab that needs more raises the thresholds for its life; the last
// lab taken down puts the machine's own values back.
#pragma once

#include <tl/expected.hpp>

#include <array>
#include <cstddef>
#include <string>

namespace dualstack::lab {

// gc_thresh1, gc_thresh2, gc_thresh3.
using NeighbourThresholds = std::array<long, 3>;

// Returns the thresholds a lab with `hosts` hosts on one link needs: every host may hold an entry
// for every other, per family and (IPv6) for the global and the link-local address.
NeighbourThresholds neighbour_thresholds_for(std::size_t hosts);

struct NeighbourTables
{
  std::string proc_net = "/proc/sys/net"; // where the sysctls live
  std::string record; // the machine's own values, written once by the first raise

  // Raises both families' thresholds to `needed` where they are lower. The values they had
  // before any lab raised them are kept in `record` (if it does not exist yet).
  tl::expected<void, std::string> reserve(const NeighbourThresholds& needed) const;

  // Puts back the values in `record` and removes it. Call when no lab is left.
  tl::expected<void, std::string> restore() const;
};

// The machine's tables, recorded under state_root().
NeighbourTables machine_neighbour_tables();

} // namespace dualstack::lab
