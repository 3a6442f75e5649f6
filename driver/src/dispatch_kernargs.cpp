// Kernel arguments: KernelArg, and the kernarg segment laid out from the metadata's .args.
#include <algorithm>
#include <string>

#include "sporkle/dispatch.h"
#include "sporkle/error.h"
#include "sporkle/spec/registers.h"

namespace sporkle {

namespace {

constexpr const char* kCall = "KernelDispatch";
constexpr uint32_t kMaxLds = spec::reg::compute::kMaxLdsBytesPerGroup;
constexpr uint32_t kDefaultLdsAlign = 16;

// Hidden arguments a PM4 dispatch fills: the global offsets are zero (no offset), hidden_none is padding.
bool zero_hidden(const std::string& kind) {
  return kind == "hidden_global_offset_x" || kind == "hidden_global_offset_y" || kind == "hidden_global_offset_z" ||
         kind == "hidden_none";
}

std::string describe(const KernelArgInfo& a, size_t index) {
  return "argument " + std::to_string(index) + (a.name.empty() ? "" : " (" + a.name + ")");
}

}  // namespace

KernelArg KernelArg::pointer(uint64_t va) {
  KernelArg a;
  a.kind_ = Kind::Pointer;
  a.address_ = va;
  return a;
}

KernelArg KernelArg::local(uint32_t bytes) {
  KernelArg a;
  a.kind_ = Kind::Local;
  a.local_ = bytes;
  return a;
}

KernelArg KernelArg::value(std::span<const std::byte> bytes) {
  KernelArg a;
  a.bytes_.assign(bytes.begin(), bytes.end());
  return a;
}

void KernelDispatch::layout_args(std::span<const KernelArg> args) {
  const std::string who = "kernel " + kernel_.name + ": ";
  const size_t expected = kernel_.explicit_args().size();
  if (args.size() != expected)
    throw Error(EINVAL, kCall, who + "takes " + std::to_string(expected) + " arguments, got " +
                                   std::to_string(args.size()));
  kernargs_.assign((std::max<uint32_t>(kernel_.kernarg_segment_size, 1) + 15) & ~15u, std::byte{0});
  uint32_t lds = kernel_.group_segment_fixed_size;
  size_t next = 0;
  for (const KernelArgInfo& a : kernel_.args) {
    std::byte* at = kernargs_.data() + a.offset;  // inside the segment: checked when the metadata was read
    if (a.hidden()) {
      if (!zero_hidden(a.value_kind))
        throw NotSupported(kCall, who + a.value_kind + " needs an HSA runtime (printf, hostcall, device enqueue)");
      continue;
    }
    const size_t index = next++;
    const KernelArg& v = args[index];
    const std::string what = who + describe(a, index);
    if (a.value_kind == "by_value") {
      if (v.kind() != KernelArg::Kind::Value)
        throw Error(EINVAL, kCall, what + " is passed by value, got a pointer or LDS size");
      if (v.bytes().size() != a.size)
        throw Error(EINVAL, kCall, what + " is " + std::to_string(a.size) + " bytes, got " +
                                       std::to_string(v.bytes().size()));
      std::copy(v.bytes().begin(), v.bytes().end(), at);
    } else if (a.value_kind == "global_buffer") {
      if (v.kind() != KernelArg::Kind::Pointer) throw Error(EINVAL, kCall, what + " is a buffer pointer");
      if (a.size != 8) throw NotSupported(kCall, what + ": " + std::to_string(a.size) + "-byte buffer pointer");
      const uint64_t va = v.address();
      std::memcpy(at, &va, 8);
    } else if (a.value_kind == "dynamic_shared_pointer") {
      if (v.kind() != KernelArg::Kind::Local) throw Error(EINVAL, kCall, what + " is a __local pointer");
      if (a.size != 4 && a.size != 8) throw NotSupported(kCall, what + ": " + std::to_string(a.size) + "-byte LDS pointer");
      const uint32_t align = std::max(a.pointee_align, kDefaultLdsAlign);
      if (align > kMaxLds) throw Error(EINVAL, kCall, what + ": alignment larger than LDS");
      const uint64_t offset = (uint64_t{lds} + align - 1) / align * align;
      if (offset + v.local_bytes() > kMaxLds)
        throw Error(EINVAL, kCall, who + "more than " + std::to_string(kMaxLds) + " bytes of LDS");
      // A __local pointer is the 32-bit LDS offset of its block.
      const uint32_t lds_offset = static_cast<uint32_t>(offset);
      std::memcpy(at, &lds_offset, 4);
      lds = static_cast<uint32_t>(offset + v.local_bytes());
    } else {
      throw NotSupported(kCall, what + " has value kind " + a.value_kind);
    }
  }
  if (lds > kMaxLds) throw Error(EINVAL, kCall, who + "more than " + std::to_string(kMaxLds) + " bytes of LDS");
  lds_bytes_ = lds;
}

}  // namespace sporkle
