// Terraform steps: the new family's subnet and router interface, then every port's new address.
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/terraform/document.hpp>
#include <dualstack/render/terraform/network.hpp>

#include <fmt/format.h>

namespace dualstack::migrate {

namespace {

constexpr std::string_view main_tf = "terraform/main.tf.json";

// Stops (exit 1, naming them) when the saved plan `file` destroys or replaces a resource: a
// migration only adds resources and updates ports in place.
std::string nothing_destroyed(std::string_view file)
{
  return fmt::format(
    "terraform -chdir=terraform show -json {} | python3 -c 'import json, sys; bad = "
    "[r[\"address\"] for r in json.load(sys.stdin).get(\"resource_changes\", []) if "
    "\"delete\" in r[\"change\"][\"actions\"]]; sys.exit(\"destroys or replaces: \" + \" "
    "\".join(bad) if bad else 0)'",
    file);
}

std::string targets(net::Family family)
{
  using namespace render::terraform;
  return fmt::format("-target={}.{} -target={}.{}",
                     type::subnet,
                     subnet_name(family),
                     type::router_interface,
                     subnet_name(family));
}

Step subnet_step(const StepContext& ctx)
{
  const plan::FamilyPlan& n = ctx.new_plan.network(ctx.added);
  Step s;
  s.id = "network";
  s.title = fmt::format("Terraform: the {} subnet {} and its router interface",
                        added_name(ctx),
                        n.cluster_subnet.to_string());
  s.changes = {
    fmt::format(
      "OpenStack subnet {} ({}) on the cluster network, gateway {}, allocation pool {} - {}",
      n.cluster_subnet.to_string(),
      added_name(ctx),
      n.router.to_string(),
      n.dhcp_first.to_string(),
      n.dhcp_last.to_string()),
    fmt::format("router interface {} on that subnet", n.router.to_string()),
  };
  s.disruptive = false;
  s.disruption = "none: a new subnet and router interface are created; nothing that exists changes";
  s.files = { file_at(ctx.artifacts, main_tf) };
  const std::string t = targets(ctx.added);
  // A saved plan: what is applied is what was checked (and apply does not prompt).
  s.commands = {
    { "operator",
      fmt::format("terraform -chdir=terraform plan -input=false -out=network.tfplan {}", t) },
    { "operator", nothing_destroyed("network.tfplan") },
    { "operator", "terraform -chdir=terraform apply -input=false network.tfplan" },
  };
  s.checks = { { "operator",
                 fmt::format("terraform -chdir=terraform state show {}.{}",
                             render::terraform::type::subnet,
                             render::terraform::subnet_name(ctx.added)) } };
  s.done = s.checks.front();
  s.rollback = { fmt::format("terraform -chdir=terraform destroy {} (nothing uses the subnet yet)",
                             t) };
  s.notes = {
    "Run Terraform with the running cluster's state: put main.tf.json where that state is (or its "
    "backend configuration beside it). The plan must only add resources."
  };
  return s;
}

Step ports_step(const StepContext& ctx)
{
  const plan::FamilyPlan& n = ctx.new_plan.network(ctx.added);
  Step s;
  s.id = "ports";
  s.title = fmt::format("Terraform: every host's port and the VIP port gain their {} address",
                        added_name(ctx));
  s.changes = {
    fmt::format(
      "each host's port gains a fixed {} address in {} (the same offset as its {} address)",
      added_name(ctx),
      n.cluster_subnet.to_string(),
      net::display_name(ctx.new_plan.primary())),
    fmt::format("the VIP port gains {}; the gateways' ports may carry it (allowed address pairs)",
                n.vip.to_string()),
    fmt::format("security group rules for {}", added_name(ctx)),
  };
  s.disruptive = false;
  s.disruption = fmt::format(
    "none: Neutron updates the ports in place, every {} address stays, no VM is rebuilt",
    net::display_name(ctx.new_plan.primary()));
  s.files = { file_at(ctx.artifacts, main_tf) };
  s.commands = {
    { "operator", "terraform -chdir=terraform plan -input=false -out=ports.tfplan" },
    { "operator", nothing_destroyed("ports.tfplan") },
    { "operator", "terraform -chdir=terraform apply -input=false ports.tfplan" },
  };
  // `plan -detailed-exitcode` exits 0 only when the infrastructure matches main.tf.json.
  s.done = { "operator", "terraform -chdir=terraform plan -detailed-exitcode -input=false" };
  s.rollback = { "terraform apply with the running cluster's main.tf.json: the ports drop the new "
                 "address in place" };
  for (const auto& host : ctx.new_plan.hosts) {
    const auto address = host.address(ctx.added);
    s.checks.push_back({ host.name,
                         fmt::format("ip -{} address show | grep -w {}",
                                     ctx.added == net::Family::ipv6 ? 6 : 4,
                                     address->to_string()) });
  }
  s.notes = {
    "The second command stops if the plan replaces or destroys anything (-/+): only in-place "
    "updates (~) and new security group rules (+) are expected.",
    fmt::format("Each host must take its new address: with ipv6_address_mode `{}` it needs a "
                "DHCPv6 client on its "
                "cluster interface (e.g. `networkctl reconfigure eth0`, or `dhclient -6 eth0`).",
                ctx.new_plan.ipv6_address_mode),
  };
  if (ctx.added != net::Family::ipv6)
    s.notes.pop_back();
  return s;
}

} // namespace

std::vector<Step> network_steps(const StepContext& ctx)
{
  return { subnet_step(ctx), ports_step(ctx) };
}

} // namespace dualstack::migrate
