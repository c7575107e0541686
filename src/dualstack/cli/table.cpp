// Plain-text tables.
#include <dualstack/cli/table.hpp>

#include <algorithm>

namespace dualstack::cli {

void Table::print(std::ostream& out) const
{
  std::vector<std::size_t> widths(m_headers.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  };
  measure(m_headers);
  for (const auto& row : m_rows)
    measure(row);
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size())
        line += std::string(widths[i] - cell.size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << "  " << line << "\n";
  };
  emit(m_headers);
  std::vector<std::string> rule;
  for (auto w : widths)
    rule.push_back(std::string(w, '-'));
  emit(rule);
  for (const auto& row : m_rows)
    emit(row);
}

} // namespace dualstack::cli
