#include "aicl/torch_checkpoint.h"

#include <cstring>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "aicl/error.h"
#include "io/pickle_machine.h"
#include "io/zip_archive.h"

// Storage records hold little-endian values and tensors are handed on unchanged.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "torch checkpoint reading assumes a little-endian host");

namespace aicl {
namespace {

using Kind = PickleObject::Kind;

// The storage classes a persistent id may name, with the dtype of their elements.
struct StorageType {
  const char* global;
  DType dtype;
};
constexpr StorageType kStorageTypes[] = {
    {"torch.DoubleStorage", DType::F64}, {"torch.FloatStorage", DType::F32},
    {"torch.HalfStorage", DType::F16},   {"torch.BFloat16Storage", DType::BF16},
    {"torch.LongStorage", DType::I64},   {"torch.IntStorage", DType::I32},
    {"torch.ShortStorage", DType::I16},  {"torch.CharStorage", DType::I8},
    {"torch.ByteStorage", DType::U8},    {"torch.BoolStorage", DType::BOOL},
    {"torch.UntypedStorage", DType::U8},
};

// The callables this reader gives a meaning to; every other GLOBAL stays opaque data.
constexpr const char* kRebuildTensor[] = {"torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor"};
constexpr const char* kRebuildParameter[] = {"torch._utils._rebuild_parameter",
                                             "torch._utils._rebuild_parameter_with_state"};
constexpr const char* kOrderedDict = "collections.OrderedDict";
constexpr const char* kSize = "torch.Size";
constexpr const char* kSets[] = {"builtins.set", "__builtin__.set", "builtins.frozenset",
                                 "__builtin__.frozenset"};

template <size_t N>
bool isOneOf(const std::string& name, const char* const (&names)[N]) {
  for (const char* candidate : names)
    if (name == candidate) return true;
  return false;
}

std::optional<DType> storageDType(const std::string& global) {
  for (const auto& type : kStorageTypes)
    if (global == type.global) return type.dtype;
  return std::nullopt;
}

bool isKnownGlobal(const std::string& name) {
  return isOneOf(name, kRebuildTensor) || isOneOf(name, kRebuildParameter) || isOneOf(name, kSets) ||
         name == kOrderedDict || name == kSize || storageDType(name).has_value();
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
  return text + "]";
}

std::string pathText(const std::vector<std::string>& path, size_t length) {
  if (length == 0) return "the root";
  std::string text;
  for (size_t i = 0; i < length; ++i) text += (i ? "/" : "") + path[i];
  return "'" + text + "'";
}

// A dict's string-keyed entries as Python holds them: a repeated key keeps its first position and its last
// value.
std::vector<std::pair<std::string, PickleId>> stringEntries(const PickleMachine& machine, PickleId dict) {
  std::vector<std::pair<std::string, PickleId>> entries;
  std::unordered_map<std::string, size_t> position;
  const auto& items = machine.at(dict).items;
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    const PickleObject& key = machine.at(items[i]);
    if (key.kind != Kind::Str) continue;
    auto [it, inserted] = position.emplace(key.text, entries.size());
    if (inserted)
      entries.emplace_back(key.text, items[i + 1]);
    else
      entries[it->second].second = items[i + 1];
  }
  return entries;
}

struct Storage {
  std::string key;
  std::string type;            // the storage class, "torch.FloatStorage"
  std::optional<DType> dtype;  // nullopt for storage classes this reader does not read (complex, quantized)
  uint64_t numel = 0;
  const uint8_t* bytes = nullptr;
};

struct TensorLayout {
  size_t storage = 0;
  int64_t offset = 0;
  std::vector<int64_t> shape;
  std::vector<int64_t> stride;
};

// Gives REDUCE/NEWOBJ and persistent ids their torch.save meaning, without calling anything.
class TorchHost : public PickleMachine::Host {
 public:
  TorchHost(const ZipArchive& archive, std::string stem, const TorchCheckpointLimits& limits)
      : archive_(archive), stem_(std::move(stem)), limits_(limits) {}

