// Helpers for verify tests: a hand-built Plan, JSON builders for cluster objects, and running
// Lists through the Verifier.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/list_reader.hpp>
#include <dualstack/verify/verifier.hpp>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace dualstack::verify::testing {

using nlohmann::json;

inline net::Address ip(std::string_view text)
{
  return *net::Address::parse(text);
}

inline net::Prefix cidr(std::string_view text)
{
  return *net::Prefix::parse(text);
}

// A small cluster: 1 master and 2 workers, IPv4 primary unless `primary` says otherwise,
// dual-stack unless `dual` is false.
inline plan::Plan test_plan(bool dual = true, net::Family primary = net::Family::ipv4)
{
  plan::Plan p;
  p.cluster_name = "test";
  p.calico_install_mode = "operator";
  p.gateway_as = 65000;
  p.node_as = 64512;
  std::vector<net::Family> families = { primary };
  if (dual) {
    families.push_back(net::other(primary));
  }
  for (net::Family family : families) {
    plan::FamilyPlan n;
    n.family = family;
    const bool v4 = family == net::Family::ipv4;
    n.cluster_subnet = cidr(v4 ? "10.0.0.0/24" : "fd00::/120");
    n.vip = ip(v4 ? "10.0.0.10" : "fd00::a");
    n.pod_subnet = cidr(v4 ? "10.244.0.0/16" : "fd00:10:244::/56");
    n.service_subnet = cidr(v4 ? "10.96.0.0/12" : "fd00:10:96::/108");
    n.kubernetes_service_ip = ip(v4 ? "10.96.0.1" : "fd00:10:96::1");
    n.dns_service_ip = ip(v4 ? "10.96.0.10" : "fd00:10:96::a");
    n.node_cidr_mask_size = v4 ? 24 : 64;
    n.pool.cidr = n.pod_subnet;
    n.pool.block_size = v4 ? 26 : 122;
    n.pool.encapsulation = "None";
    n.pool.nat_outgoing = v4;
    n.pool.autodetection_method = v4 ? "cidr=10.0.0.0/24" : "cidr=fd00::/120";
    p.networks.add(family, n);
  }
  auto host = [&](std::string name, plan::HostRole role, int index, int offset) {
    plan::Host h;
    h.name = std::move(name);
    h.role = role;
    h.index = index;
    for (const auto& [family, n] : p.networks) {
      h.addresses.add(family, *n.cluster_subnet.nth(offset));
    }
    p.hosts.push_back(h);
  };
  host("test-gw-0", plan::HostRole::gateway, 0, 11);
  host("test-master-0", plan::HostRole::master, 0, 20);
  host("test-worker-0", plan::HostRole::worker, 0, 21);
  host("test-worker-1", plan::HostRole::worker, 1, 22);
  return p;
}

// Returns the List text `{"apiVersion":"v1","items":[...],"kind":"List",...}`.
inline std::string list_text(const std::vector<json>& items)
{
  json list = { { "apiVersion", "v1" },
                { "items", items },
                { "kind", "List" },
                { "metadata", { { "resourceVersion", "" } } } };
  return list.dump(2);
}

// Runs `lists` (resource -> items) through a Verifier over `plan`; resources not given are
// skipped as missing.
inline Report run(const plan::Plan& plan, const std::map<Resource, std::vector<json>>& lists)
{
  Verifier verifier(plan);
  for (Resource resource : all_resources) {
    const auto it = lists.find(resource);
    if (it == lists.end()) {
      verifier.skip(resource, std::string(info(resource).file) + " not given");
      continue;
    }
    ItemSink& sink = verifier.begin(resource);
    ListReader reader(std::string(info(resource).file), sink);
    auto fed = reader.feed(list_text(it->second));
    auto done = fed ? reader.finish() : tl::unexpected(fed.error());
    if (!done) {
      verifier.fail(resource, done.error());
    } else {
      verifier.end(resource, done->items);
    }
  }
  return verifier.finish();
}

inline Report run(const plan::Plan& plan, Resource resource, const std::vector<json>& items)
{
  return run(plan, { { resource, items } });
}

