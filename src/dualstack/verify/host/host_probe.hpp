// Reads the HostState of the machine (network namespace) this process runs in: `ip -j` for
// addresses and routes, /proc/sys for the forwarding sysctls.
#pragma once

#include <dualstack/verify/host/host_state.hpp>

#include <tl/expected.hpp>

#include <string>
#include <vector>

namespace dualstack::verify::host {

// Where the probe reads from; tests point `proc_sys` at a directory of their own.
struct ProbeOptions
{
  std::string ip = "ip"; // the iproute2 binary, found through PATH
  std::string proc_sys = "/proc/sys";
};

// Runs `argv` (no shell) and returns its standard output; an error names the command and says
// how it failed (not found, exit status, signal). Standard error is passed through.
tl::expected<std::string, std::string> run_capture(const std::vector<std::string>& argv);

// Returns the addresses, main-table routes of both families and forwarding sysctls of this
// network namespace. A sysctl that cannot be read stays nullopt; a failing `ip` is an error.
tl::expected<HostState, std::string> probe_host(const ProbeOptions& options = {});

// Returns this machine's host name (gethostname), or "" if it has none.
std::string local_hostname();

} // namespace dualstack::verify::host
