// Parsing the rendered Calico objects for the lab's node stand-in (yaml-cpp), field by field.
#include <dualstack/lab/calico_objects.hpp>

#include <dualstack/lab/calico_yaml.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace dualstack::lab {

namespace {

using Error = std::string;
using Reader = CalicoYamlReader;
using FieldHandler = CalicoFieldHandler;

// Returns an assigning handler: `parse` reads the value, the result goes to `out`.
template<typename T, typename Parse>
FieldHandler set_field(T& out, Parse parse)
{
  return [&out, parse](const YAML::Node& node) -> tl::expected<void, Error> {
    auto value = parse(node);
    if (!value)
      return tl::unexpected(value.error());
    out = *value;
    return {};
  };
}

tl::expected<BgpPeerObject, Error> parse_bgp_peer(const Reader& r,
                                                  const YAML::Node& doc,
                                                  const std::string& name)
{
  BgpPeerObject p;
  p.name = name;
  const std::string owner = fmt::format("BGPPeer `{}`", name);
  p.where = fmt::format("{}: {}", r.where(doc), owner);
  const YAML::Node spec = doc["spec"];
  const std::map<std::string, FieldHandler> fields{
    { "node", set_field(p.node, [&](const YAML::Node& n) { return r.scalar(n, "node"); }) },
    { "nodeSelector",
      set_field(p.node_selector,
                [&](const YAML::Node& n) { return r.selector(n, "nodeSelector"); }) },
    { "peerSelector",
      set_field(p.peer_selector,
                [&](const YAML::Node& n) { return r.selector(n, "peerSelector"); }) },
    { "peerIP",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto text = r.scalar(n, "peerIP");
        if (!text)
          return tl::unexpected(text.error());
        // As confd's parseIPPort: "ip", "ip:port" or "[ip]:port".
        std::string host = *text;
        const std::size_t close = host.rfind("]:");
        const std::size_t colon = host.rfind(':');
        std::string port;
        if (host.starts_with("[") && close != std::string::npos) {
          port = host.substr(close + 2);
          host = host.substr(1, close - 1);
        } else if (colon != std::string::npos && host.find(':') == colon) {
          port = host.substr(colon + 1);
          host = host.substr(0, colon);
        }
        auto ip = Address::parse(host);
        if (!ip)
          return r.error(n, fmt::format("peerIP `{}`: {}", *text, ip.error().message));
        p.peer_ip = *ip;
        if (!port.empty()) {
          int v = 0;
          const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
          if (ec != std::errc() || ptr != port.data() + port.size() || v < 1 || v > 65535)
            return r.error(n, fmt::format("peerIP `{}`: port must be 1-65535", *text));
          p.port = v;
        }
        return {};
      } },
    { "asNumber",
      set_field(p.as_number, [&](const YAML::Node& n) { return r.as_number(n, "asNumber"); }) },
    { "localASNumber",
      set_field(p.local_as_number,
                [&](const YAML::Node& n) { return r.as_number(n, "localASNumber"); }) },
    { "keepOriginalNextHop",
      set_field(p.keep_original_next_hop,
                [&](const YAML::Node& n) { return r.flag(n, "keepOriginalNextHop"); }) },
    { "nextHopMode",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "nextHopMode");
        if (!v)
          return tl::unexpected(v.error());
        if (*v != "Auto" && *v != "Self" && *v != "Keep")
          return r.error(n, fmt::format("nextHopMode must be Auto, Self or Keep, not `{}`", *v));
        p.next_hop_mode = *v;
        return {};
      } },
    { "sourceAddress",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "sourceAddress");
        if (!v)
          return tl::unexpected(v.error());
        if (*v != "UseNodeIP" && *v != "None")
          return r.error(n, fmt::format("sourceAddress must be UseNodeIP or None, not `{}`", *v));
        p.source_address = *v;
        return {};
      } },
    { "maxRestartTime",
      set_field(p.max_restart_time_s,
                [&](const YAML::Node& n) { return r.seconds(n, "maxRestartTime"); }) },
    { "keepaliveTime",
      set_field(p.keepalive_time_s,
                [&](const YAML::Node& n) { return r.seconds(n, "keepaliveTime"); }) },
    { "ttlSecurity",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.integer(n, "ttlSecurity", 0, 255);
        if (!v)
          return tl::unexpected(v.error());
        p.ttl_security = static_cast<int>(*v);
        return {};
      } },
    { "numAllowedLocalASNumbers",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.integer(n, "numAllowedLocalASNumbers", 0, 2147483647);
        if (!v)
          return tl::unexpected(v.error());
        p.num_allowed_local_as = static_cast<int>(*v);
        return {};
      } },
    { "reversePeering",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "reversePeering");
        if (!v)
          return tl::unexpected(v.error());
        if (*v != "Auto" && *v != "Manual")
          return r.error(n, fmt::format("reversePeering must be Auto or Manual, not `{}`", *v));
        p.reverse_peering = *v == "Auto";
        return {};
      } },
    { "reachableBy",
      set_field(p.reachable_by, [&](const YAML::Node& n) { return r.address(n, "reachableBy"); }) },
  };
  if (auto done = each_calico_field(
        r, spec, owner, fields, { "password", "filters", "localWorkloadSelector" });
      !done)
    return tl::unexpected(done.error());
  // What Calico's validation refuses, and what would leave the stand-in guessing.
  if (p.peer_ip && p.peer_selector)
    return r.error(spec, owner + ": peerIP and peerSelector exclude each other");
  if (!p.peer_ip && !p.peer_selector)
    return r.error(spec, owner + ": needs peerIP or peerSelector");
  if (p.peer_ip && p.as_number == 0)
    return r.error(spec, owner + ": a peerIP needs its asNumber");
  if (!p.node.empty() && p.node_selector)
    return r.error(spec, owner + ": node and nodeSelector exclude each other");
  if (p.reachable_by && p.peer_ip && p.reachable_by->family() != p.peer_ip->family())
    return r.error(spec, owner + ": reachableBy is not of peerIP's family");
  return p;
}