  std::vector<Storage> storages;
  std::vector<TensorLayout> tensors;

  PickleId call(PickleMachine& machine, PickleId callable, PickleId args) override {
    const std::string name = machine.at(callable).text;
    const std::vector<PickleId> arguments = machine.at(args).items;  // a copy: make() may move the objects
    if (isOneOf(name, kRebuildTensor)) return rebuildTensor(machine, arguments);
    if (isOneOf(name, kRebuildParameter)) {
      // A Parameter is its data tensor for weights purposes.
      if (!arguments.empty() && isHost(machine, arguments[0], "tensor")) return arguments[0];
      return machine.makeOpaque(name, args);
    }
    if (name == kOrderedDict) return makeDict(machine, arguments);
    if (name == kSize && arguments.size() == 1 && machine.at(arguments[0]).kind == Kind::Tuple)
      return arguments[0];
    if (isOneOf(name, kSets)) return makeSet(machine, arguments);
    return machine.makeOpaque(name, args);
  }

  // ('storage', <storage class>, key, location, numel): one storage record of the archive.
  PickleId persistentLoad(PickleMachine& machine, PickleId pid) override {
    const std::vector<PickleId> fields = machine.at(pid).items;
    const bool well_formed =
        machine.at(pid).kind == Kind::Tuple && fields.size() == 5 && isStr(machine, fields[0], "storage") &&
        machine.at(fields[1]).kind == Kind::Global && machine.at(fields[2]).kind == Kind::Str &&
        machine.at(fields[3]).kind == Kind::Str && machine.at(fields[4]).kind == Kind::Int &&
        machine.at(fields[4]).integer >= 0;
    if (!well_formed)
      fail(machine, "unsupported persistent id (expected ('storage', type, key, location, numel))");
    const std::string type = machine.at(fields[1]).text;  // copies: make() may move the objects
    const std::string key = machine.at(fields[2]).text;
    const auto numel = static_cast<uint64_t>(machine.at(fields[4]).integer);

    auto known = storage_index_.find(key);
    if (known != storage_index_.end()) {
      const Storage& storage = storages[known->second];
      if (storage.type != type || storage.numel != numel)
        fail(machine, "storage '" + key + "' is declared twice with different types or sizes");
      return makeHost(machine, "storage", known->second);
    }
    Storage storage{key, type, storageDType(type), numel, nullptr};
    const std::string record_name = stem_ + "/data/" + key;
    const ZipRecord* record = archive_.find(record_name);
    if (!record) fail(machine, "missing record '" + record_name + "' for storage '" + key + "'");
    storage.bytes = archive_.data(*record);
    if (storage.dtype) {
      uint64_t declared = 0;
      if (__builtin_mul_overflow(numel, uint64_t{dtypeSize(*storage.dtype)}, &declared) ||
          declared > record->size)
        fail(machine, "storage record smaller than declared: '" + record_name + "' holds " +
                          std::to_string(record->size) + " bytes, " + std::to_string(numel) +
                          " elements of " + dtypeName(*storage.dtype) + " need more");
    }
    storage_index_.emplace(key, storages.size());
    storages.push_back(std::move(storage));
    return makeHost(machine, "storage", storages.size() - 1);
  }

  static bool isHost(const PickleMachine& machine, PickleId id, const char* what) {
    return machine.at(id).kind == Kind::Host && machine.at(id).text == what;
  }

 private:
  [[noreturn]] static void fail(const PickleMachine& machine, const std::string& problem) {
    throw Error(machine.source() + ": " + problem);
  }
  static bool isStr(const PickleMachine& machine, PickleId id, const char* text) {
    return machine.at(id).kind == Kind::Str && machine.at(id).text == text;
  }
  static PickleId makeHost(PickleMachine& machine, const char* what, size_t index) {
    PickleObject object;
    object.kind = Kind::Host;
    object.text = what;
    object.integer = static_cast<int64_t>(index);
    return machine.make(std::move(object));
  }

