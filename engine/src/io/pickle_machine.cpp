#include "io/pickle_machine.h"

#include <algorithm>
#include <cstring>

#include "aicl/error.h"

namespace aicl {
namespace {

// The opcodes read here (names as in Python's pickletools).
enum Opcode : uint8_t {
  MARK = '(',
  STOP = '.',
  POP = '0',
  POP_MARK = '1',
  DUP = '2',
  BININT = 'J',
  BININT1 = 'K',
  BININT2 = 'M',
  NONE = 'N',
  BINPERSID = 'Q',
  REDUCE = 'R',
  BINSTRING = 'T',
  SHORT_BINSTRING = 'U',
  BINUNICODE = 'X',
  APPEND = 'a',
  BUILD = 'b',
  GLOBAL = 'c',
  DICT = 'd',
  EMPTY_DICT = '}',
  APPENDS = 'e',
  BINGET = 'h',
  LONG_BINGET = 'j',
  LIST = 'l',
  EMPTY_LIST = ']',
  BINPUT = 'q',
  LONG_BINPUT = 'r',
  SETITEM = 's',
  TUPLE = 't',
  EMPTY_TUPLE = ')',
  SETITEMS = 'u',
  BINFLOAT = 'G',
  BINBYTES = 'B',
  SHORT_BINBYTES = 'C',
  PROTO = 0x80,
  NEWOBJ = 0x81,
  TUPLE1 = 0x85,
  TUPLE2 = 0x86,
  TUPLE3 = 0x87,
  NEWTRUE = 0x88,
  NEWFALSE = 0x89,
  LONG1 = 0x8a,
  LONG4 = 0x8b,
  SHORT_BINUNICODE = 0x8c,
  BINUNICODE8 = 0x8d,
  BINBYTES8 = 0x8e,
  EMPTY_SET = 0x8f,
  ADDITEMS = 0x90,
  FROZENSET = 0x91,
  NEWOBJ_EX = 0x92,
  STACK_GLOBAL = 0x93,
  MEMOIZE = 0x94,
  FRAME = 0x95,
  BYTEARRAY8 = 0x96,
};

constexpr int kHighestProtocol = 5;

const char* kindName(PickleObject::Kind kind) {
  using Kind = PickleObject::Kind;
  switch (kind) {
    case Kind::None:
      return "None";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "int";
    case Kind::Float:
      return "float";
    case Kind::Str:
      return "str";
    case Kind::Bytes:
      return "bytes";
    case Kind::Tuple:
      return "tuple";
    case Kind::List:
      return "list";
    case Kind::Dict:
      return "dict";
    case Kind::Set:
      return "set";
    case Kind::Global:
      return "global";
    case Kind::Opaque:
      return "opaque object";
    case Kind::Host:
      return "host object";
  }
  return "?";
}

std::string opcodeText(uint8_t opcode) {
  static const char* hex = "0123456789abcdef";
  std::string text = "0x";
  text += hex[opcode >> 4];
  text += hex[opcode & 15];
  if (opcode >= 0x20 && opcode < 0x7f) text += std::string(" '") + static_cast<char>(opcode) + "'";
  return text;
}

}  // namespace

PickleMachine::PickleMachine(std::string source, PickleLimits limits)
    : source_(std::move(source)), limits_(limits) {
  objects_.emplace_back();  // id 0: the None every absent value points at
}

void PickleMachine::fail(const std::string& problem) const {
  throw Error(source_ + ": " + problem + " (pickle byte " + std::to_string(opcode_position_) + ")");
}

void PickleMachine::countElements(size_t added) {
  elements_ += added;
  if (elements_ > limits_.max_elements)
    fail("more than " + std::to_string(limits_.max_elements) + " container elements");
}

PickleId PickleMachine::make(PickleObject object) {
  if (objects_.size() >= limits_.max_objects)
    fail("more than " + std::to_string(limits_.max_objects) + " pickled objects");
  countElements(object.items.size());
  objects_.push_back(std::move(object));
  return static_cast<PickleId>(objects_.size() - 1);
}

PickleId PickleMachine::makeOpaque(std::string what, PickleId args) {
  PickleObject object;
  object.kind = PickleObject::Kind::Opaque;
  object.text = std::move(what);
  object.args = args;
  return make(std::move(object));
}

const uint8_t* PickleMachine::take(size_t count) {
  if (count > size_ - position_)
    fail("truncated pickle: needs " + std::to_string(count) + " more bytes at byte " +
         std::to_string(position_) + ", " + std::to_string(size_ - position_) + " left");
  const uint8_t* bytes = data_ + position_;
  position_ += count;
  return bytes;
}

uint64_t PickleMachine::takeUnsigned(size_t count) {
  const uint8_t* bytes = take(count);
  uint64_t value = 0;
  for (size_t i = count; i-- > 0;) value = (value << 8) | bytes[i];
  return value;
}

std::string PickleMachine::takeLine() {
  const size_t limit = std::min(size_ - position_, limits_.max_name_size + 1);
  const void* newline = std::memchr(data_ + position_, '\n', limit);
  if (!newline) {
    if (limit == size_ - position_) fail("truncated pickle: GLOBAL name without its end of line");
    fail("GLOBAL name longer than " + std::to_string(limits_.max_name_size) + " bytes");
  }
  const size_t length = static_cast<const uint8_t*>(newline) - (data_ + position_);
  std::string line(reinterpret_cast<const char*>(take(length)), length);
  take(1);
  return line;
}

void PickleMachine::push(PickleId id) {
  if (stack_.size() >= limits_.max_stack)
    fail("pickle stack deeper than " + std::to_string(limits_.max_stack));
  stack_.push_back(id);
}

PickleId& PickleMachine::top() {
  // As in Python's unpickler, a MARK starts a fresh stack: what lies below it is out of reach until popped.
  if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()))
    fail("pickle stack underflow at opcode " + opcodeText(data_[opcode_position_]));
  return stack_.back();
}

