// Neutron's port security and security groups on the lab's network, from the rendered Terraform
// (neutron_model.hpp), so a missing allowed address pair or security-group rule fails a scenario
// here as it would on OpenStack:
// - anti-spoofing, stateless, on the switch (nftables bridge family, per bridge port): a frame
//   leaves a port only with the port's MAC and a source address among its fixed IPs, allowed
//   address pairs and its MAC's IPv6 link-local address (ARP included); no router advertisement
//   and no DHCP server reply from an instance.
// - security groups, stateful, at each host's NIC (nftables inet family with conntrack in the
//   host's namespace, before and after the host's own rules): ingress only what a rule of the
//   port's groups allows, egress likewise (Neutron's default groups allow all egress).
// The stateful half sits in the host's namespace because this kernel has no bridge conntrack
// (nf_conntrack_bridge); Neutron's iptables firewall keeps conntrack per port as well.
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/neutron_model.hpp>

#include <string>
#include <vector>

namespace dualstack::lab {

// A lab host's port on the cluster network, as Neutron sees it.
struct LabPort
{
  std::string host;        // Plan host name: the Neutron port's `name`
  std::string ns;          // the host's namespace
  std::string nic;         // its NIC in `ns`
  std::string switch_port; // the NIC's peer on the cluster bridge
  std::string mac;         // the NIC's MAC: the Neutron port's MAC
};

// Returns the IPv6 link-local address Neutron allows a port with `mac` (modified EUI-64).
net::Address link_local_of(const std::string& mac);

// Returns the switch's nftables ruleset (bridge family) for `ports`, `neutron[i]` being the
// Neutron port of `ports[i]`.
std::string antispoofing_ruleset(const std::vector<LabPort>& ports,
                                 const std::vector<const NeutronPort*>& neutron);

// Returns the nftables ruleset (inet family) a host applies at `nic` for `port`'s security groups.
std::string security_group_ruleset(const NeutronModel& model,
                                   const NeutronPort& port,
                                   const std::string& nic);

// Reads `terraform` (a rendered terraform/main.tf.json) and enforces it on the running lab: the
// switch's anti-spoofing and every gateway's and node's security groups. Replaces what an earlier
// call enforced (a migration's new ports). Fails when a lab host has no port in the file.
Status enforce_neutron(LabContext& lab, const std::string& terraform);

// Returns what Neutron's enforcement dropped so far on `family` (and family-less drops such as a
// wrong MAC), each line naming the Terraform resource to mend and, where known, the dropped
// sources or flows; "" when nothing was dropped.
std::string neutron_drops(const LabContext& lab, net::Family family);

// The nftables table both halves use (bridge family on the switch, inet family on the hosts).
inline constexpr const char* neutron_table = "dualstack_neutron";

} // namespace dualstack::lab