  // A list of ints from a tuple or list, or nullopt.
  static std::optional<std::vector<int64_t>> ints(const PickleMachine& machine, PickleId id) {
    const PickleObject& object = machine.at(id);
    if (object.kind != Kind::Tuple && object.kind != Kind::List) return std::nullopt;
    std::vector<int64_t> values;
    for (PickleId item : object.items) {
      if (machine.at(item).kind != Kind::Int) return std::nullopt;
      values.push_back(machine.at(item).integer);
    }
    return values;
  }

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).
  PickleId rebuildTensor(PickleMachine& machine, const std::vector<PickleId>& arguments) {
    if (arguments.size() < 4 || !isHost(machine, arguments[0], "storage") ||
        machine.at(arguments[1]).kind != Kind::Int)
      fail(machine, "malformed tensor (expected storage, offset, size, stride)");
    TensorLayout layout;
    layout.storage = static_cast<size_t>(machine.at(arguments[0]).integer);
    layout.offset = machine.at(arguments[1]).integer;
    auto shape = ints(machine, arguments[2]);
    auto stride = ints(machine, arguments[3]);
    if (!shape || !stride || shape->size() != stride->size())
      fail(machine, "malformed tensor: size and stride must be tuples of ints of equal length");
    if (shape->size() > limits_.max_dims)
      fail(machine, "tensor with " + std::to_string(shape->size()) + " dimensions, more than " +
                        std::to_string(limits_.max_dims));
    layout.shape = std::move(*shape);
    layout.stride = std::move(*stride);
    checkWithinStorage(machine, layout);
    tensors.push_back(std::move(layout));
    return makeHost(machine, "tensor", tensors.size() - 1);
  }

  // The last element the tensor reaches, offset + sum((size - 1) * stride), must lie inside its storage.
  void checkWithinStorage(const PickleMachine& machine, const TensorLayout& layout) const {
    const Storage& storage = storages[layout.storage];
    const std::string what = "tensor " + shapeText(layout.shape) + " (stride " + shapeText(layout.stride) +
                             ", offset " + std::to_string(layout.offset) + ") on storage '" + storage.key +
                             "' of " + std::to_string(storage.numel) + " elements";
    if (layout.offset < 0) fail(machine, what + ": negative storage offset");
    bool empty = false;
    for (size_t i = 0; i < layout.shape.size(); ++i) {
      if (layout.shape[i] < 0 || layout.stride[i] < 0) fail(machine, what + ": negative size or stride");
      empty = empty || layout.shape[i] == 0;
    }
    if (empty) return;  // no element is read
    uint64_t last = static_cast<uint64_t>(layout.offset);
    for (size_t i = 0; i < layout.shape.size(); ++i) {
      uint64_t reach = 0;
      if (__builtin_mul_overflow(static_cast<uint64_t>(layout.shape[i] - 1),
                                 static_cast<uint64_t>(layout.stride[i]), &reach) ||
          __builtin_add_overflow(last, reach, &last))
        fail(machine, what + ": tensor extends past its storage (size overflow)");
    }
    if (last >= storage.numel) fail(machine, what + ": tensor extends past its storage");
  }

  static PickleId makeDict(PickleMachine& machine, const std::vector<PickleId>& arguments) {
    PickleObject dict;
    dict.kind = Kind::Dict;
    // OrderedDict(pairs): keep the pairs that are 2-tuples; torch.save itself passes no arguments.
    if (arguments.size() == 1) {
      const PickleObject& pairs = machine.at(arguments[0]);
      if (pairs.kind == Kind::List || pairs.kind == Kind::Tuple)
        for (PickleId pair : pairs.items)
          if (machine.at(pair).kind == Kind::Tuple && machine.at(pair).items.size() == 2)
            dict.items.insert(dict.items.end(), machine.at(pair).items.begin(), machine.at(pair).items.end());
    }
    return machine.make(std::move(dict));
  }

