// dma-buf export/import (drm_prime.c, amdgpu_dma_buf.c). A dma-buf fd is a real memfd sized like the buffer
// (so lseek(SEEK_END) answers the size, as libdrm expects); mapping it maps the buffer's pages.
#pragma once

#include <memory>

#include "sim/gpu/memory.h"
#include "sim/kernel/fd_table.h"

namespace sporkle::sim::kernel {

class Device;
struct Bo;

struct DmaBuf : FileObject {
  Kind kind() const override { return Kind::DmaBuf; }
  std::shared_ptr<Bo> bo;
  Device* exporter = nullptr;
};

// What mmap of a dma-buf fd maps: 0 and the allocation, or -errno (EPERM for NO_CPU_ACCESS buffers).
int dma_buf_mmap_target(const FileObject& obj, uint64_t offset, uint64_t length,
                        std::shared_ptr<gpu::Allocation>* out);

}  // namespace sporkle::sim::kernel