// Returns "namespace/name" (or "name") of every finding of check `id`.
inline std::vector<std::string> flagged(const Report& report, std::string_view id)
{
  std::vector<std::string> names;
  for (const auto& f : report.findings) {
    if (f.check == id) {
      names.push_back(f.ns.empty() ? f.name : f.ns + "/" + f.name);
    }
  }
  return names;
}

inline const CheckResult& result(const Report& report, std::string_view id)
{
  return report.checks[*cluster_checks().position(id)];
}

// --- object builders (kubectl -o json shapes) ---

inline json node(const std::string& name,
                 std::vector<std::string> internal_ips,
                 std::vector<std::string> pod_cidrs)
{
  json addresses = json::array();
  for (const auto& address : internal_ips) {
    addresses.push_back({ { "address", address }, { "type", "InternalIP" } });
  }
  addresses.push_back({ { "address", name }, { "type", "Hostname" } });
  json spec = json::object();
  if (!pod_cidrs.empty()) {
    spec["podCIDR"] = pod_cidrs.front();
    spec["podCIDRs"] = pod_cidrs;
  }
  return { { "apiVersion", "v1" },
           { "kind", "Node" },
           { "metadata",
             { { "name", name }, { "labels", { { "kubernetes.io/hostname", name } } } } },
           { "spec", spec },
           { "status", { { "addresses", addresses }, { "phase", "Running" } } } };
}

// The three planned nodes, correct.
inline std::vector<json> clean_nodes()
{
  return {
    node("test-master-0", { "10.0.0.20", "fd00::14" }, { "10.244.0.0/24", "fd00:10:244::/64" }),
    node("test-worker-0", { "10.0.0.21", "fd00::15" }, { "10.244.1.0/24", "fd00:10:244:1::/64" }),
    node("test-worker-1", { "10.0.0.22", "fd00::16" }, { "10.244.2.0/24", "fd00:10:244:2::/64" })
  };
}

inline json pod(const std::string& ns,
                const std::string& name,
                std::vector<std::string> ips,
                const std::string& node_name = "test-worker-0",
                bool host_network = false,
                const std::string& phase = "Running")
{
  json spec = { { "containers", json::array({ { { "name", "main" }, { "image", "app:1" } } }) },
                { "nodeName", node_name } };
  if (host_network) {
    spec["hostNetwork"] = true;
  }
  json status = { { "phase", phase } };
  if (!ips.empty()) {
    status["podIP"] = ips.front();
    json list = json::array();
    for (const auto& address : ips) {
      list.push_back({ { "ip", address } });
    }
    status["podIPs"] = list;
  }
  return { { "apiVersion", "v1" },
           { "kind", "Pod" },
           { "metadata", { { "name", name }, { "namespace", ns } } },
           { "spec", spec },
           { "status", status } };
}

inline json service(const std::string& ns,
                    const std::string& name,
                    const std::string& policy,
                    std::vector<std::string> families,
                    std::vector<std::string> cluster_ips)
{
  json spec = { { "type", "ClusterIP" },
                { "ipFamilyPolicy", policy },
                { "ipFamilies", families },
                { "clusterIPs", cluster_ips } };
  if (!cluster_ips.empty()) {
    spec["clusterIP"] = cluster_ips.front();
  }
  return { { "apiVersion", "v1" },
           { "kind", "Service" },
           { "metadata", { { "name", name }, { "namespace", ns } } },
           { "spec", spec } };
}

// kubernetes and kube-dns at their planned IPs (test_plan(): dual-stack, so kube-dns has both).
inline std::vector<json> clean_services()
{
  return { service("default", "kubernetes", "SingleStack", { "IPv4" }, { "10.96.0.1" }),
           service("kube-system",
                   "kube-dns",
                   "RequireDualStack",
                   { "IPv4", "IPv6" },
                   { "10.96.0.10", "fd00:10:96::a" }) };
}

inline json slice(const std::string& ns,
                  const std::string& name,
                  const std::string& type,
                  std::vector<std::string> addresses)
{
  json endpoints = json::array();
  for (const auto& address : addresses) {
    endpoints.push_back({ { "addresses", { address } }, { "conditions", { { "ready", true } } } });
  }
  return { { "addressType", type },
           { "apiVersion", "discovery.k8s.io/v1" },
           { "endpoints", endpoints },
           { "kind", "EndpointSlice" },
           { "metadata", { { "name", name }, { "namespace", ns } } } };
}

