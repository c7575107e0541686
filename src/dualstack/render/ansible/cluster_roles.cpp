// The cluster roles.
#include <dualstack/render/ansible/cluster_roles.hpp>

#include <dualstack/render/ansible/text.hpp>
#include <dualstack/render/calico/values.hpp>
#include <dualstack/render/kubeadm/documents.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>
#include <dualstack/render/verify/names.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dualstack::render::ansible {

namespace {

// The rendered files the cluster roles copy to the first control-plane node go here.
constexpr std::string_view remote_dir = "/etc/kubernetes/dualstack";

constexpr std::string_view control_plane_body =
  R"yaml(# kubeadm init on the first control-plane node, and the join secrets for every node that has not
# joined yet: a bootstrap token, the certificate key of the uploaded control-plane certificates and
# the CA certificate hash. None of them is ever printed.
- name: Check whether the cluster exists
  ansible.builtin.stat:
    path: /etc/kubernetes/admin.conf
  register: dualstack_admin_conf

- name: Find the nodes that still have to join
  ansible.builtin.set_fact:
    dualstack_joining: >-
      {{ groups['k8s_nodes'] | map('extract', hostvars) | selectattr('dualstack_kubelet_conf', 'defined')
         | rejectattr('dualstack_kubelet_conf.stat.exists') | map(attribute='inventory_hostname')
         | reject('equalto', inventory_hostname) | list }}

- name: Generate a bootstrap token
  ansible.builtin.command: kubeadm token generate
  register: dualstack_generated_token
  changed_when: false
  no_log: true
  when: not dualstack_admin_conf.stat.exists

- name: Create a bootstrap token for the joining nodes (valid 2 h)
  ansible.builtin.command: kubeadm token create --ttl 2h0m0s --description "dualstack join"
  environment:
    KUBECONFIG: /etc/kubernetes/admin.conf
  register: dualstack_created_token
  changed_when: true
  no_log: true
  when: dualstack_admin_conf.stat.exists and dualstack_joining | length > 0

- name: Generate a certificate key
  ansible.builtin.command: kubeadm certs certificate-key
  register: dualstack_certificate_key
  changed_when: false
  no_log: true
  when: not dualstack_admin_conf.stat.exists or dualstack_joining | intersect(groups['masters']) | length > 0

- name: Keep the join secrets
  ansible.builtin.set_fact:
    dualstack_join_token: "{{ dualstack_generated_token.stdout if not dualstack_admin_conf.stat.exists else dualstack_created_token.stdout | default('') }}"
    dualstack_join_certificate_key: "{{ dualstack_certificate_key.stdout | default('') }}"
  no_log: true

- name: Write the kubeadm init config with the token and certificate key filled in
  ansible.builtin.copy:
    content: "{{ lookup('ansible.builtin.file', dualstack_render_dir ~ '/' ~ dualstack_kubeadm_file)
      | replace('@TOKEN@', dualstack_join_token)
      | replace('@CERTIFICATE_KEY@', dualstack_join_certificate_key) }}\n"
    dest: /etc/kubernetes/kubeadm.yaml
    owner: root
    group: root
    mode: "0600"
  no_log: true
  when: not dualstack_admin_conf.stat.exists

# The config holds the secrets, the command line and the output do not (--skip-*-print), so its
# errors stay readable.
- name: Run kubeadm init (uploads the control-plane certificates)
  ansible.builtin.command: kubeadm init --config /etc/kubernetes/kubeadm.yaml --upload-certs --skip-token-print --skip-certificate-key-print
  args:
    creates: /etc/kubernetes/admin.conf

- name: Upload the control-plane certificates for the joining masters
  ansible.builtin.command: >-
    kubeadm init phase upload-certs --upload-certs --skip-certificate-key-print
    --certificate-key {{ dualstack_join_certificate_key }}
  environment:
    KUBECONFIG: /etc/kubernetes/admin.conf
  changed_when: true
  no_log: true
  when: dualstack_admin_conf.stat.exists and dualstack_joining | intersect(groups['masters']) | length > 0

