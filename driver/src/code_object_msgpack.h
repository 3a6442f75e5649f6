// A MessagePack reader for what the AMDGPU metadata note holds: maps, arrays, strings, integers, floats,
// booleans and nil (binary and extension values are read and kept as raw bytes). Strings point into the input,
// which must outlive the values. Malformed or truncated input, nesting deeper than kMaxDepth, or counts larger
// than the bytes left throw Error(ENOEXEC).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace sporkle::detail::msgpack {

inline constexpr unsigned kMaxDepth = 32;

struct Value {
  enum class Type : uint8_t { Nil, Bool, Int, Float, Str, Bin, Array, Map };
  Type type = Type::Nil;
  bool boolean = false;
  bool negative = false;  // Int: the value is int64 (two's complement in integer), else uint64
  uint64_t integer = 0;
  double real = 0;
  std::string_view bytes;     // Str, Bin (and extension payloads)
  std::vector<Value> items;   // Array: the elements; Map: key, value, key, value, ...

  size_t map_size() const { return items.size() / 2; }
  // The value of a string key in a map (nullptr if absent or not a map).
  const Value* find(std::string_view key) const;
  // A non-negative integer, else nullopt.
  std::optional<uint64_t> as_uint() const;
  std::optional<std::string_view> as_str() const;
};

// Parses exactly one value from data; trailing bytes are an error unless allow_trailing.
Value parse(std::span<const std::byte> data, bool allow_trailing = false);

}  // namespace sporkle::detail::msgpack
