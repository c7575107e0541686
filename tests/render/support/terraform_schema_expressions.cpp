// Terraform template scanning and HCL reference extraction (see terraform_schema_expressions.hpp).
#include "terraform_schema_expressions.hpp"

#include <cctype>
#include <regex>

namespace dualstack::testing::terraform {

Template scan_template(std::string_view text)
{
  Template result;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    if (text.substr(i, 3) == "$${" || text.substr(i, 3) == "%%{") {
      i += 3; // escaped literal `${` / `%{`
      continue;
    }
    if ((text[i] == '$' || text[i] == '%') && i + 1 < n && text[i + 1] == '{') {
      std::size_t j = i + 2;
      int depth = 1;
      bool quoted = false;
      while (j < n && depth > 0) {
        const char c = text[j];
        if (quoted) {
          if (c == '\\')
            ++j;
          else if (c == '"')
            quoted = false;
        } else if (c == '"') {
          quoted = true;
        } else if (c == '{') {
          ++depth;
        } else if (c == '}') {
          --depth;
        }
        ++j;
      }
      if (depth > 0) {
        result.error = "unterminated template sequence at offset " + std::to_string(i);
        return result;
      }
      std::string expression(text.substr(i + 2, j - 1 - (i + 2)));
      const auto first = expression.find_first_not_of(" \t\n~");
      if (first == std::string::npos) {
        result.error = "empty template sequence at offset " + std::to_string(i);
        return result;
      }
      result.has_sequence = true;
      if (text[i] == '$') {
        result.interpolations.push_back(expression);
        if (i == 0 && j == n)
          result.single_interpolation = true;
      }
      i = j;
      continue;
    }
    ++i;
  }
  return result;
}

std::vector<std::vector<std::string>> traversals(std::string_view expression)
{
  std::vector<std::vector<std::string>> out;
  auto ident_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto ident_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  };
  std::size_t i = 0;
  const std::size_t n = expression.size();
  while (i < n) {
    const char c = expression[i];
    if (c == '"') {
      for (++i; i < n && expression[i] != '"'; ++i) {
        if (expression[i] == '\\')
          ++i;
      }
      ++i;
      continue;
    }
    if (ident_start(c) &&
        (i == 0 || (expression[i - 1] != '.' && !ident_char(expression[i - 1])))) {
      std::vector<std::string> parts;
      while (true) {
        std::size_t start = i;
        while (i < n && ident_char(expression[i]))
          ++i;
        parts.emplace_back(expression.substr(start, i - start));
        if (i + 1 < n && expression[i] == '.' && ident_start(expression[i + 1])) {
          ++i;
          continue;
        }
        break;
      }
      std::size_t k = i;
      while (k < n && expression[k] == ' ')
        ++k;
      const bool function_call = k < n && expression[k] == '(';
      if (!function_call)
        out.push_back(std::move(parts));
      continue;
    }
    ++i;
  }
  return out;
}

bool parses_as_number(const std::string& text)
{
  static const std::regex number(R"(^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$)");
  return std::regex_match(text, number);
}

} // namespace dualstack::testing::terraform
