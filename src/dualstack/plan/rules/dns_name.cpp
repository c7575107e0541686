// DNS name syntax shared by the endpoint rules.
#include <dualstack/plan/rules/context.hpp>

#include <cctype>

namespace dualstack::plan::rules {

bool valid_dns_name(std::string_view name)
{
  if (name.empty() || name.size() > 253)
    return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char ch = name[i];
    if (ch == '.') {
      if (label == 0 || name[i - 1] == '-')
        return false;
      label = 0;
      continue;
    }
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'))
      return false;
    if (label == 0 && ch == '-')
      return false;
    if (++label > 63)
      return false;
  }
  return label > 0;
}

} // namespace dualstack::plan::rules
