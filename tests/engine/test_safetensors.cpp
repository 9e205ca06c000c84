// The safetensors reader and writer: round trips, the real fixture files, and every kind of malformed input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "aicl/error.h"
#include "aicl/safetensors.h"
#include "test_paths.h"

namespace aicl {
namespace {

const DType kAllDTypes[] = {DType::F64, DType::F32, DType::F16, DType::BF16, DType::I64,
                            DType::I32, DType::I16, DType::I8,  DType::U8,   DType::BOOL};

std::vector<uint8_t> readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A file with `header` as its JSON (unpadded), `data_size` zero bytes of data, and the given length prefix.
std::vector<uint8_t> fileBytes(const std::string& header, size_t data_size, uint64_t declared_length) {
  std::vector<uint8_t> bytes(8 + header.size() + data_size, 0);
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(declared_length >> (8 * i));
  std::copy(header.begin(), header.end(), bytes.begin() + 8);
  return bytes;
}
std::vector<uint8_t> fileBytes(const std::string& header, size_t data_size = 0) {
  return fileBytes(header, data_size, header.size());
}

std::string errorOf(std::vector<uint8_t> bytes) {
  try {
    SafetensorsFile::fromBuffer(std::move(bytes), "bad.safetensors");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Safetensors, RoundTripsEveryDtypeAndMetadata) {
  const auto dir = test::scratchDir("safetensors_round_trip");
  std::vector<std::vector<uint8_t>> payloads;
  std::vector<TensorToWrite> tensors;
  for (DType dtype : kAllDTypes) {
    std::vector<uint8_t> bytes(6 * dtypeSize(dtype));
    for (size_t i = 0; i < bytes.size(); ++i)
      bytes[i] = static_cast<uint8_t>(i * 7 + static_cast<int>(dtype));
    if (dtype == DType::BOOL)
      for (auto& b : bytes) b &= 1;
    payloads.push_back(bytes);
  }
  // Given out of name order: the writer sorts.
  for (size_t i = std::size(kAllDTypes); i-- > 0;) {
    const DType dtype = kAllDTypes[i];
    tensors.push_back(
        {std::string("t.") + dtypeName(dtype), dtype, {2, 3}, payloads[i].data(), payloads[i].size()});
  }
  tensors.push_back({"scalar", DType::F32, {}, payloads[1].data(), 4});
  tensors.push_back({"empty", DType::F16, {0, 5}, nullptr, 0});
  const std::map<std::string, std::string> metadata{{"format", "pt"}, {"note", "ünïcode ok"}};
  const auto path = dir / "all.safetensors";
  writeSafetensors(path, tensors, metadata);

  const auto raw = readBytes(path);
  uint64_t header_length = 0;
  std::memcpy(&header_length, raw.data(), 8);
  EXPECT_EQ(header_length % 8, 0u);
  EXPECT_EQ(raw[8], '{');
  EXPECT_EQ(raw[8 + header_length - 1] == ' ' || raw[8 + header_length - 1] == '}', true);

  const SafetensorsFile file(path);
  EXPECT_EQ(file.metadata(), metadata);
  ASSERT_EQ(file.tensors().size(), std::size(kAllDTypes) + 2);
  for (size_t i = 0; i < std::size(kAllDTypes); ++i) {
    const DType dtype = kAllDTypes[i];
    const TensorView& view = file.at(std::string("t.") + dtypeName(dtype));
    EXPECT_EQ(view.dtype, dtype);
    EXPECT_EQ(view.shape, (std::vector<int64_t>{2, 3}));
    ASSERT_EQ(view.nbytes, payloads[i].size());
    EXPECT_EQ(std::memcmp(view.data, payloads[i].data(), view.nbytes), 0) << dtypeName(dtype);
    EXPECT_EQ(dtypeFromName(dtypeName(dtype)), dtype);
  }
  EXPECT_TRUE(file.at("scalar").shape.empty());
  EXPECT_EQ(file.at("empty").nbytes, 0u);
  EXPECT_EQ(file.find("absent"), nullptr);
  // Laid out in name order, so file order is name order.
  for (size_t i = 1; i < file.tensors().size(); ++i)
    EXPECT_LT(file.tensors()[i - 1].name, file.tensors()[i].name);
  // The data section starts 8-byte aligned.
  EXPECT_EQ(reinterpret_cast<uintptr_t>(file.tensors().front().data) % 8, 0u);
  EXPECT_FALSE(dtypeFromName("F8_E4M3").has_value());
}

TEST(Safetensors, FromBufferMatchesFile) {
  const float values[] = {1.5f, -2.0f, 3.25f, 0.0f};
  const auto path = test::scratchDir("safetensors_buffer") / "w.safetensors";
  writeSafetensors(path, {{"w", DType::F32, {2, 2}, values, sizeof(values)}});
  const auto file = SafetensorsFile::fromBuffer(readBytes(path), "memory");
  EXPECT_EQ(file.path(), "memory");
  const auto& view = file.at("w");
  float read[4];
  std::memcpy(read, view.data, sizeof(read));
  EXPECT_EQ(read[2], 3.25f);
  try {
    file.at("missing.weight");
    FAIL() << "at() accepted a missing name";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("memory: no tensor 'missing.weight'"), std::string::npos)
        << e.what();
  }
}

TEST(Safetensors, ReadsRealFixtureWeights) {
  size_t files = 0;
  for (const auto& root : test::fixtureRoots()) {
    if (!std::filesystem::is_directory(root)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
      const auto path = entry.path() / "weights.safetensors";
      if (!std::filesystem::exists(path)) continue;
      ++files;
      const SafetensorsFile file(path);
      ASSERT_FALSE(file.tensors().empty()) << path;
      size_t total = 0;
      for (const auto& view : file.tensors()) {
        EXPECT_EQ(view.name.find('.') != std::string::npos, true) << view.name;  // module.param names
        EXPECT_FALSE(view.shape.empty()) << view.name;
        total += view.nbytes;
        if (view.dtype != DType::F32) continue;
        for (size_t i = 0; i < std::min<size_t>(view.nbytes / 4, 64); ++i) {
          float value;
          std::memcpy(&value, view.data + 4 * i, 4);
          ASSERT_TRUE(std::isfinite(value) && std::fabs(value) < 100.f)
              << view.name << "[" << i << "] = " << value;
        }
      }
      EXPECT_LT(total, std::filesystem::file_size(path));
      EXPECT_GT(total + 8, std::filesystem::file_size(path) - 1024 * 1024) << "header larger than 1 MB?";
      const std::map<std::string, std::pair<std::string, std::vector<int64_t>>> known{
          {"vae_tiny", {"decoder.conv_in.weight", {64, 4, 3, 3}}},
          {"unet3d_tiny_a", {"conv_in.weight", {32, 4, 3, 3}}},
          {"clip_text_tiny", {"text_model.embeddings.token_embedding.weight", {49408, 32}}}};
      if (auto it = known.find(entry.path().filename().string()); it != known.end()) {
        EXPECT_EQ(file.at(it->second.first).shape, it->second.second) << path;
      }
    }
  }
  if (files == 0) GTEST_SKIP() << "no */weights.safetensors under the fixture roots";
}

struct Malformed {
  const char* what;
  std::vector<uint8_t> bytes;
  const char* expected;  // a part of the message
};

TEST(Safetensors, RejectsMalformedInputNamingFileAndTensor) {
  const std::string ok = R"("dtype":"F32","shape":[2,2],"data_offsets":[0,16])";
  const std::vector<Malformed> cases = {
      {"empty file", {}, "fewer than the 8-byte header length"},
      {"7 bytes", {1, 0, 0, 0, 0, 0, 0}, "fewer than the 8-byte header length"},
      {"length beyond file", fileBytes("{}", 0, 3), "header length 3 exceeds the 2 bytes"},
      {"length over 100 MB", fileBytes("{}", 0, 200ull << 20), "exceeds the 100 MB limit"},
      {"huge length", fileBytes("{}", 0, ~0ull), "exceeds the 100 MB limit"},
      {"zero length", fileBytes("", 0, 0), "does not start with '{'"},
      {"malformed JSON", fileBytes(R"({"x":{"dtype":)"), "header is not valid JSON"},
      {"trailing garbage", fileBytes(R"({} x)"), "header is not valid JSON"},
      {"not an object", fileBytes(R"([1])"), "does not start with '{'"},
      {"entry not object", fileBytes(R"({"x.weight":[1]})"), "tensor 'x.weight': entry is a JSON array"},
      {"missing dtype", fileBytes(R"({"x.weight":{"shape":[1],"data_offsets":[0,4]}})", 4),
       "tensor 'x.weight': missing 'dtype'"},
      {"missing shape", fileBytes(R"({"x.weight":{"dtype":"F32","data_offsets":[0,4]}})", 4),
       "tensor 'x.weight': missing 'shape'"},
      {"missing offsets", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[1]}})", 4),
       "tensor 'x.weight': missing 'data_offsets'"},
      {"dtype not string", fileBytes(R"({"x.weight":{"dtype":4,"shape":[1],"data_offsets":[0,4]}})", 4),
       "'dtype' is not a string"},
      {"shape not array", fileBytes(R"({"x.weight":{"dtype":"F32","shape":4,"data_offsets":[0,4]}})", 4),
       "'shape' is not an array"},
      {"float dim", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}})", 4),
       "holds a non-integer"},
      {"offsets wrong type", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[1],"data_offsets":"0-4"}})", 4),
       "'data_offsets' is not a pair"},
      {"three offsets", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", 4),
       "'data_offsets' is not a pair"},
      {"negative offset", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", 4),
       "'data_offsets' is not a pair"},
      {"unknown dtype", fileBytes(R"({"x.weight":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})", 4),
       "tensor 'x.weight': unknown dtype 'F33'"},
      {"negative dim", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[-2,-2],"data_offsets":[0,16]}})", 16),
       "tensor 'x.weight': negative dimension -2"},
      {"dim beyond int64",
       fileBytes(R"({"x.weight":{"dtype":"U8","shape":[9223372036854775808],"data_offsets":[0,0]}})"),
       "is too large"},
      {"shape overflow",
       fileBytes(R"({"x.weight":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})"),
       "tensor 'x.weight': shape [4294967296,4294967296] overflows"},
      {"itemsize overflow",
       fileBytes(R"({"x.weight":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}})"),
       "overflows"},
      {"size mismatch", fileBytes(R"({"x.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}})", 12),
       "tensor 'x.weight': data offsets [0, 12] hold 12 bytes but F32 [2,2] needs 16"},
      {"begin after end",
       fileBytes(R"({"x.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[16,0]}})", 16),
       "tensor 'x.weight': data offsets [16, 0] begin after they end"},
      {"beyond data", fileBytes("{\"x.weight\":{" + ok + "}}", 8),
       "tensor 'x.weight': data offsets [0, 16] lie outside the data section of 8 bytes"},
      {"overlap",
       fileBytes(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                 R"("b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}})",
                 6),
       "tensor 'b': data offsets [2, 6] overlap tensor 'a'"},
      {"same range twice",
       fileBytes(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                 R"("b":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})",
                 4),
       "overlap tensor 'a'"},
      {"gap",
       fileBytes(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                 R"("b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}})",
                 6),
       "tensor 'b': data offsets [4, 6] leave a gap of 2 bytes"},
      {"gap at start", fileBytes(R"({"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", 4),
       "leave a gap of 2 bytes after offset 0"},
      {"trailing data", fileBytes("{\"x.weight\":{" + ok + "}}", 20), "the tensors cover 16 of the 20 bytes"},
      {"duplicate name", fileBytes("{\"x.weight\":{" + ok + "},\"x.weight\":{" + ok + "}}", 16),
       "tensor 'x.weight' appears twice"},
      {"duplicate field",
       fileBytes(R"({"x":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}})", 1),
       "duplicate key 'dtype'"},
      {"metadata not object", fileBytes(R"({"__metadata__":[1]})"), "'__metadata__' is not a JSON object"},
      {"metadata value", fileBytes(R"({"__metadata__":{"epoch":3}})"), "value of 'epoch' is not a string"},
      {"deep nesting", fileBytes("{\"x\":" + std::string(100, '[') + std::string(100, ']') + "}"),
       "nested deeper"},
      {"invalid UTF-8", fileBytes("{\"\xff\":{}}"), "header is not valid JSON"},
  };
  for (const auto& c : cases) {
    const std::string message = errorOf(c.bytes);
    EXPECT_EQ(message.rfind("bad.safetensors: ", 0), 0u) << c.what << ": " << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.what << ": " << message;
  }
}

