// CPU mappings of simulated buffers. As in the kernel, a mapping keeps its buffer's memory alive: after the
// client closes the GEM handle (or the dma-buf fd) the pages stay until munmap, instead of being reused by the
// next buffer while the client can still write to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "sim/gpu/memory.h"

namespace sporkle::sim::shim {

// [addr, addr + length) now maps memory.
void mapped(void* addr, size_t length, std::shared_ptr<gpu::Allocation> memory);
// [addr, addr + length) no longer maps what it did (munmap, or MAP_FIXED over it).
void unmapped(void* addr, size_t length);

}  // namespace sporkle::sim::shim
