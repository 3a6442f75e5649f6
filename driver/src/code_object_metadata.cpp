#include "code_object_metadata.h"

#include <limits>

#include "code_object_msgpack.h"
#include "sporkle/error.h"

namespace sporkle::detail {

namespace {

using msgpack::Value;

[[noreturn]] void malformed(const std::string& what) {
  throw Error(ENOEXEC, "CodeObject::parse", "metadata: " + what);
}

const Value& required(const Value& map, std::string_view key, const std::string& where) {
  const Value* v = map.find(key);
  if (!v) malformed(where + " has no " + std::string(key));
  return *v;
}

uint32_t u32(const Value& v, std::string_view key, const std::string& where) {
  std::optional<uint64_t> u = v.as_uint();
  if (!u || *u > std::numeric_limits<uint32_t>::max())
    malformed(where + " " + std::string(key) + " is not a 32-bit unsigned integer");
  return static_cast<uint32_t>(*u);
}
uint32_t required_u32(const Value& map, std::string_view key, const std::string& where) {
  return u32(required(map, key, where), key, where);
}

std::string str(const Value& v, std::string_view key, const std::string& where) {
  std::optional<std::string_view> s = v.as_str();
  if (!s) malformed(where + " " + std::string(key) + " is not a string");
  return std::string(*s);
}
std::string optional_str(const Value& map, std::string_view key, const std::string& where) {
  const Value* v = map.find(key);
  return v ? str(*v, key, where) : std::string();
}

KernelArgInfo read_arg(const Value& a, const std::string& where, uint32_t kernarg_size) {
  if (a.type != Value::Type::Map) malformed(where + " is not a map");
  KernelArgInfo arg;
  arg.name = optional_str(a, ".name", where);
  arg.value_kind = str(required(a, ".value_kind", where), ".value_kind", where);
  arg.address_space = optional_str(a, ".address_space", where);
  arg.offset = required_u32(a, ".offset", where);
  arg.size = required_u32(a, ".size", where);
  if (const Value* p = a.find(".pointee_align")) arg.pointee_align = u32(*p, ".pointee_align", where);
  if (uint64_t{arg.offset} + arg.size > kernarg_size)
    malformed(where + " (offset " + std::to_string(arg.offset) + ", size " + std::to_string(arg.size) +
              ") lies outside the " + std::to_string(kernarg_size) + "-byte kernarg segment");
  return arg;
}

KernelInfo read_kernel(const Value& k, size_t index) {
  std::string where = "kernel " + std::to_string(index);
  if (k.type != Value::Type::Map) malformed(where + " is not a map");
  KernelInfo info;
  info.name = str(required(k, ".name", where), ".name", where);
  where = "kernel " + info.name;
  info.symbol = str(required(k, ".symbol", where), ".symbol", where);
  info.kernarg_segment_size = required_u32(k, ".kernarg_segment_size", where);
  info.kernarg_segment_align = required_u32(k, ".kernarg_segment_align", where);
  info.group_segment_fixed_size = required_u32(k, ".group_segment_fixed_size", where);
  info.private_segment_fixed_size = required_u32(k, ".private_segment_fixed_size", where);
  info.wavefront_size = required_u32(k, ".wavefront_size", where);
  info.sgpr_count = required_u32(k, ".sgpr_count", where);
  info.vgpr_count = required_u32(k, ".vgpr_count", where);
  info.max_flat_workgroup_size = required_u32(k, ".max_flat_workgroup_size", where);
  if (const Value* args = k.find(".args")) {
    if (args->type != Value::Type::Array) malformed(where + " .args is not an array");
    for (size_t i = 0; i < args->items.size(); ++i)
      info.args.push_back(read_arg(args->items[i], where + " argument " + std::to_string(i),
                                   info.kernarg_segment_size));
  }
  return info;
}

}  // namespace

Metadata read_metadata(std::span<const std::byte> note) {
  const Value root = msgpack::parse(note);
  if (root.type != Value::Type::Map) malformed("not a map");
  Metadata md;
  const Value& version = required(root, "amdhsa.version", "the note");
  if (version.type != Value::Type::Array || version.items.size() != 2)
    malformed("amdhsa.version is not [major, minor]");
  md.version_major = u32(version.items[0], "amdhsa.version", "the note");
  md.version_minor = u32(version.items[1], "amdhsa.version", "the note");
  md.target = optional_str(root, "amdhsa.target", "the note");
  const Value& kernels = required(root, "amdhsa.kernels", "the note");
  if (kernels.type != Value::Type::Array) malformed("amdhsa.kernels is not an array");
  for (size_t i = 0; i < kernels.items.size(); ++i) md.kernels.push_back(read_kernel(kernels.items[i], i));
  return md;
}

}  // namespace sporkle::detail
