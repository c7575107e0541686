// Text helpers of the Ansible renderer: YAML scalars, file headers and templates with markers.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dualstack::render::ansible {

// Returns `text` as a YAML double-quoted scalar (quotes, backslashes and control characters
// escaped), safe for any host name or purpose from the config. With a `width`, the scalar is
// folded into lines of at most `width` characters with escaped line breaks (nothing added or lost;
// a space that starts a line is escaped), so long commands and messages pass yamllint's length.
std::string yaml_string(std::string_view text, std::size_t width = 0);

// Returns `text` as YAML comment lines: "# " and words up to about `width` characters, later lines
// indented by two spaces.
std::string comment_lines(std::string_view text, std::size_t width);

// Returns the comment line a rendered Ansible file starts with: "---" and what it is, for which
// cluster and shape ("dual-stack, IPv4 primary"), rendered by dualstack.
std::string header(const plan::Plan& plan, std::string_view what);

// Returns `text` with every "@KEY@" marker replaced by its value (markers keep the Jinja braces
// of the Ansible text readable in the C++ source). A marker without a value is a bug: throws.
std::string fill(std::string_view text,
                 const std::vector<std::pair<std::string, std::string>>& values);

// Returns "0644"-style octal of `mode`, quoted for YAML.
std::string mode_string(int mode);

} // namespace dualstack::render::ansible