TEST(Safetensors, RejectsMalformedFilesOnDisk) {
  const auto dir = test::scratchDir("safetensors_bad_files");
  writeBytes(dir / "short.safetensors", {1, 2, 3});
  writeBytes(dir / "bad.safetensors",
             fileBytes(R"({"x.weight":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4));
  EXPECT_THROW(SafetensorsFile(dir / "missing.safetensors"), Error);
  for (const char* name : {"short.safetensors", "bad.safetensors"}) {
    try {
      SafetensorsFile file(dir / name);
      ADD_FAILURE() << name << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find((dir / name).string()), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(SafetensorsFile{dir}, Error);  // a folder
}

TEST(Safetensors, AcceptsEmptyTensorsAndPaddedHeaders) {
  // Zero-size tensors share an offset with their neighbour; the header is space-padded.
  const auto file = SafetensorsFile::fromBuffer(
      fileBytes(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},)"
                R"("b":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                R"("c":{"dtype":"BOOL","shape":[0,7],"data_offsets":[2,2]}}     )",
                2),
      "ok.safetensors");
  ASSERT_EQ(file.tensors().size(), 3u);
  EXPECT_EQ(file.tensors()[0].name, "a");
  EXPECT_EQ(file.tensors()[2].name, "c");
  EXPECT_TRUE(SafetensorsFile::fromBuffer(fileBytes("{}"), "empty").tensors().empty());
}

TEST(Safetensors, FailedWriteKeepsTheOldFile) {
  const auto dir = test::scratchDir("safetensors_atomic");
  const auto path = dir / "model.safetensors";
  const int32_t values[] = {1, 2, 3};
  writeSafetensors(path, {{"v", DType::I32, {3}, values, sizeof(values)}}, {{"version", "1"}});
  const auto before = readBytes(path);

  auto expectRejected = [&](const std::vector<TensorToWrite>& tensors, const std::string& expected) {
    try {
      writeSafetensors(path, tensors);
      ADD_FAILURE() << "write accepted; expected " << expected;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(readBytes(path), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1) << "a temporary file was left";
  };
  const std::vector<TensorToWrite> good{{"v", DType::I32, {3}, values, sizeof(values)}};
  auto bad = good;
  bad.push_back({"w", DType::F32, {2, 2}, values, 12});
  expectRejected(bad, "tensor 'w': 12 bytes given but F32 [2,2] needs 16");
  expectRejected({good[0], good[0]}, "tensor 'v': given twice");
  expectRejected({{"n", DType::F32, {-1}, values, 4}}, "invalid shape [-1]");
  expectRejected({{"__metadata__", DType::I32, {3}, values, 12}}, "invalid tensor name");
  expectRejected({{"p", DType::I32, {3}, nullptr, 12}}, "tensor 'p': no data");

  // A failure after the temporary file is written (renaming onto a non-empty folder) leaves nothing behind.
  const auto folder = dir / "folder.safetensors";
  std::filesystem::create_directory(folder);
  writeBytes(folder / "keep", {1});
  EXPECT_THROW(writeSafetensors(folder, good), Error);
  EXPECT_TRUE(std::filesystem::exists(folder / "keep"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 2) << "a temporary file was left";
  EXPECT_THROW(writeSafetensors(dir / "no" / "such" / "folder.safetensors", good), Error);

  writeSafetensors(path, good, {{"version", "2"}});
  EXPECT_EQ(SafetensorsFile(path).metadata().at("version"), "2");
}

}  // namespace
}  // namespace aicl
