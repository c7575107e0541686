// Keeping a failed run's evidence: logs and per-namespace state, copied out of the run directory.
#include <dualstack/lab/snapshot.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

// Files of the run directory worth keeping: what the daemons wrote about themselves. Keys, the
// render tree and sockets stay behind.
bool worth_keeping(const fs::path& path)
{
  const std::string name = path.filename().string();
  return path.extension() == ".log" ||
         (name.rfind("keepalived.", 0) == 0 && name != "keepalived.pid");
}

std::string section(const std::string& title, const std::vector<std::string>& argv)
{
  const CommandResult r = run_command(argv, std::chrono::seconds(5));
  std::string command;
  for (const auto& a : argv)
    command += (command.empty() ? "" : " ") + a;
  return fmt::format("=== {} ({}; exit {})\n{}\n", title, command, r.status, r.output);
}

// Asks gateway `g`'s keepalived for its data dump (SIGUSR1: the VRRP process writes
// keepalived.data into its TMPDIR, the gateway's run directory) and waits up to 1 s for it.
void request_keepalived_dump(const LabContext& lab, const LabGateway& g)
{
  auto it = lab.state.pids.find(fmt::format("gw{}/keepalived", g.index));
  if (it == lab.state.pids.end() || !is_ours(it->second, lab.state.tag))
    return;
  const fs::path data = fs::path(lab.ns_dir(g.ns)) / "keepalived.data";
  std::error_code ec;
  fs::remove(data, ec);
  kill(it->second, SIGUSR1);
  const double end = now_s() + 1.0;
  while (!fs::exists(data) && now_s() < end)
    sleep_for(0.05);
  sleep_for(0.1); // the file is written in one go, but give it time to finish
}

std::string namespace_state(const LabContext& lab, const std::string& ns)
{
  std::string out;
  out += section("addresses", { "ip", "-n", ns, "address" });
  out += section("IPv4 routes", { "ip", "-n", ns, "-4", "route" });
  out += section("IPv6 routes", { "ip", "-n", ns, "-6", "route" });
  out += section("neighbours", { "ip", "-n", ns, "neigh" });
  const std::string bird = bird_socket(lab, ns);
  if (fs::exists(bird)) {
    out += section("BIRD protocols", { "birdc", "-s", bird, "show", "protocols", "all" });
    out += section("BIRD routes", { "birdc", "-s", bird, "show", "route" });
  }
  out += section("nftables", in_netns(ns, { "nft", "list", "ruleset" }));
  std::vector<std::string> wg_ifs;
  for (const auto& g : lab.topology.gateways)
    if (g.ns == ns)
      wg_ifs = g.wg_ifs;
  if (ns == lab.topology.client.ns)
    wg_ifs = { lab.topology.client.wg_if };
  for (const auto& wg_if : wg_ifs) // `wg show` prints no private key
    out += section("WireGuard " + wg_if, in_netns(ns, { "wg", "show", wg_if }));
  return out;
}

} // namespace

tl::expected<std::string, std::string> take_snapshot(const LabContext& lab, const std::string& dir)
{
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return tl::unexpected(fmt::format("cannot create {}: {}", dir, ec.message()));
  for (const auto& g : lab.topology.gateways)
    request_keepalived_dump(lab, g);
  for (const auto& ns : lab.state.namespaces) {
    if (ns.rfind(lab.topology.prefix, 0) != 0 || !fs::exists("/run/netns/" + ns))
      continue;
    const fs::path target = fs::path(dir) / ns.substr(lab.topology.prefix.size());
    fs::create_directories(target, ec);
    std::ofstream(target / "state.txt") << namespace_state(lab, ns);
  }
  for (auto it = fs::recursive_directory_iterator(lab.state.run_dir, ec);
       it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->path().filename() == "render" || it->path().filename() == "render-new") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || !worth_keeping(it->path()))
      continue;
    const fs::path target = fs::path(dir) / fs::relative(it->path(), lab.state.run_dir, ec);
    fs::create_directories(target.parent_path(), ec);
    fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, ec);
  }
  return dir;
}

std::string point_at_snapshot(const LabContext& lab,
                              const std::string& snapshot_dir,
                              const std::string& text)
{
  const std::string from = lab.state.run_dir;
  if (from.empty())
    return text;
  std::string out;
  std::size_t start = 0;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, start)) {
    out += text.substr(start, at - start) + snapshot_dir;
    start = at + from.size();
  }
  return out + text.substr(start);
}

Status keep_evidence(const LabContext& lab, Report& report)
{
  if (report.passed())
    return {};
  auto dir = take_snapshot(lab, report.results_dir + "/snapshot");
  if (!dir)
    return tl::unexpected(dir.error());
  for (auto& s : report.scenarios)
    for (auto& f : s.families) {
      for (auto& c : f.checks)
        c.what = point_at_snapshot(lab, *dir, c.what);
      f.evidence = point_at_snapshot(lab, *dir, f.evidence);
    }
  report.snapshot = *dir;
  return {};
}

} // namespace dualstack::lab
