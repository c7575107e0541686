// A lab gateway as a fresh VM: sshd, empty /etc directories, the systemctl stand-in.
#include <dualstack/lab/deploy_host.hpp>

#include <dualstack/lab/files.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/state.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <sys/stat.h>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

// The stand-in's body; @RUN@, @TAG@, @NAME@ are filled in. POSIX sh: the playbook calls it as
// `systemctl VERB [--now] [--quiet] UNIT...`.
constexpr std::string_view standin_body = R"sh(#!/bin/sh
# The dualstack lab's systemctl stand-in on gateway @NAME@ (a network namespace has no systemd).
# It maps the deploy playbook's verbs onto daemons the lab sees: pid files and logs in @RUN@,
# every process tagged for `dualstack lab down`. A verb or unit it does not know is an error.
set -u
export DUALSTACK_LAB_TAG='@TAG@'
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
run='@RUN@'
quiet=0 now=0 verb='' units=''
for a in "$@"; do
  case $a in
    -q|--quiet) quiet=1 ;;
    --now) now=1 ;;
    --no-pager|--no-block) ;;
    -*) echo "systemctl (lab stand-in): option $a is not supported" >&2; exit 1 ;;
    *) if [ -z "$verb" ]; then verb=$a; else units="$units $a"; fi ;;
  esac
done

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# spawn LOG PIDFILE CMD...: in the background, in its own session, stdin from /dev/null
spawn() {
  log=$1 pidfile=$2; shift 2
  setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}
waitfor() { i=0; while ! eval "$1" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done; eval "$1"; }
stop_pid() { [ -s "$1" ] && kill "$(cat "$1")" 2>/dev/null; rm -f "$1"; return 0; }

active() {
  case $1 in
    nftables) [ -e "$run/nftables.active" ] ;;
    wg-quick@*) alive "$run/wireguard-go-${1#wg-quick@}.pid" ;;
    bird) alive "$run/bird.pid" ;;
    haproxy) alive "$run/haproxy.pid" ;;
    keepalived) alive "$run/keepalived.pid" ;;
    dualstack-endpoint-sync) alive "$run/dualstack-endpoint-sync.pid" ;;
    *) echo "systemctl (lab stand-in): unknown unit $1" >&2; return 4 ;;
  esac
}

start() {
  active "$1" && return 0
  case $1 in
    nftables) nft -f /etc/nftables.conf && touch "$run/nftables.active" ;;
    wg-quick@*)
      # wg-quick falls back to this userspace implementation (no kernel module here).
      WG_QUICK_USERSPACE_IMPLEMENTATION="$run/wireguard-go-foreground" wg-quick up "${1#wg-quick@}" ;;
    bird)
      mkdir -p /run/bird && ln -sf "$run/bird.ctl" /run/bird/bird.ctl
      spawn "$run/bird.log" "$run/bird.pid" bird -f -c /etc/bird/bird.conf -s "$run/bird.ctl"
      waitfor '[ -S "$run/bird.ctl" ]' ;;
    haproxy)
      spawn "$run/haproxy.log" "$run/haproxy.pid" haproxy -db -f /etc/haproxy/haproxy.cfg
      # Type=notify in systemd: a start that fails (it cannot bind) fails systemctl too.
      sleep 0.5; alive "$run/haproxy.pid" || { echo "haproxy failed to start; see $run/haproxy.log" >&2; return 1; } ;;
    keepalived)
      rm -f "$run/keepalived-vrrp.pid"
      # keepalived writes its own pid files (and refuses to start if one names a running process)
      TMPDIR=$run spawn "$run/keepalived.log" /dev/null keepalived -P -n -l -D -G \
        -f /etc/keepalived/keepalived.conf -p "$run/keepalived.pid" -r "$run/keepalived-vrrp.pid"
      waitfor 'alive "$run/keepalived-vrrp.pid"' ;;
    dualstack-endpoint-sync)
      spawn "$run/dualstack-endpoint-sync.log" "$run/dualstack-endpoint-sync.pid" \
        python3 /etc/keepalived/dualstack-endpoint-sync /etc/keepalived/dualstack-endpoint-sync.json ;;
  esac
}

stop() {
  case $1 in
    nftables) nft flush ruleset; rm -f "$run/nftables.active" ;;
    wg-quick@*) wg-quick down "${1#wg-quick@}"; stop_pid "$run/wireguard-go-${1#wg-quick@}.pid" ;;
    bird | haproxy | keepalived | dualstack-endpoint-sync) stop_pid "$run/$1.pid" ;;
  esac
}

