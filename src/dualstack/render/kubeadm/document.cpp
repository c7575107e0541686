// JSON -> YAML with yaml-cpp's emitter.
#include <dualstack/render/kubeadm/document.hpp>

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace dualstack::render::kubeadm {

namespace {

void emit(YAML::Emitter& out, const Json& value)
{
  switch (value.type()) {
    case Json::value_t::object:
      if (value.empty())
        out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key << key << YAML::Value;
        emit(out, item);
      }
      out << YAML::EndMap;
      return;
    case Json::value_t::array:
      if (value.empty())
        out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : value)
        emit(out, item);
      out << YAML::EndSeq;
      return;
    case Json::value_t::string:
      out << YAML::DoubleQuoted << value.get<std::string>();
      return;
    case Json::value_t::boolean:
      out << value.get<bool>();
      return;
    case Json::value_t::number_integer:
      out << value.get<std::int64_t>();
      return;
    case Json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      return;
    case Json::value_t::number_float:
      out << value.get<double>();
      return;
    case Json::value_t::null:
      out << YAML::Null;
      return;
    default:
      throw std::logic_error("kubeadm: value of unsupported JSON type");
  }
}

} // namespace

std::string to_yaml(const std::vector<Json>& documents)
{
  std::string text;
  for (const auto& document : documents) {
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    emit(out, document);
    if (!out.good())
      throw std::logic_error("kubeadm: YAML emitter: " + out.GetLastError());
    text += "---\n";
    text += out.c_str();
    text += "\n";
  }
  return text;
}

} // namespace dualstack::render::kubeadm
