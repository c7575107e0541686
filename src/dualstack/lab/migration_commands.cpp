// BIRD's verbose replies.
#include <dualstack/lab/migration_commands.hpp>

#include <regex>
#include <sstream>

namespace dualstack::lab {

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
