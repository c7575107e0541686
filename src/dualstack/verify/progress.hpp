// VerifyObserver: progress of a verify run, so the CLI can draw it and tests can record it.
#pragma once

#include <dualstack/verify/resource.hpp>

#include <cstddef>
#include <cstdint>

namespace dualstack::verify {

class VerifyObserver
{
public:
  virtual ~VerifyObserver() = default;

  // A List of `resource` starts; `total_bytes` is its size if known, else 0.
  virtual void started(Resource resource, std::uint64_t total_bytes) = 0;
  // Called now and then while reading: `items` and `bytes` so far.
  virtual void advanced(Resource resource, std::size_t items, std::uint64_t bytes) = 0;
  // The List was read (or failed, `ok` false).
  virtual void finished(Resource resource, std::size_t items, bool ok) = 0;
};

} // namespace dualstack::verify
