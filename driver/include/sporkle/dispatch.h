// A compute dispatch of one HSA kernel through PM4, without an HSA runtime (pm4-isa.md §5.4): the kernel
// arguments laid out from the code object's metadata, the hsa_kernel_dispatch_packet_t the kernel may read, the
// COMPUTE_* registers from the kernel descriptor (LDS_SIZE and scratch filled in by the dispatcher), the user
// SGPRs in their fixed order, then DISPATCH_DIRECT.
//
//   KernelDispatch d(info, code.base_address(), kernel, grid, block, args);
//   // allocate d.kernarg_bytes() (+ the packet) and d.scratch_bytes(), then:
//   d.write_kernargs(...); d.write_dispatch_packet(...); d.emit(stream, addresses);
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "sporkle/code_object.h"
#include "sporkle/device.h"
#include "sporkle/pm4_stream.h"

namespace sporkle {

struct Dim3 {
  uint32_t x = 1, y = 1, z = 1;
};

// One explicit kernel argument: a value (its bytes, whose size must match the argument's), a GPU address for a
// global buffer, or an amount of dynamic LDS for a __local pointer.
class KernelArg {
 public:
  enum class Kind : uint8_t { Value, Pointer, Local };

  template <typename T>
    requires std::is_arithmetic_v<T>
  KernelArg(T v) : kind_(Kind::Value), bytes_(sizeof(T)) {  // NOLINT: implicit, for braced argument lists
    std::memcpy(bytes_.data(), &v, sizeof(T));
  }
  static KernelArg pointer(uint64_t va);
  static KernelArg local(uint32_t bytes);
  static KernelArg value(std::span<const std::byte> bytes);  // a struct passed by value

  Kind kind() const { return kind_; }
  std::span<const std::byte> bytes() const { return bytes_; }
  uint64_t address() const { return address_; }
  uint32_t local_bytes() const { return local_; }

 private:
  KernelArg() = default;
  Kind kind_ = Kind::Value;
  std::vector<std::byte> bytes_;
  uint64_t address_ = 0;
  uint32_t local_ = 0;
};

// Where the caller put what the dispatch reads.
struct DispatchAddresses {
  uint64_t kernarg = 0;   // kernarg_bytes() bytes, 16-byte aligned
  uint64_t packet = 0;    // 64 bytes, 64-byte aligned (only read when the kernel enables the dispatch pointer)
  uint64_t scratch = 0;   // scratch_bytes() bytes, 256-byte aligned (when non-zero)
  uint64_t dispatch_id = 0;
  uint64_t completion = 0;  // if non-zero: an end-of-pipe RELEASE_MEM writes completion_value (64 bits) here
  uint64_t completion_value = 1;
};

class KernelDispatch {
 public:
  // grid: workgroups per dimension; block: work-items per workgroup. Error(EINVAL) for an empty or oversized
  // launch or arguments that do not match the metadata; NotSupported for what needs an HSA runtime (queue
  // pointer, printf/hostcall buffers, images, ...). kernel must outlive the KernelDispatch.
  KernelDispatch(const DeviceInfo& device, uint64_t code_base, const KernelInfo& kernel, Dim3 grid, Dim3 block,
                 std::span<const KernelArg> args);

  uint32_t kernarg_bytes() const { return static_cast<uint32_t>(kernargs_.size()); }
  uint64_t scratch_bytes() const { return uint64_t{scratch_waves_} * scratch_wave_bytes_; }
  uint32_t lds_bytes() const { return lds_bytes_; }
  uint32_t wave_size() const { return wave_size_; }
  const KernelInfo& kernel() const { return kernel_; }

  void write_kernargs(std::span<std::byte> out) const;
  // The hsa_kernel_dispatch_packet_t (64 bytes).
  void write_dispatch_packet(std::span<std::byte> out, const DispatchAddresses& at) const;
  // Register values, for inspection and for emit().
  uint32_t rsrc2() const;
  uint32_t tmpring_size() const;
  uint32_t initiator() const;
  std::vector<uint32_t> user_data(const DispatchAddresses& at) const;
  // SET_SH_REGs, DISPATCH_DIRECT and the optional completion write.
  void emit(Pm4Stream& stream, const DispatchAddresses& at) const;

 private:
  void layout_args(std::span<const KernelArg> args);

  const KernelInfo& kernel_;
  spec::GfxLevel level_;
  uint64_t descriptor_va_, entry_va_;
  Dim3 grid_, block_;
  uint32_t wave_size_ = 64;
  uint32_t lds_bytes_ = 0;
  uint32_t scratch_wave_bytes_ = 0;
  uint32_t scratch_waves_ = 0;
  std::vector<std::byte> kernargs_;
};

}  // namespace sporkle