PickleId PickleMachine::pop() {
  const PickleId id = top();
  stack_.pop_back();
  return id;
}

std::vector<PickleId> PickleMachine::popToMark() {
  if (marks_.empty()) fail("opcode " + opcodeText(data_[opcode_position_]) + " without a MARK");
  const size_t mark = marks_.back();
  marks_.pop_back();
  std::vector<PickleId> items(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
  stack_.resize(mark);
  return items;
}

PickleId PickleMachine::pushNew(PickleObject::Kind kind, std::vector<PickleId> items) {
  PickleObject object;
  object.kind = kind;
  object.items = std::move(items);
  const PickleId id = make(std::move(object));
  push(id);
  return id;
}

void PickleMachine::memoize(uint64_t index) {
  const PickleId value = top();
  if (memo_.size() >= limits_.max_memo && !memo_.count(index))
    fail("pickle memo larger than " + std::to_string(limits_.max_memo) + " entries");
  memo_[index] = value;
}

void PickleMachine::memoGet(uint64_t index) {
  auto it = memo_.find(index);
  if (it == memo_.end()) fail("pickle memo has no entry " + std::to_string(index));
  push(it->second);
}

void PickleMachine::pushGlobal(const std::string& module, const std::string& name) {
  PickleObject object;
  object.kind = PickleObject::Kind::Global;
  object.text = module + "." + name;
  bool seen = false;
  for (const auto& known : globals_seen_) seen = seen || known == object.text;
  if (!seen) globals_seen_.push_back(object.text);
  push(make(std::move(object)));
}

void PickleMachine::appendTo(PickleId target, const std::vector<PickleId>& values, const char* opcode,
                             PickleObject::Kind container) {
  PickleObject& object = objects_[target];
  // Opaque objects keep what is appended to them as data, whatever their class would do with it.
  if (object.kind != container && object.kind != PickleObject::Kind::Opaque)
    fail(std::string(opcode) + " on a " + kindName(object.kind));
  countElements(values.size());
  object.items.insert(object.items.end(), values.begin(), values.end());
}

void PickleMachine::setItems(PickleId target, const std::vector<PickleId>& keys_and_values,
                             const char* opcode) {
  if (keys_and_values.size() % 2 != 0) fail(std::string(opcode) + " with an odd number of keys and values");
  const PickleObject& object = objects_[target];
  if (object.kind != PickleObject::Kind::Dict && object.kind != PickleObject::Kind::Opaque)
    fail(std::string(opcode) + " on a " + kindName(object.kind));
  // Dict and Opaque both keep pairs in `items`, so appending is the same operation.
  countElements(keys_and_values.size());
  auto& items = objects_[target].items;
  items.insert(items.end(), keys_and_values.begin(), keys_and_values.end());
}

PickleId PickleMachine::run(const uint8_t* data, size_t size, Host& host) {
  data_ = data;
  size_ = size;
  position_ = 0;
  stopped_ = false;
  while (!stopped_) {
    if (position_ >= size_) {
      opcode_position_ = position_;
      fail("truncated pickle: ends without STOP");
    }
    opcode_position_ = position_;
    step(*take(1), host);
  }
  return stack_.back();  // STOP left its result on top
}

void PickleMachine::step(uint8_t opcode, Host& host) {
  using Kind = PickleObject::Kind;
  switch (opcode) {
    case PROTO: {
      const uint64_t protocol = takeUnsigned(1);
      if (protocol > kHighestProtocol) fail("unsupported pickle protocol " + std::to_string(protocol));
      return;
    }
    case FRAME:
      takeUnsigned(8);
      return;  // frames only group opcodes for buffered reading
    case STOP: {
      const PickleId result = pop();
      stack_.assign(1, result);
      stopped_ = true;
      return;
    }
    case MARK:
      if (marks_.size() >= limits_.max_mark_depth)
        fail("pickle nested deeper than " + std::to_string(limits_.max_mark_depth) + " MARKs");
      marks_.push_back(stack_.size());
      return;
    case POP:
      pop();
      return;
    case POP_MARK:
      popToMark();
      return;
    case DUP:
      push(top());
      return;

    case NONE:
      push(none());
      return;
    case NEWTRUE:
    case NEWFALSE: {
      PickleObject object;
      object.kind = Kind::Bool;
      object.integer = opcode == NEWTRUE;
      push(make(std::move(object)));
      return;
    }
    case BININT:
    case BININT1:
    case BININT2: {
      PickleObject object;
      object.kind = Kind::Int;
      if (opcode == BININT)
        object.integer = static_cast<int32_t>(static_cast<uint32_t>(takeUnsigned(4)));
      else
        object.integer = static_cast<int64_t>(takeUnsigned(opcode == BININT1 ? 1 : 2));
      push(make(std::move(object)));
      return;
    }
    case LONG1:
    case LONG4: {
      const uint64_t length = opcode == LONG1 ? takeUnsigned(1) : takeUnsigned(4);
      const uint8_t* bytes = take(length);  // bounds-checked before anything is read
      if (length > 8) {  // a two's-complement integer wider than 64 bits: kept, never needed for weights
        push(makeOpaque("int wider than 64 bits", none()));
        return;
      }
      uint64_t value = 0;
      for (size_t i = length; i-- > 0;) value = (value << 8) | bytes[i];
      if (length > 0 && length < 8 && (bytes[length - 1] & 0x80)) value |= ~uint64_t{0} << (8 * length);
      PickleObject object;
      object.kind = Kind::Int;
      object.integer = static_cast<int64_t>(value);
      push(make(std::move(object)));
      return;
    }
    case BINFLOAT: {
      const uint8_t* bytes = take(8);
      uint64_t bits = 0;
      for (int i = 0; i < 8; ++i) bits = (bits << 8) | bytes[i];  // big-endian
      PickleObject object;
      object.kind = Kind::Float;
      std::memcpy(&object.real, &bits, sizeof bits);
      push(make(std::move(object)));
      return;
    }
    case BINUNICODE:
    case SHORT_BINUNICODE:
    case BINUNICODE8:
    case BINSTRING:
    case SHORT_BINSTRING:
    case BINBYTES:
    case SHORT_BINBYTES:
    case BINBYTES8:
    case BYTEARRAY8: {
      uint64_t length = 0;
      if (opcode == SHORT_BINUNICODE || opcode == SHORT_BINSTRING || opcode == SHORT_BINBYTES)
        length = takeUnsigned(1);
      else if (opcode == BINUNICODE8 || opcode == BINBYTES8 || opcode == BYTEARRAY8)
        length = takeUnsigned(8);
      else
        length = takeUnsigned(4);
      if (opcode == BINSTRING && (length & 0x80000000u)) fail("BINSTRING with a negative length");
      if (length > size_ - position_) take(length);  // reports the truncation
      PickleObject object;
      const bool text = opcode == BINUNICODE || opcode == SHORT_BINUNICODE || opcode == BINUNICODE8 ||
                        opcode == BINSTRING || opcode == SHORT_BINSTRING;
      object.kind = text ? Kind::Str : Kind::Bytes;
      object.text.assign(reinterpret_cast<const char*>(take(length)), length);
      push(make(std::move(object)));
      return;
    }

    case EMPTY_TUPLE:
      pushNew(Kind::Tuple);
      return;
    case EMPTY_LIST:
      pushNew(Kind::List);
      return;
    case EMPTY_DICT:
      pushNew(Kind::Dict);
      return;
    case EMPTY_SET:
      pushNew(Kind::Set);
      return;
    case TUPLE1:
    case TUPLE2:
    case TUPLE3: {
      std::vector<PickleId> items(opcode - TUPLE1 + 1);
      for (size_t i = items.size(); i-- > 0;) items[i] = pop();
      pushNew(Kind::Tuple, std::move(items));
      return;
    }
    case TUPLE:
      pushNew(Kind::Tuple, popToMark());
      return;
    case LIST:
      pushNew(Kind::List, popToMark());
      return;
    case FROZENSET:
      pushNew(Kind::Set, popToMark());
      return;
    case DICT: {
      std::vector<PickleId> items = popToMark();
      if (items.size() % 2 != 0) fail("DICT with an odd number of keys and values");
      pushNew(Kind::Dict, std::move(items));
      return;
    }

    case APPEND: {
      const PickleId value = pop();
      appendTo(top(), {value}, "APPEND", Kind::List);
      return;
    }
    case APPENDS: {
      std::vector<PickleId> values = popToMark();
      appendTo(top(), values, "APPENDS", Kind::List);
      return;
    }
    case ADDITEMS: {
      std::vector<PickleId> values = popToMark();
      appendTo(top(), values, "ADDITEMS", Kind::Set);
      return;
    }
    case SETITEM: {
      const PickleId value = pop();
      const PickleId key = pop();
      setItems(top(), {key, value}, "SETITEM");
      return;
    }
    case SETITEMS: {
      std::vector<PickleId> items = popToMark();
      setItems(top(), items, "SETITEMS");
      return;
    }

    case BINPUT:
      memoize(takeUnsigned(1));
      return;
    case LONG_BINPUT:
      memoize(takeUnsigned(4));
      return;
    case MEMOIZE:
      memoize(memo_.size());
      return;
    case BINGET:
      memoGet(takeUnsigned(1));
      return;
    case LONG_BINGET:
      memoGet(takeUnsigned(4));
      return;

    case GLOBAL: {
      const std::string module = takeLine();
      const std::string name = takeLine();
      pushGlobal(module, name);
      return;
    }
    case STACK_GLOBAL: {
      const PickleId name = pop();
      const PickleId module = pop();
      if (at(module).kind != Kind::Str || at(name).kind != Kind::Str) fail("STACK_GLOBAL needs two strings");
      if (at(module).text.size() > limits_.max_name_size || at(name).text.size() > limits_.max_name_size)
        fail("GLOBAL name longer than " + std::to_string(limits_.max_name_size) + " bytes");
      pushGlobal(std::string(at(module).text), std::string(at(name).text));  // copies: make() may reallocate
      return;
    }
    case REDUCE:
    case NEWOBJ:
    case NEWOBJ_EX: {
      if (opcode == NEWOBJ_EX) pop();  // keyword arguments: not needed to keep the call as data
      const PickleId args = pop();
      const PickleId callable = pop();
      if (at(callable).kind != Kind::Global)
        fail(std::string(opcode == REDUCE ? "REDUCE" : "NEWOBJ") + " calls a " + kindName(at(callable).kind) +
             ", not a GLOBAL");
      if (at(args).kind != Kind::Tuple) fail("call arguments are a " + std::string(kindName(at(args).kind)));
      push(host.call(*this, callable, args));
      return;
    }
    case BUILD: {
      const PickleId state = pop();
      const PickleId target = top();
      // Only opaque objects keep their state; dicts (OrderedDict's attributes) and host objects ignore it.
      if (at(target).kind == Kind::Opaque) objects_[target].state = state;
      return;
    }
    case BINPERSID: {
      const PickleId pid = pop();
      push(host.persistentLoad(*this, pid));
      return;
    }
    default:
      fail("unsupported pickle opcode " + opcodeText(opcode));
  }
}

}  // namespace aicl
