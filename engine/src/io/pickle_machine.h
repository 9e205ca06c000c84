#pragma once
// A small interpreter for Python pickles (protocols 2 to 5, the binary opcodes torch.save uses) that builds a
// graph of plain values and NEVER executes anything: a GLOBAL only becomes a named reference, and what
// calling one (REDUCE, NEWOBJ) or loading a persistent id (BINPERSID) means is decided by a Host, which by
// default keeps the call as opaque data. Every count, size and depth is bounded; malformed input throws
// aicl::Error naming the source and the byte offset. Plain C++.
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace aicl {

using PickleId = uint32_t;  // index of an object in a PickleMachine

struct PickleObject {
  enum class Kind { None, Bool, Int, Float, Str, Bytes, Tuple, List, Dict, Set, Global, Opaque, Host };
  Kind kind = Kind::None;
  int64_t integer = 0;  // Bool, Int; Host: the host's own handle
  double real = 0;      // Float
  // Str and Bytes: the value; Global: "module.name"; Opaque: what made it ("module.name", "big int", ...).
  std::string text;
  // Tuple, List, Set: the elements; Dict: keys and values alternating, in insertion order (a later equal key
  // overrides an earlier one, as in Python); Opaque: items and key/value pairs set on it.
  std::vector<PickleId> items;
  PickleId args = 0;   // Opaque: the call's arguments (the None object when absent)
  PickleId state = 0;  // Opaque: the BUILD state (the None object when absent)
};

struct PickleLimits {
  size_t max_objects = size_t{1} << 24;
  size_t max_memo = size_t{1} << 22;
  size_t max_stack = size_t{1} << 22;
  size_t max_elements = size_t{1} << 26;  // in all containers together
  size_t max_mark_depth = 1024;           // nesting of MARKs
  size_t max_name_size = 1024;            // a GLOBAL's module or name
};

class PickleMachine {
 public:
  // What calls and persistent ids mean. Implementations build their results with the machine's make* methods
  // and may throw aicl::Error to refuse the input.
  class Host {
   public:
    virtual ~Host() = default;
    // REDUCE and NEWOBJ: `callable` is a Global (REDUCE on anything else is refused before), `args` a Tuple.
    virtual PickleId call(PickleMachine& machine, PickleId callable, PickleId args) = 0;
    virtual PickleId persistentLoad(PickleMachine& machine, PickleId pid) = 0;
  };

  PickleMachine(std::string source, PickleLimits limits = {});

  // Runs the pickle to its STOP and returns the value it left.
  PickleId run(const uint8_t* data, size_t size, Host& host);

  const PickleObject& at(PickleId id) const { return objects_[id]; }
  size_t size() const { return objects_.size(); }
  PickleId none() const { return 0; }
  PickleId make(PickleObject object);
  PickleId makeOpaque(std::string what, PickleId args);
  // The GLOBALs the pickle named, in first-use order, as "module.name".
  const std::vector<std::string>& globalsSeen() const { return globals_seen_; }
  const std::string& source() const { return source_; }

 private:
  [[noreturn]] void fail(const std::string& problem) const;
  void step(uint8_t opcode, Host& host);
  const uint8_t* take(size_t count);
  uint64_t takeUnsigned(size_t count);
  std::string takeLine();
  PickleId pop();
  PickleId& top();
  void push(PickleId id);
  void countElements(size_t added);
  std::vector<PickleId> popToMark();
  PickleId pushNew(PickleObject::Kind kind, std::vector<PickleId> items = {});
  void memoize(uint64_t index);
  void memoGet(uint64_t index);
  void pushGlobal(const std::string& module, const std::string& name);
  void appendTo(PickleId target, const std::vector<PickleId>& values, const char* opcode,
                PickleObject::Kind container);
  void setItems(PickleId target, const std::vector<PickleId>& keys_and_values, const char* opcode);

  std::string source_;
  PickleLimits limits_;
  std::vector<PickleObject> objects_;
  std::vector<PickleId> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, PickleId> memo_;
  size_t elements_ = 0;  // in all containers together, against max_elements
  std::vector<std::string> globals_seen_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t position_ = 0;
  size_t opcode_position_ = 0;
  bool stopped_ = false;
};

}  // namespace aicl