tl::expected<BgpConfigurationObject, Error> parse_bgp_configuration(const Reader& r,
                                                                    const YAML::Node& doc,
                                                                    const std::string& name)
{
  if (name != "default")
    return r.error(doc,
                   fmt::format("BGPConfiguration `{}`: the lab's node stand-in models only "
                               "`default` (per-node `node.<name>` ones are not)",
                               name));
  BgpConfigurationObject c;
  c.present = true;
  const std::string owner = "BGPConfiguration `default`";
  const std::map<std::string, FieldHandler> fields{
    { "logSeverityScreen",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "logSeverityScreen");
        if (!v)
          return tl::unexpected(v.error());
        // As confd: BIRD knows debug and info; every other level means none.
        std::string level;
        for (char ch : *v)
          level += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        c.log_level = level == "debug" || level == "info" ? level : "none";
        return {};
      } },
    { "nodeToNodeMeshEnabled",
      set_field(c.node_mesh,
                [&](const YAML::Node& n) { return r.flag(n, "nodeToNodeMeshEnabled"); }) },
    { "asNumber",
      set_field(c.as_number, [&](const YAML::Node& n) { return r.as_number(n, "asNumber"); }) },
    { "serviceClusterIPs",
      set_field(c.service_cluster_ips,
                [&](const YAML::Node& n) { return r.cidr_blocks(n, "serviceClusterIPs"); }) },
    { "serviceExternalIPs",
      set_field(c.service_external_ips,
                [&](const YAML::Node& n) { return r.cidr_blocks(n, "serviceExternalIPs"); }) },
    { "serviceLoadBalancerIPs",
      set_field(c.service_loadbalancer_ips,
                [&](const YAML::Node& n) { return r.cidr_blocks(n, "serviceLoadBalancerIPs"); }) },
    { "serviceLoadBalancerAggregation",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "serviceLoadBalancerAggregation");
        if (!v)
          return tl::unexpected(v.error());
        if (*v != "Enabled" && *v != "Disabled")
          return r.error(
            n,
            fmt::format("serviceLoadBalancerAggregation must be Enabled or Disabled, not `{}`",
                        *v));
        c.aggregate_loadbalancer_ips = *v == "Enabled";
        return {};
      } },
    { "nodeMeshMaxRestartTime",
      set_field(c.node_mesh_max_restart_time_s,
                [&](const YAML::Node& n) { return r.seconds(n, "nodeMeshMaxRestartTime"); }) },
    { "ignoredInterfaces",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        if (!n.IsSequence())
          return r.error(n, "ignoredInterfaces must be a list of interface names");
        for (const auto& item : n) {
          auto v = r.scalar(item, "ignoredInterfaces entry");
          if (!v)
            return tl::unexpected(v.error());
          c.ignored_interfaces.push_back(*v);
        }
        return {};
      } },
    { "programClusterRoutes",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "programClusterRoutes");
        if (!v)
          return tl::unexpected(v.error());
        static const std::map<std::string, std::pair<bool, bool>> modes{
          { "Disabled", { false, false } },
          { "Enabled", { true, true } },
          { "EnabledIPIPOnly", { true, false } },
          { "EnabledNoEncapOnly", { false, true } },
        };
        const auto m = modes.find(*v);
        if (m == modes.end())
          return r.error(n,
                         fmt::format("programClusterRoutes must be Disabled, Enabled, "
                                     "EnabledIPIPOnly or EnabledNoEncapOnly, not `{}`",
                                     *v));
        c.bird_programs_ipip = m->second.first;
        c.bird_programs_no_encap = m->second.second;
        return {};
      } },
    { "ipv4NormalRoutePriority",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.integer(n, "ipv4NormalRoutePriority", 1, 2147483646);
        if (!v)
          return tl::unexpected(v.error());
        c.ipv4_normal_route_priority = static_cast<int>(*v);
        return {};
      } },
    { "ipv6NormalRoutePriority",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.integer(n, "ipv6NormalRoutePriority", 1, 2147483646);
        if (!v)
          return tl::unexpected(v.error());
        c.ipv6_normal_route_priority = static_cast<int>(*v);
        return {};
      } },
  };
  if (auto done = each_calico_field(r,
                                    doc["spec"],
                                    owner,
                                    fields,
                                    { "communities",
                                      "prefixAdvertisements",
                                      "listenPort",
                                      "bindMode",
                                      "nodeMeshPassword",
                                      "localWorkloadPeeringIPV4",
                                      "localWorkloadPeeringIPV6" });
      !done)
    return tl::unexpected(done.error());
  return c;
}

