// `dualstack gen-dump CONFIG --out DIR`: a synthetic cluster dump consistent with the Plan, with
// planted defects, for verify's tests and benchmarks.
#include <dualstack/verify/gen/gen_dump_command.hpp>

#include <dualstack/cli/session.hpp>
#include <dualstack/util/exit_status.hpp>
#include <dualstack/verify/gen/dump_generator.hpp>

#include <fmt/format.h>

#include <iostream>

namespace dualstack::cli {

void add_gen_dump_command(CLI::App& app, int& exit_code)
{
  struct Options
  {
    std::string config;
    std::string out;
    verify::gen::DumpOptions dump;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("gen-dump",
                                         "Write a synthetic `kubectl get -o json` dump of the "
                                         "config's cluster (for verify tests and benchmarks)");
  command
    ->add_option("CONFIG",
                 options->config,
                 "Path of the cluster's config.toml (its nodes are the dump's nodes)")
    ->required();
  command
    ->add_option("-o,--out", options->out, "Directory to write nodes.json, pods.json, ... into")
    ->required();
  command->add_option("--pods", options->dump.pods, "Pods, hostNetwork ones included")
    ->capture_default_str();
  command
    ->add_option("--services", options->dump.services, "Services, kubernetes and kube-dns included")
    ->capture_default_str();
  command->add_option("--endpointslices", options->dump.endpoint_slices, "EndpointSlices")
    ->capture_default_str();
  command
    ->add_option("--defects", options->dump.defects, "Defects to plant; listed in DIR/defects.json")
    ->capture_default_str();
  command->add_option("--seed", options->dump.seed, "Seed: the same seed gives the same bytes")
    ->capture_default_str();
  command->add_flag("--quiet", options->quiet, "No progress lines on stderr");
  command->callback([options, &exit_code] {
    auto session = open_session(options->config, Format::text, std::cout, std::cerr, exit_code);
    if (!session)
      return;
    if (!session->plan.plan) {
      print_findings(*session, Format::text, std::cerr, false);
      exit_code = exit_unusable;
      return;
    }
    std::function<void(const std::string&)> progress;
    if (!options->quiet) {
      progress = [](const std::string& line) { std::cerr << line << "\n"; };
    }
    auto summary =
      verify::gen::generate_dump(*session->plan.plan, options->dump, options->out, progress);
    if (!summary) {
      std::cerr << fmt::format("dualstack gen-dump: {}\n", summary.error());
      exit_code = exit_unusable;
      return;
    }
    std::cout << fmt::format(
      "{}: {} nodes, {} pods, {} services, {} EndpointSlices, {} MB; {} defects "
      "planted (defects.json)\n",
      options->out,
      summary->nodes,
      summary->pods,
      summary->services,
      summary->endpoint_slices,
      summary->bytes / 1'000'000,
      summary->defects.size());
    exit_code = exit_ok;
  });
}

} // namespace dualstack::cli