reload() {
  active "$1" || { echo "systemctl (lab stand-in): $1 is not active, cannot reload" >&2; return 1; }
  case $1 in
    nftables) nft -f /etc/nftables.conf ;;
    wg-quick@*) i=${1#wg-quick@}; wg-quick strip "$i" >"$run/$i.strip" && wg syncconf "$i" "$run/$i.strip" ;;
    bird) birdc -s "$run/bird.ctl" configure ;;
    haproxy)
      old=$(cat "$run/haproxy.pid")
      spawn "$run/haproxy.log" "$run/haproxy.pid" haproxy -db -f /etc/haproxy/haproxy.cfg -sf "$old" ;;
    keepalived) kill -HUP "$(cat "$run/keepalived.pid")" ;;
  esac
}

[ "$verb" = daemon-reload ] && exit 0 # the stand-in reads no unit files
[ -n "$units" ] || { echo "systemctl (lab stand-in): no unit given" >&2; exit 1; }
status=0
for unit in $units; do
  unit=${unit%.service}
  active "$unit" >/dev/null 2>&1; state=$?
  [ $state = 4 ] && { active "$unit"; exit 4; }
  case $verb in
    is-active)
      if [ $state = 0 ]; then [ $quiet = 1 ] || echo active; else [ $quiet = 1 ] || echo inactive; status=3; fi ;;
    enable) [ $now = 1 ] && { start "$unit" || status=1; } ;;
    start) start "$unit" || status=1 ;;
    stop) stop "$unit" ;;
    restart) stop "$unit"; start "$unit" || status=1 ;;
    reload) reload "$unit" || status=1 ;;
    *) echo "systemctl (lab stand-in): verb $verb is not supported" >&2; exit 1 ;;
  esac
done
exit $status
)sh";

// wireguard-go for wg-quick's userspace fallback: in the foreground under the lab's eyes (pid
// file, log), returning once its control socket exists, as wireguard-go's own daemon mode does.
constexpr std::string_view wireguard_go_body = R"sh(#!/bin/sh
set -u
run='@RUN@'
setsid env LOG_LEVEL=error WG_PROCESS_FOREGROUND=1 wireguard-go -f "$1" \
  >>"$run/wireguard-go-$1.log" 2>&1 </dev/null &
echo $! >"$run/wireguard-go-$1.pid"
i=0
while [ ! -S "/var/run/wireguard/$1.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -S "/var/run/wireguard/$1.sock" ]
)sh";

std::string fill(std::string_view body, const std::map<std::string, std::string>& values)
{
  std::string out(body);
  for (const auto& [key, value] : values) {
    const std::string marker = "@" + key + "@";
    for (auto at = out.find(marker); at != std::string::npos;
         at = out.find(marker, at + value.size()))
      out.replace(at, marker.size(), value);
  }
  return out;
}

// The first path component under /etc of each MANIFEST file of `host` (bird, keepalived,
// nftables.conf, ...), each with the directories under /etc its files go to (bird,
// systemd/system, ...; none: the entry is a file).
std::map<std::string, std::set<std::string>> etc_entries(const LabContext& lab,
                                                         const std::string& host)
{
  std::map<std::string, std::set<std::string>> out;
  auto manifest =
    nlohmann::json::parse(read_file(lab.render_dir() + "/MANIFEST.json"), nullptr, false);
  if (manifest.is_discarded())
    return out;
  for (const auto& file : manifest["files"]) {
    if (file.value("host", "") != host)
      continue;
    const std::string target = file.value("target_path", "");
    if (target.rfind("/etc/", 0) != 0)
      continue;
    const std::string rest = target.substr(5);
    const auto slash = rest.find('/');
    auto& dirs = out[rest.substr(0, slash)];
    if (slash != std::string::npos)
      dirs.insert(rest.substr(0, rest.rfind('/')));
  }
  return out;
}

std::string ssh_dir(const LabContext& lab, const std::string& ns)
{
  return lab.ns_dir(ns) + "/ssh";
}

constexpr int owner_rw = 0600;

