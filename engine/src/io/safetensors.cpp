#include "aicl/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <unordered_map>

#include "aicl/error.h"
#include "io/atomic_file.h"
#include "io/file_bytes.h"

// safetensors stores little-endian values and tensor views hand them on unchanged.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors I/O assumes a little-endian host");

namespace aicl {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;  // the limit the reference implementation uses
// A header is {name: {field: [numbers]}}, three levels; deeper nesting only serves to exhaust the parser.
constexpr int kMaxJsonDepth = 8;

struct DTypeInfo {
  DType dtype;
  const char* name;
  size_t size;
};
constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4},   {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4},   {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};

const DTypeInfo& infoOf(DType dtype) {
  for (const auto& info : kDTypes)
    if (info.dtype == dtype) return info;
  throw Error("invalid DType value " + std::to_string(static_cast<int>(dtype)));
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string rangeText(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

// numel x itemsize with overflow checks; nullopt when it does not fit in 64 bits.
std::optional<uint64_t> byteSize(const std::vector<int64_t>& shape, DType dtype) {
  uint64_t bytes = infoOf(dtype).size;
  for (int64_t dim : shape)
    if (dim < 0 || __builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes)) return std::nullopt;
  return bytes;
}

// Parses the header text, rejecting duplicate keys (the JSON library would silently keep one) and deep
// nesting.
nlohmann::json parseHeader(const char* text, size_t length, const std::string& file) {
  using Event = nlohmann::json::parse_event_t;
  std::vector<std::set<std::string>> open_objects;
  auto check = [&](int depth, Event event, nlohmann::json& parsed) {
    if (depth > kMaxJsonDepth)
      throw Error(file + ": header JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (event == Event::object_start) {
      open_objects.emplace_back();
    } else if (event == Event::object_end) {
      open_objects.pop_back();
    } else if (event == Event::key && !open_objects.back().insert(parsed.get<std::string>()).second) {
      const auto key = parsed.get<std::string>();
      throw Error(file + ": " +
                  (depth == 1 ? "tensor '" + key + "' appears twice in the header"
                              : "duplicate key '" + key + "' in the header"));
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, text + length, check);
  } catch (const nlohmann::json::exception& e) {
    throw Error(file + ": header is not valid JSON: " + e.what());
  }
}

}  // namespace

size_t dtypeSize(DType dtype) { return infoOf(dtype).size; }
const char* dtypeName(DType dtype) { return infoOf(dtype).name; }
std::optional<DType> dtypeFromName(const std::string& name) {
  for (const auto& info : kDTypes)
    if (name == info.name) return info.dtype;
  return std::nullopt;
}

struct SafetensorsFile::Impl {
  std::filesystem::path path;
  FileBytes contents;
  std::vector<TensorView> tensors;
  std::unordered_map<std::string, size_t> index;
  std::map<std::string, std::string> metadata;

  const uint8_t* bytes() const { return contents.data(); }
  size_t size() const { return contents.size(); }

  void parse();
  TensorView parseEntry(const std::string& name, const nlohmann::json& entry, const uint8_t* data,
                        uint64_t data_size) const;
  void parseMetadata(const nlohmann::json& entry);
  void checkLayout(const uint8_t* data, uint64_t data_size) const;
};

void SafetensorsFile::Impl::parse() {
  const std::string file = path.string();
  const uint8_t* base = bytes();
  const uint64_t size = this->size();
  if (size < 8)
    throw Error(file + ": file has " + std::to_string(size) + " bytes, fewer than the 8-byte header length");
  uint64_t header_length = 0;
  for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | base[i];
  if (header_length > kMaxHeaderBytes)
    throw Error(file + ": header length " + std::to_string(header_length) + " exceeds the 100 MB limit");
  if (header_length > size - 8)
    throw Error(file + ": header length " + std::to_string(header_length) + " exceeds the " +
                std::to_string(size - 8) + " bytes after the length prefix (truncated file?)");
  const char* text = reinterpret_cast<const char*>(base + 8);
  if (header_length == 0 || text[0] != '{') throw Error(file + ": header does not start with '{'");
  const nlohmann::json header = parseHeader(text, header_length, file);
  if (!header.is_object()) throw Error(file + ": header is not a JSON object");

  const uint8_t* data = base + 8 + header_length;
  const uint64_t data_size = size - 8 - header_length;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__")
      parseMetadata(entry);
    else
      tensors.push_back(parseEntry(name, entry, data, data_size));
  }
  // File order; empty tensors (equal offsets) sort before the tensor that starts at the same place.
  std::sort(tensors.begin(), tensors.end(), [](const TensorView& a, const TensorView& b) {
    if (a.data != b.data) return a.data < b.data;
    return a.nbytes != b.nbytes ? a.nbytes < b.nbytes : a.name < b.name;
  });
  checkLayout(data, data_size);
  for (size_t i = 0; i < tensors.size(); ++i) index.emplace(tensors[i].name, i);
}

