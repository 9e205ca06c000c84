#include "core/json_file.h"

#include <fstream>
#include <sstream>

#include "io/atomic_file.h"

namespace aicl {

nlohmann::json readJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot open for reading");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path.string() + ": malformed JSON (" + e.what() + ")");
  }
}

void writeJsonFile(const std::filesystem::path& path, const nlohmann::json& value) {
  writeFileAtomically(path, value.dump(2) + "\n");
}

}  // namespace aicl
