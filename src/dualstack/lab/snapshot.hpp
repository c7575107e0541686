// The evidence of a failed lab run, kept before the lab goes down: the daemons' logs and each
// namespace's state (addresses, routes, BGP sessions, VRRP data, nftables, WireGuard peers).
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/report.hpp>

#include <string>

namespace dualstack::lab {

// Copies every file of the lab's run directory that a person reads to find a cause (the
// daemons' *.log, keepalived's data dumps) into `dir`, keeping their relative paths, and writes
// per namespace `<short name>/state.txt`: `ip address`, `ip route` of both families, `birdc show
// protocols all` and `show route` where BIRD runs, keepalived's data dump (SIGUSR1), `nft list
// ruleset`, `wg show` (public keys only). Never copies a private key. Returns `dir`.
tl::expected<std::string, std::string> take_snapshot(const LabContext& lab, const std::string& dir);

// Returns `text` with every path under the lab's run directory replaced by its copy in
// `snapshot_dir`, so a message that names a log names the copy that outlives the lab.
std::string point_at_snapshot(const LabContext& lab,
                              const std::string& snapshot_dir,
                              const std::string& text);

// Keeps a failed `report`'s evidence before the lab goes down: takes the snapshot into
// `<report.results_dir>/snapshot`, makes every check and evidence text that names a file of the
// run directory name its copy instead, and records the snapshot in the report. Does nothing for a
// report that passed. Returns the error if the snapshot could not be written.
Status keep_evidence(const LabContext& lab, Report& report);

} // namespace dualstack::lab