TensorView SafetensorsFile::Impl::parseEntry(const std::string& name, const nlohmann::json& entry,
                                             const uint8_t* data, uint64_t data_size) const {
  auto fail = [&](const std::string& what) {
    throw Error(path.string() + ": tensor '" + name + "': " + what);
  };
  if (!entry.is_object()) fail(std::string("entry is a JSON ") + entry.type_name() + ", not an object");
  for (const char* field : {"dtype", "shape", "data_offsets"})
    if (!entry.contains(field)) fail(std::string("missing '") + field + "'");

  const auto& dtype_json = entry.at("dtype");
  if (!dtype_json.is_string()) fail("'dtype' is not a string");
  const auto dtype = dtypeFromName(dtype_json.get<std::string>());
  if (!dtype) fail("unknown dtype '" + dtype_json.get<std::string>() + "'");

  TensorView view;
  view.name = name;
  view.dtype = *dtype;
  const auto& shape_json = entry.at("shape");
  if (!shape_json.is_array()) fail("'shape' is not an array");
  for (const auto& dim : shape_json) {
    if (dim.is_number_unsigned()) {
      if (dim.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        fail("dimension " + dim.dump() + " is too large");
      view.shape.push_back(dim.get<int64_t>());
    } else if (dim.is_number_integer()) {
      fail("negative dimension " + dim.dump() + " in shape " + shape_json.dump());
    } else {
      fail("shape " + shape_json.dump() + " holds a non-integer");
    }
  }
  const auto needed = byteSize(view.shape, view.dtype);
  if (!needed) fail("shape " + shapeText(view.shape) + " overflows 64-bit byte counts");

  const auto& offsets = entry.at("data_offsets");
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned())
    fail("'data_offsets' is not a pair of non-negative integers: " + offsets.dump());
  const auto begin = offsets[0].get<uint64_t>();
  const auto end = offsets[1].get<uint64_t>();
  if (begin > end) fail("data offsets " + rangeText(begin, end) + " begin after they end");
  if (end > data_size)
    fail("data offsets " + rangeText(begin, end) + " lie outside the data section of " +
         std::to_string(data_size) + " bytes");
  if (end - begin != *needed)
    fail("data offsets " + rangeText(begin, end) + " hold " + std::to_string(end - begin) + " bytes but " +
         dtypeName(view.dtype) + " " + shapeText(view.shape) + " needs " + std::to_string(*needed));
  view.data = data + begin;
  view.nbytes = static_cast<size_t>(end - begin);
  return view;
}

void SafetensorsFile::Impl::parseMetadata(const nlohmann::json& entry) {
  if (!entry.is_object()) throw Error(path.string() + ": '__metadata__' is not a JSON object");
  for (const auto& [key, value] : entry.items()) {
    if (!value.is_string())
      throw Error(path.string() + ": '__metadata__' value of '" + key + "' is not a string");
    metadata.emplace(key, value.get<std::string>());
  }
}

