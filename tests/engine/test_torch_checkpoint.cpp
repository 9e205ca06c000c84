// The weights-only PyTorch checkpoint reader: hand-made archives for each feature and each refusal, and every
// case of the torch_checkpoints fixtures (cases.json) against its expected tensors.
#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "aicl/error.h"
#include "aicl/safetensors.h"
#include "aicl/torch_checkpoint.h"
#include "fixtures.h"
#include "test_paths.h"

namespace aicl {
namespace {

// ---- Hand-made archives ----

struct Record {
  std::string name;
  std::string bytes;
  uint16_t method = 0;  // 0 = stored, 8 = deflate (its bytes are then never read)
};

void put(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// A zip archive as torch's writer lays it out (CRCs are left zero: the reader does not check them). With
// `zip64`, the central directory keeps sizes and offsets in ZIP64 extra fields and a ZIP64 end record.
std::vector<uint8_t> zipOf(const std::vector<Record>& records, bool zip64 = false) {
  std::string out, directory;
  for (const auto& record : records) {
    const uint64_t local_offset = out.size();
    put(out, 0x04034b50, 4), put(out, 20, 2), put(out, 0, 2), put(out, record.method, 2), put(out, 0, 8);
    put(out, record.bytes.size(), 4), put(out, record.bytes.size(), 4);
    put(out, record.name.size(), 2), put(out, 0, 2);
    out += record.name + record.bytes;

    const uint32_t small = zip64 ? 0xffffffffu : 0;
    put(directory, 0x02014b50, 4), put(directory, 45, 2), put(directory, 45, 2), put(directory, 0, 2);
    put(directory, record.method, 2), put(directory, 0, 8);
    put(directory, zip64 ? small : record.bytes.size(), 4),
        put(directory, zip64 ? small : record.bytes.size(), 4);
    put(directory, record.name.size(), 2), put(directory, zip64 ? 28 : 0, 2);
    put(directory, 0, 2), put(directory, 0, 8);  // comment size, disk, attributes
    put(directory, zip64 ? small : local_offset, 4);
    directory += record.name;
    if (zip64) {
      put(directory, 0x0001, 2), put(directory, 24, 2);
      put(directory, record.bytes.size(), 8), put(directory, record.bytes.size(), 8),
          put(directory, local_offset, 8);
    }
  }
  const uint64_t directory_offset = out.size();
  out += directory;
  if (zip64) {
    const uint64_t end64 = out.size();
    put(out, 0x06064b50, 4), put(out, 44, 8), put(out, 45, 2), put(out, 45, 2), put(out, 0, 8);
    put(out, records.size(), 8), put(out, records.size(), 8), put(out, directory.size(), 8);
    put(out, directory_offset, 8);
    put(out, 0x07064b50, 4), put(out, 0, 4), put(out, end64, 8), put(out, 1, 4);
  }
  put(out, 0x06054b50, 4), put(out, 0, 4);
  put(out, zip64 ? 0xffff : records.size(), 2), put(out, zip64 ? 0xffff : records.size(), 2);
  put(out, zip64 ? 0xffffffffu : directory.size(), 4), put(out, zip64 ? 0xffffffffu : directory_offset, 4);
  put(out, 0, 2);
  return {out.begin(), out.end()};
}

// Pickle fragments, protocol 2, with the opcodes torch.save uses.
std::string str(const std::string& text) {
  std::string out = "X";
  put(out, text.size(), 4);
  return out + text;
}
std::string integer(int64_t value) {
  std::string out = "\x8a\x08";  // LONG1 of 8 bytes
  put(out, static_cast<uint64_t>(value), 8);
  return out;
}
std::string global(const std::string& module, const std::string& name) {
  return "c" + module + "\n" + name + "\n";
}
std::string tupleOf(const std::vector<int64_t>& values) {
  std::string out = "(";
  for (int64_t value : values) out += integer(value);
  return out + "t";
}
std::string tensor(const std::string& key, const std::string& storage_type, int64_t numel, int64_t offset,
                   const std::vector<int64_t>& shape, const std::vector<int64_t>& stride) {
  return global("torch._utils", "_rebuild_tensor_v2") + "((" + str("storage") +
         global("torch", storage_type) + str(key) + str("cpu") + integer(numel) + "tQ" + integer(offset) +
         tupleOf(shape) + tupleOf(stride) + "\x89" + global("collections", "OrderedDict") + ")Rt" + "R";
}
// {key: value, ...} from pickled keys and values.
std::string dictOf(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out = "}(";
  for (const auto& [key, value] : entries) out += str(key) + value;
  return out + "u";
}
std::string pickleOf(const std::string& body) { return "\x80\x02" + body + "."; }

std::string floats(const std::vector<float>& values) {
  return {reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)};
}
std::vector<float> floatsOf(const CheckpointTensor& tensor) {
  std::vector<float> values(tensor.data.size() / sizeof(float));
  std::memcpy(values.data(), tensor.data.data(), tensor.data.size());
  return values;
}

std::vector<uint8_t> checkpointOf(const std::string& pickle, std::vector<Record> storages = {},
                                  bool zip64 = false) {
  std::vector<Record> records{{"archive/data.pkl", pickle}};
  for (auto& storage : storages)
    records.push_back({"archive/data/" + storage.name, storage.bytes, storage.method});
  records.push_back({"archive/version", "3\n"});
  return zipOf(records, zip64);
}

const std::vector<float> kTwelve = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

TorchCheckpoint open(std::vector<uint8_t> bytes, const TorchCheckpointLimits& limits = {}) {
  return TorchCheckpoint::fromBuffer(std::move(bytes), "hand.pt", limits);
}

std::string errorOf(std::vector<uint8_t> bytes, const TorchCheckpointLimits& limits = {},
                    const std::vector<std::string>& path = {}) {
  try {
    open(std::move(bytes), limits).readTensors(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::map<std::string, CheckpointTensor> byName(std::vector<CheckpointTensor> tensors) {
  std::map<std::string, CheckpointTensor> named;
  for (auto& tensor : tensors) named[tensor.name] = std::move(tensor);
  return named;
}

TEST(TorchCheckpoint, ReadsAContiguousTensor) {
  const auto checkpoint =
      open(checkpointOf(pickleOf(dictOf({{"w", tensor("0", "FloatStorage", 6, 0, {2, 3}, {3, 1})}})),
                        {{"0", floats({1, 2, 3, 4, 5, 6})}}));
  const auto tensors = checkpoint.readTensors({});
  ASSERT_EQ(tensors.size(), 1u);
  EXPECT_EQ(tensors[0].name, "w");
  EXPECT_EQ(tensors[0].dtype, DType::F32);
  EXPECT_EQ(tensors[0].shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(floatsOf(tensors[0]), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(checkpoint.opaqueGlobals().empty());
}

TEST(TorchCheckpoint, MaterialisesTransposedOffsetAndZeroDimViewsOfOneStorage) {
  const auto checkpoint =
      open(checkpointOf(pickleOf(dictOf({{"base", tensor("0", "FloatStorage", 12, 0, {3, 4}, {4, 1})},
                                         {"transposed", tensor("0", "FloatStorage", 12, 0, {4, 3}, {1, 4})},
                                         {"window", tensor("0", "FloatStorage", 12, 5, {2, 2}, {4, 1})},
                                         {"column", tensor("0", "FloatStorage", 12, 2, {3}, {4})},
                                         {"scalar", tensor("0", "FloatStorage", 12, 7, {}, {})},
                                         {"empty", tensor("0", "FloatStorage", 12, 0, {0, 4}, {4, 1})}})),
                        {{"0", floats(kTwelve)}}));
  auto tensors = byName(checkpoint.readTensors({}));
  EXPECT_EQ(floatsOf(tensors["base"]), kTwelve);
  EXPECT_EQ(floatsOf(tensors["transposed"]), (std::vector<float>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  EXPECT_EQ(floatsOf(tensors["window"]), (std::vector<float>{5, 6, 9, 10}));
  EXPECT_EQ(floatsOf(tensors["column"]), (std::vector<float>{2, 6, 10}));
  EXPECT_EQ(floatsOf(tensors["scalar"]), (std::vector<float>{7}));
  EXPECT_TRUE(tensors["scalar"].shape.empty());
  EXPECT_TRUE(tensors["empty"].data.empty());
  // Every view is its own copy: changing one leaves the others alone.
  tensors["base"].data[0] = 0xff;
  EXPECT_EQ(floatsOf(tensors["transposed"])[0], 0.0f);
}

TEST(TorchCheckpoint, CopiesContiguousInnerBlocksAndIgnoresStridesOfSizeOneDims) {
  std::vector<float> values(24);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  const auto checkpoint = open(
      checkpointOf(pickleOf(dictOf({{"slab", tensor("0", "FloatStorage", 24, 0, {2, 2, 3}, {12, 3, 1})},
                                    {"tall", tensor("0", "FloatStorage", 24, 1, {3, 1}, {1, 99})},
                                    {"whole", tensor("0", "FloatStorage", 24, 0, {2, 3, 4}, {12, 4, 1})}})),
                   {{"0", floats(values)}}));
  auto tensors = byName(checkpoint.readTensors({}));
  EXPECT_EQ(floatsOf(tensors["slab"]), (std::vector<float>{0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17}));
  EXPECT_EQ(floatsOf(tensors["tall"]), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(floatsOf(tensors["whole"]), values);
}

TEST(TorchCheckpoint, AMemoReferenceIsTheSameTensorObject) {
  const std::string body = "}(" + str("a") + tensor("0", "FloatStorage", 3, 0, {3}, {1}) + "q\x07" +
                           str("b") + "h\x07" + str("c") + tensor("0", "FloatStorage", 3, 0, {3}, {1}) + "u";
  const auto checkpoint = open(checkpointOf(pickleOf(body), {{"0", floats({1, 2, 3})}}));
  const auto infos = checkpoint.tensorInfos({});
  ASSERT_EQ(infos.size(), 3u);
  EXPECT_EQ(infos[0].object_id, infos[1].object_id);
  EXPECT_NE(infos[0].object_id, infos[2].object_id);
  EXPECT_EQ(infos[0].storage_key, infos[2].storage_key);
  EXPECT_EQ(checkpoint.read(infos[1]).data, checkpoint.read(infos[0]).data);
}

TEST(TorchCheckpoint, AParameterIsItsDataTensorAndOrderedDictKeepsItsPairs) {
  const std::string parameter = global("torch._utils", "_rebuild_parameter") + "(" +
                                tensor("0", "FloatStorage", 2, 0, {2}, {1}) + "\x88" +
                                global("collections", "OrderedDict") + ")Rt" + "R";
  const std::string pairs = global("collections", "OrderedDict") + "(](" + str("p") + parameter + "\x86" +
                            str("q") + tensor("0", "FloatStorage", 2, 1, {1}, {1}) + "\x86" + "et" + "R";
  const auto checkpoint = open(checkpointOf(pickleOf(pairs), {{"0", floats({5, 6})}}));
  auto tensors = byName(checkpoint.readTensors({}));
  ASSERT_EQ(tensors.size(), 2u);
  EXPECT_EQ(floatsOf(tensors["p"]), (std::vector<float>{5, 6}));
  EXPECT_EQ(floatsOf(tensors["q"]), (std::vector<float>{6}));
}

TEST(TorchCheckpoint, ListsTopLevelKeysAndFindsTheStateDict) {
  const std::string state_dict = dictOf({{"layer.weight", tensor("0", "HalfStorage", 2, 0, {2}, {1})}});
  const std::string body = dictOf({{"epoch", integer(3)},
                                   {"name", str("tiny")},
                                   {"lr", "G\x3f\x1a\x36\xe2\xeb\x1c\x43\x2d"},
                                   {"state_dict", state_dict},
                                   {"flags", global("builtins", "set") + "](" + str("x") + "e\x85R"}});
  const auto checkpoint = open(checkpointOf(pickleOf(body), {{"0", std::string("\x00\x3c\x00\x40", 4)}}));
  std::map<std::string, std::string> keys;
  for (const auto& entry : checkpoint.topLevelKeys()) keys[entry.key] = entry.summary;
  EXPECT_EQ(keys["epoch"], "int 3");
  EXPECT_EQ(keys["name"], "str 'tiny'");
  EXPECT_EQ(keys["state_dict"], "dict: 1 entries, 1 tensors");
  EXPECT_EQ(keys["flags"], "set: 1 items");
  EXPECT_EQ(keys["lr"].rfind("float 0.0001", 0), 0u) << keys["lr"];
  EXPECT_EQ(checkpoint.defaultStateDictPath(), std::vector<std::string>{"state_dict"});
  const auto tensors = checkpoint.readTensors({"state_dict"});
  ASSERT_EQ(tensors.size(), 1u);
  EXPECT_EQ(tensors[0].dtype, DType::F16);
  EXPECT_TRUE(checkpoint.readTensors({}).empty());  // the root holds no tensor itself

  const std::string missing =
      errorOf(checkpointOf(pickleOf(body), {{"0", std::string(4, '\0')}}), {}, {"module"});
  EXPECT_NE(missing.find("hand.pt: no key 'module' in the root (keys: epoch, name, lr, state_dict, flags)"),
            std::string::npos)
      << missing;
  const std::string not_dict =
      errorOf(checkpointOf(pickleOf(body), {{"0", std::string(4, '\0')}}), {}, {"epoch"});
  EXPECT_NE(not_dict.find("'epoch' is not a dict (int 3)"), std::string::npos) << not_dict;
}

TEST(TorchCheckpoint, UnknownGlobalsStayOpaqueDataAndAreNamed) {
  // os.system called with REDUCE, and a custom class built with NEWOBJ + BUILD: neither is ever executed.
  const std::string body =
      dictOf({{"payload", global("os", "system") + "(" + str("echo hi") + "tR"},
              {"hparams", global("my_project", "Params") + ")\x81" + dictOf({{"lr", integer(1)}}) + "b"},
              {"w", tensor("0", "FloatStorage", 2, 0, {2}, {1})}});
  const auto checkpoint = open(checkpointOf(pickleOf(body), {{"0", floats({1, 2})}}));
  EXPECT_EQ(checkpoint.opaqueGlobals(), (std::vector<std::string>{"os.system", "my_project.Params"}));
  std::map<std::string, std::string> keys;
  for (const auto& entry : checkpoint.topLevelKeys()) keys[entry.key] = entry.summary;
  EXPECT_EQ(keys["payload"], "opaque os.system");
  EXPECT_EQ(keys["hparams"], "opaque my_project.Params");
  EXPECT_EQ(floatsOf(checkpoint.readTensors({}).at(0)), (std::vector<float>{1, 2}));
}

TEST(TorchCheckpoint, ReadsZip64Records) {
  const auto bytes =
      checkpointOf(pickleOf(dictOf({{"w", tensor("0", "LongStorage", 2, 0, {2}, {1})}})),
                   {{"0", std::string("\x05\0\0\0\0\0\0\0\xfd\xff\xff\xff\xff\xff\xff\xff", 16)}},
                   /*zip64=*/true);
  const auto tensors = open(bytes).readTensors({});
  ASSERT_EQ(tensors.size(), 1u);
  int64_t values[2];
  std::memcpy(values, tensors[0].data.data(), sizeof values);
  EXPECT_EQ(values[0], 5);
  EXPECT_EQ(values[1], -3);
}

TEST(TorchCheckpoint, RefusesCompressedRecords) {
  const std::string pickle = pickleOf(dictOf({{"w", tensor("0", "FloatStorage", 1, 0, {1}, {1})}}));
  EXPECT_NE(errorOf(checkpointOf(pickle, {{"0", floats({1}), 8}})).find("'archive/data/0' is compressed"),
            std::string::npos);
  EXPECT_NE(errorOf(zipOf({{"archive/data.pkl", pickle, 8}})).find("'archive/data.pkl' is compressed"),
            std::string::npos);
}

TEST(TorchCheckpoint, RefusesWhatIsNotAZipCheckpoint) {
  EXPECT_EQ(errorOf({}), "hand.pt: empty file, not a PyTorch checkpoint");
  EXPECT_EQ(errorOf({0x80, 0x02, 0x8a, 0x0a}),
            "hand.pt: legacy torch.save format not supported, re-save with a current torch");
  EXPECT_EQ(errorOf({'{', '}'}), "hand.pt: not a PyTorch zip checkpoint (does not start with a zip header)");
  EXPECT_NE(errorOf(zipOf({{"data.pkl", pickleOf("}")}})).find("not under an archive folder"),
            std::string::npos);
  EXPECT_NE(errorOf(zipOf({{"archive/version", "3"}})).find("no 'archive/data.pkl' record"),
            std::string::npos);
  EXPECT_NE(errorOf(zipOf({{"archive/data.pkl", pickleOf("}")}, {"archive/byteorder", "big"}}))
                .find("only little-endian"),
            std::string::npos);
}

TEST(TorchCheckpoint, RefusesEveryTruncationOfTheArchive) {
  const auto whole = checkpointOf(pickleOf(dictOf({{"w", tensor("0", "FloatStorage", 2, 0, {2}, {1})}})),
                                  {{"0", floats({1, 2})}});
  for (size_t size = 0; size < whole.size(); ++size) {
    const std::string error = errorOf({whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size)});
    EXPECT_NE(error, "(no error)") << size;
    if (size >= 4) {
      EXPECT_NE(error.find("not a complete zip archive"), std::string::npos) << size << ": " << error;
    }
  }
}

TEST(TorchCheckpoint, RefusesEveryTruncationOfThePickle) {
  const std::string pickle = pickleOf(dictOf({{"w", tensor("0", "FloatStorage", 2, 0, {2}, {1})}}));
  for (size_t size = 0; size < pickle.size(); ++size) {
    const std::string error = errorOf(checkpointOf(pickle.substr(0, size), {{"0", floats({1, 2})}}));
    EXPECT_NE(error.find("hand.pt: archive/data.pkl: truncated pickle"), std::string::npos)
        << size << ": " << error;
  }
}

TEST(TorchCheckpoint, RefusesMalformedPickles) {
  const auto errorOfPickle = [](const std::string& pickle, const TorchCheckpointLimits& limits = {}) {
    return errorOf(checkpointOf(pickle), limits);
  };
  TorchCheckpointLimits small;
  small.max_nesting = 16;
  small.max_memo = 2;
  small.max_objects = 100;
  EXPECT_NE(errorOfPickle(std::string(17, '(') + ".", small).find("nested deeper than 16 MARKs"),
            std::string::npos);
  EXPECT_NE(errorOfPickle("N\x94N\x94N\x94.", small).find("memo larger than 2 entries"), std::string::npos);
  EXPECT_NE(errorOfPickle(std::string(101, '\x88') + ".", small).find("more than 100 pickled objects"),
            std::string::npos);
  EXPECT_NE(errorOfPickle("h\x05.").find("memo has no entry 5"), std::string::npos);
  EXPECT_NE(errorOfPickle(".").find("stack underflow"), std::string::npos);
  EXPECT_NE(errorOfPickle("N(0.").find("stack underflow"), std::string::npos);  // MARK hides what lies below
  EXPECT_NE(errorOfPickle("t.").find("without a MARK"), std::string::npos);
  EXPECT_NE(errorOfPickle("\x80\x09N.").find("unsupported pickle protocol 9"), std::string::npos);
  EXPECT_NE(errorOfPickle("I1\n.").find("unsupported pickle opcode 0x49 'I'"), std::string::npos);
  EXPECT_NE(errorOfPickle("NN)R.").find("REDUCE calls a None, not a GLOBAL"), std::string::npos);
  EXPECT_NE(errorOfPickle("K\x01K\x02s.").find("stack underflow"), std::string::npos);
  EXPECT_NE(errorOfPickle("K\x01K\x02K\x03s.").find("SETITEM on a int"), std::string::npos);
  EXPECT_NE(errorOfPickle(global("os", std::string(2000, 'x')) + ".").find("GLOBAL name longer than"),
            std::string::npos);
  EXPECT_NE(errorOfPickle("(" + str("storage") + "tQ.").find("unsupported persistent id"), std::string::npos);
}

TEST(TorchCheckpoint, RefusesTensorsOutsideTheirStorage) {
  const auto errorOfTensor = [](int64_t offset, std::vector<int64_t> shape, std::vector<int64_t> stride,
                                int64_t numel = 4, const std::string& bytes = floats({1, 2, 3, 4})) {
    return errorOf(
        checkpointOf(pickleOf(dictOf({{"w", tensor("0", "FloatStorage", numel, offset, shape, stride)}})),
                     {{"0", bytes}}));
  };
  EXPECT_EQ(errorOfTensor(0, {4}, {1}), "(no error)");
  EXPECT_NE(errorOfTensor(0, {4, 4}, {4, 1}).find("tensor extends past its storage"), std::string::npos);
  EXPECT_NE(errorOfTensor(3, {2}, {1}).find("tensor extends past its storage"), std::string::npos);
  EXPECT_NE(errorOfTensor(0, {2}, {4}).find("tensor extends past its storage"), std::string::npos);
  EXPECT_NE(errorOfTensor(0, {5, 1}, {int64_t{1} << 62, 1}).find("size overflow"), std::string::npos);
  EXPECT_NE(errorOfTensor(-1, {1}, {1}).find("negative storage offset"), std::string::npos);
  EXPECT_NE(errorOfTensor(0, {2}, {-1}).find("negative size or stride"), std::string::npos);
  EXPECT_NE(errorOfTensor(0, {2}, {1, 1}).find("size and stride must be tuples of ints of equal length"),
            std::string::npos);
  EXPECT_NE(errorOfTensor(0, {4}, {1}, 16)
                .find("storage record smaller than declared: 'archive/data/0' holds 16 "
                      "bytes, 16 elements of F32 need more"),
            std::string::npos);
  EXPECT_NE(errorOf(checkpointOf(pickleOf(dictOf({{"w", tensor("1", "FloatStorage", 1, 0, {1}, {1})}})),
                                 {{"0", floats({1})}}))
                .find("missing record 'archive/data/1'"),
            std::string::npos);
  EXPECT_NE(errorOf(checkpointOf(pickleOf(dictOf({{"a", tensor("0", "FloatStorage", 1, 0, {1}, {1})},
                                                  {"b", tensor("0", "HalfStorage", 2, 0, {1}, {1})}})),
                                 {{"0", floats({1})}}))
                .find("storage '0' is declared twice"),
            std::string::npos);
}

TEST(TorchCheckpoint, RefusesToMaterialiseBeyondTheByteLimit) {
  // A stride-0 view may be far larger than its storage: read() checks the size it would allocate.
  TorchCheckpointLimits limits;
  limits.max_tensor_bytes = 1 << 20;
  const auto checkpoint =
      open(checkpointOf(pickleOf(dictOf({{"w", tensor("0", "FloatStorage", 1, 0, {int64_t{1} << 40}, {0})}})),
                        {{"0", floats({1})}}),
           limits);
  const auto infos = checkpoint.tensorInfos({});
  ASSERT_EQ(infos.size(), 1u);
  try {
    checkpoint.read(infos[0]);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("larger than the 1048576-byte limit"), std::string::npos)
        << e.what();
  }
  CheckpointTensorInfo forged = infos[0];
  forged.object_id = 1;  // not a tensor of this checkpoint
  EXPECT_THROW(checkpoint.read(forged), Error);
}

TEST(TorchCheckpoint, OpensFilesFromDisk) {
  const auto dir = test::scratchDir("torch_checkpoint_file");
  const auto bytes = checkpointOf(pickleOf(dictOf({{"w", tensor("0", "FloatStorage", 2, 0, {2}, {1})}})),
                                  {{"0", floats({3, 4})}});
  std::ofstream(dir / "model.pt", std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  EXPECT_EQ(floatsOf(TorchCheckpoint(dir / "model.pt").readTensors({}).at(0)), (std::vector<float>{3, 4}));
  std::ofstream(dir / "empty.pt").close();
  EXPECT_THROW(TorchCheckpoint(dir / "empty.pt"), Error);
  try {
    TorchCheckpoint(dir / "absent.pt");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("absent.pt: cannot open"), std::string::npos) << e.what();
  }
}

// ---- The torch_checkpoints fixtures: every case of cases.json ----

struct FixtureCase {
  std::string label;  // the test name suffix
  std::filesystem::path file;
  nlohmann::json spec;  // its cases.json entry
};

std::vector<FixtureCase> fixtureCases() {
  std::vector<FixtureCase> cases;
  for (const auto& fixture : test::fixturesOfKind("torch_pickle")) {
    std::ifstream in(fixture.dir / "cases.json");
    const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("files")) continue;
    for (const auto& [file, spec] : json["files"].items()) {
      std::string label = fixture.name + "_" + file;
      for (char& c : label)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      cases.push_back({label, fixture.dir / file, spec});
    }
  }
  return cases;
}

std::vector<std::string> statePathOf(const nlohmann::json& spec) {
  return spec.value("state_dict_path", std::vector<std::string>{});
}

// The tensors under the case's state-dict path must equal its expected safetensors file, byte for byte.
void expectTensorsAsExpected(const TorchCheckpoint& checkpoint, const FixtureCase& fixture) {
  const auto path = statePathOf(fixture.spec);
  auto tensors = byName(checkpoint.readTensors(path));
  const SafetensorsFile expected(fixture.file.parent_path() /
                                 fixture.spec.at("expected_tensors_file").get<std::string>());
  std::set<std::string> expected_names;
  for (const auto& view : expected.tensors()) {
    expected_names.insert(view.name);
    SCOPED_TRACE(view.name);
    ASSERT_TRUE(tensors.count(view.name));
    const auto& tensor = tensors[view.name];
    EXPECT_EQ(dtypeName(tensor.dtype), std::string(dtypeName(view.dtype)));
    EXPECT_EQ(tensor.shape, view.shape);
    ASSERT_EQ(tensor.data.size(), view.nbytes);
    EXPECT_EQ(std::memcmp(tensor.data.data(), view.data, view.nbytes), 0);
  }
  std::set<std::string> names;
  for (const auto& entry : tensors) names.insert(entry.first);
  EXPECT_EQ(names, expected_names);

  // The layout cases.json records: stride, offset, storage key, and which names share a storage or an object.
  std::map<std::string, CheckpointTensorInfo> infos;
  for (auto& info : checkpoint.tensorInfos(path)) infos[info.name] = info;
  // value() returns a copy: keep it alive while iterating.
  const auto layouts = fixture.spec.value("tensors", nlohmann::json::object());
  const auto sharing = fixture.spec.value("storage_sharing", nlohmann::json::array());
  const auto same_objects = fixture.spec.value("same_python_object", nlohmann::json::array());
  for (const auto& [name, layout] : layouts.items()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(infos.count(name));
    EXPECT_EQ(infos[name].stride, layout.at("stride").get<std::vector<int64_t>>());
    EXPECT_EQ(infos[name].storage_offset, layout.at("storage_offset").get<int64_t>());
    if (layout.contains("storage_key")) {
      EXPECT_EQ(infos[name].storage_key, layout["storage_key"].get<std::string>());
    }
  }
  for (const auto& group : sharing)
    for (const auto& name : group) EXPECT_EQ(infos[name].storage_key, infos[group[0]].storage_key) << name;
  for (const auto& group : same_objects)
    for (const auto& name : group) EXPECT_EQ(infos[name].object_id, infos[group[0]].object_id) << name;
}

// Names the case in test output instead of dumping its bytes.
void PrintTo(const FixtureCase& fixture, std::ostream* out) { *out << fixture.file.filename().string(); }

class TorchCheckpointFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(TorchCheckpointFixture, MeetsItsExpectation) {
  const FixtureCase& fixture = GetParam();
  const std::string expect = fixture.spec.at("expect");
  std::optional<TorchCheckpoint> checkpoint;
  std::string error;
  try {
    checkpoint.emplace(fixture.file);
    checkpoint->readTensors(statePathOf(fixture.spec));
  } catch (const Error& e) {
    error = e.what();
    checkpoint.reset();
  }

  if (expect == "load") {
    ASSERT_TRUE(checkpoint) << error;
    expectTensorsAsExpected(*checkpoint, fixture);
    std::set<std::string> keys;
    for (const auto& entry : checkpoint->topLevelKeys()) keys.insert(entry.key);
    const auto scalars = fixture.spec.value("top_level_scalars", nlohmann::json::object());
    for (const auto& [key, value] : scalars.items()) EXPECT_TRUE(keys.count(key)) << key;
    EXPECT_EQ(checkpoint->defaultStateDictPath(), statePathOf(fixture.spec));
  } else if (expect == "refuse") {
    ASSERT_FALSE(checkpoint) << "the file was accepted";
    EXPECT_NE(error.find(fixture.file.string()), std::string::npos) << error;
    // Where the case quotes the message ("Refuse: '...'"), the error says it.
    std::smatch quoted;
    const std::string why = fixture.spec.value("why", "");
    if (std::regex_search(why, quoted, std::regex("Refuse: '([^']+)'"))) {
      EXPECT_NE(error.find(quoted[1].str()), std::string::npos) << error;
    }
  } else if (expect == "refuse_or_treat_as_data") {
    if (checkpoint) {  // treated as data: the tensors are there and the foreign call is named, never run
      expectTensorsAsExpected(*checkpoint, fixture);
      EXPECT_FALSE(checkpoint->opaqueGlobals().empty());
    } else {
      EXPECT_NE(error.find(fixture.file.string()), std::string::npos) << error;
    }
  } else {
    FAIL() << "unknown expectation '" << expect << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, TorchCheckpointFixture, ::testing::ValuesIn(fixtureCases()),
                         [](const ::testing::TestParamInfo<FixtureCase>& info) { return info.param.label; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TorchCheckpointFixture);

TEST(TorchCheckpointFixtures, ArePresent) {
  if (fixtureCases().empty())
    GTEST_SKIP() << "no fixture of kind torch_pickle under " << test::sharedDir()
                 << "/fixtures or AICL_FIXTURES";
}

}  // namespace
}  // namespace aicl
