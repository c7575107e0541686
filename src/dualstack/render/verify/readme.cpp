// verify/README.md.
#include <dualstack/render/verify/readme.hpp>

#include <dualstack/render/file_header.hpp>
#include <dualstack/render/verify/names.hpp>

#include <fmt/format.h>

namespace dualstack::render::verify {

std::string readme(const plan::Plan& plan)
{
  return fmt::format(
    "# Verify cluster `{cluster}` ({shape}) from inside\n"
    "\n"
    "Rendered by dualstack from the cluster's Plan. The Job checks the cluster through the API\n"
    "(`dualstack verify --in-cluster`), the DaemonSet checks every node (`dualstack verify "
    "--host`:\n"
    "its addresses, default routes, forwarding sysctls and Calico routes). Both print a JSON "
    "report\n"
    "to their log; `dualstack verify --gather` merges them into one.\n"
    "\n"
    "1. Build the image from the repository's `Containerfile` and make it pullable by the nodes:\n"
    "   `podman build -t {image} -f Containerfile .` (push it and change `image:` if you use a\n"
    "   registry).\n"
    "2. `kubectl apply -f verify/namespace.yaml -f verify/rbac.yaml`\n"
    "3. Hand the pods the cluster's config:\n"
    "   `kubectl -n {ns} create configmap {cm} --from-file=config.toml=PATH/config.toml`\n"
    "4. `kubectl apply -f verify/job.yaml -f verify/daemonset.yaml`\n"
    "5. Gather, once the Job finished and every DaemonSet pod ran:\n"
    "\n"
    "       mkdir -p results\n"
    "       kubectl -n {ns} logs job/{job} > results/cluster.json\n"
    "       for pod in $(kubectl -n {ns} get pods -l app.kubernetes.io/name={ds} -o name); do\n"
    "         kubectl -n {ns} logs \"$pod\" > \"results/${{pod#pod/}}.json\"\n"
    "       done\n"
    "       dualstack verify config.toml --gather results/\n"
    "\n"
    "   Exit 0: every check passed on the cluster and on every node; 1: findings; 2: a report is\n"
    "   missing or unusable (`host-reported` names nodes that did not report).\n"
    "6. Run again: `kubectl -n {ns} delete job {job}` and re-apply; `kubectl -n {ns} rollout\n"
    "   restart daemonset/{ds}`. Remove everything: `kubectl delete namespace {ns}` and\n"
    "   `kubectl delete -f verify/rbac.yaml`.\n"
    "\n"
    "Access: the Job's ServiceAccount `{sa}` may only get and list what verify reads "
    "(cluster-wide\n"
    "nodes, pods, services, EndpointSlices, DaemonSets and Calico / Tigera resources; ConfigMaps "
    "in\n"
    "kube-system only). The DaemonSet's account `{host_sa}` has no token and no role; its pods "
    "use\n"
    "the host network to read the node's state, without privileges or capabilities.\n",
    fmt::arg("cluster", plan.cluster_name),
    fmt::arg("shape", cluster_shape(plan)),
    fmt::arg("image", image()),
    fmt::arg("ns", namespace_name),
    fmt::arg("cm", config_map),
    fmt::arg("job", job_name),
    fmt::arg("ds", daemonset_name),
    fmt::arg("sa", cluster_account),
    fmt::arg("host_sa", host_account));
}

} // namespace dualstack::render::verify
