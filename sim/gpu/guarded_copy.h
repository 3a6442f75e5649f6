// Copies that survive bad addresses. Client pointers handed to ioctls, and userptr memory the GPU reads, may be
// unmapped at any time; the kernel answers EFAULT and the simulator must do the same instead of crashing.
#pragma once

#include <cstddef>

namespace sporkle::sim::gpu {

// Both return false (and may have copied a prefix) when any byte of either range is not accessible.
bool guarded_copy(void* dst, const void* src, size_t n);
bool guarded_fill(void* dst, int byte, size_t n);

}  // namespace sporkle::sim::gpu
