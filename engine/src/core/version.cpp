#include "aicl/version.h"

namespace aicl {
std::string version() { return AICL_VERSION; }
}  // namespace aicl
