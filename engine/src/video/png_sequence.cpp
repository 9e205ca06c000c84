#include "video/png_sequence.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aicl/error.h"
#include "core/json_file.h"

namespace aicl::video {

std::filesystem::path pngFramePath(const std::filesystem::path& folder, int64_t index) {
  char name[64];
  std::snprintf(name, sizeof(name), kPngFramePattern, static_cast<int>(index));
  return folder / name;
}

double pngSequenceFps(const std::filesystem::path& folder) {
  try {
    const auto metadata = readJsonFile(folder / kPngSequenceMetadataFile);
    const double fps = jsonValue<double>(metadata, "fps", 0.0, folder / kPngSequenceMetadataFile);
    return fps > 0.0 && fps <= 1000.0 ? fps : 0.0;
  } catch (const Error&) {
    return 0.0;  // no or unreadable metadata: the reader falls back to the image2 default rate
  }
}

std::string pngSequenceSettings(const std::filesystem::path& folder) {
  const auto file = folder / kPngSequenceMetadataFile;
  if (!std::filesystem::exists(file)) return "";
  const auto metadata = readJsonFile(file);
  const auto it = metadata.find("settings");
  if (it == metadata.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

namespace {
bool isFrameName(const std::string& name) {
  // frame_ + digits + .png
  const std::string prefix = "frame_", suffix = ".png";
  if (name.size() <= prefix.size() + suffix.size()) return false;
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  for (size_t i = prefix.size(); i < name.size() - suffix.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  return true;
}
}  // namespace

bool looksLikePngSequence(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name == kPngSequenceMetadataFile && entry.is_regular_file()) continue;
    if (isFrameName(name) && entry.is_regular_file()) continue;
    return false;
  }
  return !error;
}

}  // namespace aicl::video
