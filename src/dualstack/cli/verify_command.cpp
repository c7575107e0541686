// `dualstack verify CONFIG`: a cluster's dual-stack state against the Plan, from saved
// `kubectl get -o json` Lists (--from), the live API (--kubeconfig, --in-cluster), the node it
// runs on (--host), or per-node reports gathered into one (--gather); text, JSON or JUnit.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/cli/verify_progress.hpp>
#include <dualstack/util/edit_distance.hpp>
#include <dualstack/util/exit_status.hpp>
#include <dualstack/verify/dump_reader.hpp>
#include <dualstack/verify/gather.hpp>
#include <dualstack/verify/host/host_checks.hpp>
#include <dualstack/verify/host/host_probe.hpp>
#include <dualstack/verify/kube/cluster_verifier.hpp>
#include <dualstack/verify/kube/in_cluster.hpp>
#include <dualstack/verify/report_writer.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

namespace dualstack::cli {

namespace {

struct VerifyOptions
{
  std::string config;
  std::string from;
  std::string kubeconfig;
  std::string context;
  bool in_cluster = false;
  bool insecure = false;
  std::size_t page_size = 500;
  std::size_t retries = 4;
  bool host = false;
  std::string node;
  std::string gather;
  std::string format = "text";
  bool quiet = false;
};

// A verify run that could not start: a report holding one input error, also printed on stderr.
verify::Report unusable(const std::string& source,
                        const std::string& message,
                        const std::string& hint)
{
  std::cerr << fmt::format("dualstack verify: {}: {}\n", source, message);
  if (!hint.empty()) {
    std::cerr << fmt::format("hint: {}\n", hint);
  }
  verify::Report report;
  verify::InputError error;
  error.source = source;
  error.message = hint.empty() ? message : fmt::format("{} (hint: {})", message, hint);
  report.errors.push_back(std::move(error));
  return report;
}

verify::Report from_kube_error(const verify::kube::Error& error)
{
  std::cerr << verify::kube::format_error(error) << "\n";
  verify::Report report;
  report.errors.push_back(verify::kube::to_input_error(error));
  return report;
}

verify::Report verify_live(const plan::Plan& plan, const VerifyOptions& options)
{
  namespace kube = verify::kube;
  const kube::DiskFileReader files;
  auto access =
    options.in_cluster
      ? kube::in_cluster_access(files, kube::process_env())
      : kube::load_kubeconfig(options.kubeconfig,
                              options.context.empty() ? std::nullopt
                                                      : std::optional<std::string>(options.context),
                              files);
  if (!access) {
    return from_kube_error(access.error());
  }
  ApiProgress progress(std::cerr, options.quiet);
  kube::ClientOptions client_options;
  client_options.insecure_skip_tls_verify = options.insecure;
  auto client = kube::HttpsClient::create(std::move(*access), client_options, &progress);
  if (!client) {
    return from_kube_error(client.error());
  }
  if (!options.quiet) {
    std::cerr << fmt::format(
      "verify: reading {} (context `{}`)\n", client->access().server, client->access().context);
  }
  kube::PagerOptions pager;
  pager.page_size = options.page_size;
  pager.max_attempts = options.retries + 1;
  return kube::verify_cluster(plan, *client, pager, &progress, &progress);
}

verify::Report verify_host(const plan::Plan& plan, const VerifyOptions& options)
{
  const std::string name = options.node.empty() ? verify::host::local_hostname() : options.node;
  const plan::Host* node = verify::host::find_node(plan, name);
  if (!node) {
    std::vector<std::string> names;
    for (const auto& host : plan.hosts) {
      names.push_back(host.name);
    }
    const auto match = closest_match(name, names);
    std::string all;
    for (const auto& n : names) {
      all += (all.empty() ? "" : ", ") + n;
    }
    return unusable(options.node.empty() ? "hostname" : "--node",
                    fmt::format("`{}` is not a host of the Plan", name),
                    match ? fmt::format("did you mean `--node {}`?", *match)
                          : fmt::format("pass --node NAME, one of: {}", all));
  }
  auto state = verify::host::probe_host();
  if (!state) {
    return unusable("host", state.error(), "verify --host needs iproute2's `ip` (with -j) on PATH");
  }
  return verify::host::check_host(plan, *node, *state);
}

// Returns the one mode chosen, or prints a usage error and returns nullopt.
std::optional<std::string> chosen_mode(const VerifyOptions& o)
{
  std::vector<std::string> modes;
  if (!o.from.empty())
    modes.push_back("--from");
  if (!o.kubeconfig.empty())
    modes.push_back("--kubeconfig");
  if (o.in_cluster)
    modes.push_back("--in-cluster");
  if (o.host)
    modes.push_back("--host");
  if (!o.gather.empty())
    modes.push_back("--gather");
  if (modes.size() == 1) {
    const std::string& mode = modes.front();
    const bool live = mode == "--kubeconfig" || mode == "--in-cluster";
    if (!o.context.empty() && mode != "--kubeconfig") {
      std::cerr << "dualstack verify: --context needs --kubeconfig FILE\n";
      return std::nullopt;
    }
    if (o.insecure && !live) {
      std::cerr
        << "dualstack verify: --insecure-skip-tls-verify is for --kubeconfig or --in-cluster\n";
      return std::nullopt;
    }
    if (!o.node.empty() && mode != "--host") {
      std::cerr << "dualstack verify: --node NAME needs --host\n";
      return std::nullopt;
    }
    return mode;
  }
  if (modes.empty()) {
    std::cerr << "dualstack verify: say what to verify: --from DIR, --kubeconfig FILE, "
                 "--in-cluster, --host or --gather DIR\n";
  } else {
    std::cerr << fmt::format("dualstack verify: choose one of {} (they are different inputs)\n",
                             fmt::join(modes, ", "));
  }
  std::cerr << "hint: `dualstack verify --help` explains each mode\n";
  return std::nullopt;
}

} // namespace

void add_verify_command(CLI::App& app, int& exit_code)
{
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* command = app.add_subcommand("verify",
                                         "Check a cluster's dual-stack state against the Plan "
                                         "(exit 0 pass, 1 findings, 2 unusable input)");
  command->add_option("CONFIG", options->config, "Path of the cluster's config.toml")->required();
  command->add_option("--from",
                      options->from,
                      "Directory of saved `kubectl get ... -o json` Lists (nodes.json, pods.json, "
                      "services.json, endpointslices.json, ippools.json, configmaps.json, "
                      "daemonsets.json, installations.json, bgppeers.json)");
  command->add_option("--kubeconfig",
                      options->kubeconfig,
                      "Read the live cluster through the API server of this kubeconfig (HTTPS, "
                      "its CA, client certificate or token)");
  command->add_option(
    "--context", options->context, "Kubeconfig context to use (default: its current-context)");
  command->add_flag("--in-cluster",
                    options->in_cluster,
                    "Read the cluster this pod runs in (service account token and CA under "
                    "/var/run/secrets/kubernetes.io/serviceaccount, KUBERNETES_SERVICE_HOST/PORT)");
  command->add_flag("--insecure-skip-tls-verify",
                    options->insecure,
                    "Do not verify the API server's certificate (warns; never use in production)");
  command
    ->add_option("--page-size",
                 options->page_size,
                 "Items per list request (`limit`; lists are paged with `continue`)")
    ->capture_default_str()
    ->check(CLI::Range(1, 100000));
  command
    ->add_option("--retries",
                 options->retries,
                 "Requests again a page that failed transiently (dropped connection, body "
                 "cut short, 429 after its Retry-After, 5xx) at most N times, backing off "
                 "0.5 s, 1 s, 2 s, ... (at most 10 s); 0 never retries")
    ->capture_default_str()
    ->check(CLI::Range(0, 20));
  command->add_flag("--host",
                    options->host,
                    "Check the node this runs on (addresses, default routes, forwarding, Calico "
                    "routes) from `ip -j` and /proc/sys");
  command->add_option(
    "--node", options->node, "With --host: the Plan host this machine is (default: its hostname)");
  command->add_option(
    "--gather",
    options->gather,
    "Merge the JSON reports in DIR (one per node from --host, plus the cluster's) "
    "into one report; every planned node must have reported");
  command->add_option("--format", options->format, "Output format: text (default), json or junit")
    ->check(CLI::IsMember({ "text", "json", "junit" }, CLI::ignore_case));
  command->add_flag("--quiet", options->quiet, "No progress lines on stderr (warnings still)");
  command->footer(
    "Modes (choose one):\n"
    "  dualstack verify config.toml --from DUMP/            saved `kubectl get <kind> -A -o json` "
    "files\n"
    "  dualstack verify config.toml --kubeconfig ~/.kube/config [--context NAME]\n"
    "                                                        the live API, lists paged with "
    "limit/continue\n"
    "  dualstack verify config.toml --in-cluster            inside a pod (rendered "
    "verify/job.yaml)\n"
    "  dualstack verify config.toml --host [--node NAME]    this node (rendered "
    "verify/daemonset.yaml)\n"
    "  dualstack verify config.toml --gather RESULTS/       merge per-node and cluster --format "
    "json reports\n"
    "Missing dump files and Calico kinds that are not installed skip their checks (the report says "
    "which). A malformed, truncated or failed list (TLS, 401, 403, 5xx) exits 2: no check passes "
    "on "
    "partial input.\n`dualstack rules` lists every check id.");
  command->callback([options, &exit_code] {
    const auto format =
      verify::parse_report_format(options->format).value_or(verify::ReportFormat::text);
    const auto mode = chosen_mode(*options);
    if (!mode) {
      exit_code = exit_unusable;
      return;
    }
    const Format session_format =
      format == verify::ReportFormat::json ? Format::json : Format::text;
    auto session = open_session(options->config, session_format, std::cout, std::cerr, exit_code);
    if (!session)
      return;
    if (!session->plan.plan) {
      print_findings(*session, session_format, std::cerr, false);
      std::cerr << fmt::format(
        "dualstack verify: {} has errors; fix them before verifying a cluster\n", options->config);
      exit_code = exit_unusable;
      return;
    }
    const plan::Plan& plan = *session->plan.plan;
    verify::Report report;
    if (*mode == "--from") {
      DumpProgress progress(std::cerr);
      report = verify::verify_dump(plan, options->from, options->quiet ? nullptr : &progress);
    } else if (*mode == "--host") {
      report = verify_host(plan, *options);
    } else if (*mode == "--gather") {
      report = verify::gather_reports(plan, options->gather);
    } else {
      report = verify_live(plan, *options);
    }
    // A run that could not start said why on stderr; text gets no empty report on top of it.
    const bool nothing_checked = report.checks.empty() && !report.errors.empty();
    if (!(nothing_checked && format == verify::ReportFormat::text)) {
      verify::write_report(report, format, std::cout);
    }
    exit_code = report.exit_status();
  });
}

} // namespace dualstack::cli
