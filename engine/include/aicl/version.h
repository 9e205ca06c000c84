#pragma once
#include <string>

namespace aicl {
// The project version, as set in the top-level CMakeLists.txt.
std::string version();
}  // namespace aicl
