// Calico label selectors, the subset the lab's node stand-in evaluates.
#include <dualstack/lab/calico_selector.hpp>
#include <dualstack/util/trim.hpp>

#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <string_view>

namespace dualstack::lab {

namespace {

using util::trim;

bool label_key(std::string_view s)
{
  if (s.empty())
    return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != '/')
      return false;
  }
  return true;
}

// Returns the text of a quoted value ('v' or "v"), or nullopt.
std::optional<std::string> quoted(std::string_view s)
{
  if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front())
    return std::nullopt;
  s = s.substr(1, s.size() - 2);
  if (s.find_first_of("'\"") != std::string_view::npos)
    return std::nullopt;
  return std::string(s);
}

} // namespace

tl::expected<CalicoSelector, std::string> CalicoSelector::parse(const std::string& text)
{
  const auto refuse = [&](std::string_view term) {
    return tl::unexpected(
      fmt::format("selector `{}`: the lab's node stand-in does not understand `{}` (it evaluates "
                  "all(), has(k), !has(k), k == 'v' and k != 'v' joined by &&)",
                  text,
                  term));
  };
  CalicoSelector out;
  out.m_text = text;
  std::string_view rest = text;
  while (true) {
    const std::size_t and_at = rest.find("&&");
    const std::string_view term = trim(rest.substr(0, and_at));
    Term t;
    if (term == "all()") {
      t.op = Term::Op::all;
    } else if ((term.starts_with("has(") || term.starts_with("!has(")) && term.ends_with(")")) {
      const bool negated = term.front() == '!';
      t.op = negated ? Term::Op::has_not : Term::Op::has;
      t.key = std::string(trim(term.substr(negated ? 5 : 4, term.size() - (negated ? 6 : 5))));
      if (!label_key(t.key))
        return refuse(term);
    } else {
      const std::size_t eq = term.find("==");
      const std::size_t ne = term.find("!=");
      const std::size_t at = eq != std::string_view::npos ? eq : ne;
      if (at == std::string_view::npos ||
          (eq != std::string_view::npos && ne != std::string_view::npos))
        return refuse(term);
      t.op = at == eq ? Term::Op::equals : Term::Op::differs;
      t.key = std::string(trim(term.substr(0, at)));
      const auto value = quoted(trim(term.substr(at + 2)));
      if (!label_key(t.key) || !value)
        return refuse(term);
      t.value = *value;
    }
    out.m_terms.push_back(std::move(t));
    if (and_at == std::string_view::npos)
      break;
    rest = rest.substr(and_at + 2);
  }
  return out;
}

bool CalicoSelector::matches(const Labels& labels) const
{
  for (const Term& t : m_terms) {
    const auto it = labels.find(t.key);
    const bool present = it != labels.end();
    switch (t.op) {
      case Term::Op::all:
        break;
      case Term::Op::has:
        if (!present)
          return false;
        break;
      case Term::Op::has_not:
        if (present)
          return false;
        break;
      case Term::Op::equals:
        if (!present || it->second != t.value)
          return false;
        break;
      // Calico: `k != 'v'` holds for a node without label k too.
      case Term::Op::differs:
        if (present && it->second == t.value)
          return false;
        break;
    }
  }
  return true;
}

} // namespace dualstack::lab
