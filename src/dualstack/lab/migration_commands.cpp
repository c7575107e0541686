// The commands of migrate's gateway steps as lab actions.
#include <dualstack/lab/migration_commands.hpp>

#include <fmt/format.h>

#include <regex>
#include <sstream>

namespace dualstack::lab {

namespace {

std::vector<std::string> words(const std::string& text)
{
  std::istringstream in(text);
  std::vector<std::string> out;
  std::string word;
  while (in >> word)
    out.push_back(word);
  return out;
}

std::vector<std::string> split_and(const std::string& command)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (auto at = command.find(" && "); at != std::string::npos;
       start = at + 4, at = command.find(" && ", start)) {
    parts.push_back(command.substr(start, at - start));
  }
  parts.push_back(command.substr(start));
  return parts;
}

tl::expected<LabAction, std::string> action(const std::string& part)
{
  static const std::regex syncconf(R"(^wg syncconf (\S+) <\(wg-quick strip (\S+)\)$)");
  static const std::regex address(R"(^ip address replace (\S+) dev (\S+)$)");
  static const std::regex holds(R"(^ip -br address show \| grep -w (\S+)$)");
  static const std::regex systemctl(R"(^systemctl (stop|start|reload) (keepalived|haproxy)$)");
  std::smatch m;
  LabAction a;
  if (std::regex_match(part, m, syncconf)) {
    a.kind = ActionKind::wg_syncconf;
    a.interface = m[1];
    a.file = m[2];
    return a;
  }
  if (std::regex_match(part, m, address)) {
    a.kind = ActionKind::wg_address;
    a.address = m[1];
    a.interface = m[2];
    return a;
  }
  if (std::regex_match(part, m, holds)) {
    a.kind = ActionKind::holds_address;
    a.address = m[1];
    return a;
  }
  if (std::regex_match(part, m, systemctl)) {
    const std::string verb = m[1];
    const std::string unit = m[2];
    if (unit == "keepalived") {
      a.kind = verb == "stop"    ? ActionKind::keepalived_stop
               : verb == "start" ? ActionKind::keepalived_start
                                 : ActionKind::keepalived_reload;
      return a;
    }
    if (verb == "reload") {
      a.kind = ActionKind::haproxy_reload;
      return a;
    }
  }
  if (part.find_first_of("|<>;$`'\"(){}*?") != std::string::npos ||
      part.rfind("systemctl", 0) == 0) {
    return tl::unexpected(fmt::format("the lab does not know how to run `{}`", part));
  }
  a.argv = words(part);
  if (a.argv.empty())
    return tl::unexpected(std::string("an empty command"));
  if (a.argv.front() == "birdc") {
    a.kind = ActionKind::birdc;
    a.argv.erase(a.argv.begin());
  } else if (a.argv.front() == "wg") {
    a.kind = ActionKind::wg;
    a.argv.erase(a.argv.begin());
    if (a.argv.size() < 2)
      return tl::unexpected(fmt::format("`{}` names no interface", part));
  }
  return a;
}

} // namespace

tl::expected<std::vector<LabAction>, std::string> lab_actions(const std::string& command)
{
  std::vector<LabAction> out;
  for (const auto& part : split_and(command)) {
    auto a = action(part);
    if (!a)
      return tl::unexpected(a.error());
    out.push_back(std::move(*a));
  }
  return out;
}

std::optional<std::string> birdc_error(const std::string& verbose_reply)
{
  static const std::regex error_line(R"(^[89][0-9]{3}[ -].*$)");
  std::istringstream in(verbose_reply);
  std::string line, errors;
  while (std::getline(in, line)) {
    if (std::regex_match(line, error_line))
      errors += (errors.empty() ? "" : "\n") + line;
  }
  if (errors.empty())
    return std::nullopt;
  return errors;
}

} // namespace dualstack::lab
