// The synthetic objects the generator writes, as plain values a defect can edit before writing,
// and the writers that print them like `kubectl get -o json` items.
#pragma once

#include <dualstack/verify/gen/json_writer.hpp>

#include <string>
#include <vector>

namespace dualstack::verify::gen {

struct NodeObject
{
  std::string name;
  std::string role;                      // control-plane | worker
  std::vector<std::string> internal_ips; // as written
  std::vector<std::string> pod_cidrs;
  std::uint64_t uid = 0;
};

struct PodObject
{
  std::string ns;
  std::string name;
  std::string app; // owner name
  std::string node;
  std::string phase; // Running | Succeeded | Pending
  bool host_network = false;
  std::string pod_ip;
  std::vector<std::string> pod_ips;
  std::vector<std::string> host_ips;
  std::uint64_t uid = 0;
};

struct ServiceObject
{
  std::string ns;
  std::string name;
  std::string type;   // ClusterIP | ExternalName | LoadBalancer
  std::string policy; // empty for ExternalName
  std::string cluster_ip;
  std::vector<std::string> cluster_ips;
  std::vector<std::string> families;
  std::vector<std::string> ingress_ips; // status.loadBalancer.ingress (LoadBalancer)
  std::uint64_t uid = 0;
};

struct SliceObject
{
  std::string ns;
  std::string name;
  std::string service;
  std::string address_type;
  std::vector<std::string> addresses; // one endpoint each
  std::vector<std::string> nodes;     // nodeName of each endpoint
  std::uint64_t uid = 0;
};

// Writes the List header (`{"apiVersion":"v1","items":[`); items follow, then write_list_end.
void write_list_begin(JsonWriter& out);
void write_list_end(JsonWriter& out);

void write_node(JsonWriter& out, const NodeObject& node);
void write_pod(JsonWriter& out, const PodObject& pod);
void write_service(JsonWriter& out, const ServiceObject& service);
void write_slice(JsonWriter& out, const SliceObject& slice);

// Returns a Kubernetes-style UID (8-4-4-4-12 hex) from `value`.
std::string uid_text(std::uint64_t value);

} // namespace dualstack::verify::gen