- name: Compute the CA certificate hash
  ansible.builtin.shell: >-
    set -o pipefail &&
    openssl x509 -pubkey -noout -in /etc/kubernetes/pki/ca.crt
    | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1
  args:
    executable: /bin/bash
  register: dualstack_ca_hash
  changed_when: false

- name: Keep the CA certificate hash
  ansible.builtin.set_fact:
    dualstack_join_ca_cert_hash: "sha256:{{ dualstack_ca_hash.stdout }}"
)yaml";

constexpr std::string_view join_body =
  R"yaml(# kubeadm join, with the secrets from the first control-plane node filled into the node's rendered
# config.
- name: Check whether this node joined the cluster
  ansible.builtin.stat:
    path: /etc/kubernetes/kubelet.conf
  register: dualstack_joined

- name: Check that the first control-plane node handed out the join secrets
  ansible.builtin.assert:
    that:
      - hostvars[groups['masters'][0]].dualstack_join_token | default('') | length > 0
    fail_msg: >-
      the first control-plane node {{ groups['masters'][0] }} did not hand out a join token: run
      the play without --limit, or include {{ groups['masters'][0] }} in it
    quiet: true
  when: not dualstack_joined.stat.exists

- name: Write the kubeadm join config with the token, CA hash and certificate key filled in
  ansible.builtin.copy:
    content: "{{ lookup('ansible.builtin.file', dualstack_render_dir ~ '/' ~ dualstack_kubeadm_file)
      | replace('@TOKEN@', hostvars[groups['masters'][0]].dualstack_join_token)
      | replace('@CA_HASH@', hostvars[groups['masters'][0]].dualstack_join_ca_cert_hash)
      | replace('@CERTIFICATE_KEY@', hostvars[groups['masters'][0]].dualstack_join_certificate_key) }}\n"
    dest: /etc/kubernetes/kubeadm.yaml
    owner: root
    group: root
    mode: "0600"
  no_log: true
  when: not dualstack_joined.stat.exists

- name: Run kubeadm join
  ansible.builtin.command: kubeadm join --config /etc/kubernetes/kubeadm.yaml
  args:
    creates: /etc/kubernetes/kubelet.conf
)yaml";

constexpr std::string_view kube_dns_body =
  R"yaml(# kubeadm creates kube-dns with a ClusterIP of the primary family only.
- name: Make the folder of the rendered cluster files
  ansible.builtin.file:
    path: @REMOTE@
    state: directory
    owner: root
    group: root
    mode: "0700"

- name: Copy the kube-dns Service patch to the first control-plane node
  ansible.builtin.copy:
    src: "{{ dualstack_render_dir }}/@PATCH@"
    dest: @REMOTE@/kube-dns-service-patch.yaml
    owner: root
    group: root
    mode: "0644"

- name: "Make kube-dns dual-stack (@DNS_IPS@)"
  ansible.builtin.command: >-
    kubectl --namespace kube-system patch service kube-dns --type merge
    --patch-file @REMOTE@/kube-dns-service-patch.yaml
  register: dualstack_kube_dns
  changed_when: "'(no change)' not in dualstack_kube_dns.stdout"
)yaml";

constexpr std::string_view calico_release_check =
  R"yaml(- name: Check that the Calico release files are there
  ansible.builtin.assert:
    that:
      - dualstack_calico_release_dir is defined
@RELEASE_CHECKS@    fail_msg: >-
      Calico's @RELEASE_NAMES@ are not in dualstack_calico_release_dir
      ({{ dualstack_calico_release_dir | default('unset') }}): download them from the Calico
      release (docs/deploy.md) and pass -e dualstack_calico_release_dir=DIR
    quiet: true

- name: Make the folder of the Calico files
  ansible.builtin.file:
    path: @REMOTE@/calico
    state: directory
    owner: root
    group: root
    mode: "0700"

- name: Copy the Calico files to the first control-plane node
  ansible.builtin.copy:
    src: "{{ item.src }}"
    dest: "@REMOTE@/calico/{{ item.dest }}"
    owner: root
    group: root
    mode: "0644"
  loop:
