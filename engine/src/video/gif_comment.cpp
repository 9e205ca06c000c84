#include "video/gif_comment.h"

#include <algorithm>
#include <array>
#include <fstream>

#include "aicl/error.h"

namespace aicl::video {

namespace {

constexpr unsigned char kExtensionIntroducer = 0x21;
constexpr unsigned char kCommentLabel = 0xFE;
constexpr unsigned char kImageSeparator = 0x2C;
constexpr unsigned char kTrailer = 0x3B;

bool readByte(std::istream& in, unsigned char* value) {
  char c;
  if (!in.get(c)) return false;
  *value = static_cast<unsigned char>(c);
  return true;
}

// Reads a chain of data sub-blocks (length byte, data, ..., zero length); appends the data to `data` when
// given.
bool readSubBlocks(std::istream& in, std::string* data) {
  unsigned char length = 0;
  while (readByte(in, &length) && length != 0) {
    if (data) {
      std::array<char, 255> block;
      if (!in.read(block.data(), length)) return false;
      data->append(block.data(), length);
    } else if (!in.seekg(length, std::ios::cur)) {
      return false;
    }
  }
  return static_cast<bool>(in);
}

// Skips a colour table announced by a packed field (bit 7: present, bits 0-2: size exponent).
bool skipColorTable(std::istream& in, unsigned char packed) {
  if (!(packed & 0x80)) return true;
  const int entries = 1 << ((packed & 0x07) + 1);
  return static_cast<bool>(in.seekg(3 * entries, std::ios::cur));
}

}  // namespace

bool isGifFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char signature[6] = {0};
  if (!in.read(signature, 6)) return false;
  const std::string text(signature, 6);
  return text == "GIF87a" || text == "GIF89a";
}

void appendGifComment(const std::filesystem::path& file, const std::string& text,
                      const std::filesystem::path& reported_name) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  if (!io) throw Error(reported_name.string() + ": cannot reopen the GIF to add its settings comment");
  io.seekg(-1, std::ios::end);
  unsigned char last = 0;
  if (!readByte(io, &last) || last != kTrailer)
    throw Error(reported_name.string() + ": the GIF encoder wrote no trailer; file incomplete");
  std::string block;
  block.push_back(static_cast<char>(kExtensionIntroducer));
  block.push_back(static_cast<char>(kCommentLabel));
  for (size_t offset = 0; offset < text.size(); offset += 255) {
    const size_t length = std::min<size_t>(255, text.size() - offset);
    block.push_back(static_cast<char>(length));
    block.append(text, offset, length);
  }
  block.push_back('\0');
  block.push_back(static_cast<char>(kTrailer));
  io.seekp(-1, std::ios::end);  // over the old trailer
  io.write(block.data(), static_cast<std::streamsize>(block.size()));
  io.flush();
  if (!io) throw Error(reported_name.string() + ": writing the GIF settings comment failed (disk full?)");
}

std::vector<std::string> readGifComments(const std::filesystem::path& file) {
  std::vector<std::string> comments;
  std::ifstream in(file, std::ios::binary);
  std::array<char, 13> header;  // signature (6) + logical screen descriptor (7)
  if (!in.read(header.data(), header.size())) return comments;
  if (!skipColorTable(in, static_cast<unsigned char>(header[10]))) return comments;
  unsigned char introducer = 0;
  while (readByte(in, &introducer)) {
    if (introducer == kTrailer) break;
    if (introducer == kExtensionIntroducer) {
      unsigned char label = 0;
      if (!readByte(in, &label)) break;
      std::string data;
      if (!readSubBlocks(in, label == kCommentLabel ? &data : nullptr)) break;
      if (label == kCommentLabel) comments.push_back(std::move(data));
    } else if (introducer == kImageSeparator) {
      std::array<char, 9> descriptor;  // left, top, width, height (2 bytes each), packed field
      if (!in.read(descriptor.data(), descriptor.size())) break;
      if (!skipColorTable(in, static_cast<unsigned char>(descriptor[8]))) break;
      unsigned char minimum_code_size = 0;
      if (!readByte(in, &minimum_code_size) || !readSubBlocks(in, nullptr)) break;
    } else {
      break;  // not a GIF block: stop at the damage
    }
  }
  return comments;
}

}  // namespace aicl::video
