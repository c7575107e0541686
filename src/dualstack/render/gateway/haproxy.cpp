// The gateways' HAProxy config.
#include <dualstack/render/gateway/haproxy.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <set>

namespace dualstack::render::gateway {

namespace {

// Server names unique within one backend, even if two host names differ only in characters
// HAProxy does not allow.
class ServerNames
{
public:
  std::string take(const std::string& wanted)
  {
    std::string name = wanted;
    for (int n = 2; !m_taken.insert(name).second; ++n) {
      name = fmt::format("{}-{}", wanted, n);
    }
    return name;
  }

private:
  std::set<std::string> m_taken;
};

std::string server_name(const plan::Host& host, net::Family family)
{
  std::string name = host.name + "-" + std::string(net::to_string(family));
  for (char& ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
    if (!ok)
      ch = '_';
  }
  return name;
}

void frontend(std::string& out,
              const plan::Plan& plan,
              const std::string& name,
              int port,
              const std::string& mode)
{
  out += fmt::format("frontend {}\n", name);
  if (!mode.empty())
    out += fmt::format("  mode {}\n", mode);
  for (const auto& [family, network] : plan.networks) {
    out += fmt::format("  bind {}\n", net::host_port(network.vip, port));
  }
  out += fmt::format("  default_backend {}\n\n", name);
}

void backend(std::string& out,
             const plan::Plan& plan,
             const std::string& name,
             const std::vector<const plan::Host*>& hosts,
             int port,
             const std::string& mode,
             const std::string& server_options,
             const std::string& health_check = "")
{
  out += fmt::format("backend {}\n", name);
  if (!mode.empty())
    out += fmt::format("  mode {}\n", mode);
  out += health_check;
  out += fmt::format("  default-server check inter {}s fall 2 rise 2{}\n",
                     plan.timers.health_check_interval,
                     server_options);
  ServerNames names;
  for (const plan::Host* host : hosts) {
    for (const auto& [family, address] : host->addresses) {
      out += fmt::format("  server {} {}\n",
                         names.take(server_name(*host, address.family())),
                         net::host_port(address, port));
    }
  }
  out += "\n";
}

} // namespace

std::string haproxy_config(const plan::Plan& plan, const plan::Host& gateway)
{
  const plan::Timers& t = plan.timers;
  std::string out;
  out += fmt::format("# HAProxy on gateway {} of cluster {}: Kubernetes API and lb_ports on every "
                     "VIP, to both families.\n",
                     printable(gateway.name),
                     printable(plan.cluster_name));
  out += "# Binds the VIPs on every gateway (ip_nonlocal_bind=1): already listening when VRRP "
         "moves them here.\n";
  out += "global\n";
  out += "  log /dev/log local0\n";
  out += "  chroot /var/lib/haproxy\n";
  out += "  user haproxy\n";
  out += "  group haproxy\n\n";
  out += "defaults\n";
  out += "  log global\n";
  out += "  mode tcp\n";
  out += "  option dontlognull\n";
  out += fmt::format("  timeout connect {}s\n", t.proxy_connect_timeout);
  out += fmt::format("  timeout client {}s\n", t.proxy_idle_timeout);
  out += fmt::format("  timeout server {}s\n\n", t.proxy_idle_timeout);

  frontend(out, plan, "kubernetes-api", plan.api.frontend_port, "");
  // HTTPS GET /readyz, as kubeadm's HA guide checks its backends: a TCP connect alone keeps a
  // wedged kube-apiserver (port open, not ready) in rotation. The check's TLS does not verify:
  // the servers are addressed by IP and the CA lives on the masters.
  backend(out,
          plan,
          "kubernetes-api",
          plan.hosts_with(plan::HostRole::master),
          plan.api.bind_port,
          "",
          " verify none",
          "  option httpchk\n"
          "  http-check connect ssl\n"
          "  http-check send meth GET uri /readyz\n"
          "  http-check expect status 200\n");

  std::vector<const plan::Host*> targets = plan.hosts_with(plan::HostRole::worker);
  if (targets.empty())
    targets = plan.k8s_nodes(); // a NodePort listens on every node
  for (const auto& port : plan.lb_ports) {
    const std::string name = fmt::format("lb-{}", port.external);
    const std::string mode = port.layer == "http" ? "http" : "";
    frontend(out, plan, name, port.external, mode);
    backend(out,
            plan,
            name,
            targets,
            port.nodeport,
            mode,
            port.use_proxy_protocol ? " send-proxy-v2" : "");
  }
  out.pop_back(); // one trailing newline
  return out;
}

} // namespace dualstack::render::gateway
