// Writers for nodes, pods, services and EndpointSlices, shaped like real kubectl output
// (metadata, spec and status with the fields a real cluster has, not only the checked ones),
// so that parsing cost in benchmarks is realistic.
#include <dualstack/verify/gen/objects.hpp>

#include <fmt/format.h>

namespace dualstack::verify::gen {

namespace {

constexpr const char* created = "2024-05-01T10:00:00Z";

void write_condition(JsonWriter& out, const char* type, bool probe_time)
{
  out.begin_object();
  if (probe_time) {
    out.key("lastProbeTime").null();
  }
  out.field("lastTransitionTime", created).field("status", "True").field("type", type);
  out.end_object();
}

void write_ips(JsonWriter& out, const char* key, const std::vector<std::string>& ips)
{
  out.key(key).begin_array();
  for (const auto& ip : ips) {
    out.begin_object().field("ip", ip).end_object();
  }
  out.end_array();
}

} // namespace

std::string uid_text(std::uint64_t value)
{
  const std::uint64_t other = value * 0x9e3779b97f4a7c15ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                     value >> 32,
                     (value >> 16) & 0xffff,
                     value & 0xffff,
                     other >> 48,
                     other & 0xffffffffffffULL);
}

void write_list_begin(JsonWriter& out)
{
  out.begin_object().field("apiVersion", "v1").key("items").begin_array();
}

void write_list_end(JsonWriter& out)
{
  out.end_array();
  out.field("kind", "List");
  out.key("metadata").begin_object().field("resourceVersion", "").end_object();
  out.end_object();
}

void write_node(JsonWriter& out, const NodeObject& node)
{
  out.begin_object().field("apiVersion", "v1").field("kind", "Node");
  out.key("metadata").begin_object();
  out.key("annotations")
    .begin_object()
    .field("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///run/containerd/containerd.sock")
    .field("node.alpha.kubernetes.io/ttl", "0")
    .field("volumes.kubernetes.io/controller-managed-attach-detach", "true")
    .end_object();
  out.field("creationTimestamp", created);
  out.key("labels")
    .begin_object()
    .field("beta.kubernetes.io/arch", "amd64")
    .field("beta.kubernetes.io/os", "linux")
    .field("kubernetes.io/arch", "amd64")
    .field("kubernetes.io/hostname", node.name)
    .field("kubernetes.io/os", "linux")
    .field(fmt::format("node-role.kubernetes.io/{}", node.role), "")
    .end_object();
  out.field("name", node.name)
    .field("resourceVersion", fmt::format("{}", 1000 + node.uid % 99991))
    .field("uid", uid_text(node.uid));
  out.end_object();
  out.key("spec").begin_object();
  if (!node.pod_cidrs.empty()) {
    out.field("podCIDR", node.pod_cidrs.front());
    out.key("podCIDRs").begin_array();
    for (const auto& cidr : node.pod_cidrs) {
      out.string(cidr);
    }
    out.end_array();
  }
  out.end_object();
  out.key("status").begin_object();
  out.key("addresses").begin_array();
  for (const auto& ip : node.internal_ips) {
    out.begin_object().field("address", ip).field("type", "InternalIP").end_object();
  }
  out.begin_object().field("address", node.name).field("type", "Hostname").end_object();
  out.end_array();
  out.key("allocatable")
    .begin_object()
    .field("cpu", "8")
    .field("ephemeral-storage", "96143634901")
    .field("memory", "32676852Ki")
    .field("pods", "110")
    .end_object();
  out.key("capacity")
    .begin_object()
    .field("cpu", "8")
    .field("ephemeral-storage", "104322028Ki")
    .field("memory", "32779252Ki")
    .field("pods", "110")
    .end_object();
  out.key("conditions").begin_array();
  for (const char* type : { "MemoryPressure", "DiskPressure", "PIDPressure" }) {
    out.begin_object()
      .field("lastHeartbeatTime", created)
      .field("lastTransitionTime", created)
      .field("message", "kubelet has sufficient resources")
      .field("reason", "KubeletHasSufficient")
      .field("status", "False")
      .field("type", type)
      .end_object();
  }
  out.begin_object()
    .field("lastHeartbeatTime", created)
    .field("lastTransitionTime", created)
    .field("message", "kubelet is posting ready status")
    .field("reason", "KubeletReady")
    .field("status", "True")
    .field("type", "Ready")
    .end_object();
  out.end_array();
  out.key("nodeInfo")
    .begin_object()
    .field("architecture", "amd64")
    .field("bootID", uid_text(node.uid ^ 0x5a5a))
    .field("containerRuntimeVersion", "containerd://1.7.13")
    .field("kernelVersion", "6.1.0-18-amd64")
    .field("kubeProxyVersion", "v1.29.3")
    .field("kubeletVersion", "v1.29.3")
    .field("machineID", fmt::format("{:032x}", node.uid))
    .field("operatingSystem", "linux")
    .field("osImage", "Debian GNU/Linux 12 (bookworm)")
    .field("systemUUID", uid_text(node.uid ^ 0xa5a5))
    .end_object();
  out.end_object();
  out.end_object();
}

