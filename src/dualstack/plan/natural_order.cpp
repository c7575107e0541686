// Natural ordering of host names.
#include <dualstack/plan/natural_order.hpp>

#include <cctype>

namespace dualstack::plan {

namespace {

bool is_ascii_digit(char c)
{
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

} // namespace

bool natural_less(std::string_view a, std::string_view b)
{
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_ascii_digit(a[i]) && is_ascii_digit(b[j])) {
      std::size_t ie = i;
      std::size_t je = j;
      while (ie < a.size() && a[ie] == '0')
        ++ie;
      while (je < b.size() && b[je] == '0')
        ++je;
      std::size_t ia = ie;
      std::size_t jb = je;
      while (ia < a.size() && is_ascii_digit(a[ia]))
        ++ia;
      while (jb < b.size() && is_ascii_digit(b[jb]))
        ++jb;
      const std::string_view da = a.substr(ie, ia - ie);
      const std::string_view db = b.substr(je, jb - je);
      if (da.size() != db.size())
        return da.size() < db.size();
      if (da != db)
        return da < db;
      i = ia;
      j = jb;
      continue;
    }
    if (a[i] != b[j])
      return a[i] < b[j];
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j))
    return (a.size() - i) < (b.size() - j);
  return a < b; // equal by value ("a01" vs "a1"): fall back to bytes for a total order
}

} // namespace dualstack::plan