  static PickleId makeSet(PickleMachine& machine, const std::vector<PickleId>& arguments) {
    PickleObject set;
    set.kind = Kind::Set;
    if (arguments.size() == 1) {
      const PickleObject& elements = machine.at(arguments[0]);
      if (elements.kind == Kind::List || elements.kind == Kind::Tuple || elements.kind == Kind::Set)
        set.items = elements.items;
    }
    return machine.make(std::move(set));
  }

  const ZipArchive& archive_;
  std::string stem_;
  TorchCheckpointLimits limits_;
  std::unordered_map<std::string, size_t> storage_index_;
};

PickleLimits pickleLimits(const TorchCheckpointLimits& limits) {
  PickleLimits pickle;
  pickle.max_objects = limits.max_objects;
  pickle.max_memo = limits.max_memo;
  pickle.max_elements = limits.max_elements;
  pickle.max_mark_depth = limits.max_nesting;
  return pickle;
}

// Refuses, before any zip parsing, what is clearly not a zip checkpoint.
void checkLeadingBytes(const uint8_t* head, size_t size, const std::string& source) {
  if (size == 0) throw Error(source + ": empty file, not a PyTorch checkpoint");
  if (ZipArchive::looksLikeZip(head, size)) return;
  if (head[0] == 0x80)  // a pickle's PROTO opcode: the pre-1.6 torch.save format
    throw Error(source + ": legacy torch.save format not supported, re-save with a current torch");
  throw Error(source + ": not a PyTorch zip checkpoint (does not start with a zip header)");
}

}  // namespace

struct TorchCheckpoint::Impl {
  TorchCheckpointLimits limits;
  std::optional<ZipArchive> archive;
  std::optional<PickleMachine> machine;
  std::optional<TorchHost> host;
  PickleId root = 0;

  const std::string& source() const { return archive->sourceName(); }
  [[noreturn]] void fail(const std::string& problem) const { throw Error(source() + ": " + problem); }

  void parse() {
    const auto& records = archive->records();
    if (records.empty()) fail("empty zip archive, not a PyTorch checkpoint");
    const std::string& first = records.front().name;
    const size_t slash = first.find('/');
    if (slash == std::string::npos) fail("record '" + first + "' is not under an archive folder");
    const std::string stem = first.substr(0, slash);
    const ZipRecord* pickle = archive->find(stem + "/data.pkl");
    if (!pickle) fail("no '" + stem + "/data.pkl' record: not a torch.save checkpoint");
    if (const ZipRecord* byteorder = archive->find(stem + "/byteorder")) {
      const std::string order(reinterpret_cast<const char*>(archive->data(*byteorder)), byteorder->size);
      if (order != "little")
        fail("storages are stored '" + order + "' endian; only little-endian is supported");
    }
    machine.emplace(source() + ": " + pickle->name, pickleLimits(limits));
    host.emplace(*archive, stem, limits);
    root = machine->run(archive->data(*pickle), pickle->size, *host);
  }

  // The dict at `path`; throws naming the first component that is missing or not a dict.
  PickleId dictAt(const std::vector<std::string>& path) const {
    PickleId current = root;
    for (size_t depth = 0;; ++depth) {
      const PickleObject& object = machine->at(current);
      if (object.kind != Kind::Dict)
        fail(pathText(path, depth) + " is not a dict (" + summary(current) + ")");
      if (depth == path.size()) return current;
      std::optional<PickleId> next;
      std::string keys;
      for (const auto& [key, value] : stringEntries(*machine, current)) {
        if (key == path[depth]) next = value;
        if (keys.size() < 200) keys += (keys.empty() ? "" : ", ") + key;
      }
      if (!next) fail("no key '" + path[depth] + "' in " + pathText(path, depth) + " (keys: " + keys + ")");
      current = *next;
    }
  }

