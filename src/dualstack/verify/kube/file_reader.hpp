// The filesystem seam of the kubeconfig loader: files it names are read through this interface.
#pragma once

#include <tl/expected.hpp>

#include <cstddef>
#include <string>

namespace dualstack::verify::kube {

// Reads whole files. Tests and the fuzzer substitute an in-memory reader.
class FileReader
{
public:
  virtual ~FileReader() = default;
  // Returns the bytes of the file at `path`, or why it could not be read (e.g. "No such file
  // or directory"); files above `max_bytes` are refused.
  virtual tl::expected<std::string, std::string> read(const std::string& path,
                                                      std::size_t max_bytes) const = 0;
};

// Reads from the real filesystem.
class DiskFileReader final : public FileReader
{
public:
  tl::expected<std::string, std::string> read(const std::string& path,
                                              std::size_t max_bytes) const override;
};

} // namespace dualstack::verify::kube
