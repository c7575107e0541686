// The gateways' keepalived config.
#include <dualstack/render/gateway/keepalived.hpp>

#include <dualstack/render/gateway/paths.hpp>
#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <utility>

namespace dualstack::render::gateway {

namespace {

constexpr std::string_view check_name = "dualstack_gateway_ready";

int own_priority(const plan::VrrpInstance& instance, const plan::Host& gateway)
{
  for (const auto& member : instance.members) {
    if (member.gateway == gateway.name)
      return member.priority;
  }
  return gateway.vrrp_priority;
}

void notify_lines(std::string& out)
{
  for (auto [key, state] : { std::pair{ "notify_master", "MASTER" },
                             std::pair{ "notify_backup", "BACKUP" },
                             std::pair{ "notify_fault", "FAULT" } }) {
    out += fmt::format("  {} \"{} {}\"\n", key, paths::notify_script, state);
  }
}

void instance_block(std::string& out,
                    const plan::Plan& plan,
                    const plan::VrrpInstance& instance,
                    const plan::Host& gateway)
{
  const auto own = gateway.address(instance.family);
  const plan::FamilyPlan& network = plan.network(instance.family);
  out += fmt::format("vrrp_instance {} {{\n", instance.name);
  out += "  state BACKUP                       # nopreempt / preempt_delay need BACKUP; the "
         "election decides\n";
  out += fmt::format("  interface {}\n", plan.gateway_interface);
  out += fmt::format("  virtual_router_id {}\n", instance.virtual_router_id);
  out += fmt::format("  priority {}\n", own_priority(instance, gateway));
  out += fmt::format("  advert_int {}\n", plan.timers.vrrp_advert_int);
  if (plan.timers.vrrp_preempt_delay == 0) {
    // Taking the VIPs back costs a WireGuard re-handshake (lost packets); staying backup costs
    // nothing, and iBGP keeps this gateway's pod routes ready for the next failover.
    out += "  nopreempt                          # a returning gateway stays backup: zero-loss "
           "failback\n";
  } else {
    out += fmt::format(
      "  preempt_delay {}                    # a returning gateway waits before taking over\n",
      plan.timers.vrrp_preempt_delay);
  }
  out += fmt::format("  unicast_src_ip {}\n", own->to_string());
  std::string peers;
  for (const auto& member : instance.members) {
    if (member.gateway != gateway.name)
      peers += fmt::format("    {}\n", member.address.to_string());
  }
  if (!peers.empty()) {
    out += "  unicast_peer {\n" + peers + "  }\n";
  }
  out += "  track_script {\n";
  out += fmt::format("    {}\n", check_name);
  out += "  }\n";
  out += "  virtual_ipaddress {\n";
  // An IPv6 VIP on the subnet's prefix would become the master's preferred source address (its
  // own health checks and backend connections would leave from the VIP); deprecated
  // (preferred_lft 0) it still receives everything but is never picked as a source.
  out += fmt::format("    {} dev {}{}\n",
                     with_length(instance.vip, network.cluster_subnet),
                     plan.gateway_interface,
                     instance.vip.family() == net::Family::ipv6 ? " preferred_lft 0" : "");
  out += "  }\n";
  // A master that stalled (a VM pause) resumes still MASTER while another gateway took over:
  // VRRP makes the lower priority yield, but the clients' WireGuard sessions and the router's
  // ARP entry went with the other gateway. So the higher one announces itself (GARP / NA) and
  // re-handshakes every peer; the lower one answers once before it yields, so the higher one
  // sees it even when its own adverts got there first (keepalived 2.2.7, keepalived.conf(5)).
  out +=
    fmt::format("  notify_master_rx_lower_pri \"{} MASTER_RX_LOWER_PRI\"\n", paths::notify_script);
  out += "  garp_lower_prio_repeat 3           # GARP/NA when a lower-priority master is seen\n";
  out += "  higher_prio_send_advert            # answer a higher-priority master before yielding\n";
  if (plan.vrrp_instances.size() == 1) {
    notify_lines(out); // no sync group for a single family: the instance runs the hook
  }
  out += "}\n";
}

} // namespace

std::string keepalived_config(const plan::Plan& plan, const plan::Host& gateway)
{
  std::string out;
  out += fmt::format("# keepalived on gateway {} of cluster {}: the VIPs, one VRRP instance per "
                     "family, one sync group.\n",
                     printable(gateway.name),
                     printable(plan.cluster_name));
  out += "global_defs {\n";
  out += fmt::format("  router_id {}\n", file_name(gateway.name));
  out += "  vrrp_version 3                     # fractional advert_int\n";
  // Gratuitous ARP / unsolicited NA: a burst at takeover, again after vrrp_garp_refresh, and
  // then every vrrp_garp_refresh while master. The refresh bounds how long a gateway whose
  // keepalived died (its kernel still holding the VIPs) can pull the VIPs' traffic back.
  out += "  vrrp_garp_master_repeat 3\n";
  out += fmt::format("  vrrp_garp_master_delay {}\n", plan.timers.vrrp_garp_refresh);
  out += fmt::format("  vrrp_garp_master_refresh {}\n", plan.timers.vrrp_garp_refresh);
  out += "  vrrp_garp_master_refresh_repeat 1\n";
  // nice -20 rather than `vrrp_rt_priority` (SCHED_RR): keepalived before 2.3.4 (Debian 12 ships
  // 2.2.7) sets the VRRP process's RLIMIT_RTTIME to 0 on every reload (upstream commit 970890c6),
  // so the kernel SIGKILLs it the next time a tick finds it running and the parent restarts it
  // cold: a reload of the master dropped its VIPs.
  out += "  vrrp_priority -20                  # nice -20: sub-second adverts on a busy CPU\n";
  out += "  script_user root\n";
  out += "  enable_script_security\n";
  out += "}\n\n";
  const int interval = plan.timers.health_check_interval;
  out += fmt::format("vrrp_script {} {{\n", check_name);
  out += fmt::format("  script \"{}\"\n", paths::check_script);
  out += fmt::format("  interval {}\n", interval);
  // A check that outlives its timeout counts as failed, and two in a row (fall 2) move the VIPs.
  // On a busy or briefly stalled gateway a 1 s timeout did exactly that: the lab's migration saw a
  // healthy master go FAULT under load and clients lose 1.4 s. Dead daemons still fail the check
  // at once (it exits 1); only a hung check takes the longer timeout.
  out += fmt::format("{:<37}# a busy gateway's check may run late\n",
                     fmt::format("  timeout {}", 3 * interval));
  out += "  rise 2\n";
  out += "  fall 2\n";
  out += "  init_fail                          # FAULT until BIRD, HAProxy and WireGuard listen\n";
  out += "}\n\n";
  if (plan.vrrp_instances.size() > 1) {
    // Both families' VIPs move together; the hook runs once per change of the group.
    out += fmt::format("vrrp_sync_group {} {{\n", plan.vrrp_sync_group);
    out += "  group {\n";
    for (const auto& [family, instance] : plan.vrrp_instances) {
      out += fmt::format("    {}\n", instance.name);
    }
    out += "  }\n";
    notify_lines(out);
    out += "}\n";
  }
  for (const auto& [family, instance] : plan.vrrp_instances) {
    out += "\n";
    instance_block(out, plan, instance, gateway);
  }
  return out;
}

} // namespace dualstack::render::gateway
