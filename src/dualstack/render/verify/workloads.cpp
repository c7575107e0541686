// Job and DaemonSet of the in-cluster verify: non-root, read-only, no privileges.
#include <dualstack/render/verify/workloads.hpp>

#include <dualstack/render/verify/names.hpp>

#include <fmt/format.h>

namespace dualstack::render::verify {

namespace {

Json labels(const plan::Plan& plan, const char* name, const char* component)
{
  return { { "app.kubernetes.io/name", name },
           { "app.kubernetes.io/component", component },
           { "app.kubernetes.io/part-of", plan.cluster_name },
           { "app.kubernetes.io/managed-by", "dualstack" } };
}

Json pod_security()
{
  return { { "runAsNonRoot", true },
           { "runAsUser", image_user },
           { "runAsGroup", image_user },
           { "seccompProfile", { { "type", "RuntimeDefault" } } } };
}

Json container_security()
{
  return { { "allowPrivilegeEscalation", false },
           { "readOnlyRootFilesystem", true },
           { "capabilities", { { "drop", { "ALL" } } } } };
}

Json config_mount()
{
  return Json::array(
    { { { "name", "config" }, { "mountPath", config_dir }, { "readOnly", true } } });
}

Json config_volume()
{
  return Json::array({ { { "name", "config" }, { "configMap", { { "name", config_map } } } } });
}

Json resources(const char* memory_limit)
{
  return { { "requests", { { "cpu", "50m" }, { "memory", "32Mi" } } },
           { "limits", { { "memory", memory_limit } } } };
}

} // namespace

Json verify_job(const plan::Plan& plan)
{
  return {
    { "apiVersion", "batch/v1" },
    { "kind", "Job" },
    { "metadata",
      { { "name", job_name },
        { "namespace", namespace_name },
        { "labels", labels(plan, job_name, "cluster") } } },
    { "spec",
      { { "backoffLimit", 0 }, // exit 1 means findings: a retry would not change them
        { "activeDeadlineSeconds", 1800 },
        { "ttlSecondsAfterFinished", 86400 },
        { "template",
          { { "metadata", { { "labels", labels(plan, job_name, "cluster") } } },
            { "spec",
              { { "serviceAccountName", cluster_account },
                { "automountServiceAccountToken", true },
                { "restartPolicy", "Never" },
                { "securityContext", pod_security() },
                { "containers",
                  Json::array({ { { "name", "verify" },
                                  { "image", image() },
                                  { "imagePullPolicy", "IfNotPresent" },
                                  { "command", { "dualstack" } },
                                  { "args",
                                    { "verify",
                                      config_path,
                                      "--in-cluster",
                                      "--format",
                                      "json",
                                      "--quiet" } },
                                  { "resources", resources("256Mi") },
                                  { "securityContext", container_security() },
                                  { "volumeMounts", config_mount() } } }) },
                { "volumes", config_volume() } } } } } } },
  };
}

Json verify_daemonset(const plan::Plan& plan)
{
  // `$NODE_NAME` is the Kubernetes node name, which is the Plan's host name.
  const std::string script =
    fmt::format("dualstack verify {} --host --node \"$NODE_NAME\" --format json --quiet\n"
                "exec sleep infinity\n",
                config_path);
  return {
    { "apiVersion", "apps/v1" },
    { "kind", "DaemonSet" },
    { "metadata",
      { { "name", daemonset_name },
        { "namespace", namespace_name },
        { "labels", labels(plan, daemonset_name, "host") } } },
    { "spec",
      { { "selector", { { "matchLabels", { { "app.kubernetes.io/name", daemonset_name } } } } },
        { "updateStrategy", { { "type", "RollingUpdate" } } },
        { "template",
          { { "metadata", { { "labels", labels(plan, daemonset_name, "host") } } },
            { "spec",
              { { "serviceAccountName", host_account },
                { "automountServiceAccountToken", false },
                { "hostNetwork", true }, // the node's addresses, routes and sysctls, read-only
                { "dnsPolicy", "ClusterFirstWithHostNet" },
                { "tolerations", Json::array({ { { "operator", "Exists" } } }) },
                { "securityContext", pod_security() },
                { "containers",
                  Json::array(
                    { { { "name", "verify-host" },
                        { "image", image() },
                        { "imagePullPolicy", "IfNotPresent" },
                        { "command", { "/bin/sh", "-c", script } },
                        { "env",
                          Json::array(
                            { { { "name", "NODE_NAME" },
                                { "valueFrom",
                                  { { "fieldRef", { { "fieldPath", "spec.nodeName" } } } } } } }) },
                        { "resources", resources("64Mi") },
                        { "securityContext", container_security() },
                        { "volumeMounts", config_mount() } } }) },
                { "volumes", config_volume() } } } } } } },
  };
}

} // namespace dualstack::render::verify