// The format requires the tensors to tile the data section exactly: no overlap, no gap, nothing left over.
void SafetensorsFile::Impl::checkLayout(const uint8_t* data, uint64_t data_size) const {
  uint64_t covered = 0;
  const TensorView* previous = nullptr;
  for (const auto& view : tensors) {
    const uint64_t begin = static_cast<uint64_t>(view.data - data);
    const std::string where =
        path.string() + ": tensor '" + view.name + "': data offsets " + rangeText(begin, begin + view.nbytes);
    if (begin < covered) throw Error(where + " overlap tensor '" + previous->name + "'");
    if (begin > covered)
      throw Error(where + " leave a gap of " + std::to_string(begin - covered) + " bytes after offset " +
                  std::to_string(covered));
    covered = begin + view.nbytes;
    previous = &view;
  }
  if (covered != data_size)
    throw Error(path.string() + ": the tensors cover " + std::to_string(covered) + " of the " +
                std::to_string(data_size) + " bytes of the data section");
}

SafetensorsFile::SafetensorsFile() : impl_(std::make_unique<Impl>()) {}

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path) : SafetensorsFile() {
  impl_->path = path;
  impl_->contents = FileBytes::of(path);
  impl_->parse();
}

SafetensorsFile SafetensorsFile::fromBuffer(std::vector<uint8_t> bytes, const std::string& source_name) {
  SafetensorsFile file;
  file.impl_->path = source_name;
  file.impl_->contents = FileBytes(std::move(bytes));
  file.impl_->parse();
  return file;
}

SafetensorsFile::~SafetensorsFile() = default;
SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;

const std::filesystem::path& SafetensorsFile::path() const { return impl_->path; }
const std::vector<TensorView>& SafetensorsFile::tensors() const { return impl_->tensors; }
const std::map<std::string, std::string>& SafetensorsFile::metadata() const { return impl_->metadata; }

const TensorView* SafetensorsFile::find(const std::string& name) const {
  const auto it = impl_->index.find(name);
  return it == impl_->index.end() ? nullptr : &impl_->tensors[it->second];
}

const TensorView& SafetensorsFile::at(const std::string& name) const {
  if (const TensorView* view = find(name)) return *view;
  throw Error(impl_->path.string() + ": no tensor '" + name + "'");
}

void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  const std::string file = path.string();
  std::vector<const TensorToWrite*> sorted;
  for (const auto& tensor : tensors) sorted.push_back(&tensor);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });

  // Validate everything before the first byte is written.
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    const TensorToWrite& tensor = *sorted[i];
    const std::string where = file + ": tensor '" + tensor.name + "': ";
    if (tensor.name.empty() || tensor.name == "__metadata__") throw Error(where + "invalid tensor name");
    if (i > 0 && sorted[i - 1]->name == tensor.name) throw Error(where + "given twice");
    const auto needed = byteSize(tensor.shape, tensor.dtype);
    if (!needed) throw Error(where + "invalid shape " + shapeText(tensor.shape));
    if (*needed != tensor.nbytes)
      throw Error(where + std::to_string(tensor.nbytes) + " bytes given but " + dtypeName(tensor.dtype) +
                  " " + shapeText(tensor.shape) + " needs " + std::to_string(*needed));
    if (tensor.nbytes > 0 && !tensor.data) throw Error(where + "no data");
    header[tensor.name] = {{"dtype", dtypeName(tensor.dtype)},
                           {"shape", tensor.shape},
                           {"data_offsets", {offset, offset + tensor.nbytes}}};
    offset += tensor.nbytes;
  }
  std::string text;
  try {
    text = header.dump();
  } catch (const nlohmann::json::exception& e) {
    throw Error(file + ": a tensor name or metadata string is not valid UTF-8: " + e.what());
  }
  text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data section 8-byte aligned

  try {
    replaceFileAtomically(path, [&](const std::filesystem::path& temporary) {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw Error(file + ": cannot create " + temporary.string());
      uint8_t length[8];
      for (int i = 0; i < 8; ++i)
        length[i] = static_cast<uint8_t>(static_cast<uint64_t>(text.size()) >> (8 * i));
      out.write(reinterpret_cast<const char*>(length), 8);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      for (const auto* tensor : sorted)
        out.write(static_cast<const char*>(tensor->data), static_cast<std::streamsize>(tensor->nbytes));
      out.close();
      if (!out) throw Error(file + ": write failed (disk full?)");
    });
  } catch (const std::filesystem::filesystem_error& e) {  // e.g. the rename onto a folder
    throw Error(file + ": " + e.what());
  }
}

}  // namespace aicl
