// `dualstack verify CONFIG --from DIR`: the cluster checks over saved `kubectl get -o json`
// Lists, reported as text, JSON or JUnit.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/util/exit_status.hpp>
#include <dualstack/verify/dump_reader.hpp>
#include <dualstack/verify/report_writer.hpp>

#include <fmt/format.h>

#include <chrono>
#include <iostream>

namespace dualstack::cli {

namespace {

// Prints progress lines on stderr for large files (64 MiB and up) only.
class StderrProgress final : public verify::VerifyObserver
{
public:
  void started(verify::Resource resource, std::uint64_t total_bytes) override
  {
    m_large = total_bytes >= (64u << 20);
    m_start = std::chrono::steady_clock::now();
    if (m_large) {
      std::cerr << fmt::format("verify: reading {} ({} MiB)\n", verify::info(resource).file,
                               total_bytes >> 20);
    }
  }

  void advanced(verify::Resource resource, std::size_t items, std::uint64_t bytes) override
  {
    std::cerr << fmt::format("verify: {}: {} items, {} MiB\n", verify::info(resource).file, items,
                             bytes >> 20);
  }

  void finished(verify::Resource resource, std::size_t items, bool ok) override
  {
    if (m_large) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - m_start;
      std::cerr << fmt::format("verify: {}: {} items {} in {:.2f} s\n", verify::info(resource).file,
                               items, ok ? "checked" : "read before an error", took.count());
    }
  }

private:
  bool m_large = false;
  std::chrono::steady_clock::time_point m_start;
};

} // namespace

void add_verify_command(CLI::App& app, int& exit_code)
{
  struct Options
  {
    std::string config;
    std::string from;
    std::string format = "text";
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
    "verify", "Check a cluster's dual-stack state against the Plan (exit 0 pass, 1 findings, 2 unusable input)");
  command->add_option("CONFIG", options->config, "Path of the cluster's config.toml")->required();
  command->add_option("--from", options->from,
                      "Directory of saved `kubectl get ... -o json` Lists (nodes.json, pods.json, "
                      "services.json, endpointslices.json, ippools.json, configmaps.json, "
                      "daemonsets.json, installations.json, bgppeers.json)")
    ->required();
  command->add_option("--format", options->format, "Output format: text (default), json or junit")
    ->check(CLI::IsMember({"text", "json", "junit"}, CLI::ignore_case));
  command->add_flag("--quiet", options->quiet, "No progress lines on stderr");
  command->footer("Missing files skip their checks (the report says which). Malformed or truncated "
                  "files exit 2: no check passes on partial input.\n`dualstack rules` lists every "
                  "check id.");
  command->callback([options, &exit_code] {
    const auto format = verify::parse_report_format(options->format).value_or(verify::ReportFormat::text);
    const Format session_format = format == verify::ReportFormat::json ? Format::json : Format::text;
    auto session = open_session(options->config, session_format, std::cout, std::cerr, exit_code);
    if (!session) return;
    if (!session->plan.plan) {
      print_findings(*session, session_format, std::cerr, false);
      std::cerr << fmt::format("dualstack verify: {} has errors; fix them before verifying a cluster\n",
                               options->config);
      exit_code = exit_unusable;
      return;
    }
    StderrProgress progress;
    const verify::Report report =
      verify::verify_dump(*session->plan.plan, options->from, options->quiet ? nullptr : &progress);
    verify::write_report(report, format, std::cout);
    exit_code = report.exit_status();
  });
}

} // namespace dualstack::cli
