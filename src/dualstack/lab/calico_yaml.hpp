// Typed, positioned reading of the rendered Calico objects' YAML (yaml-cpp): every value checked,
// every error "FILE:LINE:COLUMN: message" so a person can open the object at fault.
#pragma once

#include <dualstack/lab/calico_selector.hpp>
#include <dualstack/net/prefix.hpp>

#include <tl/expected.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dualstack::lab {

using net::Address;
using net::Prefix;

// Reads values of one file; `what` names the field in messages.
class CalicoYamlReader
{
public:
  using Error = std::string;

  explicit CalicoYamlReader(std::string path)
    : m_path(std::move(path))
  {
  }

  // Returns the error `message` at the position of `at`.
  tl::unexpected<Error> error(const YAML::Node& at, const std::string& message) const;

  // Returns "FILE:LINE:COL" of `at`.
  std::string where(const YAML::Node& at) const;

  // Returns the single value at `node`.
  tl::expected<std::string, Error> scalar(const YAML::Node& node, const std::string& what) const;

  // Returns `true` or `false`, nothing else.
  tl::expected<bool, Error> flag(const YAML::Node& node, const std::string& what) const;

  // Returns a whole number from `min` to `max`.
  tl::expected<long long, Error> integer(const YAML::Node& node,
                                         const std::string& what,
                                         long long min,
                                         long long max) const;

  // An AS number: plain (0-4294967295) or dotted ("1.10", RFC 5396), as numorstring.ASNumber.
  tl::expected<std::uint32_t, Error> as_number(const YAML::Node& node,
                                               const std::string& what) const;

  // A Go duration (metav1.Duration: "120s", "2m", "1m30s", "500ms") in whole seconds, rounded as
  // confd rounds it.
  tl::expected<int, Error> seconds(const YAML::Node& node, const std::string& what) const;

  // Returns an IPv4 or IPv6 address.
  tl::expected<Address, Error> address(const YAML::Node& node, const std::string& what) const;

  // Returns a prefix without host bits.
  tl::expected<Prefix, Error> prefix(const YAML::Node& node, const std::string& what) const;

  // Returns a selector the stand-in evaluates (calico_selector.hpp).
  tl::expected<CalicoSelector, Error> selector(const YAML::Node& node,
                                               const std::string& what) const;

  // A list of {cidr: ...} blocks (serviceClusterIPs and its siblings).
  tl::expected<std::vector<Prefix>, Error> cidr_blocks(const YAML::Node& node,
                                                       const std::string& what) const;

private:
  std::string m_path;
};

// Reads one field's value (and stores it where the handler was made to).
using CalicoFieldHandler = std::function<tl::expected<void, std::string>(const YAML::Node&)>;

// Runs the handler of every key of mapping `spec`; an unknown key is an error with a
// did-you-mean, a key in `not_modelled` (Calico's API has it, the stand-in does not model it) an
// error saying so. `owner` names the object in messages.
tl::expected<void, std::string> each_calico_field(
  const CalicoYamlReader& reader,
  const YAML::Node& spec,
  const std::string& owner,
  const std::map<std::string, CalicoFieldHandler>& handlers,
  const std::set<std::string>& not_modelled);

} // namespace dualstack::lab
