// TerraformDocument and the naming helpers every Terraform part uses.
#include <dualstack/render/terraform/document.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace dualstack::render::terraform {

namespace {

void add_labelled(Json& block, std::string_view label1, std::string_view label2, Json body)
{
  Json& slot = block[std::string(label1)][std::string(label2)];
  if (!slot.is_null()) {
    throw std::logic_error(fmt::format("terraform: `{}.{}` added twice", label1, label2));
  }
  slot = std::move(body);
}

void add_named(Json& block, std::string_view name, Json body)
{
  Json& slot = block[std::string(name)];
  if (!slot.is_null()) {
    throw std::logic_error(fmt::format("terraform: `{}` added twice", name));
  }
  slot = std::move(body);
}

} // namespace

TerraformDocument::TerraformDocument()
{
  // Fix the order of the top-level blocks up front.
  m_root["terraform"] = Json::object();
  m_root["variable"] = Json::object();
  m_root["data"] = Json::object();
  m_root["resource"] = Json::object();
  m_root["output"] = Json::object();
}

void TerraformDocument::add_resource(std::string_view type, std::string_view name, Json body)
{
  add_labelled(m_root["resource"], type, name, std::move(body));
}

void TerraformDocument::add_data(std::string_view type, std::string_view name, Json body)
{
  add_labelled(m_root["data"], type, name, std::move(body));
}

void TerraformDocument::add_variable(std::string_view name, Json body)
{
  add_named(m_root["variable"], name, std::move(body));
}

void TerraformDocument::add_output(std::string_view name, Json body)
{
  add_named(m_root["output"], name, std::move(body));
}

std::string TerraformDocument::dump() const
{
  Json out = Json::object();
  for (const auto& [key, value] : m_root.items()) {
    if (!value.empty())
      out[key] = value; // an empty `data {}` block is legal but noise
  }
  return out.dump(2) + "\n";
}

std::string identifier(std::string_view name)
{
  std::string id;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    id.push_back(ok ? c : '_');
  }
  if (id.empty() || (id.front() >= '0' && id.front() <= '9') || id.front() == '-')
    id.insert(0, "h_");
  return id;
}

std::string ref(std::string_view type, std::string_view name, std::string_view attribute)
{
  return fmt::format("${{{}.{}.{}}}", type, name, attribute);
}

std::string var(std::string_view name)
{
  return fmt::format("${{var.{}}}", name);
}

std::string_view ethertype(net::Family family)
{
  return family == net::Family::ipv4 ? "IPv4" : "IPv6";
}

} // namespace dualstack::render::terraform