// sshd in namespace `ns` for host `name` (pid recorded as `<key>/sshd`), in a mount namespace of
// its own (`ip netns exec` makes it a slave of the host's) where `mounts` (shell commands) run
// first; its sessions get the lab's tag and `session_env` (" NAME=VALUE..."). Before it: the
// /etc directories of the host's MANIFEST files, empty.
Status start_sshd(LabContext& lab,
                  const std::string& ns,
                  const std::string& name,
                  const std::string& key,
                  const std::string& authorized_key,
                  const std::string& mounts,
                  const std::string& session_env)
{
  const std::string dir = lab.ns_dir(ns);
  const std::string ssh = ssh_dir(lab, ns);
  std::error_code ec;
  fs::create_directories(ssh, ec);
  fs::permissions(ssh, fs::perms::owner_all, ec);
  const std::string host_key = ssh + "/host_ed25519";
  if (!fs::exists(host_key))
    LAB_TRY(
      must_run({ "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", host_key }));
  LAB_TRY(write_file(ssh + "/authorized_keys", authorized_key + "\n", owner_rw));
  LAB_TRY(write_file(ssh + "/sshd_config",
                     fmt::format("# sshd of lab host {}: root by key only, as a cloud VM.\n"
                                 "Port 22\nHostKey {}\nPidFile {}/sshd.pid\n"
                                 "AuthorizedKeysFile {}/authorized_keys\n"
                                 "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                                 "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
                                 "PrintMotd no\nSubsystem sftp internal-sftp\n",
                                 name,
                                 host_key,
                                 dir,
                                 ssh),
                     owner_rw));
  // A fresh VM's /etc: the directories the rendered files go to exist (as the packages and
  // systemd made them) and are empty. `ip netns exec` binds each entry of /etc/netns/<ns>/ over
  // /etc/<entry>, for sshd's sessions too.
  const std::string etc = "/etc/netns/" + ns;
  for (const auto& [entry, dirs] : etc_entries(lab, name)) {
    // Only what the host has: `ip netns exec` cannot bind over a missing /etc/<entry>, and a
    // session would then write the host's own /etc. (Nodes' /etc/kubernetes is written by the
    // kubeadm plays, which the lab does not run.)
    if (!fs::exists("/etc/" + entry))
      continue;
    for (const auto& sub : dirs)
      fs::create_directories(etc + "/" + sub, ec);
    if (dirs.empty() && !fs::exists(etc + "/" + entry))
      LAB_TRY(write_file(etc + "/" + entry, "", owner_rw));
  }
  if (ec)
    return tl::unexpected(fmt::format("cannot make {}: {}", etc, ec.message()));
  // The tag on sshd's command line (its process title overwrites its environment) and, through
  // SetEnv, in every session: what the playbook starts is the lab's to stop.
  const std::string tag = std::string(tag_variable) + "=" + lab.state.tag;
  const std::string setup = fmt::format(
    "mkdir -p /run/sshd && {}exec /usr/sbin/sshd -D -e -f {}/sshd_config -o 'SetEnv={}{}'",
    mounts,
    ssh,
    tag,
    session_env);
  const pid_t sshd = spawn_process(in_netns(ns, { "sh", "-c", setup }), dir + "/sshd.log");
  lab.record_pid(key + "/sshd", sshd);
  if (!wait_listening(ns, 22, 5, sshd))
    return tl::unexpected(
      fmt::format("sshd on {} does not listen on port 22; see {}/sshd.log", name, dir));
  return {};
}

} // namespace

std::string systemctl_standin(const LabContext& lab,
                              const LabGateway& g,
                              const std::string& run_dir)
{
  return fill(standin_body, { { "RUN", run_dir }, { "TAG", lab.state.tag }, { "NAME", g.name } });
}

namespace {

constexpr const char* var_lib_dualstack = "/var/lib/dualstack";

std::string var_lib_record()
{
  return state_root() + "/var-lib-dualstack.created";
}

// Makes the mount point if this machine lacks it, and records that it did.
Status make_var_lib_mount_point()
{
  std::error_code ec;
  if (fs::exists(var_lib_dualstack, ec))
    return {};
  LAB_TRY(
    write_file(var_lib_record(), "made by dualstack lab; removed by the last lab down\n", 0644));
  fs::create_directories(var_lib_dualstack, ec);
  if (ec)
    return tl::unexpected(fmt::format("cannot create {}: {}", var_lib_dualstack, ec.message()));
  return {};
}

} // namespace

