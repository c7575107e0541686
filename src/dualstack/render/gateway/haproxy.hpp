// The gateways' HAProxy config (/etc/haproxy/haproxy.cfg): the Kubernetes API and lb_ports on the
// VIPs.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders `gateway`'s haproxy.cfg: a frontend binding every VIP at the API frontend port, with
// a backend to every master on both families at the API bind port; a frontend per lb_port to
// every worker's NodePort (every node if there are no workers) per family. Server names are
// `<host>-<family>`, unique within each backend (the seed's fatal bug). Health checks on all.
std::string haproxy_config(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