tl::expected<IpPoolObject, Error> parse_ip_pool(const Reader& r,
                                                const YAML::Node& doc,
                                                const std::string& name)
{
  IpPoolObject pool;
  pool.name = name;
  const std::string owner = fmt::format("IPPool `{}`", name);
  bool has_cidr = false;
  const auto mode = [&](std::string& out, const char* field) {
    return [&out, &r, field](const YAML::Node& n) -> tl::expected<void, Error> {
      auto v = r.scalar(n, field);
      if (!v)
        return tl::unexpected(v.error());
      if (*v != "Never" && *v != "Always" && *v != "CrossSubnet")
        return r.error(n,
                       fmt::format("{} must be Never, Always or CrossSubnet, not `{}`", field, *v));
      out = *v;
      return {};
    };
  };
  const std::map<std::string, FieldHandler> fields{
    { "cidr",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto p = r.prefix(n, "cidr");
        if (!p)
          return tl::unexpected(p.error());
        pool.cidr = *p;
        has_cidr = true;
        return {};
      } },
    { "blockSize",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.integer(n, "blockSize", 0, 128);
        if (!v)
          return tl::unexpected(v.error());
        pool.block_size = static_cast<int>(*v);
        return {};
      } },
    { "ipipMode", mode(pool.ipip_mode, "ipipMode") },
    { "vxlanMode", mode(pool.vxlan_mode, "vxlanMode") },
    { "disabled",
      set_field(pool.disabled, [&](const YAML::Node& n) { return r.flag(n, "disabled"); }) },
    { "disableBGPExport",
      set_field(pool.disable_bgp_export,
                [&](const YAML::Node& n) { return r.flag(n, "disableBGPExport"); }) },
    { "nodeSelector",
      set_field(pool.node_selector,
                [&](const YAML::Node& n) { return r.selector(n, "nodeSelector"); }) },
    { "allowedUses",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        if (!n.IsSequence())
          return r.error(n, "allowedUses must be a list");
        pool.allowed_uses.clear();
        for (const auto& item : n) {
          auto v = r.scalar(item, "allowedUses entry");
          if (!v)
            return tl::unexpected(v.error());
          if (*v != "Workload" && *v != "Tunnel" && *v != "LoadBalancer")
            return r.error(
              item,
              fmt::format("allowedUses entry must be Workload, Tunnel or LoadBalancer, not `{}`",
                          *v));
          pool.allowed_uses.insert(*v);
        }
        return {};
      } },
    // Felix masquerades pods of such a pool leaving for anything outside every pool
    // (nat_outgoing.hpp).
    { "natOutgoing",
      set_field(pool.nat_outgoing, [&](const YAML::Node& n) { return r.flag(n, "natOutgoing"); }) },
    // IPAM-only fields: they decide which pod or Service gets an address, not what BIRD does.
    { "namespaceSelector",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.selector(n, "namespaceSelector");
        if (!v)
          return tl::unexpected(v.error());
        return {};
      } },
    { "assignmentMode",
      [&](const YAML::Node& n) -> tl::expected<void, Error> {
        auto v = r.scalar(n, "assignmentMode");
        if (!v)
          return tl::unexpected(v.error());
        return {};
      } },
  };
  if (auto done = each_calico_field(r, doc["spec"], owner, fields, {}); !done)
    return tl::unexpected(done.error());
  if (!has_cidr)
    return r.error(doc["spec"], owner + ": needs a cidr");
  if (pool.block_size == 0)
    pool.block_size = pool.cidr.family() == net::Family::ipv4 ? 26 : 122;
  return pool;
}

