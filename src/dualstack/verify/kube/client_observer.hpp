// Observer of the API client and pager: warnings and progress go to the CLI, never to stdout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dualstack::verify::kube {

// Receives what the user should see while a cluster is read. The default does nothing.
class ClientObserver
{
public:
  virtual ~ClientObserver() = default;
  // Receives a warning, e.g. that TLS verification is off; `message` is one line.
  virtual void on_warning(std::string_view message)
  {
    (void)message;
  }
  // Reports that page `index` (0-based) of `resource` arrived: `items` objects, `bytes` bytes.
  virtual void on_page(std::string_view resource,
                       std::size_t index,
                       std::size_t items,
                       std::uint64_t bytes)
  {
    (void)resource, (void)index, (void)items, (void)bytes;
  }
};

} // namespace dualstack::verify::kube