inline json ippool(const std::string& name,
                   const std::string& pool_cidr,
                   int block_size,
                   const std::string& ipip = "Never",
                   const std::string& vxlan = "Never",
                   bool nat = false)
{
  return { { "apiVersion", "crd.projectcalico.org/v1" },
           { "kind", "IPPool" },
           { "metadata", { { "name", name } } },
           { "spec",
             { { "cidr", pool_cidr },
               { "blockSize", block_size },
               { "ipipMode", ipip },
               { "vxlanMode", vxlan },
               { "natOutgoing", nat },
               { "nodeSelector", "all()" } } } };
}

inline std::vector<json> clean_ippools()
{
  return { ippool("default-ipv4-ippool", "10.244.0.0/16", 26, "Never", "Never", true),
           ippool("default-ipv6-ippool", "fd00:10:244::/56", 122, "Never", "Never", false) };
}

inline json calico_node(std::vector<std::pair<std::string, std::string>> env)
{
  json vars = json::array();
  for (const auto& [name, value] : env) {
    vars.push_back({ { "name", name }, { "value", value } });
  }
  return { { "apiVersion", "apps/v1" },
           { "kind", "DaemonSet" },
           { "metadata", { { "name", "calico-node" }, { "namespace", "calico-system" } } },
           { "spec",
             { { "template",
                 { { "spec",
                     { { "containers",
                         json::array({ { { "name", "calico-node" },
                                         { "image", "calico/node" },
                                         { "env", vars } } }) } } } } } } } };
}

inline std::vector<std::pair<std::string, std::string>> clean_calico_env()
{
  return { { "IP", "autodetect" },
           { "IP_AUTODETECTION_METHOD", "cidr=10.0.0.0/24" },
           { "IP6", "autodetect" },
           { "IP6_AUTODETECTION_METHOD", "cidr=fd00::/120" },
           { "FELIX_IPV6SUPPORT", "true" } };
}

inline json installation(json pools, bool v4_autodetect = true, bool v6_autodetect = true)
{
  json network = { { "ipPools", pools } };
  if (v4_autodetect) {
    network["nodeAddressAutodetectionV4"] = { { "cidrs", { "10.0.0.0/24" } } };
  }
  if (v6_autodetect) {
    network["nodeAddressAutodetectionV6"] = { { "cidrs", { "fd00::/120" } } };
  }
  return { { "apiVersion", "operator.tigera.io/v1" },
           { "kind", "Installation" },
           { "metadata", { { "name", "default" } } },
           { "spec", { { "calicoNetwork", network } } } };
}

inline json clean_operator_pools()
{
  return json::array({ { { "cidr", "10.244.0.0/16" },
                         { "blockSize", 26 },
                         { "encapsulation", "None" },
                         { "natOutgoing", "Enabled" } },
                       { { "cidr", "fd00:10:244::/56" },
                         { "blockSize", 122 },
                         { "encapsulation", "None" },
                         { "natOutgoing", "Disabled" } } });
}

inline json bgppeer(const std::string& name, const std::string& peer_ip, std::int64_t as)
{
  return { { "apiVersion", "crd.projectcalico.org/v1" },
           { "kind", "BGPPeer" },
           { "metadata", { { "name", name } } },
           { "spec", { { "peerIP", peer_ip }, { "asNumber", as } } } };
}

inline json configmap(const std::string& ns, const std::string& name, json data)
{
  return { { "apiVersion", "v1" },
           { "kind", "ConfigMap" },
           { "metadata", { { "name", name }, { "namespace", ns } } },
           { "data", data } };
}

inline json kubeadm_config(const std::string& pod_subnet, const std::string& service_subnet)
{
  return configmap(
    "kube-system",
    "kubeadm-config",
    { { "ClusterConfiguration",
        "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n"
        "  dnsDomain: cluster.local\n  podSubnet: " +
          pod_subnet + "\n  serviceSubnet: " + service_subnet + "\n" } });
}

inline json kube_proxy_config(const std::string& cluster_cidr)
{
  return configmap("kube-system",
                   "kube-proxy",
                   { { "config.conf",
                       "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nclusterCIDR: " +
                         cluster_cidr + "\nkind: KubeProxyConfiguration\nmode: ipvs\n" } });
}

} // namespace dualstack::verify::testing
