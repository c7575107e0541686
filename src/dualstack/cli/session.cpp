// Loading and planning shared by the commands.
#include <dualstack/cli/session.hpp>

#include <dualstack/cli/finding_printer.hpp>
#include <dualstack/util/exit_status.hpp>

#include <cstdlib>
#include <unistd.h>

namespace dualstack::cli {

std::optional<Session> open_session(const std::string& path,
                                    Format format,
                                    std::ostream& out,
                                    std::ostream& err,
                                    int& exit_code)
{
  auto loaded = config::load_config_file(path);
  if (!loaded) {
    exit_code = exit_unusable;
    if (format == Format::json) {
      out << findings_json({ loaded.error() }).dump(2) << "\n";
    } else {
      print_findings_text(err, { loaded.error() }, {}, false);
    }
    return std::nullopt;
  }
  Session session{ std::move(*loaded), plan::PlanResult{ std::nullopt, Findings() } };
  session.plan = plan::derive_plan(session.load.config, session.load.findings);
  exit_code = session.plan.findings.has_errors() ? exit_findings : exit_ok;
  return session;
}

void print_findings(const Session& session, Format format, std::ostream& out, bool color)
{
  if (format == Format::json) {
    out << findings_json(session.plan.findings.all()).dump(2) << "\n";
  } else {
    print_findings_text(out, session.plan.findings.all(), session.load.text, color);
  }
}

bool stdout_color()
{
  return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

void add_format_option(CLI::App& command, Format& format)
{
  command.add_option("--format", format, "Output format: text (default) or json")
    ->transform(CLI::CheckedTransformer(
      std::map<std::string, Format>{ { "text", Format::text }, { "json", Format::json } },
      CLI::ignore_case));
}

} // namespace dualstack::cli