@COPIES@  loop_control:
    label: "{{ item.dest }}"
)yaml";

// Server-side apply: Calico's CRDs are too large for the annotation of a client-side apply, so
// `kubectl diff` (exit 1: differs) decides whether anything changes.
constexpr std::string_view calico_release_apply = R"yaml(
- name: "Compare Calico's @FILES@ with the cluster"
  ansible.builtin.command: kubectl diff --server-side --force-conflicts -f @REMOTE@/calico/{{ item }}
  loop:
@LIST@  register: dualstack_calico_diff
  changed_when: false
  failed_when: dualstack_calico_diff.rc > 1

- name: "Apply Calico's @FILES@ (server-side, in this order)"
  ansible.builtin.command: kubectl apply --server-side --force-conflicts -f @REMOTE@/calico/{{ item.item }}
  loop: "{{ dualstack_calico_diff.results }}"
  loop_control:
    label: "{{ item.item }}"
  when: item.rc == 1
  changed_when: true
)yaml";

constexpr std::string_view calico_plan_apply = R"yaml(
- name: "Apply @WHAT@"
  ansible.builtin.command: kubectl apply -f @REMOTE@/calico/{{ item }}
  loop:
@LIST@  register: dualstack_calico_apply
  changed_when: dualstack_calico_apply.stdout_lines | reject('search', ' unchanged$') | list | length > 0
)yaml";

constexpr std::string_view calico_operator_wait = R"yaml(
- name: Wait until the operator reports Calico available
  ansible.builtin.command: kubectl wait --for=condition=Available tigerastatus/calico --timeout=60s
  register: dualstack_calico_status
  until: dualstack_calico_status.rc == 0
  retries: 20
  delay: 10
  changed_when: false
)yaml";

constexpr std::string_view calico_manifest_node = R"yaml(
- name: Give calico-node the Plan's environment (IP/IP6, pools, IPv6 support)
  ansible.builtin.command: >-
    kubectl --namespace kube-system patch daemonset calico-node --type strategic
    --patch-file @REMOTE@/calico/calico-node-env.yaml
  register: dualstack_calico_node_patch
  changed_when: "'(no change)' not in dualstack_calico_node_patch.stdout"

- name: Wait until calico-node runs on every node
  ansible.builtin.command: kubectl --namespace kube-system rollout status daemonset/calico-node --timeout=600s
  changed_when: false
)yaml";

constexpr std::string_view route_reflectors = R"yaml(
- name: Read the route reflectors' labels and annotations
  ansible.builtin.command: kubectl get node {{ item }} --output=json
  loop:
@NODES@  register: dualstack_route_reflectors
  changed_when: false

- name: Label the route reflectors
  ansible.builtin.command: kubectl label node {{ item.item }} @LABEL@=true --overwrite
  loop: "{{ dualstack_route_reflectors.results }}"
  loop_control:
    label: "{{ item.item }}"
  when: (item.stdout | from_json).metadata.labels['@LABEL@'] | default('') != 'true'
  changed_when: true

- name: Give the route reflectors their RouteReflectorClusterID @CLUSTER_ID@
  ansible.builtin.command: kubectl annotate node {{ item.item }} @ANNOTATION@=@CLUSTER_ID@ --overwrite
  loop: "{{ dualstack_route_reflectors.results }}"
  loop_control:
    label: "{{ item.item }}"
  when: (item.stdout | from_json).metadata.annotations['@ANNOTATION@'] | default('') != '@CLUSTER_ID@'
  changed_when: true
)yaml";

constexpr std::string_view verify_body =
  R"yaml(# dualstack verify inside the cluster: the rendered Job checks the cluster against the Plan (the
# DaemonSet checks every node); the play fails with the Job's findings.
- name: Check that the cluster's config.toml was given
  ansible.builtin.assert:
    that:
      - dualstack_config is defined
      - dualstack_config is file
    fail_msg: >-
      verify needs the cluster's config.toml ({{ dualstack_config | default('unset') }}):
      pass -e dualstack_config=PATH/config.toml, or skip verify with --skip-tags verify
    quiet: true