void remove_var_lib_mount_point()
{
  std::error_code ec;
  if (!fs::exists(var_lib_record(), ec))
    return;
  if (fs::is_directory(var_lib_dualstack, ec) && fs::is_empty(var_lib_dualstack, ec))
    fs::remove(var_lib_dualstack, ec);
  fs::remove(var_lib_record(), ec);
}

Status start_gateway_host(LabContext& lab, const LabGateway& g, const std::string& authorized_key)
{
  const std::string dir = lab.ns_dir(g.ns);
  constexpr int exec = 0755;
  LAB_TRY(write_file(dir + "/bin/systemctl", systemctl_standin(lab, g, dir), exec));
  LAB_TRY(write_file(
    dir + "/wireguard-go-foreground", fill(wireguard_go_body, { { "RUN", dir } }), exec));
  std::error_code ec;
  fs::create_directories(dir + "/run-bird", ec);
  fs::create_directories(dir + "/run-wireguard", ec);
  fs::create_directories(dir + "/var-lib-dualstack", ec);
  LAB_TRY(make_var_lib_mount_point());
  // The stand-in first on PATH, /run/bird, /run/wireguard and /var/lib/dualstack (the migration
  // playbook's step markers) private, as on a VM (wireguard-go's control sockets are otherwise
  // shared by every namespace). The mount points are empty directories of this machine.
  const std::string mounts = fmt::format(
    "mkdir -p /run/bird /run/wireguard /var/lib/dualstack && mount --bind {0}/bin /usr/local/sbin "
    "&& mount --bind {0}/run-bird /run/bird && mount --bind {0}/run-wireguard /run/wireguard && "
    "mount --bind {0}/var-lib-dualstack /var/lib/dualstack && ",
    dir);
  // ANSIBLE_UNSAFE_WRITES for the modules in its sessions: `ip netns exec` bind-mounts
  // /etc/netns/<ns>/nftables.conf over /etc/nftables.conf, and a rename cannot replace a mount
  // point, so Ansible writes that file in place. On a VM every rename succeeds and the setting
  // does nothing.
  return start_sshd(lab,
                    g.ns,
                    g.name,
                    fmt::format("gw{}", g.index),
                    authorized_key,
                    mounts,
                    " ANSIBLE_UNSAFE_WRITES=1");
}

Status start_node_host(LabContext& lab, const LabNode& n, const std::string& authorized_key)
{
  return start_sshd(
    lab, n.ns, n.name, n.ns.substr(lab.topology.prefix.size()), authorized_key, "", "");
}

std::string host_public_key(const LabContext& lab, const std::string& ns)
{
  std::string key = read_file(ssh_dir(lab, ns) + "/host_ed25519.pub");
  while (!key.empty() && (key.back() == '\n' || key.back() == ' '))
    key.pop_back();
  // "ssh-ed25519 AAAA... comment" -> without the comment
  const auto second = key.find(' ', key.find(' ') + 1);
  return second == std::string::npos ? key : key.substr(0, second);
}

Status record_deployed_pids(LabContext& lab, const LabGateway& g)
{
  const std::string dir = lab.ns_dir(g.ns);
  const std::string k = fmt::format("gw{}", g.index);
  std::vector<std::pair<std::string, std::string>> files = {
    { k + "/bird", dir + "/bird.pid" },
    { k + "/haproxy", dir + "/haproxy.pid" },
    { k + "/keepalived", dir + "/keepalived.pid" },
    { k + "/keepalived-vrrp", dir + "/keepalived-vrrp.pid" },
    { k + "/endpoint-sync", dir + "/dualstack-endpoint-sync.pid" },
  };
  for (std::size_t e = 0; e < lab.plan.wireguard_endpoints.size() && e < g.wg_ifs.size(); ++e) {
    const std::string rendered = lab.plan.wireguard_endpoints[e].interface_name;
    files.push_back(
      { k + "/wireguard-go-" + g.wg_ifs[e], dir + "/wireguard-go-" + rendered + ".pid" });
  }
  for (const auto& [key, path] : files) {
    const pid_t pid = read_pid_file(path);
    if (!is_ours(pid, lab.state.tag))
      return tl::unexpected(fmt::format("after the playbook {} runs no {} the lab can see ({})",
                                        g.name,
                                        key.substr(key.find('/') + 1),
                                        path));
    lab.record_pid(key, pid);
  }
  return {};
}

} // namespace dualstack::lab
