// The part of Calico's label selector language the lab's node stand-in evaluates (a BGPPeer's
// nodeSelector and peerSelector, an IPPool's nodeSelector): `all()`, `has(k)`, `!has(k)`,
// `k == 'v'`, `k != 'v'`, joined by `&&`. Anything else is refused, never guessed.
#pragma once

#include <tl/expected.hpp>

#include <map>
#include <string>
#include <vector>

namespace dualstack::lab {

using Labels = std::map<std::string, std::string>;

class CalicoSelector
{
public:
  // Parses `text` (not empty: what an unset selector means depends on the field). The error
  // says what the stand-in understands.
  static tl::expected<CalicoSelector, std::string> parse(const std::string& text);

  // Returns whether a node with `labels` is selected.
  bool matches(const Labels& labels) const;

  // Returns the selector as written.
  const std::string& text() const
  {
    return m_text;
  }

private:
  struct Term
  {
    enum class Op
    {
      all,
      has,
      has_not,
      equals,
      differs
    };
    Op op = Op::all;
    std::string key;
    std::string value;
  };
  std::string m_text;
  std::vector<Term> m_terms; // all must hold
};

} // namespace dualstack::lab
