// Helpers of the host-check tests: `ip -j` output of a clean test-worker-0 (verify_test_support's
// Plan), and that Plan with its routers.
#pragma once

#include "verify/verify_test_support.hpp"

#include <dualstack/verify/host/host_state.hpp>
#include <dualstack/verify/host/ip_json.hpp>

#include <string>

namespace dualstack::verify::host::testing {

// `ip -j addr show` on test-worker-0 (10.0.0.21/24, fd00::15/120 on eth0, a cali* veth).
inline const std::string addr_json =
  R"([{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"addr_info":[)"
  R"({"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo"},)"
  R"({"family":"inet6","local":"::1","prefixlen":128,"scope":"host"}]},)"
  R"({"ifindex":2,"ifname":"eth0","flags":["BROADCAST","UP"],"mtu":1450,"addr_info":[)"
  R"({"family":"inet","local":"10.0.0.21","prefixlen":24,"scope":"global","label":"eth0"},)"
  R"({"family":"inet6","local":"fd00::15","prefixlen":120,"scope":"global"},)"
  R"({"family":"inet6","local":"fe80::f816:3eff:fe12:3456","prefixlen":64,"scope":"link"}]},)"
  R"({"ifindex":7,"ifname":"cali1234abcd","flags":["UP"],"addr_info":[]}])";

// `ip -j -4 route show table main`: default via the router, a BGP block route, Calico's
// blackhole for the local block, a local pod.
inline const std::string route4_json =
  R"([{"dst":"default","gateway":"10.0.0.1","dev":"eth0","flags":[]},)"
  R"({"dst":"10.0.0.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"10.0.0.21","flags":[]},)"
  R"({"type":"blackhole","dst":"10.244.1.0/26","protocol":"bird","flags":[]},)"
  R"({"dst":"10.244.1.5","dev":"cali1234abcd","scope":"link","flags":[]},)"
  R"({"dst":"10.244.2.0/26","gateway":"10.0.0.22","dev":"eth0","protocol":"bird","flags":[]}])";

// `ip -j -6 route show table main`: default via the router's link-local address (RA), a BGP
// block route, a local pod.
inline const std::string route6_json =
  R"([{"dst":"fd00::/120","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"},)"
  R"({"dst":"fd00:10:244::5","dev":"cali1234abcd","metric":1024,"flags":[],"pref":"medium"},)"
  R"({"dst":"fd00:10:244::40/122","gateway":"fd00::16","dev":"eth0","protocol":"bird","metric":1024,"flags":[]},)"
  R"({"dst":"fe80::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"},)"
  R"({"dst":"default","gateway":"fe80::1","dev":"eth0","protocol":"ra","metric":1024,"flags":[]}])";

// The Plan of verify_test_support with the OpenStack routers (+1) set.
inline plan::Plan host_plan(bool dual = true, net::Family primary = net::Family::ipv4)
{
  plan::Plan plan = verify::testing::test_plan(dual, primary);
  for (net::Family family : plan.families()) {
    plan::FamilyPlan& network = plan.networks.at(family);
    network.router = *network.cluster_subnet.nth(1);
  }
  return plan;
}

// Returns the state parsed from the given `ip -j` outputs, forwarding on for both families.
inline HostState state_of(const std::string& addr = addr_json,
                          const std::string& route4 = route4_json,
                          const std::string& route6 = route6_json)
{
  HostState state;
  state.addresses = parse_ip_addr(addr).value();
  state.routes = parse_ip_route(route4, net::Family::ipv4).value();
  const auto v6 = parse_ip_route(route6, net::Family::ipv6).value();
  state.routes.insert(state.routes.end(), v6.begin(), v6.end());
  state.forwarding_ipv4 = true;
  state.forwarding_ipv6 = true;
  return state;
}

// Returns `text` with `from` replaced by `to` (once); `from` must occur.
inline std::string with(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

} // namespace dualstack::verify::host::testing
