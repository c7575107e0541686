// Compiler-style and JSON printing of findings.
#include <dualstack/cli/finding_printer.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::cli {

namespace {

// Returns line `number` (1-based) of `source`, without its newline.
std::string_view line_of(std::string_view source, int number)
{
  std::size_t start = 0;
  for (int i = 1; i < number; ++i) {
    const auto next = source.find('\n', start);
    if (next == std::string_view::npos)
      return {};
    start = next + 1;
  }
  auto end = source.find('\n', start);
  if (end == std::string_view::npos)
    end = source.size();
  std::string_view line = source.substr(start, end - start);
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  return line;
}

// Returns the width of the value starting at `column` (1-based): a quoted string, an array or
// a bare word.
std::size_t token_width(std::string_view line, int column)
{
  const std::size_t start = static_cast<std::size_t>(column - 1);
  if (start >= line.size())
    return 1;
  const char first = line[start];
  if (first == '"' || first == '\'') {
    const auto close = line.find(first, start + 1);
    return close == std::string_view::npos ? line.size() - start : close - start + 1;
  }
  if (first == '[') {
    const auto close = line.find(']', start);
    return close == std::string_view::npos ? line.size() - start : close - start + 1;
  }
  std::size_t end = start;
  while (end < line.size() && line[end] != ' ' && line[end] != ',' && line[end] != ']' &&
         line[end] != '}' && line[end] != '\t' && line[end] != '#') {
    ++end;
  }
  return std::max<std::size_t>(1, end - start);
}

} // namespace

std::string count_summary(const std::vector<Finding>& findings)
{
  const auto errors = std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::error;
  });
  const auto warnings = static_cast<long>(findings.size()) - errors;
  if (findings.empty())
    return "no findings";
  return fmt::format(
    "{} error{}, {} warning{}", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

void print_findings_text(std::ostream& out,
                         const std::vector<Finding>& findings,
                         std::string_view source,
                         bool color)
{
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* yellow = color ? "\033[1;33m" : "";
  const char* green = color ? "\033[1;32m" : "";
  const char* cyan = color ? "\033[1;36m" : "";
  const char* reset = color ? "\033[0m" : "";
  for (const auto& f : findings) {
    const char* sev_color = f.severity == Severity::error ? red : yellow;
    std::string where = f.file;
    if (f.pos.known())
      where += fmt::format(":{}:{}", f.pos.line, f.pos.column);
    out << fmt::format("{}{}:{} {}{}[{}]{}: {}{}{}\n",
                       bold,
                       where,
                       reset,
                       sev_color,
                       to_string(f.severity),
                       f.rule,
                       reset,
                       bold,
                       f.message,
                       reset);
    if (f.pos.known()) {
      const std::string_view line = line_of(source, f.pos.line);
      if (!line.empty()) {
        const std::string gutter = fmt::format("{:>5}", f.pos.line);
        out << fmt::format("{} | {}\n", gutter, line);
        std::string pad;
        for (int i = 0; i < f.pos.column - 1 && i < static_cast<int>(line.size()); ++i) {
          pad.push_back(line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ');
        }
        const std::size_t width = token_width(line, f.pos.column);
        out << fmt::format("{} | {}{}^{}{}\n",
                           std::string(gutter.size(), ' '),
                           pad,
                           green,
                           std::string(width - 1, '~'),
                           reset);
      }
    }
    if (!f.hint.empty()) {
      out << fmt::format("{}hint:{} {}\n", cyan, reset, f.hint);
    }
  }
  if (!findings.empty()) {
    out << count_summary(findings) << "\n";
  }
}

nlohmann::ordered_json findings_json(const std::vector<Finding>& findings)
{
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    list.push_back({ { "rule", f.rule },
                     { "severity", std::string(to_string(f.severity)) },
                     { "file", f.file },
                     { "line", f.pos.line },
                     { "column", f.pos.column },
                     { "message", f.message },
                     { "hint", f.hint } });
  }
  return { { "findings", list } };
}

} // namespace dualstack::cli