tl::expected<void, Error> parse_document(const Reader& r, const YAML::Node& doc, CalicoObjects& out)
{
  if (!doc.IsMap())
    return r.error(doc,
                   "expected a Calico object (a mapping with apiVersion, kind, metadata, spec)");
  for (const auto& entry : doc) {
    const std::string key = entry.first.Scalar();
    if (key != "apiVersion" && key != "kind" && key != "metadata" && key != "spec")
      return r.error(entry.first,
                     fmt::format("unknown top-level field `{}` of a Calico object", key));
  }
  auto api = r.scalar(doc["apiVersion"], "apiVersion");
  if (!api)
    return tl::unexpected(api.error());
  if (*api != "crd.projectcalico.org/v1" && *api != "projectcalico.org/v3")
    return r.error(doc["apiVersion"],
                   fmt::format("apiVersion `{}` is not Calico's (crd.projectcalico.org/v1 or "
                               "projectcalico.org/v3)",
                               *api));
  auto kind = r.scalar(doc["kind"], "kind");
  if (!kind)
    return tl::unexpected(kind.error());
  const YAML::Node metadata = doc["metadata"];
  if (!metadata.IsMap() || !metadata["name"])
    return r.error(doc, fmt::format("{} without metadata.name", *kind));
  auto name = r.scalar(metadata["name"], "metadata.name");
  if (!name)
    return tl::unexpected(name.error());
  if (!doc["spec"])
    return r.error(doc, fmt::format("{} `{}` has no spec", *kind, *name));
  if (*kind == "BGPPeer") {
    auto peer = parse_bgp_peer(r, doc, *name);
    if (!peer)
      return tl::unexpected(peer.error());
    out.peers.push_back(std::move(*peer));
  } else if (*kind == "BGPConfiguration") {
    if (out.config.present)
      return r.error(doc, "a second BGPConfiguration `default`");
    auto config = parse_bgp_configuration(r, doc, *name);
    if (!config)
      return tl::unexpected(config.error());
    out.config = std::move(*config);
  } else if (*kind == "IPPool") {
    auto pool = parse_ip_pool(r, doc, *name);
    if (!pool)
      return tl::unexpected(pool.error());
    out.pools.push_back(std::move(*pool));
  } else {
    return r.error(doc["kind"],
                   fmt::format("kind `{}` is not one the lab's node stand-in reads "
                               "(BGPPeer, BGPConfiguration, IPPool)",
                               *kind));
  }
  return {};
}

} // namespace

tl::expected<CalicoObjects, std::string> parse_calico_objects(const std::vector<CalicoFile>& files)
{
  CalicoObjects out;
  for (const auto& file : files) {
    const Reader reader(file.path);
    std::vector<YAML::Node> docs;
    try {
      docs = YAML::LoadAll(file.text);
    } catch (const YAML::Exception& e) {
      return tl::unexpected(fmt::format(
        "{}:{}:{}: not YAML: {}", file.path, e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    for (const auto& doc : docs) {
      if (doc.IsNull())
        continue;
      if (auto done = parse_document(reader, doc, out); !done)
        return tl::unexpected(done.error());
    }
  }
  return out;
}

tl::expected<CalicoObjects, std::string> read_calico_objects(const std::string& render_dir)
{
  std::vector<CalicoFile> files;
  const auto& paths = calico_object_paths();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string path = render_dir + "/" + paths[i];
    std::ifstream in(path);
    if (!in) {
      // Only families with a LoadBalancer pool have that file.
      if (paths[i] == "calico/loadbalancer/ippools.yaml")
        continue;
      return tl::unexpected(
        fmt::format("{}: cannot read it (the lab's node stand-in takes its BIRD "
                    "config from the rendered Calico objects)",
                    path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back({ path, text.str() });
  }
  return parse_calico_objects(files);
}

} // namespace dualstack::lab