- name: Make the folder of the verify manifests
  ansible.builtin.file:
    path: @DIR@
    state: directory
    owner: root
    group: root
    mode: "0700"

- name: Copy the verify manifests and the config to the first control-plane node
  ansible.builtin.copy:
    src: "{{ item.src }}"
    dest: "@DIR@/{{ item.dest }}"
    owner: root
    group: root
    mode: "0644"
  loop:
    - { src: "{{ dualstack_config }}", dest: config.toml }
    - { src: "{{ dualstack_render_dir }}/verify/namespace.yaml", dest: namespace.yaml }
    - { src: "{{ dualstack_render_dir }}/verify/rbac.yaml", dest: rbac.yaml }
    - { src: "{{ dualstack_render_dir }}/verify/job.yaml", dest: job.yaml }
    - { src: "{{ dualstack_render_dir }}/verify/daemonset.yaml", dest: daemonset.yaml }
  loop_control:
    label: "{{ item.dest }}"

- name: Apply verify's namespace and access
  ansible.builtin.command: kubectl apply -f @DIR@/{{ item }}
  loop:
    - namespace.yaml
    - rbac.yaml
  register: dualstack_verify_access
  changed_when: dualstack_verify_access.stdout_lines | reject('search', ' unchanged$') | list | length > 0

- name: Render the config ConfigMap
  ansible.builtin.command: >-
    kubectl --namespace @NAMESPACE@ create configmap @CONFIG_MAP@
    --from-file=config.toml=@DIR@/config.toml --dry-run=client --output=yaml
  register: dualstack_verify_config_map
  changed_when: false

- name: Apply the config ConfigMap
  ansible.builtin.command: kubectl apply -f -
  args:
    stdin: "{{ dualstack_verify_config_map.stdout }}"
  register: dualstack_verify_config
  changed_when: dualstack_verify_config.stdout_lines | reject('search', ' unchanged$') | list | length > 0

  notify: Remove the previous verify Job

# A Job is immutable: a changed config (or -e dualstack_verify_again=true) runs it afresh.
- name: Remove the previous verify Job now if the config changed
  ansible.builtin.meta: flush_handlers

- name: Remove the previous verify Job if asked to verify again
  ansible.builtin.command: kubectl --namespace @NAMESPACE@ delete job @JOB@ --ignore-not-found
  register: dualstack_verify_delete
  changed_when: "'deleted' in dualstack_verify_delete.stdout"
  when: dualstack_verify_again | default(false) | bool

- name: Apply the verify Job and DaemonSet
  ansible.builtin.command: kubectl apply -f @DIR@/{{ item }}
  loop:
    - job.yaml
    - daemonset.yaml
  register: dualstack_verify_workloads
  changed_when: dualstack_verify_workloads.stdout_lines | reject('search', ' unchanged$') | list | length > 0

- name: Wait for the verify Job to finish
  ansible.builtin.command: >-
    kubectl --namespace @NAMESPACE@ get job @JOB@
    --output=jsonpath={.status.conditions[?(@.status=="True")].type}
  register: dualstack_verify_status
  until: "'Complete' in dualstack_verify_status.stdout or 'Failed' in dualstack_verify_status.stdout"
  retries: 90
  delay: 20
  changed_when: false

- name: Read verify's findings
  ansible.builtin.command: kubectl --namespace @NAMESPACE@ logs job/@JOB@
  register: dualstack_verify_report
  changed_when: false

- name: Fail with verify's findings if the cluster differs from the Plan
  ansible.builtin.fail:
    msg: "dualstack verify found differences from the Plan:\n{{ dualstack_verify_report.stdout }}"
  when: "'Failed' in dualstack_verify_status.stdout"
)yaml";

constexpr std::string_view verify_handler_body =
  R"yaml(# A changed config runs verify afresh: the Job is immutable, so the old one goes.
