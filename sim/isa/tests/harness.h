// Test support: device memory behind a VM, the shaders and kernels assembled/compiled at build time, and a grid
// runner over WorkgroupRunner.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/gpu/memory.h"
#include "sim/gpu/vm.h"
#include "sim/isa/workgroup.h"

namespace sporkle::sim::isa::test {

inline constexpr uint32_t kRW = gpu::kPageReadable | gpu::kPageWriteable;
inline constexpr uint32_t kRWX = kRW | gpu::kPageExecutable;

class GpuMemory {
 public:
  GpuMemory();
  // Maps a fresh zeroed buffer with an unmapped guard gap after it; returns its VA.
  uint64_t alloc(uint64_t bytes, uint32_t flags = kRW);
  uint8_t* host(uint64_t va);
  template <typename T>
  T* ptr(uint64_t va) {
    return reinterpret_cast<T*>(host(va));
  }
  template <typename T>
  uint64_t upload(const std::vector<T>& v, uint32_t flags = kRW) {
    uint64_t va = alloc(v.size() * sizeof(T), flags);
    std::memcpy(host(va), v.data(), v.size() * sizeof(T));
    return va;
  }
  gpu::Vm& vm() { return vm_; }

 private:
  std::shared_ptr<gpu::BackingStore> store_;
  gpu::Vm vm_;
  uint64_t next_va_ = 0x100000;
  std::map<uint64_t, std::shared_ptr<gpu::Allocation>> allocations_;
};

struct ShaderFile {
  std::vector<uint8_t> text;
  std::map<std::string, uint64_t> symbols;  // offsets in text
  std::vector<uint8_t> kd;                  // the kernel descriptor, for OpenCL kernels
  std::string disassembly;
  static ShaderFile load(const std::string& name);
};

std::vector<uint8_t> read_file(const std::string& path);

// Uploads code (executable, 256-byte aligned as COMPUTE_PGM_LO requires); returns its VA.
uint64_t upload_code(GpuMemory& mem, const std::vector<uint8_t>& text);

// Runs groups[0] x groups[1] x groups[2] workgroups; stops at the first group that does not complete.
WorkgroupResult run_grid(gpu::Vm& vm, const DispatchParams& params, std::array<uint32_t, 3> groups,
                         uint64_t budget = uint64_t(1) << 28);

inline uint32_t rsrc1(uint32_t vgprs, uint32_t float_mode = 0xF0, bool ieee = true, bool dx10_clamp = true) {
  return ((vgprs + 3) / 4 - 1) | float_mode << 12 | (dx10_clamp ? 1u << 21 : 0) | (ieee ? 1u << 23 : 0);
}
inline uint32_t rsrc2(uint32_t user_sgprs, bool tgid_x = true, uint32_t tidig = 0, uint32_t lds_bytes = 0) {
  return user_sgprs << 1 | (tgid_x ? 1u << 7 : 0) | tidig << 11 | ((lds_bytes + 511) / 512) << 15;
}

}  // namespace sporkle::sim::isa::test
