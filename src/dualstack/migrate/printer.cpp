// The migration printers.
#include <dualstack/migrate/printer.hpp>

#include <fmt/format.h>

namespace dualstack::migrate {

namespace {

std::string joined(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::size_t disruptive_count(const Migration& m)
{
  std::size_t n = 0;
  for (const auto& s : m.steps)
    n += s.disruptive ? 1 : 0;
  return n;
}

void print_commands(std::ostream& out, std::string_view label, const std::vector<Command>& commands)
{
  bool first = true;
  for (const auto& c : commands) {
    out << fmt::format(
      "       {:<9} {}{} {}\n", first ? label : "", c.on, c.manual ? " (by hand):" : "$", c.run);
    first = false;
  }
}

void print_details(std::ostream& out, const Step& s)
{
  for (const auto& change : s.changes)
    out << fmt::format("       {:<9} {}\n", "changes", change);
  if (!s.disruptive)
    out << fmt::format("       {:<9} {}\n", "disrupts", s.disruption);
  bool first = true;
  for (const auto& f : s.files) {
    const std::string where = f.target.empty() ? f.host : f.host + ":" + f.target;
    out << fmt::format("       {:<9} {} -> {}\n", first ? "files" : "", f.path, where);
    first = false;
  }
  print_commands(out, "run", s.commands);
  print_commands(out, "check", s.checks);
  if (!s.done.run.empty())
    print_commands(out, "done if", { s.done });
  for (const auto& line : s.rollback)
    out << fmt::format("       {:<9} {}\n", "rollback", line);
  for (const auto& note : s.notes) {
    if (note.rfind("Impossible", 0) != 0)
      out << fmt::format("       {:<9} {}\n", "note", note);
  }
}

} // namespace

void print_migration_text(std::ostream& out, const Header& h, const Migration& m, bool details)
{
  out << fmt::format("dualstack migrate: {} -> {}\n", h.old_config, h.new_config);
  if (m.steps.empty()) {
    out << "nothing to do: both configs plan the same cluster\n";
    return;
  }
  std::vector<std::string> added;
  for (net::Family f : m.added)
    added.emplace_back(net::display_name(f));
  out << fmt::format("Adds {} to the running cluster ({} stays primary): {} steps, {} of them "
                     "disrupt traffic (!).\n",
                     joined(added),
                     net::display_name(h.primary),
                     m.steps.size(),
                     disruptive_count(m));
  out << fmt::format(
    "Do them in order. Before the next step, `dualstack verify {} --from DUMP` (a fresh\n"
    "`kubectl get -o json` dump) must report no finding of the step's checks for the objects "
    "named.\n",
    h.new_config);
  out << (h.output.empty()
            ? "Pass -o DIR to write the files the steps name.\n"
            : fmt::format("Files are in {}; run the operator commands there.\n", h.output));
  out << "\n";
  for (std::size_t i = 0; i < m.steps.size(); ++i) {
    const Step& s = m.steps[i];
    out << fmt::format("{:>3} {} {}  [{}]\n", i + 1, s.disruptive ? '!' : ' ', s.title, s.id);
    if (s.disruptive)
      out << fmt::format("       {:<9} {}\n", "disrupts", s.disruption);
    if (!s.verify.empty()) {
      out << fmt::format("       {:<9} {}{}\n",
                         "verify",
                         joined(s.verify),
                         s.verify_scope.empty() ? "" : " (" + s.verify_scope + ")");
    }
    for (const auto& note : s.notes) {
      if (note.rfind("Impossible", 0) == 0)
        out << fmt::format("       {:<9} {}\n", "NOTE", note);
    }
    if (details)
      print_details(out, s);
  }
  if (!details) {
    out << fmt::format("\nEvery step's changes, files, commands and checks: {}.\n",
                       h.output.empty() ? "--details"
                                        : h.output + "/migrate/STEPS.txt (or --details)");
  }
}

Json steps_json(const Migration& m)
{
  Json steps = Json::array();
  for (std::size_t i = 0; i < m.steps.size(); ++i) {
    const Step& s = m.steps[i];
    Json files = Json::array();
    for (const auto& f : s.files)
      files.push_back({ { "path", f.path }, { "host", f.host }, { "target", f.target } });
    auto commands = [](const std::vector<Command>& list) {
      Json out = Json::array();
      for (const auto& c : list) {
        Json one = { { "on", c.on }, { "run", c.run } };
        if (c.manual)
          one["manual"] = true;
        out.push_back(std::move(one));
      }
      return out;
    };
    steps.push_back({ { "number", i + 1 },
                      { "id", s.id },
                      { "title", s.title },
                      { "changes", s.changes },
                      { "disruptive", s.disruptive },
                      { "disruption", s.disruption },
                      { "files", files },
                      { "commands", commands(s.commands) },
                      { "checks", commands(s.checks) },
                      { "verify", s.verify },
                      { "verify_scope", s.verify_scope },
                      { "notes", s.notes },
                      { "done", s.done.run.empty() ? Json() : commands({ s.done }).front() },
                      { "rollback", s.rollback } });
  }
  return steps;
}

} // namespace dualstack::migrate
