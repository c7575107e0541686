// The gateways' sysctl drop-in.
#include <dualstack/render/gateway/sysctl.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

namespace dualstack::render::gateway {

std::string sysctl_config(const plan::Plan& plan, const plan::Host& gateway)
{
  std::string out;
  out += fmt::format(
    "# sysctl on gateway {} of cluster {}: forwarding and non-local binds for the VIPs.\n",
    printable(gateway.name),
    printable(plan.cluster_name));
  if (plan.has(net::Family::ipv4)) {
    out += "net.ipv4.ip_forward = 1\n";
    out += "net.ipv4.ip_nonlocal_bind = 1\n";
    // ARP requests from the gateway's own address, never from the VIP: the master's WireGuard
    // packets leave from the VIP (notify hook), and a neighbour learns an ARP request's sender
    // address; a gateway that just gave the VIPs up must not announce them again that way.
    out += "net.ipv4.conf.all.arp_announce = 2\n";
  }
  if (plan.has(net::Family::ipv6)) {
    out += "net.ipv6.conf.all.forwarding = 1\n";
    out += "net.ipv6.ip_nonlocal_bind = 1\n";
    out += "net.ipv6.conf.default.accept_ra = 2\n";
    out += ipv6_interface_sysctl(plan.gateway_interface, "accept_ra", "2");
  }
  return out;
}

} // namespace dualstack::render::gateway