  size_t tensorCount(PickleId dict) const {
    size_t count = 0;
    for (const auto& entry : stringEntries(*machine, dict))
      count += TorchHost::isHost(*machine, entry.second, "tensor");
    return count;
  }

  std::string summary(PickleId id) const {
    const PickleObject& object = machine->at(id);
    switch (object.kind) {
      case Kind::None:
        return "None";
      case Kind::Bool:
        return object.integer ? "bool True" : "bool False";
      case Kind::Int:
        return "int " + std::to_string(object.integer);
      case Kind::Float:
        return "float " + std::to_string(object.real);
      case Kind::Str:
        return "str '" + object.text.substr(0, 60) + (object.text.size() > 60 ? "...'" : "'");
      case Kind::Bytes:
        return "bytes (" + std::to_string(object.text.size()) + ")";
      case Kind::Tuple:
        return "tuple: " + std::to_string(object.items.size()) + " items";
      case Kind::List:
        return "list: " + std::to_string(object.items.size()) + " items";
      case Kind::Set:
        return "set: " + std::to_string(object.items.size()) + " items";
      case Kind::Dict: {
        return "dict: " + std::to_string(object.items.size() / 2) + " entries, " +
               std::to_string(tensorCount(id)) + " tensors";
      }
      case Kind::Global:
        return "global " + object.text;
      case Kind::Opaque:
        return "opaque " + object.text;
      case Kind::Host: {
        if (object.text != "tensor") return "storage";
        const TensorLayout& layout = host->tensors[static_cast<size_t>(object.integer)];
        const Storage& storage = host->storages[layout.storage];
        return "tensor " + (storage.dtype ? std::string(dtypeName(*storage.dtype)) : storage.type) + " " +
               shapeText(layout.shape);
      }
    }
    return "?";
  }
};

TorchCheckpoint::TorchCheckpoint() : impl_(std::make_unique<Impl>()) {}

TorchCheckpoint::TorchCheckpoint(const std::filesystem::path& path, const TorchCheckpointLimits& limits)
    : TorchCheckpoint() {
  impl_->limits = limits;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open");
    uint8_t head[4] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    checkLeadingBytes(head, static_cast<size_t>(in.gcount()), path.string());
  }
  impl_->archive.emplace(path);
  impl_->parse();
}

TorchCheckpoint TorchCheckpoint::fromBuffer(std::vector<uint8_t> bytes, const std::string& source_name,
                                            const TorchCheckpointLimits& limits) {
  checkLeadingBytes(bytes.data(), bytes.size(), source_name);
  TorchCheckpoint checkpoint;
  checkpoint.impl_->limits = limits;
  checkpoint.impl_->archive.emplace(ZipArchive::fromBuffer(std::move(bytes), source_name));
  checkpoint.impl_->parse();
  return checkpoint;
}

TorchCheckpoint::~TorchCheckpoint() = default;
TorchCheckpoint::TorchCheckpoint(TorchCheckpoint&&) noexcept = default;
TorchCheckpoint& TorchCheckpoint::operator=(TorchCheckpoint&&) noexcept = default;

std::vector<CheckpointEntry> TorchCheckpoint::topLevelKeys() const {
  std::vector<CheckpointEntry> entries;
  if (impl_->machine->at(impl_->root).kind != Kind::Dict) return entries;
  for (const auto& [key, value] : stringEntries(*impl_->machine, impl_->root))
    entries.push_back({key, impl_->summary(value)});
  return entries;
}

std::vector<std::string> TorchCheckpoint::defaultStateDictPath() const {
  const PickleMachine& machine = *impl_->machine;
  if (machine.at(impl_->root).kind != Kind::Dict) return {};
  const auto entries = stringEntries(machine, impl_->root);
  for (const char* candidate : {"state_dict", "module", "model"})
    for (const auto& [key, value] : entries)
      if (key == candidate && machine.at(value).kind == Kind::Dict && impl_->tensorCount(value) > 0)
        return {candidate};
  return {};
}

