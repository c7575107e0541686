// The commands of `dualstack migrate`'s gateway steps as the lab runs them: each command (a shell
// line written for a gateway VM with systemd) becomes actions inside the gateway's namespace. A
// command the lab does not know is an error, so a change of migrate's commands is noticed.
// Pure: nothing here touches the system.
#pragma once

#include <tl/expected.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

enum class ActionKind
{
  run,              // argv as is, inside the host's namespace (sysctl, nft, bird -p, -t, -c checks)
  birdc,            // birdc with argv as its arguments, on the host's BIRD control socket
  wg,               // wg with argv; argv[1] is the rendered interface name (wg show wg0 ...)
  wg_syncconf,      // wg syncconf <interface> <(wg-quick strip <file>)
  wg_address,       // ip address replace <address> dev <interface>
  holds_address,    // ip -br address show | grep -w <address>: the host holds it (waited for)
  keepalived_stop,  // systemctl stop keepalived
  keepalived_start, // systemctl start keepalived
  keepalived_reload, // systemctl reload keepalived
  haproxy_reload,    // systemctl reload haproxy
};

struct LabAction
{
  ActionKind kind = ActionKind::run;
  std::vector<std::string> argv; // run, birdc, wg
  std::string interface;         // wg_syncconf, wg_address: the rendered name (wg0)
  std::string file;              // wg_syncconf: the wg-quick file
  std::string address;           // wg_address (with its length), holds_address
};

// Returns the actions of one migrate command (`a && b` runs a, then b); an error names the part
// the lab cannot run.
tl::expected<std::vector<LabAction>, std::string> lab_actions(const std::string& command);

// Returns the error lines of a BIRD reply printed by `birdc -v` (reply codes 8xxx run-time and
// 9xxx parse-time errors), or nullopt if the command succeeded. birdc itself exits 0 either way,
// and a successful `show protocols` may contain "BGP Error: Hold timer expired" as a
// protocol's state, so only the reply codes tell.
std::optional<std::string> birdc_error(const std::string& verbose_reply);

} // namespace dualstack::lab
