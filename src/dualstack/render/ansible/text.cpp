// Text helpers of the Ansible renderer.
#include <dualstack/render/ansible/text.hpp>

#include <dualstack/render/file_header.hpp>
#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace dualstack::render::ansible {

std::string yaml_string(std::string_view text, std::size_t width)
{
  std::string out = "\"";
  std::size_t line = 0;
  for (const char c : text) {
    std::string token;
    if (c == '"' || c == '\\')
      token = std::string("\\") + c;
    else if (static_cast<unsigned char>(c) < 0x20)
      token = fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    else
      token = c;
    if (width != 0 && line + token.size() > width) {
      out += "\\\n";
      line = 0;
      if (c == ' ')
        token = "\\ ";
    }
    out += token;
    line += token.size();
  }
  return out + "\"";
}

std::string comment_lines(std::string_view text, std::size_t width)
{
  std::string out, line;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos)
      end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += "# " + line + "\n";
      line = "  ";
      line += word;
    } else {
      if (!line.empty())
        line += ' ';
      line += word;
    }
    start = end + 1;
  }
  if (!line.empty())
    out += "# " + line + "\n";
  return out;
}

std::string header(const plan::Plan& plan, std::string_view what)
{
  return fmt::format("---\n# {} of cluster {} ({}), rendered by dualstack from its Plan.\n",
                     what,
                     gateway::printable(plan.cluster_name),
                     cluster_shape(plan));
}

std::string fill(std::string_view text,
                 const std::vector<std::pair<std::string, std::string>>& values)
{
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find('@', pos);
    if (open == std::string_view::npos)
      break;
    const std::size_t close = text.find('@', open + 1);
    if (close == std::string_view::npos)
      break;
    const std::string_view key = text.substr(open + 1, close - open - 1);
    bool known = false;
    for (const auto& [name, value] : values) {
      if (name == key) {
        out += text.substr(pos, open - pos);
        out += value;
        known = true;
        break;
      }
    }
    if (!known) {
      // "@" also appears in Ansible text (e.g. JSONPath "@.status"): keep it, move on by one.
      if (key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string_view::npos &&
          !key.empty())
        throw std::logic_error(fmt::format("ansible::fill: no value for @{}@", key));
      out += text.substr(pos, open + 1 - pos);
      pos = open + 1;
      continue;
    }
    pos = close + 1;
  }
  out += text.substr(pos);
  return out;
}

std::string mode_string(int mode)
{
  return fmt::format("\"{:04o}\"", mode);
}

} // namespace dualstack::render::ansible
