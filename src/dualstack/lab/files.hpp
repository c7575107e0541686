// The lab's file helpers: whole files read and written, modes set before any content lands.
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <string>

namespace dualstack::lab {

// Returns the content of `path` ("" if it cannot be read).
std::string read_file(const std::string& path);

// Writes `content` to `path` (parent directories made) with `mode`, set before the content is
// written, so a secret is never readable by others, not even for a moment.
Status write_file(const std::string& path, const std::string& content, int mode);

} // namespace dualstack::lab
