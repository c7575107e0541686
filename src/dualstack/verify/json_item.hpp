// Internal to verify: parsing one List item in place with simdjson on-demand, field by field in
// document order, with simdjson errors turned into InputErrors that name the field.
#pragma once

#include <dualstack/net/address.hpp>
#include <dualstack/verify/input_error.hpp>
#include <dualstack/verify/item_sink.hpp>

#include <fmt/format.h>
#include <simdjson.h>
#include <tl/expected.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dualstack::verify::json {

namespace od = simdjson::ondemand;

// The item's metadata.namespace / metadata.name (views into the parser, valid during the item).
struct Meta
{
  std::string_view ns;
  std::string_view name;
};

// Thrown (and caught in ItemParser::parse) when an item is well-formed JSON but not a usable
// object of its kind.
struct ItemError
{
  std::string message;
};

// Parses items of one kind. simdjson runs with exceptions inside `parse` only: its errors, and
// ItemError, become the InputError returned.
class ItemParser
{
public:
  explicit ItemParser(std::string_view kind)
    : m_kind(kind)
  {
  }

  // Parses `json` (padded per ItemSink) and calls `read(object)`.
  template<typename Read>
  tl::expected<void, InputError> parse(std::string_view json, Read&& read)
  {
    m_field = "";
    meta = {};
    try {
      od::document doc = m_parser.iterate(
        simdjson::padded_string_view(json.data(), json.size(), json.size() + item_padding));
      od::object object = doc.get_object();
      read(object);
      return {};
    } catch (const simdjson::simdjson_error& e) {
      return tl::unexpected(error(fmt::format("invalid {}{}{}: {}",
                                              m_kind,
                                              *m_field ? " at " : "",
                                              m_field,
                                              simdjson::error_message(e.error()))));
    } catch (ItemError& e) {
      return tl::unexpected(error(std::move(e.message)));
    }
  }

  // Names the field being read, for error messages (a string literal).
  void at(const char* field)
  {
    m_field = field;
  }

  // Checks an item's `kind` (kubectl output has one, API lists do not).
  void check_kind(od::value value) const;

  // Reads `metadata` into `meta`.
  void read_meta(od::value value);

  Meta meta;

private:
  InputError error(std::string message) const;

  od::parser m_parser;
  std::string_view m_kind;
  const char* m_field = "";
};

// Returns the string `value`, or "" for null.
std::string_view string_or_empty(od::value value);

// Returns `text` as an address, or nullopt.
std::optional<net::Address> parse_ip(std::string_view text);

// Returns "IPv4"/"IPv6" (the Kubernetes spelling) for `family`.
std::string_view k8s_family(net::Family family);

// Returns the family named "IPv4"/"IPv6", or nullopt.
std::optional<net::Family> parse_k8s_family(std::string_view text);

} // namespace dualstack::verify::json
