// The GPU virtual address layout amdgpu 6.1 gives gfx9 and gfx10.3 (48-bit VM, 4 KiB GPU pages).
#pragma once

#include <cstdint>

namespace sporkle::sim::kernel {

inline constexpr uint64_t kVmMaxPfn = uint64_t(1) << 36;           // 2^48 bytes of 4 KiB pages
inline constexpr uint64_t kVmSize = kVmMaxPfn * 4096;
inline constexpr uint64_t kVaReservedBottom = 2ull << 20;          // AMDGPU_VA_RESERVED_SIZE
inline constexpr uint64_t kVaReservedTop = 2ull << 20;             // also AMDGPU_VA_RESERVED_SIZE in 6.1
inline constexpr uint64_t kVaHoleStart = 0x0000800000000000ull;    // AMDGPU_GMC_HOLE_START
inline constexpr uint64_t kVaHoleEnd = 0xffff800000000000ull;      // AMDGPU_GMC_HOLE_END
inline constexpr uint64_t kVaHoleMask = 0x0000ffffffffffffull;     // AMDGPU_GMC_HOLE_MASK

}  // namespace sporkle::sim::kernel
