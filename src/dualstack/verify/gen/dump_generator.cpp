// generate_dump: the big Lists (nodes, pods, services, EndpointSlices) with their defects, the
// small ones via singletons.cpp, then defects.json and expected.json.
#include <dualstack/verify/gen/dump_generator.hpp>

#include <dualstack/verify/gen/cluster_model.hpp>
#include <dualstack/verify/gen/defect_plan.hpp>
#include <dualstack/verify/gen/expectations.hpp>
#include <dualstack/verify/gen/objects.hpp>
#include <dualstack/verify/gen/singletons.hpp>
#include <dualstack/verify/json_item.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace dualstack::verify::gen {

namespace {

struct FileCloser
{
  void operator()(std::FILE* file) const
  {
    std::fclose(file);
  }
};

std::vector<std::string> texts(const std::vector<net::Address>& addresses)
{
  std::vector<std::string> out;
  for (const auto& a : addresses) {
    out.push_back(a.to_string());
  }
  return out;
}

class Generator
{
public:
  Generator(const ClusterModel& model, const DefectPlan& defects)
    : m_model(model)
    , m_plan(model.plan())
    , m_defects(defects)
  {
  }

  void nodes(JsonWriter& out)
  {
    write_list_begin(out);
    for (std::size_t i = 0; i < m_model.node_count(); ++i) {
      const plan::Host& host = m_model.node(i);
      NodeObject node;
      node.name = host.name;
      node.role = host.role == plan::HostRole::master ? "control-plane" : "worker";
      node.internal_ips = texts(host.addresses.values());
      for (net::Family family : m_plan.families()) {
        node.pod_cidrs.push_back(m_model.node_pod_cidr(i, family).to_string());
      }
      node.uid = m_model.hash(10, i);
      if (auto check = m_defects.node(i)) {
        plant_node(*check, i, node);
      }
      write_node(out, node);
    }
    write_list_end(out);
  }

  void pods(JsonWriter& out)
  {
    write_list_begin(out);
    const std::size_t nodes = m_model.node_count();
    for (std::size_t i = 0; i < m_model.options().pods; ++i) {
      PodObject pod;
      pod.ns = m_model.pod_namespace(i);
      pod.name = m_model.pod_name(i);
      const plan::Host& node = m_model.node(m_model.pod_node(i));
      pod.node = node.name;
      pod.host_ips = texts(node.addresses.values());
      pod.uid = m_model.hash(11, i);
      const PodKind kind = m_model.pod_kind(i);
      if (kind == PodKind::host_network) {
        pod.app = i / nodes == 0 ? "kube-proxy" : "calico-node";
        pod.host_network = true;
        pod.phase = "Running";
        pod.pod_ips = texts(node.addresses.values());
      } else {
        const std::size_t r = i - m_model.host_pod_count();
        pod.app = fmt::format("web-{}", r / 3);
        pod.phase = kind == PodKind::running     ? "Running"
                    : kind == PodKind::succeeded ? "Succeeded"
                                                 : "Pending";
        if (kind != PodKind::pending) {
          pod.pod_ips = texts(m_model.pod_ips(i));
        } else {
          pod.host_ips.clear();
        }
      }
      if (auto check = m_defects.pod(i)) {
        plant_pod(*check, i, pod);
      }
      if (!pod.pod_ips.empty() && pod.pod_ip.empty()) {
        pod.pod_ip = pod.pod_ips.front();
      }
      write_pod(out, pod);
      if (m_progress && (i + 1) % 50'000 == 0) {
        m_progress(fmt::format("gen-dump: {} pods", i + 1));
      }
    }
    write_list_end(out);
  }

  void services(JsonWriter& out)
  {
    write_list_begin(out);
    for (std::size_t i = 0; i < m_model.options().services; ++i) {
      const ServiceShape shape = m_model.service(i);
      ServiceObject service;
      service.ns = shape.ns;
      service.name = shape.name;
      service.uid = m_model.hash(12, i);
      service.policy = shape.policy;
      service.type = shape.kind == ServiceKind::external_name   ? "ExternalName"
                     : shape.kind == ServiceKind::load_balancer ? "LoadBalancer"
                                                                : "ClusterIP";
      for (net::Family family : shape.families) {
        service.families.emplace_back(json::k8s_family(family));
        service.cluster_ips.push_back(shape.kind == ServiceKind::headless
                                        ? std::string("None")
                                        : m_model.service_ip(i, family).to_string());
        if (shape.kind == ServiceKind::load_balancer) {
          service.ingress_ips.push_back(m_model.loadbalancer_ip(i, family).to_string());
        }
      }
      if (shape.kind == ServiceKind::headless) {
        service.cluster_ips = { "None" };
      }
      if (i == 0 && m_defects.singleton(Check::service_kubernetes_ip)) {
        service.cluster_ips[0] =
          m_plan.network(m_plan.primary()).service_subnet.nth(2)->to_string();
        record(Check::service_kubernetes_ip,
               "Service",
               service.ns,
               service.name,
               "ClusterIP " + service.cluster_ips[0]);
      }
      if (i == 1 && m_defects.singleton(Check::service_dns_ip)) {
        service.cluster_ips[0] =
          m_plan.network(m_plan.primary()).service_subnet.nth(11)->to_string();
        record(Check::service_dns_ip,
               "Service",
               service.ns,
               service.name,
               "ClusterIP " + service.cluster_ips[0]);
      }
      if (auto check = m_defects.service(i)) {
        plant_service(*check, i, service);
      }
      if (!service.cluster_ips.empty()) {
        service.cluster_ip = service.cluster_ips.front();
      }
      write_service(out, service);
    }
    write_list_end(out);
  }

