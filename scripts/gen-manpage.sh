#!/usr/bin/env bash
# Writes dualstack(1) in roff to stdout, from the binary's own --help of every command and
# subcommand, so the man page cannot drift from what `dualstack COMMAND --help` says.
# Usage: scripts/gen-manpage.sh BINARY
# The date is SOURCE_DATE_EPOCH's when set (reproducible packages), else the binary's mtime.
set -euo pipefail
bin=${1:?usage: gen-manpage.sh BINARY}
[[ -x $bin ]] || { echo "gen-manpage: $bin is not an executable" >&2; exit 2; }

help() { (exec -a dualstack "$bin" "$@" --help); }
# The names listed under "Subcommands:" in a help text.
subcommands() { awk '/^Subcommands:/ {s = 1; next} s && /^$/ {s = 0} s && /^  [a-z]/ {print $1}'; }
# A help text as a no-fill block: backslashes escaped, lines starting with . or ' protected.
verbatim() {
  printf '.nf\n'
  sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  printf '.fi\n'
}

version=$( (exec -a dualstack "$bin" --version) | awk '{print $2}')
epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$bin")}
date=$(date -u -d "@$epoch" +%Y-%m-%d)

cat <<ROFF
.TH DUALSTACK 1 "$date" "dualstack $version" "User Commands"
.SH NAME
dualstack \\- IPv4/IPv6 dual-stack Kubernetes clusters with Calico on OpenStack, from one config.toml
.SH SYNOPSIS
.B dualstack
.I COMMAND
.RI [ OPTIONS ]
.SH DESCRIPTION
dualstack reads a yaook-k8s style
.I config.toml,
checks it against the rules of kubeadm, Kubernetes, Calico and OpenStack, turns it into a Plan
(every address, prefix, peer and session per family), renders every file of the cluster from that
Plan (Terraform, kubeadm, Calico, WireGuard, BIRD, keepalived, HAProxy, nftables, sysctl, Ansible),
proves the gateway files on real daemons in network namespaces
.RB ( "dualstack lab" ),
and verifies a live cluster against the Plan
.RB ( "dualstack verify" ).
.PP
ROFF
help | verbatim
echo '.SH COMMANDS'
for cmd in $(help | subcommands); do
  printf '.SS "dualstack %s"\n' "$cmd"
  help "$cmd" | verbatim
  for sub in $(help "$cmd" | subcommands); do
    printf '.SS "dualstack %s %s"\n' "$cmd" "$sub"
    help "$cmd" "$sub" | verbatim
  done
done
cat <<'ROFF'
.SH EXIT STATUS
.TP
.B 0
fine: the config is clean, the files were written, every check passed
.TP
.B 1
findings: config errors (nothing written), failed checks, a refused migration, a failed lab scenario
.TP
.B 2
unusable input or usage: the error names the file, line and column, with a hint; nothing is written
.SH FILES
.TP
.I /usr/share/doc/dualstack/
README.md, ARCHITECTURE.md and docs/ (the config keys, the Plan's JSON schema, render, deploy,
migrate, lab and verify)
.TP
.I /usr/share/doc/dualstack/examples/
example configs; start with
.B dualstack check /usr/share/doc/dualstack/examples/seed/config.toml
.SH SEE ALSO
.BR ansible-playbook (1),
.BR birdc (8),
.BR keepalived (8),
.BR haproxy (1),
.BR wg (8),
.BR kubectl (1)
ROFF
