// A plain-text table with aligned columns.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace dualstack::cli {

class Table
{
public:
  explicit Table(std::vector<std::string> headers)
    : m_headers(std::move(headers))
  {
  }

  // Adds a row; missing cells print empty.
  void add(std::vector<std::string> row)
  {
    m_rows.push_back(std::move(row));
  }

  // Prints the header, a rule and every row, columns padded to their widest cell.
  void print(std::ostream& out) const;

private:
  std::vector<std::string> m_headers;
  std::vector<std::vector<std::string>> m_rows;
};

} // namespace dualstack::cli
