#pragma once
// GIF has no container metadata; GIF89a's Comment Extension (0x21 0xFE, data in sub-blocks of <= 255 bytes)
// carries text instead. encodeVideo appends one holding "aicl_settings=<json>" just before the trailer of the
// file FFmpeg's muxer wrote; readers that do not know it skip it, as the format requires.
#include <filesystem>
#include <string>
#include <vector>

namespace aicl::video {

inline constexpr const char* kGifSettingsPrefix = "aicl_settings=";

// True when the file starts with a GIF signature.
bool isGifFile(const std::filesystem::path& path);

// Inserts a comment extension before the trailer byte of a complete GIF file. Throws aicl::Error naming
// `reported_name` when the file is not a complete GIF.
void appendGifComment(const std::filesystem::path& file, const std::string& text,
                      const std::filesystem::path& reported_name);

// Every comment extension's text, in file order. Walks the block structure (header, colour tables, image
// data, extensions) with bounds checks; a truncated or malformed file yields the comments found before the
// damage.
std::vector<std::string> readGifComments(const std::filesystem::path& file);

}  // namespace aicl::video
