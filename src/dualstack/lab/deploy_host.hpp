// A lab gateway as a fresh VM for the deploy playbook: a real sshd in its namespace (own host
// key, root login by the operator's key), the /etc directories the rendered files go to, and
// the one stand-in for what a namespace lacks: a `systemctl` that maps the playbook's verbs
// (is-active, enable --now, start, stop, restart, reload) for its units (nftables,
// wg-quick@<if>, bird, haproxy, keepalived) onto daemons the lab can see and stop.
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <string>

namespace dualstack::lab {

// Returns the `systemctl` stand-in for gateway `g`: a POSIX shell script that starts the
// daemons with the lab's tag, writes their pid files and logs into `run_dir` (the gateway's
// lab directory) and puts BIRD's control socket where the lab's observers read it.
std::string systemctl_standin(const LabContext& lab,
                              const LabGateway& g,
                              const std::string& run_dir);

// Makes gateway `g` a host the deploy playbook can reach: SSH host key, sshd config, the /etc
// directories of its MANIFEST files (empty, as on a fresh VM), the stand-in on PATH inside the
// sshd's mount namespace (with private /run/bird and /run/wireguard, as on a VM), then starts
// sshd. `authorized_key` is the operator's public key line.
Status start_gateway_host(LabContext& lab, const LabGateway& g, const std::string& authorized_key);

// Makes node `n` a host the playbook's node-network play can reach (through a gateway as SSH
// jump host): sshd and the empty /etc directories of its MANIFEST files.
Status start_node_host(LabContext& lab, const LabNode& n, const std::string& authorized_key);

// Returns the SSH host public key line ("ssh-ed25519 AAAA...") of the sshd in namespace `ns`.
std::string host_public_key(const LabContext& lab, const std::string& ns);

// Records the pids the stand-in wrote for gateway `g` under the keys the lab's crash and down
// use (gw<i>/bird, gw<i>/keepalived, ...); an error names a daemon that is not running.
Status record_deployed_pids(LabContext& lab, const LabGateway& g);

// The gateways' /var/lib/dualstack (the migration playbook's step markers) is private to each
// gateway, bind-mounted over a mount point of this machine. If this machine had no
// /var/lib/dualstack, the lab makes the empty mount point and records that under state_root();
// remove_var_lib_mount_point(), called by the last `lab down`, removes it again (only if empty).
void remove_var_lib_mount_point();

} // namespace dualstack::lab