void write_pod(JsonWriter& out, const PodObject& pod)
{
  const std::string volume = fmt::format("kube-api-access-{:05x}", pod.uid & 0xfffff);
  out.begin_object().field("apiVersion", "v1").field("kind", "Pod");
  out.key("metadata").begin_object();
  out.field("creationTimestamp", created).field("generateName", pod.app + "-");
  out.key("labels")
    .begin_object()
    .field("app", pod.app)
    .field("pod-template-hash", fmt::format("{:010x}", pod.uid % 0xffffffffff))
    .end_object();
  out.field("name", pod.name).field("namespace", pod.ns);
  out.key("ownerReferences")
    .begin_array()
    .begin_object()
    .field("apiVersion", "apps/v1")
    .field("blockOwnerDeletion", true)
    .field("controller", true)
    .field("kind", pod.host_network ? "DaemonSet" : "ReplicaSet")
    .field("name", pod.app)
    .field("uid", uid_text(pod.uid ^ 0x77))
    .end_object()
    .end_array();
  out.field("resourceVersion", fmt::format("{}", 100000 + pod.uid % 999983))
    .field("uid", uid_text(pod.uid));
  out.end_object();

  out.key("spec").begin_object();
  out.key("containers").begin_array().begin_object();
  out.field("image", fmt::format("registry.example.com/{}:1.4.2", pod.app.substr(0, 12)))
    .field("imagePullPolicy", "IfNotPresent")
    .field("name", "main");
  out.key("ports")
    .begin_array()
    .begin_object()
    .field("containerPort", 8080)
    .field("name", "http")
    .field("protocol", "TCP")
    .end_object()
    .end_array();
  out.key("resources")
    .begin_object()
    .key("limits")
    .begin_object()
    .field("cpu", "500m")
    .field("memory", "256Mi")
    .end_object()
    .key("requests")
    .begin_object()
    .field("cpu", "100m")
    .field("memory", "128Mi")
    .end_object()
    .end_object();
  out.field("terminationMessagePath", "/dev/termination-log")
    .field("terminationMessagePolicy", "File");
  out.key("volumeMounts")
    .begin_array()
    .begin_object()
    .field("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount")
    .field("name", volume)
    .field("readOnly", true)
    .end_object()
    .end_array();
  out.end_object().end_array();
  out.field("dnsPolicy", pod.host_network ? "ClusterFirstWithHostNet" : "ClusterFirst")
    .field("enableServiceLinks", true);
  if (pod.host_network) {
    out.field("hostNetwork", true);
  }
  if (!pod.node.empty()) {
    out.field("nodeName", pod.node);
  }
  out.field("preemptionPolicy", "PreemptLowerPriority")
    .field("priority", 0)
    .field("restartPolicy", "Always")
    .field("schedulerName", "default-scheduler");
  out.key("securityContext").begin_object().end_object();
  out.field("serviceAccount", "default")
    .field("serviceAccountName", "default")
    .field("terminationGracePeriodSeconds", 30);
  out.key("tolerations").begin_array();
  for (const char* key : { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" }) {
    out.begin_object()
      .field("effect", "NoExecute")
      .field("key", key)
      .field("operator", "Exists")
      .field("tolerationSeconds", 300)
      .end_object();
  }
  out.end_array();
  out.key("volumes").begin_array().begin_object().field("name", volume);
  out.key("projected").begin_object().field("defaultMode", 420).key("sources").begin_array();
  out.begin_object()
    .key("serviceAccountToken")
    .begin_object()
    .field("expirationSeconds", 3607)
    .field("path", "token")
    .end_object()
    .end_object();
  out.begin_object()
    .key("configMap")
    .begin_object()
    .key("items")
    .begin_array()
    .begin_object()
    .field("key", "ca.crt")
    .field("path", "ca.crt")
    .end_object()
    .end_array()
    .field("name", "kube-root-ca.crt")
    .end_object()
    .end_object();
  out.end_array().end_object().end_object().end_array();
  out.end_object();

  out.key("status").begin_object();
  if (pod.phase == "Pending") {
    out.key("conditions").begin_array();
    write_condition(out, "PodScheduled", true);
    out.end_array();
    out.field("phase", "Pending").field("qosClass", "Burstable");
    out.end_object();
    out.end_object();
    return;
  }
  out.key("conditions").begin_array();
  for (const char* type : { "Initialized", "Ready", "ContainersReady", "PodScheduled" }) {
    write_condition(out, type, true);
  }
  out.end_array();
  out.key("containerStatuses")
    .begin_array()
    .begin_object()
    .field("containerID",
           fmt::format("containerd://{:016x}{:016x}{:016x}{:016x}",
                       pod.uid,
                       pod.uid * 3,
                       pod.uid * 5,
                       pod.uid * 7))
    .field("image", "registry.example.com/app:1.4.2")
    .field("imageID",
           fmt::format("registry.example.com/app@sha256:{:016x}{:016x}{:016x}{:016x}",
                       pod.uid * 11,
                       pod.uid * 13,
                       pod.uid * 17,
                       pod.uid * 19));
  out.key("lastState").begin_object().end_object();
  out.field("name", "main")
    .field("ready", pod.phase == "Running")
    .field("restartCount", 0)
    .field("started", pod.phase == "Running");
  out.key("state").begin_object();
  if (pod.phase == "Running") {
    out.key("running").begin_object().field("startedAt", created).end_object();
  } else {
    out.key("terminated")
      .begin_object()
      .field("exitCode", 0)
      .field("finishedAt", created)
      .field("reason", "Completed")
      .field("startedAt", created)
      .end_object();
  }
  out.end_object().end_object().end_array();
  if (!pod.host_ips.empty()) {
    out.field("hostIP", pod.host_ips.front());
    write_ips(out, "hostIPs", pod.host_ips);
  }
  out.field("phase", pod.phase);
  if (!pod.pod_ip.empty()) {
    out.field("podIP", pod.pod_ip);
  }
  if (!pod.pod_ips.empty()) {
    write_ips(out, "podIPs", pod.pod_ips);
  }
  out.field("qosClass", "Burstable").field("startTime", created);
  out.end_object();
  out.end_object();
}

void write_service(JsonWriter& out, const ServiceObject& service)
{
  out.begin_object().field("apiVersion", "v1").field("kind", "Service");
  out.key("metadata").begin_object().field("creationTimestamp", created);
  out.key("labels").begin_object().field("app", service.name).end_object();
  out.field("name", service.name)
    .field("namespace", service.ns)
    .field("resourceVersion", fmt::format("{}", 5000 + service.uid % 99991))
    .field("uid", uid_text(service.uid));
  out.end_object();
  out.key("spec").begin_object();
  if (service.type == "ExternalName") {
    out.field("externalName", fmt::format("{}.example.com", service.name))
      .field("sessionAffinity", "None")
      .field("type", "ExternalName");
  } else {
    out.field("clusterIP", service.cluster_ip);
    out.key("clusterIPs").begin_array();
    for (const auto& ip : service.cluster_ips) {
      out.string(ip);
    }
    out.end_array();
    out.field("internalTrafficPolicy", "Cluster");
    out.key("ipFamilies").begin_array();
    for (const auto& family : service.families) {
      out.string(family);
    }
    out.end_array();
    out.field("ipFamilyPolicy", service.policy);
    out.key("ports")
      .begin_array()
      .begin_object()
      .field("name", "https")
      .field("port", 443)
      .field("protocol", "TCP")
      .field("targetPort", 8443)
      .end_object()
      .end_array();
    out.key("selector").begin_object().field("app", service.name).end_object();
    if (service.type == "LoadBalancer") {
      out.field("allocateLoadBalancerNodePorts", true).field("externalTrafficPolicy", "Cluster");
    }
    out.field("sessionAffinity", "None").field("type", service.type);
  }
  out.end_object();
  out.key("status").begin_object().key("loadBalancer").begin_object();
  if (!service.ingress_ips.empty()) {
    out.key("ingress").begin_array();
    for (const auto& ip : service.ingress_ips) {
      out.begin_object().field("ip", ip).field("ipMode", "VIP").end_object();
    }
    out.end_array();
  }
  out.end_object().end_object();
  out.end_object();
}

void write_slice(JsonWriter& out, const SliceObject& slice)
{
  out.begin_object()
    .field("addressType", slice.address_type)
    .field("apiVersion", "discovery.k8s.io/v1");
  out.key("endpoints").begin_array();
  for (std::size_t i = 0; i < slice.addresses.size(); ++i) {
    out.begin_object().key("addresses").begin_array().string(slice.addresses[i]).end_array();
    out.key("conditions")
      .begin_object()
      .field("ready", true)
      .field("serving", true)
      .field("terminating", false)
      .end_object();
    out.field("nodeName", slice.nodes[i]);
    out.key("targetRef")
      .begin_object()
      .field("kind", "Pod")
      .field("name", fmt::format("{}-{}", slice.service, i))
      .field("namespace", slice.ns)
      .field("uid", uid_text(slice.uid + i))
      .end_object();
    out.end_object();
  }
  out.end_array();
  out.field("kind", "EndpointSlice");
  out.key("metadata")
    .begin_object()
    .field("creationTimestamp", created)
    .field("generateName", slice.service + "-");
  out.key("labels")
    .begin_object()
    .field("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
    .field("kubernetes.io/service-name", slice.service)
    .end_object();
  out.field("name", slice.name).field("namespace", slice.ns);
  out.key("ownerReferences")
    .begin_array()
    .begin_object()
    .field("apiVersion", "v1")
    .field("blockOwnerDeletion", true)
    .field("controller", true)
    .field("kind", "Service")
    .field("name", slice.service)
    .field("uid", uid_text(slice.uid ^ 0x99))
    .end_object()
    .end_array();
  out.field("resourceVersion", fmt::format("{}", 7000 + slice.uid % 99991))
    .field("uid", uid_text(slice.uid));
  out.end_object();
  out.key("ports")
    .begin_array()
    .begin_object()
    .field("name", "https")
    .field("port", 8443)
    .field("protocol", "TCP")
    .end_object()
    .end_array();
  out.end_object();
}

} // namespace dualstack::verify::gen
