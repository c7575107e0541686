// The keepalived health check: BIRD, HAProxy and WireGuard listen in this network namespace.
#include <dualstack/render/gateway/check_script.hpp>

#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/gateway/well_known.hpp>

#include <fmt/format.h>

namespace dualstack::render::gateway {

std::string check_script(const plan::Plan& plan, const plan::Host& gateway)
{
  std::string out;
  out += "#!/bin/sh\n";
  out += fmt::format("# keepalived health check on gateway {} of cluster {}: BIRD, HAProxy and "
                     "WireGuard listen here.\n",
                     printable(gateway.name),
                     printable(plan.cluster_name));
  out +=
    "# Exit 0 = ready. Sockets are per network namespace, so this needs no pid file or path.\n";
  // One `ss` for all listeners: keepalived runs this every second and fails over after two
  // runs past its timeout, so it must stay cheap on a busy gateway.
  out += "# One ss for every listener, as \" tcp:179 udp:7777 ...\" (this runs every second).\n";
  out += "listeners=\" $(ss -H -l -n -t -u 2>/dev/null | while read -r netid _ _ _ local _; do\n";
  out += "  printf '%s:%s ' \"$netid\" \"${local##*:}\"\n";
  out += "done)\"\n";
  out += "listens() { case \"$listeners\" in *\" ${1#--}:$2 \"*) return 0 ;; esac; return 1; }\n";
  out += fmt::format("listens --tcp {} || exit 1    # BIRD (BGP)\n", well_known::bgp_port);
  out += fmt::format("listens --tcp {} || exit 1    # HAProxy (Kubernetes API frontend)\n",
                     plan.api.frontend_port);
  for (const auto& endpoint : plan.wireguard_endpoints) {
    out += fmt::format(
      "listens --udp {} || exit 1    # WireGuard {}\n", endpoint.port, endpoint.interface_name);
  }
  out += "exit 0\n";
  return out;
}

} // namespace dualstack::render::gateway
