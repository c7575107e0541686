// Text for XML and SVG documents (the JUnit report, the lab's timelines).
#pragma once

#include <string>
#include <string_view>

namespace dualstack::util {

// Returns `text` with & < > " escaped; control characters XML 1.0 forbids even escaped (all
// below 0x20 but tab and newline) become '?'.
std::string xml_escape(std::string_view text);

} // namespace dualstack::util
