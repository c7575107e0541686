// Gateway steps: one gateway at a time, backups first, the VRRP master last; then the WireGuard
// clients, and a DNS-name API endpoint's new record. A backup holds no VIP, so reloading it touches
// no traffic; its new VRRP instance stays BACKUP while the master still sends the old family's
// adverts, because a keepalived sync group goes MASTER only when every instance in it wants to.
#include <dualstack/migrate/steps.hpp>

#include <dualstack/render/gateway/paths.hpp>
#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::migrate {

namespace {

namespace paths = render::gateway::paths;

// Where a gateway records the migrate steps it finished (a step's last command), so a playbook
// run started again skips them: a gateway's own state says nothing about whether every reload of
// the step ran.
constexpr std::string_view marker_dir = "/var/lib/dualstack/migrate";

std::string marker(const std::string& step_id)
{
  return fmt::format("{}/{}.done", marker_dir, step_id);
}

// Waits up to 5 s for `host` to hold `vip` (a VRRP handover takes a fraction of a second).
std::string wait_for_vip(const net::Address& vip)
{
  return fmt::format(
    "timeout 5 sh -c 'until ip -br address show | grep -qw {}; do sleep 0.1; done'",
    vip.to_string());
}

std::vector<std::string> gateway_changes(const StepContext& ctx)
{
  const plan::FamilyPlan& n = ctx.new_plan.network(ctx.added);
  const std::string fam = added_name(ctx);
  std::vector<std::string> out = {
    fmt::format("sysctl: {} forwarding and ip_nonlocal_bind", fam),
    fmt::format("nftables: the {} rules", fam),
  };
  for (const auto& endpoint : ctx.new_plan.wireguard_endpoints) {
    out.push_back(fmt::format("WireGuard {}: {} and every peer's {} address",
                              endpoint.interface_name,
                              render::gateway::with_length(*endpoint.gateway_address(ctx.added),
                                                           *endpoint.range(ctx.added)),
                              fam));
  }
  out.push_back(
    fmt::format("BIRD: {} BGP sessions from the VIP {} to every node", fam, n.vip.to_string()));
  out.push_back(
    fmt::format("keepalived: the VIP {} as a second VRRP instance, synced with the {} one",
                n.vip.to_string(),
                net::display_name(ctx.new_plan.primary())));
  out.push_back(
    fmt::format("HAProxy: the Kubernetes API and the lb_ports on {} too", n.vip.to_string()));
  return out;
}

std::vector<Command> apply_commands(const StepContext& ctx, const plan::Host& gateway)
{
  std::vector<Command> out;
  auto on = [&](std::string run) { out.push_back({ gateway.name, std::move(run) }); };
  on(fmt::format("sysctl --load={}", paths::sysctl));
  on(fmt::format("nft -c -f {0} && nft -f {0}", paths::nftables));
  for (const auto& endpoint : ctx.new_plan.wireguard_endpoints) {
    const std::string conf = fmt::format(
      "{}/{}.conf", paths::wireguard_dir, render::gateway::file_name(endpoint.interface_name));
    // syncconf keeps the sessions of peers that stay (setconf would drop them).
    on(fmt::format("wg syncconf {0} <(wg-quick strip {1})", endpoint.interface_name, conf));
    on(fmt::format("ip address replace {} dev {}",
                   render::gateway::with_length(*endpoint.gateway_address(ctx.added),
                                                *endpoint.range(ctx.added)),
                   endpoint.interface_name));
  }
  on(fmt::format("bird -p -c {} && birdc configure", paths::bird));
  on(fmt::format("haproxy -c -f {} && systemctl reload haproxy", paths::haproxy));
  return out;
}

Step gateway_step(const StepContext& ctx,
                  const plan::Host& gateway,
                  bool master,
                  const plan::Host* next)
{
  const plan::FamilyPlan& primary = ctx.new_plan.network(ctx.new_plan.primary());
  Step s;
  s.id = "gateway-" + gateway.name;
  s.title = fmt::format(
    "Gateway {} ({}, VRRP priority {}): WireGuard, BIRD, keepalived, HAProxy, nftables, "
    "sysctl gain {}",
    gateway.name,
    master ? "the master, last" : "a backup",
    gateway.vrrp_priority,
    added_name(ctx));
  s.changes = gateway_changes(ctx);
  s.files = files_of_host(ctx.artifacts, gateway.name);
  const std::string keepalived_check = fmt::format("keepalived -t -f {}", paths::keepalived);
  if (master && next) {
    s.disruptive = true;
    const int delay = ctx.new_plan.timers.vrrp_preempt_delay;
    const std::string back =
      delay > 0 ? fmt::format(
                    "and back (keepalived stops here first, and takes the VIPs back {} s after it "
                    "starts again)",
                    delay)
                : "(keepalived stops here first; with `nopreempt` the VIPs stay there when it "
                  "starts again)";
    s.disruption =
      fmt::format("yes: the VIP {} fails over to {} {}: API clients through the VIP, the lb_ports "
                  "and WireGuard "
                  "clients see one failover gap{} (the lab measures a median of about 0.5 s per "
                  "family, docs/lab.md); "
                  "the nodes' BGP sessions with the VIP re-establish on the new holder",
                  primary.vip.to_string(),
                  next->name,
                  back,
                  delay > 0 ? " each way" : "");
    s.commands.push_back({ gateway.name, keepalived_check });
    s.commands.push_back({ gateway.name, "systemctl stop keepalived" });
    s.commands.push_back({ next->name, wait_for_vip(primary.vip) });
    auto rest = apply_commands(ctx, gateway);
    s.commands.insert(s.commands.end(), rest.begin(), rest.end());
    s.commands.push_back({ gateway.name, "systemctl start keepalived" });
    // The VIPs of both families end up on one gateway: this one after a preempt delay, else `next`.
    s.checks.push_back(
      { delay > 0 ? gateway.name : next->name, wait_for_vip(ctx.new_plan.network(ctx.added).vip) });
    s.rollback = {
      fmt::format("On {}: `systemctl stop keepalived`, the running cluster's gateway files "
                  "(its render directory, gateways/{}/) back at their targets, the same reloads "
                  "(sysctl, nft -f, wg syncconf, birdc configure, systemctl reload haproxy), then "
                  "`systemctl start keepalived`: the VIPs stay on {} (one more failover gap if "
                  "they move back)",
                  gateway.name,
                  render::gateway::file_name(gateway.name),
                  next->name),
      "Then the backups the same way, in the opposite order; their old VRRP instance alone takes "
      "the VIPs over as before",
    };
    s.notes.push_back(
      "Do last the gateway that holds the VIPs now, whatever its priority: `ip -br address "
      "show` on each gateway tells which.");
  } else {
    s.disruptive = false;
    s.disruption =
      fmt::format("none: a backup holds no VIP, so no API, lb_ports, WireGuard or BGP traffic "
                  "passes through it; its new {} VRRP instance stays BACKUP while the master sends "
                  "{} adverts (a sync group goes MASTER only when all its instances want to). If "
                  "it holds the VIPs now (an earlier failover with `nopreempt`) it hands them to "
                  "the other gateways first: one failover gap",
                  added_name(ctx),
                  net::display_name(ctx.new_plan.primary()));
    if (!master) {
      // A backup holds no VIP. After a failover with `nopreempt` (e.g. a deploy that started the
      // backups first) this one may: it hands them over first (a priority-0 advert, so the
      // highest other gateway takes them at once), or its reload would drop them (found by
      // `lab migrate`, whose deployed lab has the VIPs on the first backup).
      s.commands.push_back(
        { gateway.name,
          fmt::format("if ip -br address show | grep -qw {}; then systemctl stop keepalived && "
                      "sleep 1 && systemctl start keepalived; fi",
                      primary.vip.to_string()) });
    }
    auto apply = apply_commands(ctx, gateway);
    s.commands.insert(s.commands.end(), apply.begin(), apply.end());
    s.commands.push_back({ gateway.name, keepalived_check + " && systemctl reload keepalived" });
    s.rollback = { fmt::format(
      "The running cluster's gateway files (its render directory, gateways/{}/) back at their "
      "targets, then the same commands: the old VRRP instance alone never held a VIP here",
      render::gateway::file_name(gateway.name)) };
    if (!master) {
      // The reloaded backup's new instance (and so its sync group) is FAULT until its health
      // check passed `rise` (2) times: it cannot take the VIPs over before. The master's step
      // must not start earlier, or the VIPs have no holder meanwhile (found by `lab migrate`:
      // 1.06 s outages when the master stopped 0.5 s after this reload).
      const int ready_s = 2 * ctx.new_plan.timers.health_check_interval + 1;
      s.commands.push_back(
        { gateway.name, fmt::format("{} && sleep {}", paths::check_script, ready_s) });
      s.notes.push_back(fmt::format(
        "After the reload this gateway is FAULT until its health check passed twice ({} s): do the "
        "next gateway only after `{}` succeeds and {} s have passed (the command above).",
        2 * ctx.new_plan.timers.health_check_interval,
        paths::check_script,
        ready_s));
    }
    if (master) {
      // The only gateway: nothing can take its VIPs over.
      s.disruptive = true;
      s.disruption =
        "yes: this is the only gateway; while keepalived reloads (its new instance starts in FAULT "
        "until the health check passes) the VIPs can drop for a few seconds";
    }
  }
  s.checks.insert(s.checks.begin(), { gateway.name, "birdc show protocols" });
  for (const auto& endpoint : ctx.new_plan.wireguard_endpoints) {
    s.checks.push_back(
      { gateway.name, fmt::format("wg show {} allowed-ips", endpoint.interface_name) });
  }
  s.notes.push_back("`dualstack verify` does not see gateways; the checks above do.");
  // Last: the gateway records the step as done (a run started again skips it).
  s.commands.push_back(
    { gateway.name, fmt::format("mkdir -p {} && touch {}", marker_dir, marker(s.id)) });
  s.done = { gateway.name, fmt::format("test -e {}", marker(s.id)) };
  return s;
}

Step clients_step(const StepContext& ctx)
{
  Step s;
  s.id = "wireguard-clients";
  s.title = fmt::format("WireGuard clients: new configs with their {} address", added_name(ctx));
  for (const auto& peer : ctx.new_plan.wireguard_peers) {
    std::vector<std::string> addresses;
    for (std::size_t e = 0; e < ctx.new_plan.wireguard_endpoints.size(); ++e) {
      for (const auto& [family, a] : peer.addresses[e]) {
        if (a.family() == ctx.added)
          addresses.push_back(a.to_string());
      }
    }
    s.changes.push_back(
      fmt::format("peer `{}` gains {}", peer.ident, render::gateway::join(addresses, ", ")));
  }
  s.disruptive = true;
  s.disruption =
    "each WireGuard client, for the moment it restarts its tunnel with the new config; a client "
    "that keeps its old config keeps its old tunnel";
  for (const auto& a : ctx.artifacts) {
    if (a.path.rfind("wireguard/clients/", 0) == 0)
      s.files.push_back({ a.path, a.host, a.target_path });
  }
  s.commands = { { "operator",
                   "send each peer its file from wireguard/clients/ (it holds no private key)",
                   true } };
  s.checks = { { "operator",
                 "wg show (on a client): a recent handshake, and both families in allowed ips",
                 true } };
  s.rollback = { "A client that keeps (or gets back) its old config keeps its old tunnel: the "
                 "gateways still accept it" };
  return s;
}

// A DNS-name API endpoint: the name's record of the added family, once HAProxy answers on that
// family's VIP (the gateway steps) and the clients route it.
Step api_dns_step(const StepContext& ctx)
{
  const std::string& name = ctx.new_plan.api.dns_name;
  const net::Address& vip = ctx.new_plan.network(ctx.added).vip;
  const char* record = ctx.added == net::Family::ipv6 ? "AAAA" : "A";
  Step s;
  s.id = "api-dns";
  s.title =
    fmt::format("DNS: the API name {} gains its {} record ({})", name, record, vip.to_string());
  s.changes = {
    fmt::format("{} {} {} (dns/api.zone)", name, record, vip.to_string()),
    fmt::format("hosts files that pin {}: the lines of dns/hosts, both VIPs", name),
  };
  s.disruptive = false;
  s.disruption = fmt::format(
    "no: HAProxy already answers on {} (the gateway steps) and the API certificate names {}; "
    "a client that cannot reach {} yet falls back to the other address",
    vip.to_string(),
    name,
    added_name(ctx));
  s.files = { file_at(ctx.artifacts, "dns/api.zone"), file_at(ctx.artifacts, "dns/hosts") };
  s.commands = {
    { "operator",
      fmt::format(
        "publish the {} record of dns/api.zone in the zone of {} (your DNS server or provider)",
        record,
        name),
      true },
    { "operator",
      fmt::format("where {} comes from /etc/hosts: replace its lines with those of dns/hosts",
                  name),
      true },
  };
  const std::string resolves = fmt::format("getent {} {} | grep -w {}",
                                           ctx.added == net::Family::ipv6 ? "ahostsv6" : "ahostsv4",
                                           name,
                                           vip.to_string());
  s.checks = { { "operator", resolves } };
  s.done = { "operator", resolves };
  s.rollback = { fmt::format("Remove the {} record again; clients fall back to the other address",
                             record) };
  return s;
}

} // namespace

std::vector<Step> gateway_steps(const StepContext& ctx)
{
  std::vector<const plan::Host*> gateways = ctx.new_plan.hosts_with(plan::HostRole::gateway);
  // Backups first: lowest priority first, the master (highest) last.
  std::stable_sort(gateways.begin(), gateways.end(), [](const plan::Host* a, const plan::Host* b) {
    return a->vrrp_priority < b->vrrp_priority;
  });
  std::vector<Step> steps;
  for (std::size_t i = 0; i < gateways.size(); ++i) {
    const bool master = i + 1 == gateways.size();
    const plan::Host* next = gateways.size() > 1 && master ? gateways[i - 1] : nullptr;
    steps.push_back(gateway_step(ctx, *gateways[i], master, next));
  }
  if (!ctx.new_plan.wireguard_peers.empty())
    steps.push_back(clients_step(ctx));
  if (!ctx.new_plan.api.dns_name.empty())
    steps.push_back(api_dns_step(ctx));
  return steps;
}

} // namespace dualstack::migrate
