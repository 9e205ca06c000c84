#include "io/zip_archive.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "aicl/error.h"
#include "io/file_bytes.h"

namespace aicl {
namespace {

constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr size_t kEndSize = 22;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kZip64EndSize = 56;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kMaxCommentSize = 0xffff;
constexpr uint16_t kEncryptedFlag = 0x0001;

// Little-endian reads at an offset the caller has already checked.
uint16_t read16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t read32(const uint8_t* p) { return read16(p) | (static_cast<uint32_t>(read16(p + 2)) << 16); }
uint64_t read64(const uint8_t* p) { return read32(p) | (static_cast<uint64_t>(read32(p + 4)) << 32); }

// True when [offset, offset + length) lies inside a buffer of `size` bytes, without overflowing.
bool fits(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

struct CentralDirectory {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t entries = 0;
};

}  // namespace

struct ZipArchive::Impl {
  std::string source;
  FileBytes contents;
  std::vector<ZipRecord> records;
  std::unordered_map<std::string, size_t> index;

  const uint8_t* bytes() const { return contents.data(); }
  uint64_t size() const { return contents.size(); }

  void parse();
  CentralDirectory findCentralDirectory() const;
  ZipRecord parseCentralHeader(uint64_t& offset, uint64_t directory_end) const;
  [[noreturn]] void fail(const std::string& problem) const { throw Error(source + ": " + problem); }
};

CentralDirectory ZipArchive::Impl::findCentralDirectory() const {
  const uint8_t* base = bytes();
  const uint64_t total = size();
  if (total < kEndSize) fail("not a complete zip archive (" + std::to_string(total) + " bytes)");
  // The end record sits at the very end, followed only by its comment; search backwards for its signature.
  const uint64_t lowest = total - kEndSize > kMaxCommentSize ? total - kEndSize - kMaxCommentSize : 0;
  uint64_t end = total - kEndSize + 1;
  bool found = false;
  while (end-- > lowest) {
    if (read32(base + end) == kEndSignature && end + kEndSize + read16(base + end + 20) <= total) {
      found = true;
      break;
    }
  }
  if (!found) fail("not a complete zip archive (no end-of-central-directory record)");

  CentralDirectory directory{read32(base + end + 16), read32(base + end + 12), read16(base + end + 10)};
  if (read16(base + end + 4) != 0 || read16(base + end + 6) != 0)
    fail("multi-disk zip archives are not supported");
  uint64_t directory_limit = end;  // the central directory must end before the records that follow it
  // ZIP64: a locator right before the end record points at the 64-bit end record, whose values take
  // precedence.
  if (end >= kZip64LocatorSize && read32(base + end - kZip64LocatorSize) == kZip64LocatorSignature) {
    const uint64_t locator = end - kZip64LocatorSize;
    const uint64_t zip64_end = read64(base + locator + 8);
    if (!fits(zip64_end, kZip64EndSize, locator) || read32(base + zip64_end) != kZip64EndSignature)
      fail("not a complete zip archive (bad ZIP64 end-of-central-directory record)");
    directory = {read64(base + zip64_end + 48), read64(base + zip64_end + 40), read64(base + zip64_end + 32)};
    directory_limit = zip64_end;
  }
  if (!fits(directory.offset, directory.size, directory_limit))
    fail("not a complete zip archive (central directory at " + std::to_string(directory.offset) + " + " +
         std::to_string(directory.size) + " lies outside the file)");
  if (directory.entries > directory.size / kCentralHeaderSize)
    fail("central directory declares " + std::to_string(directory.entries) + " records in " +
         std::to_string(directory.size) + " bytes");
  return directory;
}

ZipRecord ZipArchive::Impl::parseCentralHeader(uint64_t& offset, uint64_t directory_end) const {
  const uint8_t* base = bytes();
  if (!fits(offset, kCentralHeaderSize, directory_end) || read32(base + offset) != kCentralHeaderSignature)
    fail("corrupt central directory at byte " + std::to_string(offset));
  const uint8_t* header = base + offset;
  const uint16_t flags = read16(header + 8);
  const uint16_t name_size = read16(header + 28);
  const uint16_t extra_size = read16(header + 30);
  const uint16_t comment_size = read16(header + 32);
  const uint64_t variable_size = uint64_t{name_size} + extra_size + comment_size;
  if (!fits(offset + kCentralHeaderSize, variable_size, directory_end))
    fail("corrupt central directory at byte " + std::to_string(offset));

  ZipRecord record;
  record.name.assign(reinterpret_cast<const char*>(header + kCentralHeaderSize), name_size);
  // An encrypted record is unreadable like a compressed one.
  record.method = (flags & kEncryptedFlag) ? 0xffff : read16(header + 10);
  uint64_t compressed = read32(header + 20);
  uint64_t uncompressed = read32(header + 24);
  uint64_t local_offset = read32(header + 42);

  // ZIP64 extra field: the 64-bit values of the 32-bit fields that hold 0xffffffff, in this order.
  const uint8_t* extra = header + kCentralHeaderSize + name_size;
  for (uint64_t at = 0; at + 4 <= extra_size;) {
    const uint16_t id = read16(extra + at);
    const uint16_t length = read16(extra + at + 2);
    if (at + 4 + length > extra_size) fail("corrupt extra field of record '" + record.name + "'");
    if (id == kZip64ExtraId) {
      uint64_t field = at + 4;
      for (uint64_t* value : {&uncompressed, &compressed, &local_offset}) {
        if (*value != 0xffffffffu) continue;
        if (field + 8 > at + 4 + length) fail("corrupt ZIP64 field of record '" + record.name + "'");
        *value = read64(extra + field);
        field += 8;
      }
    }
    at += 4 + uint64_t{length};
  }
  offset += kCentralHeaderSize + variable_size;

  const uint64_t total = size();
  if (!fits(local_offset, kLocalHeaderSize, total) || read32(base + local_offset) != kLocalHeaderSignature)
    fail("record '" + record.name + "': local header missing at byte " + std::to_string(local_offset));
  const uint16_t local_name_size = read16(base + local_offset + 26);
  const uint16_t local_extra_size = read16(base + local_offset + 28);
  const uint64_t name_at = local_offset + kLocalHeaderSize;
  if (!fits(name_at, uint64_t{local_name_size} + local_extra_size, total) || local_name_size != name_size ||
      std::memcmp(base + name_at, record.name.data(), name_size) != 0)
    fail("record '" + record.name + "': local header does not match the central directory");
  record.data_offset = name_at + local_name_size + local_extra_size;
  if (!fits(record.data_offset, compressed, total))
    fail("record '" + record.name + "' (" + std::to_string(compressed) + " bytes at " +
         std::to_string(record.data_offset) + ") extends past the end of the file");
  if (record.method == 0 && compressed != uncompressed)
    fail("record '" + record.name + "' is stored but its sizes differ");
  record.size = record.method == 0 ? uncompressed : compressed;
  return record;
}

void ZipArchive::Impl::parse() {
  const CentralDirectory directory = findCentralDirectory();
  const uint64_t directory_end = directory.offset + directory.size;
  uint64_t offset = directory.offset;
  records.reserve(directory.entries);
  for (uint64_t i = 0; i < directory.entries; ++i) {
    ZipRecord record = parseCentralHeader(offset, directory_end);
    if (!index.emplace(record.name, records.size()).second) fail("duplicate record '" + record.name + "'");
    records.push_back(std::move(record));
  }
}

ZipArchive::ZipArchive() : impl_(std::make_unique<Impl>()) {}

ZipArchive::ZipArchive(const std::filesystem::path& path) : ZipArchive() {
  impl_->source = path.string();
  impl_->contents = FileBytes::of(path);
  impl_->parse();
}

ZipArchive ZipArchive::fromBuffer(std::vector<uint8_t> bytes, const std::string& source_name) {
  ZipArchive archive;
  archive.impl_->source = source_name;
  archive.impl_->contents = FileBytes(std::move(bytes));
  archive.impl_->parse();
  return archive;
}

ZipArchive::~ZipArchive() = default;
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;

const std::string& ZipArchive::sourceName() const { return impl_->source; }
const std::vector<ZipRecord>& ZipArchive::records() const { return impl_->records; }

const ZipRecord* ZipArchive::find(const std::string& name) const {
  auto it = impl_->index.find(name);
  return it == impl_->index.end() ? nullptr : &impl_->records[it->second];
}

const uint8_t* ZipArchive::data(const ZipRecord& record) const {
  if (record.method != 0)
    impl_->fail("record '" + record.name + "' is compressed or encrypted (method " +
                std::to_string(record.method) + "); only stored records can be read");
  return impl_->bytes() + record.data_offset;
}

bool ZipArchive::looksLikeZip(const uint8_t* bytes, size_t size) {
  return size >= 4 && read32(bytes) == kLocalHeaderSignature;
}

}  // namespace aicl
