// Felix's natOutgoing on the lab's node stand-ins.
#include <dualstack/lab/nat_outgoing.hpp>

#include <dualstack/lab/files.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

namespace {

using net::Family;

std::string elements(const std::vector<IpPoolObject>& pools, Family family, bool masquerading_only)
{
  std::string out;
  for (const auto& pool : pools) {
    if (pool.cidr.family() != family)
      continue;
    if (masquerading_only && (!pool.nat_outgoing || pool.disabled))
      continue;
    out += (out.empty() ? "" : ", ") + pool.cidr.to_string();
  }
  return out;
}

} // namespace

std::string nat_outgoing_ruleset(const std::vector<IpPoolObject>& pools)
{
  std::string sets, rules;
  for (Family family : { Family::ipv4, Family::ipv6 }) {
    const std::string masq = elements(pools, family, true);
    if (masq.empty())
      continue;
    const std::string f(net::to_string(family));
    const char* type = family == Family::ipv4 ? "ipv4_addr" : "ipv6_addr";
    const char* ip = family == Family::ipv4 ? "ip" : "ip6";
    // Felix's ipsets cali40masq-ipam-pools / cali40all-ipam-pools (cali60... for IPv6).
    sets += fmt::format("  set masq_ipam_pools_{} {{\n    type {};\n    flags interval;\n    "
                        "elements = {{ {} }}\n  }}\n",
                        f,
                        type,
                        masq);
    sets += fmt::format("  set all_ipam_pools_{} {{\n    type {};\n    flags interval;\n    "
                        "elements = {{ {} }}\n  }}\n",
                        f,
                        type,
                        elements(pools, family, false));
    rules +=
      fmt::format("    {0} saddr @masq_ipam_pools_{1} {0} daddr != @all_ipam_pools_{1} masquerade "
                  "comment \"cali-nat-outgoing: natOutgoing pool to outside every pool\"\n",
                  ip,
                  f);
  }
  if (rules.empty())
    return "";
  return fmt::format("table inet {0}\ndelete table inet {0}\n"
                     "# Felix's natOutgoing (cali-nat-outgoing) from the rendered IPPools.\n"
                     "table inet {0} {{\n{1}"
                     "  chain postrouting {{\n    type nat hook postrouting priority srcnat; "
                     "policy accept;\n{2}  }}\n}}\n",
                     nat_outgoing_table,
                     sets,
                     rules);
}

Status apply_nat_outgoing(LabContext& lab)
{
  auto objects = read_calico_objects(lab.render_dir());
  if (!objects)
    return tl::unexpected(objects.error());
  const std::string rules = nat_outgoing_ruleset(objects->pools);
  if (rules.empty())
    return {};
  for (const auto& n : lab.topology.nodes) {
    const std::string path = lab.ns_dir(n.ns) + "/nat-outgoing.nft";
    LAB_TRY(write_file(path, rules, 0644));
    LAB_TRY(must_run_in(n.ns, { "nft", "-f", path }));
  }
  lab.say(fmt::format("network: Calico natOutgoing (Felix's masquerade) on {} nodes",
                      lab.topology.nodes.size()));
  return {};
}

} // namespace dualstack::lab
