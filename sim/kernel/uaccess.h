// copy_from_user / copy_to_user: client memory is reached only through these, so a bad pointer from a client
// is an EFAULT, as in the kernel, and never a crash of the simulator.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/gpu/guarded_copy.h"

namespace sporkle::sim::kernel {

// Client pointers travel in u64 fields; null and non-canonical addresses fault like unmapped ones.
inline bool user_range_ok(uint64_t addr, uint64_t n) {
  return n == 0 || (addr != 0 && addr + n >= addr && addr + n <= (uint64_t(1) << 47));
}

inline int copy_from_user(void* dst, uint64_t src, uint64_t n) {
  if (!user_range_ok(src, n)) return -EFAULT;
  return gpu::guarded_copy(dst, reinterpret_cast<const void*>(src), n) ? 0 : -EFAULT;
}

inline int copy_to_user(uint64_t dst, const void* src, uint64_t n) {
  if (!user_range_ok(dst, n)) return -EFAULT;
  return gpu::guarded_copy(reinterpret_cast<void*>(dst), src, n) ? 0 : -EFAULT;
}

template <typename T>
int copy_array_from_user(std::vector<T>& out, uint64_t src, uint64_t count) {
  out.resize(count);
  return copy_from_user(out.data(), src, count * sizeof(T));
}

inline uint64_t user_ptr(const void* p) { return reinterpret_cast<uint64_t>(p); }

}  // namespace sporkle::sim::kernel
