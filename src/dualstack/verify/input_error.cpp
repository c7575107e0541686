// Printing of InputError.
#include <dualstack/verify/input_error.hpp>

#include <fmt/format.h>

namespace dualstack::verify {

std::string InputError::to_string() const
{
  if (offset == 0 && item == npos) {
    return fmt::format("{}: {}", source, message); // about the whole input
  }
  std::string where = fmt::format("byte {}", offset);
  if (item != npos) {
    where += fmt::format(" (item {}{}{})", item, object.empty() ? "" : ", ", object);
  }
  return fmt::format("{}: {}: {}", source, where, message);
}

} // namespace dualstack::verify