- name: Remove the previous verify Job
  ansible.builtin.command: kubectl --namespace @NAMESPACE@ delete job @JOB@ --ignore-not-found
  changed_when: true
)yaml";

std::string list_lines(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items)
    out += "    - " + yaml_string(item) + "\n";
  return out;
}

// Returns the name a rendered Calico file gets on the node: its base name, with the folder for
// the LoadBalancer pools (manifest/ippools.yaml has the same base name).
std::string copy_name(const std::string& path)
{
  if (path == "calico/loadbalancer/ippools.yaml")
    return "loadbalancer-ippools.yaml";
  return path.substr(path.rfind('/') + 1);
}

std::vector<std::pair<std::string, std::string>> verify_values()
{
  return { { "NAMESPACE", render::verify::namespace_name },
           { "JOB", render::verify::job_name },
           { "CONFIG_MAP", render::verify::config_map },
           { "DIR", std::string(remote_dir) + "/verify" } };
}

bool has_loadbalancer_pools(const plan::Plan& plan)
{
  for (const auto& [family, network] : plan.networks)
    if (network.loadbalancer_pool)
      return true;
  return false;
}

} // namespace

std::string control_plane_tasks(const plan::Plan& plan)
{
  return header(plan, "Control-plane role") +
         fill(control_plane_body,
              { { "TOKEN", std::string(kubeadm::placeholder::bootstrap_token) },
                { "CERTIFICATE_KEY", std::string(kubeadm::placeholder::certificate_key) } });
}

std::string join_tasks(const plan::Plan& plan)
{
  return header(plan, "Join role") +
         fill(join_body,
              { { "TOKEN", std::string(kubeadm::placeholder::bootstrap_token) },
                { "CERTIFICATE_KEY", std::string(kubeadm::placeholder::certificate_key) },
                { "CA_HASH", std::string(kubeadm::placeholder::ca_cert_hash) } });
}

std::string kube_dns_tasks(const plan::Plan& plan)
{
  return header(plan, "kube-dns role") +
         fill(
           kube_dns_body,
           { { "REMOTE", std::string(remote_dir) },
             { "PATCH", kubeadm::kube_dns_patch_path },
             { "DNS_IPS", fmt::format("{}", fmt::join(kubeadm::dns_service_ips(plan), ", ")) } });
}