std::vector<CheckpointTensorInfo> TorchCheckpoint::tensorInfos(
    const std::vector<std::string>& state_dict_path) const {
  const PickleMachine& machine = *impl_->machine;
  std::vector<CheckpointTensorInfo> infos;
  for (const auto& [key, value] : stringEntries(machine, impl_->dictAt(state_dict_path))) {
    if (!TorchHost::isHost(machine, value, "tensor")) continue;
    const TensorLayout& layout = impl_->host->tensors[static_cast<size_t>(machine.at(value).integer)];
    const Storage& storage = impl_->host->storages[layout.storage];
    if (!storage.dtype)
      impl_->fail("tensor '" + key + "': storage type " + storage.type + " is not supported");
    infos.push_back({key, *storage.dtype, layout.shape, layout.stride, layout.offset, storage.key, value});
  }
  return infos;
}

CheckpointTensor TorchCheckpoint::read(const CheckpointTensorInfo& info) const {
  const PickleMachine& machine = *impl_->machine;
  // The layout comes from the checkpoint itself, never from the caller's copy of it.
  if (info.object_id == 0 || info.object_id >= machine.size() ||
      !TorchHost::isHost(machine, info.object_id, "tensor"))
    impl_->fail("tensor '" + info.name + "' is not a tensor of this checkpoint");
  const TensorLayout& layout = impl_->host->tensors[static_cast<size_t>(machine.at(info.object_id).integer)];
  const Storage& storage = impl_->host->storages[layout.storage];
  if (!storage.dtype)
    impl_->fail("tensor '" + info.name + "': storage type " + storage.type + " is not supported");
  const uint64_t item = dtypeSize(*storage.dtype);
  uint64_t bytes = item;
  for (int64_t dim : layout.shape)
    if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(dim), &bytes) ||
        bytes > impl_->limits.max_tensor_bytes)
      impl_->fail("tensor '" + info.name + "' " + shapeText(layout.shape) + " is larger than the " +
                  std::to_string(impl_->limits.max_tensor_bytes) + "-byte limit");

  CheckpointTensor tensor{info.name, *storage.dtype, layout.shape, std::vector<uint8_t>(bytes)};
  if (bytes == 0) return tensor;
  // The innermost dimensions that are laid out contiguously are copied as one run (the whole tensor when it
  // is contiguous); the outer ones are walked in row-major order.
  size_t outer_dims = layout.shape.size();
  uint64_t run = 1;
  while (outer_dims > 0 &&
         (layout.shape[outer_dims - 1] == 1 || static_cast<uint64_t>(layout.stride[outer_dims - 1]) == run)) {
    --outer_dims;
    run *= static_cast<uint64_t>(layout.shape[outer_dims]);
  }
  std::vector<int64_t> index(outer_dims, 0);
  uint8_t* out = tensor.data.data();
  for (uint64_t written = 0; written < bytes; written += run * item) {
    uint64_t element = static_cast<uint64_t>(layout.offset);
    for (size_t d = 0; d < outer_dims; ++d) element += static_cast<uint64_t>(index[d] * layout.stride[d]);
    std::memcpy(out + written, storage.bytes + element * item,
                run * item);  // within storage: checked at load
    for (size_t d = outer_dims; d-- > 0;) {
      if (++index[d] < layout.shape[d]) break;
      index[d] = 0;
    }
  }
  return tensor;
}

std::vector<CheckpointTensor> TorchCheckpoint::readTensors(
    const std::vector<std::string>& state_dict_path) const {
  std::vector<CheckpointTensor> tensors;
  for (const auto& info : tensorInfos(state_dict_path)) tensors.push_back(read(info));
  return tensors;
}

std::vector<std::string> TorchCheckpoint::opaqueGlobals() const {
  std::vector<std::string> opaque;
  for (const auto& name : impl_->machine->globalsSeen())
    if (!isKnownGlobal(name)) opaque.push_back(name);
  return opaque;
}

}  // namespace aicl