  void slices(JsonWriter& out)
  {
    write_list_begin(out);
    const std::size_t services = m_model.options().services;
    const std::size_t regular = m_model.options().pods - m_model.host_pod_count();
    for (std::size_t j = 0; j < m_model.options().endpoint_slices; ++j) {
      const std::size_t s = services > 2 ? 2 + j % (services - 2) : j % services;
      const ServiceShape shape = m_model.service(s);
      const net::Family family =
        m_plan.families()[(j / std::max<std::size_t>(1, services - 2)) % m_plan.families().size()];
      SliceObject slice;
      slice.ns = shape.ns;
      slice.service = shape.name;
      slice.name = fmt::format("{}-{}", shape.name, m_model.suffix(13, j));
      slice.address_type = std::string(json::k8s_family(family));
      slice.uid = m_model.hash(14, j);
      const std::size_t family_index = family == m_plan.primary() ? 0 : 1;
      for (std::size_t e = 0; e < 3 && regular > 0; ++e) {
        const std::size_t pod = m_model.host_pod_count() + (j * 3 + e) % regular;
        slice.addresses.push_back(m_model.pod_ips(pod)[family_index].to_string());
        slice.nodes.push_back(m_model.node(m_model.pod_node(pod)).name);
      }
      if (auto check = m_defects.slice(j); check && *check == Check::endpointslice_address_type) {
        slice.address_type = std::string(json::k8s_family(net::other(family)));
        record(*check,
               "EndpointSlice",
               slice.ns,
               slice.name,
               fmt::format(
                 "addressType {} with {} addresses", slice.address_type, json::k8s_family(family)));
      }
      write_slice(out, slice);
    }
    write_list_end(out);
  }

  std::vector<PlantedDefect> planted;
  std::function<void(const std::string&)> m_progress;

private:
  void record(Check check, std::string kind, std::string ns, std::string name, std::string what)
  {
    planted.push_back({ std::string(cluster_checks()[check].id),
                        std::move(kind),
                        std::move(ns),
                        std::move(name),
                        std::move(what) });
  }

  void plant_node(Check check, std::size_t index, NodeObject& node)
  {
    if (check == Check::node_internal_ip) {
      // An address of the cluster subnet that no host has: past every planned host.
      const auto& network = m_plan.network(m_plan.primary());
      const auto wrong = network.cluster_subnet.nth(network.cluster_subnet.size() / 2 + index);
      node.internal_ips[0] = wrong ? wrong->to_string() : "192.0.2.1";
      record(check, "Node", "", node.name, "InternalIP " + node.internal_ips[0]);
    } else if (check == Check::node_pod_cidrs) {
      if (node.pod_cidrs.size() == 2) {
        std::swap(node.pod_cidrs[0], node.pod_cidrs[1]);
        record(check, "Node", "", node.name, "podCIDRs in the wrong order");
      } else {
        const auto cidr = m_model.node_pod_cidr(index, m_plan.primary());
        node.pod_cidrs[0] = net::Prefix(cidr.network(), cidr.length() + 1).to_string();
        record(check, "Node", "", node.name, "podCIDR " + node.pod_cidrs[0]);
      }
    }
  }

  void plant_pod(Check check, std::size_t index, PodObject& pod)
  {
    const std::size_t n = m_defects.ordinal(index);
    switch (check) {
      case Check::pod_ip_families:
        if (pod.pod_ips.size() == 2) {
          pod.pod_ips.pop_back();
        } else {
          pod.pod_ips.push_back(m_model.spare_pool_ip(m_plan.primary(), n).to_string());
        }
        record(check, "Pod", pod.ns, pod.name, "podIPs " + fmt::format("{}", pod.pod_ips.size()));
        break;
      case Check::pod_ip_primary:
        pod.pod_ip = m_model.spare_pool_ip(m_plan.primary(), n).to_string();
        record(check, "Pod", pod.ns, pod.name, "podIP " + pod.pod_ip);
        break;
      case Check::pod_ip_pool:
        pod.pod_ips[0] = m_model.outside_pool_ip(m_plan.primary(), n).to_string();
        record(check, "Pod", pod.ns, pod.name, "IP " + pod.pod_ips[0]);
        break;
      case Check::pod_ip_unique:
        pod.pod_ips = texts(m_model.pod_ips(m_defects.duplicate_source(index)));
        record(check,
               "Pod",
               pod.ns,
               pod.name,
               "IPs of pod " + m_model.pod_name(m_defects.duplicate_source(index)));
        break;
      case Check::pod_host_network: {
        const plan::Host& other =
          m_model.node((m_model.pod_node(index) + 1) % m_model.node_count());
        pod.pod_ips = texts(other.addresses.values());
        record(check, "Pod", pod.ns, pod.name, "IPs of node " + other.name);
        break;
      }
      default:
        break;
    }
  }

