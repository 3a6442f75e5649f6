#include "code_object_msgpack.h"

#include <bit>
#include <cstring>
#include <string>

#include "sporkle/error.h"

namespace sporkle::detail::msgpack {

namespace {

[[noreturn]] void malformed(const std::string& what) { throw Error(ENOEXEC, "msgpack", what); }

class Reader {
 public:
  explicit Reader(std::span<const std::byte> d) : d_(d) {}

  size_t left() const { return d_.size() - at_; }

  uint64_t be(size_t n) {
    need(n);
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | std::to_integer<uint8_t>(d_[at_ + i]);
    at_ += n;
    return v;
  }
  std::string_view take(uint64_t n) {
    need(n);
    std::string_view s(reinterpret_cast<const char*>(d_.data() + at_), static_cast<size_t>(n));
    at_ += static_cast<size_t>(n);
    return s;
  }

  Value value(unsigned depth) {
    if (depth > kMaxDepth) malformed("nesting deeper than " + std::to_string(kMaxDepth));
    const uint8_t b = static_cast<uint8_t>(be(1));
    Value v;
    if (b <= 0x7F) return uint_value(b);
    if (b >= 0xE0) return int_value(static_cast<int8_t>(b));
    if ((b & 0xF0) == 0x80) return container(Value::Type::Map, b & 0x0F, depth);
    if ((b & 0xF0) == 0x90) return container(Value::Type::Array, b & 0x0F, depth);
    if ((b & 0xE0) == 0xA0) return str(Value::Type::Str, b & 0x1F);
    switch (b) {
      case 0xC0: return v;
      case 0xC2: case 0xC3: v.type = Value::Type::Bool; v.boolean = b == 0xC3; return v;
      case 0xC4: return str(Value::Type::Bin, be(1));
      case 0xC5: return str(Value::Type::Bin, be(2));
      case 0xC6: return str(Value::Type::Bin, be(4));
      case 0xC7: { uint64_t n = be(1); be(1); return str(Value::Type::Bin, n); }
      case 0xC8: { uint64_t n = be(2); be(1); return str(Value::Type::Bin, n); }
      case 0xC9: { uint64_t n = be(4); be(1); return str(Value::Type::Bin, n); }
      case 0xCA: v.type = Value::Type::Float; v.real = std::bit_cast<float>(static_cast<uint32_t>(be(4))); return v;
      case 0xCB: v.type = Value::Type::Float; v.real = std::bit_cast<double>(be(8)); return v;
      case 0xCC: return uint_value(be(1));
      case 0xCD: return uint_value(be(2));
      case 0xCE: return uint_value(be(4));
      case 0xCF: return uint_value(be(8));
      case 0xD0: return int_value(static_cast<int8_t>(be(1)));
      case 0xD1: return int_value(static_cast<int16_t>(be(2)));
      case 0xD2: return int_value(static_cast<int32_t>(be(4)));
      case 0xD3: return int_value(static_cast<int64_t>(be(8)));
      case 0xD4: be(1); return str(Value::Type::Bin, 1);
      case 0xD5: be(1); return str(Value::Type::Bin, 2);
      case 0xD6: be(1); return str(Value::Type::Bin, 4);
      case 0xD7: be(1); return str(Value::Type::Bin, 8);
      case 0xD8: be(1); return str(Value::Type::Bin, 16);
      case 0xD9: return str(Value::Type::Str, be(1));
      case 0xDA: return str(Value::Type::Str, be(2));
      case 0xDB: return str(Value::Type::Str, be(4));
      case 0xDC: return container(Value::Type::Array, be(2), depth);
      case 0xDD: return container(Value::Type::Array, be(4), depth);
      case 0xDE: return container(Value::Type::Map, be(2), depth);
      case 0xDF: return container(Value::Type::Map, be(4), depth);
      default: malformed("reserved type byte 0xc1");
    }
  }

 private:
  void need(uint64_t n) const {
    if (n > left()) malformed("truncated at byte " + std::to_string(at_));
  }
  static Value uint_value(uint64_t u) {
    Value v;
    v.type = Value::Type::Int;
    v.integer = u;
    return v;
  }
  static Value int_value(int64_t i) {
    Value v;
    v.type = Value::Type::Int;
    v.integer = static_cast<uint64_t>(i);
    v.negative = i < 0;
    return v;
  }
  Value str(Value::Type t, uint64_t n) {
    Value v;
    v.type = t;
    v.bytes = take(n);
    return v;
  }
  Value container(Value::Type t, uint64_t n, unsigned depth) {
    const uint64_t elements = t == Value::Type::Map ? 2 * n : n;
    // Every element takes at least one byte: a count beyond what is left is a lie, not an allocation to make.
    if (elements > left()) malformed("count " + std::to_string(n) + " larger than the data left");
    Value v;
    v.type = t;
    v.items.reserve(static_cast<size_t>(elements));
    for (uint64_t i = 0; i < elements; ++i) v.items.push_back(value(depth + 1));
    return v;
  }

  std::span<const std::byte> d_;
  size_t at_ = 0;
};

}  // namespace

const Value* Value::find(std::string_view key) const {
  if (type != Type::Map) return nullptr;
  for (size_t i = 0; i + 1 < items.size(); i += 2)
    if (items[i].type == Type::Str && items[i].bytes == key) return &items[i + 1];
  return nullptr;
}

std::optional<uint64_t> Value::as_uint() const {
  if (type != Type::Int || negative) return std::nullopt;
  return integer;
}

std::optional<std::string_view> Value::as_str() const {
  if (type != Type::Str) return std::nullopt;
  return bytes;
}

Value parse(std::span<const std::byte> data, bool allow_trailing) {
  Reader r(data);
  Value v = r.value(0);
  if (!allow_trailing && r.left()) malformed(std::to_string(r.left()) + " bytes after the value");
  return v;
}

}  // namespace sporkle::detail::msgpack
