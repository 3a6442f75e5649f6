// A GEM buffer object as amdgpu keeps it: placement, flags, backing pages, metadata, and the fences of the jobs
// that use it (its reservation object).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include <sys/types.h>

#include "sim/gpu/memory.h"
#include "sim/kernel/fence.h"

namespace sporkle::sim::kernel {

class Device;
struct DmaBuf;

struct Bo {
  Device* device = nullptr;
  uint64_t size = 0;          // page rounded
  uint64_t alignment = 0;     // bytes, page rounded
  uint32_t preferred_domains = 0;
  uint32_t allowed_domains = 0;
  uint64_t flags = 0;         // AMDGPU_GEM_CREATE_* as the kernel keeps them
  uint32_t accounted_domain = 0;  // AMDGPU_GEM_DOMAIN_VRAM / GTT / CPU: where its size is charged
  std::shared_ptr<gpu::Allocation> memory;
  uint64_t mmap_offset = 0;   // fake offset in the DRM file's mmap space
  bool is_userptr = false;    // made by GEM_USERPTR over client memory
  uint64_t userptr = 0;       // that memory's address (0 is a valid, if useless, one)
  bool userptr_readonly = false;
  bool userptr_anononly = false;  // AMDGPU_GEM_USERPTR_ANONONLY: checked again whenever the pages are fetched
  pid_t userptr_pid = 0;
  bool imported = false;                  // came from a foreign dma-buf
  const void* always_valid_vm = nullptr;  // VM_ALWAYS_VALID: the only VM that may open it

  std::mutex mutex;  // guards metadata and fences
  uint64_t tiling_info = 0;
  uint32_t metadata_flags = 0;
  std::vector<uint32_t> metadata;  // bytes rounded up to dwords; at most 256 bytes
  uint32_t metadata_size = 0;
  struct Use {
    std::shared_ptr<Fence> fence;
    const void* owner;  // the VM of the submitting file (amdgpu_sync_resv's owner test)
  };
  std::vector<Use> fences;  // unsignalled users (DMA_RESV_USAGE_READ and up)
  std::weak_ptr<DmaBuf> dma_buf;               // obj->dma_buf: one dma-buf per BO while it is exported

  ~Bo();
  void add_fence(std::shared_ptr<Fence> f, const void* owner);
  // Unsignalled users; with not_owner set, only those of other VMs (implicit synchronisation).
  std::vector<std::shared_ptr<Fence>> busy_fences(const void* not_owner = nullptr);
};

}  // namespace sporkle::sim::kernel
