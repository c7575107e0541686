// YamlReader: typed, positioned access to yaml-cpp nodes with kubeconfig errors.
#include <dualstack/verify/kube/yaml_reader.hpp>

#include <dualstack/util/edit_distance.hpp>

#include <fmt/format.h>

namespace dualstack::verify::kube {

SourcePos position(const YAML::Node& node)
{
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return {};
  }
  return SourcePos{ mark.line + 1, mark.column + 1 };
}

// Returns `text` fit for a one-line message: control bytes escaped, at most 120 bytes shown.
std::string shown(std::string_view text)
{
  constexpr std::size_t max_shown = 120;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max_shown) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string join_names(const std::vector<std::string>& names)
{
  std::string out;
  for (const auto& name : names) {
    if (out.size() > 400) {
      out += ", ...";
      break;
    }
    out += fmt::format("{}`{}`", out.empty() ? "" : ", ", shown(name));
  }
  return out.empty() ? "none" : out;
}

Error YamlReader::error(const YAML::Node* at, std::string message, std::string hint) const
{
  Error e;
  e.kind = ErrorKind::kubeconfig;
  e.where = m_path;
  e.pos = at ? position(*at) : SourcePos{};
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

tl::expected<std::optional<std::string>, Error> YamlReader::scalar(const YAML::Node& map,
                                                                   const char* key,
                                                                   std::string_view owner) const
{
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) {
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    return tl::unexpected(error(&node, fmt::format("`{}` of {} must be a string", key, owner)));
  }
  return node.Scalar();
}

tl::expected<bool, Error> YamlReader::flag(const YAML::Node& map,
                                           const char* key,
                                           std::string_view owner) const
{
  auto text = scalar(map, key, owner);
  if (!text) {
    return tl::unexpected(text.error());
  }
  if (!*text) {
    return false;
  }
  if (**text == "true") {
    return true;
  }
  if (**text == "false") {
    return false;
  }
  const YAML::Node node = map[key];
  return tl::unexpected(error(&node, fmt::format("`{}` of {} must be true or false", key, owner)));
}

tl::expected<YAML::Node, Error> YamlReader::named_entry(const YAML::Node& root,
                                                        const char* list_key,
                                                        const char* body_key,
                                                        const std::string& name,
                                                        const YAML::Node& referrer,
                                                        std::string_view referrer_text) const
{
  const YAML::Node list = root[list_key];
  if (list.IsDefined() && !list.IsNull() && !list.IsSequence()) {
    return tl::unexpected(error(&list, fmt::format("`{}` must be a list", list_key)));
  }
  std::vector<std::string> names;
  std::optional<YAML::Node> found;
  if (list.IsSequence()) {
    for (const auto& item : list) {
      if (!item.IsMap()) {
        return tl::unexpected(
          error(&item,
                fmt::format("an entry of `{}` is not a mapping", list_key),
                fmt::format("each entry has a `name` and a `{}` mapping", body_key)));
      }
      auto item_name = scalar(item, "name", fmt::format("an entry of `{}`", list_key));
      if (!item_name) {
        return tl::unexpected(item_name.error());
      }
      if (!*item_name) {
        return tl::unexpected(
          error(&item, fmt::format("an entry of `{}` has no `name`", list_key)));
      }
      if (**item_name == name) {
        if (found) {
          return tl::unexpected(error(
            &item,
            fmt::format("`{}` has two entries named `{}`", list_key, shown(name)),
            fmt::format("rename or remove one (the first is at line {})", position(*found).line)));
        }
        found.emplace(item);
      }
      names.push_back(**item_name);
    }
  }
  if (!found) {
    const auto guess = closest_match(name, names);
    return tl::unexpected(
      error(&referrer,
            fmt::format("{} `{}`, which is not in `{}`", referrer_text, shown(name), list_key),
            guess ? fmt::format("did you mean `{}`?", shown(*guess))
                  : fmt::format("entries in `{}`: {}", list_key, join_names(names))));
  }
  const YAML::Node body = (*found)[body_key];
  if (!body.IsDefined() || body.IsNull()) {
    // An empty user (anonymous) is legal; an empty cluster or context is caught by its reader.
    return YAML::Node(YAML::NodeType::Map);
  }
  if (!body.IsMap()) {
    return tl::unexpected(error(
      &body,
      fmt::format("`{}` of {} entry `{}` must be a mapping", body_key, list_key, shown(name))));
  }
  return body;
}

std::vector<std::string> YamlReader::entry_names(const YAML::Node& root, const char* list_key)
{
  std::vector<std::string> names;
  const YAML::Node list = root[list_key];
  if (list.IsSequence()) {
    for (const auto& item : list) {
      if (item.IsMap() && item["name"].IsScalar()) {
        names.push_back(item["name"].Scalar());
      }
    }
  }
  return names;
}

} // namespace dualstack::verify::kube
