#pragma once
// The on-disk layout of a PNG sequence written by encodeVideo: a folder holding frame_00000.png,
// frame_00001.png, ... and metadata.json:
//   {"format": "aicl-png-sequence", "fps": 8.0, "frames": 16, "width": 64, "height": 48, "settings": {...}}
// ("settings" is the EncodeOptions::metadata_json, embedded as JSON when it parses, else as a string).
#include <cstdint>
#include <filesystem>
#include <string>

namespace aicl::video {

inline constexpr const char* kPngFramePattern = "frame_%05d.png";
inline constexpr const char* kPngSequenceMetadataFile = "metadata.json";
inline constexpr const char* kPngSequenceFormatTag = "aicl-png-sequence";

std::filesystem::path pngFramePath(const std::filesystem::path& folder, int64_t index);

// The frame rate in metadata.json, or 0 when it is absent or unreadable.
double pngSequenceFps(const std::filesystem::path& folder);

// The settings in metadata.json as JSON text ("" when none). Throws aicl::Error for a malformed file.
std::string pngSequenceSettings(const std::filesystem::path& folder);

// True when every entry of `folder` is frame_NNNNN.png or metadata.json: a folder encodeVideo may replace.
bool looksLikePngSequence(const std::filesystem::path& folder);

}  // namespace aicl::video