std::string calico_tasks(const plan::Plan& plan)
{
  const bool operator_mode = plan.calico_install_mode == "operator";
  // The release's files (from dualstack_calico_release_dir), in the order they are applied.
  const std::vector<std::string> release =
    operator_mode ? std::vector<std::string>{ "operator-crds.yaml", "tigera-operator.yaml" }
                  : std::vector<std::string>{ "crds.yaml", "calico.yaml" };
  // The Plan's objects; in manifest mode the IP pools go in before calico-node first starts.
  std::vector<std::string> objects;
  if (!operator_mode)
    objects.push_back("calico/manifest/ippools.yaml");
  objects.push_back("calico/felixconfiguration.yaml");
  objects.push_back("calico/bgp/bgpconfiguration.yaml");
  objects.push_back("calico/bgp/bgppeers.yaml");
  if (has_loadbalancer_pools(plan))
    objects.push_back("calico/loadbalancer/ippools.yaml");
  const std::vector<std::string> after =
    operator_mode ? std::vector<std::string>{ "calico/operator/installation.yaml" }
                  : std::vector<std::string>{ "calico/manifest/calico-config.yaml",
                                              "calico/manifest/calico-node-env.yaml" };

  std::string checks;
  std::string copies;
  for (const auto& name : release) {
    checks += fmt::format("      - (dualstack_calico_release_dir ~ '/{}') is file\n", name);
    copies += fmt::format(
      "    - {{ src: \"{{{{ dualstack_calico_release_dir }}}}/{0}\", dest: {0} }}\n", name);
  }
  std::vector<std::string> object_names;
  std::vector<std::string> after_names;
  for (const auto& path : objects)
    object_names.push_back(copy_name(path));
  for (const auto& path : after)
    after_names.push_back(copy_name(path));
  for (const auto& path : objects)
    copies += fmt::format(
      "    - {{ src: \"{{{{ dualstack_render_dir }}}}/{}\", dest: {} }}\n", path, copy_name(path));
  for (const auto& path : after)
    copies += fmt::format(
      "    - {{ src: \"{{{{ dualstack_render_dir }}}}/{}\", dest: {} }}\n", path, copy_name(path));
  const std::string files = fmt::format("{}", fmt::join(release, " and "));

  std::string out = header(plan, fmt::format("Calico role ({} mode)", plan.calico_install_mode));
  out +=
    operator_mode
      ? "# The Tigera operator with its CRDs (Calico's release, dualstack_calico_release_dir), the "
        "Plan's\n"
        "# Felix and BGP objects, then the Installation, then the route reflectors.\n"
      : "# Calico's CRDs (Calico's release, dualstack_calico_release_dir), the Plan's IP pools, "
        "Felix and\n"
        "# BGP objects before calico-node first starts, calico.yaml, the Plan's CNI config and\n"
        "# calico-node environment, then the route reflectors.\n";
  const std::vector<std::pair<std::string, std::string>> common = {
    { "REMOTE", std::string(remote_dir) },
    { "RELEASE_CHECKS", checks },
    { "RELEASE_NAMES", files },
    { "COPIES", copies },
  };
  out += fill(calico_release_check, common);
  if (operator_mode) {
    out += fill(calico_release_apply,
                { { "REMOTE", std::string(remote_dir) },
                  { "FILES", files },
                  { "LIST", list_lines(release) } });
    out += fill(calico_plan_apply,
                { { "REMOTE", std::string(remote_dir) },
                  { "WHAT", "the Plan's Felix and BGP objects, then the Installation" },
                  { "LIST", list_lines(object_names) + list_lines(after_names) } });
    out += calico_operator_wait;
  } else {
    out += fill(calico_release_apply,
                { { "REMOTE", std::string(remote_dir) },
                  { "FILES", "CRDs" },
                  { "LIST", list_lines({ release.front() }) } });
    out += fill(calico_plan_apply,
                { { "REMOTE", std::string(remote_dir) },
                  { "WHAT", "the Plan's IP pools, Felix and BGP objects" },
                  { "LIST", list_lines(object_names) } });
    std::string manifest = fill(calico_release_apply,
                                { { "REMOTE", std::string(remote_dir) },
                                  { "FILES", "manifest" },
                                  { "LIST", list_lines({ release.back() }) } });
    // A second diff/apply pair in one file needs its own register name.
    for (std::size_t at = manifest.find("dualstack_calico_diff"); at != std::string::npos;
         at = manifest.find("dualstack_calico_diff", at + 1))
      manifest.replace(
        at, std::string_view("dualstack_calico_diff").size(), "dualstack_calico_manifest_diff");
    out += manifest;
    out += fill(calico_plan_apply,
                { { "REMOTE", std::string(remote_dir) },
                  { "WHAT", "the Plan's CNI config" },
                  { "LIST", list_lines({ after_names.front() }) } });
    out += fill(calico_manifest_node, { { "REMOTE", std::string(remote_dir) } });
  }
  if (!plan.route_reflectors.empty()) {
    out += fill(route_reflectors,
                { { "NODES", list_lines(plan.route_reflectors) },
                  { "LABEL", calico::route_reflector_label },
                  { "ANNOTATION", "projectcalico.org/RouteReflectorClusterID" },
                  { "CLUSTER_ID", plan.route_reflector_cluster_id.to_string() } });
  }
  return out;
}

std::string verify_tasks(const plan::Plan& plan)
{
  return header(plan, "Verify role") + fill(verify_body, verify_values());
}

std::string verify_handlers(const plan::Plan& plan)
{
  return header(plan, "Verify role handlers") + fill(verify_handler_body, verify_values());
}

} // namespace dualstack::render::ansible
