// The lab's daemons: the rendered files installed where the daemons read them (per namespace,
// under /etc/netns/<ns>/), each gateway's WireGuard, BIRD, HAProxy and keepalived, the nodes'
// calico/node BGP stand-ins and API listeners, the client's WireGuard; crash and restart.
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/loadbalancer.hpp>

#include <string>
#include <utility>
#include <vector>

namespace dualstack::lab {

// Renders the lab's Plan into lab.render_dir() with the same renderers and writer as
// `dualstack render`.
Status render_files(LabContext& lab);

// Writes client `c`'s WireGuard private key (0600) where its start reads it.
Status write_client_key(LabContext& lab, const LabClient& c, const std::string& private_key);

// Installs each gateway's rendered files at their MANIFEST target paths inside its namespace's
// /etc view (/etc/netns/<ns>/...), unchanged.
Status install_gateway_files(LabContext& lab);

// Starts every daemon: nodes first (BGP stand-ins, API listeners), the client, then (when
// `gateways`) the gateways: the highest VRRP priority alone until it holds the VIPs.
Status start_daemons(LabContext& lab, bool gateways = true);

// Starts (or restarts) the daemons of gateway `g`: sysctl, nftables, WireGuard, BIRD, HAProxy,
// keepalived, all with the rendered files.
Status start_gateway(LabContext& lab, const LabGateway& g);

// Starts the lab's LoadBalancer Service endpoint: kube-proxy's DNAT on its node (every address,
// replacing the rules) and a TLS listener in its pod for each address of `families` (empty: all).
Status start_loadbalancer_endpoint(LabContext& lab,
                                   const LabLoadBalancer& lb,
                                   const std::vector<Family>& families);

// Starts dualstack-endpoint-sync on `g` from its installed files.
Status start_endpoint_sync(LabContext& lab, const LabGateway& g);

// Starts gateway `g`'s keepalived with the installed keepalived.conf (checked with -t first).
Status start_keepalived(LabContext& lab, const LabGateway& g);

// Stops gateway `g`'s keepalived as `systemctl stop` does (SIGTERM: the VIPs are handed over).
Status stop_keepalived(LabContext& lab, const LabGateway& g);

// Makes gateway `g`'s keepalived reread its config (SIGHUP, as `systemctl reload`) and waits for
// its VRRP process to log the end of the reload; an error if it does not within 5 s, or if the
// VRRP process died during the reload (the parent restarts it cold, dropping a master's VIPs).
Status reload_keepalived(LabContext& lab, const LabGateway& g);

// Reloads gateway `g`'s HAProxy: a new one takes the listeners over, the old one finishes (-sf).
Status reload_haproxy(LabContext& lab, const LabGateway& g);

// Installs `files` (path in `render_dir`, target path under /etc) into namespace `ns`'s /etc
// view, keeping each file's mode.
Status install_host_files(const std::string& render_dir,
                          const std::string& ns,
                          const std::vector<std::pair<std::string, std::string>>& files);

// Kills every daemon of gateway `g` with SIGKILL in one burst (VRRP child first, so the parent
// cannot respawn it), like a VM that dies; returns the time of the kill (seconds since epoch).
double crash_gateway(LabContext& lab, const LabGateway& g);

// Sends `signal` to every daemon of gateway `g` the lab started, in one burst (SIGSTOP: a VM
// pause; SIGCONT: it resumes); returns the time it was sent (seconds since epoch).
double signal_gateway(const LabContext& lab, const LabGateway& g, int signal);

// Returns the pid of gateway `g`'s BIRD as the lab recorded it (-1 when there is none).
pid_t gateway_bird_pid(const LabContext& lab, const LabGateway& g);

// Cleans what a crash leaves (VIPs, BIRD's kernel routes, the WireGuard interface and socket)
// as a reboot would, then starts the gateway's daemons again.
Status reboot_gateway(LabContext& lab, const LabGateway& g);

// Returns the BIRD control socket of namespace `ns`.
std::string bird_socket(const LabContext& lab, const std::string& ns);

// Returns whether gateway `g`'s keepalived (VRRP process) is running.
bool gateway_alive(const LabContext& lab, const LabGateway& g);

} // namespace dualstack::lab