  void plant_service(Check check, std::size_t index, ServiceObject& service)
  {
    const std::size_t n = m_defects.ordinal(index);
    if (check == Check::service_ip_families) {
      service.policy = "RequireDualStack";
      record(check, "Service", service.ns, service.name, "RequireDualStack with one family");
    } else if (check == Check::service_cluster_ip_range) {
      service.cluster_ips[0] = m_model.outside_service_ip(m_plan.primary(), n).to_string();
      record(check, "Service", service.ns, service.name, "ClusterIP " + service.cluster_ips[0]);
    } else if (check == Check::service_loadbalancer_ips) {
      // A dual-stack LoadBalancer service that got an address of its first family only.
      record(check,
             "Service",
             service.ns,
             service.name,
             "LoadBalancer ingress without " + service.families.back());
      service.ingress_ips.pop_back();
    }
  }

  const ClusterModel& m_model;
  const plan::Plan& m_plan;
  const DefectPlan& m_defects;
};

} // namespace

tl::expected<DumpSummary, std::string> generate_dump(
  const plan::Plan& plan,
  const DumpOptions& options,
  const std::filesystem::path& dir,
  const std::function<void(const std::string&)>& progress)
{
  auto model = ClusterModel::build(plan, options);
  if (!model) {
    return tl::unexpected(model.error());
  }
  auto defects = DefectPlan::choose(*model);
  if (!defects) {
    return tl::unexpected(defects.error());
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return tl::unexpected(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  Generator generator(*model, *defects);
  generator.m_progress = progress;
  DumpSummary summary;
  auto write_file = [&](const char* name, auto&& body) -> tl::expected<void, std::string> {
    const auto path = dir / name;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
    if (!file) {
      return tl::unexpected(fmt::format("cannot write {}", path.string()));
    }
    JsonWriter out(file.get());
    body(out);
    out.flush();
    const bool ok = out.flush() && std::fputc('\n', file.get()) != EOF;
    summary.bytes += out.bytes() + 1;
    if (!ok || std::ferror(file.get())) {
      return tl::unexpected(fmt::format("write error on {}", path.string()));
    }
    if (progress) {
      progress(fmt::format("gen-dump: wrote {} ({} bytes)", path.string(), out.bytes() + 1));
    }
    return {};
  };
  auto& planted = generator.planted;
  const std::pair<const char*, std::function<void(JsonWriter&)>> files[] = {
    { "nodes.json", [&](JsonWriter& out) { generator.nodes(out); } },
    { "pods.json", [&](JsonWriter& out) { generator.pods(out); } },
    { "services.json", [&](JsonWriter& out) { generator.services(out); } },
    { "endpointslices.json", [&](JsonWriter& out) { generator.slices(out); } },
    { "ippools.json", [&](JsonWriter& out) { write_ippools(out, *model, *defects, planted); } },
    { "configmaps.json",
      [&](JsonWriter& out) { write_configmaps(out, *model, *defects, planted); } },
    { "daemonsets.json",
      [&](JsonWriter& out) { write_daemonsets(out, *model, *defects, planted); } },
    { "installations.json",
      [&](JsonWriter& out) { write_installations(out, *model, *defects, planted); } },
    { "bgppeers.json", [&](JsonWriter& out) { write_bgppeers(out, *model, *defects, planted); } },
  };
  for (const auto& [name, body] : files) {
    if (auto ok = write_file(name, body); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  const std::string defects_json = defects_to_json(planted);
  const std::string expected_json = plan_expectations(plan);
  for (const auto& [name, text] : { std::pair{ "defects.json", &defects_json },
                                    std::pair{ "expected.json", &expected_json } }) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen((dir / name).c_str(), "wb"));
    if (!file || std::fwrite(text->data(), 1, text->size(), file.get()) != text->size()) {
      return tl::unexpected(fmt::format("cannot write {}", (dir / name).string()));
    }
  }
  summary.nodes = model->node_count();
  summary.pods = options.pods;
  summary.services = options.services;
  summary.endpoint_slices = options.endpoint_slices;
  summary.defects = std::move(planted);
  return summary;
}

} // namespace dualstack::verify::gen
