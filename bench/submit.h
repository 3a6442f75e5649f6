// A simulated GPU driven through libdrm_amdgpu, as a client drives it: buffers mapped for CPU and GPU, one
// context, and IB submissions waited on with their fences. Shared by the PM4 and SDMA benchmarks.
#pragma once

#include <amdgpu.h>
#include <amdgpu_drm.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "sim/shim/control.h"

namespace sporkle::bench {

struct GpuBuffer {
  amdgpu_bo_handle bo = nullptr;
  amdgpu_va_handle va_handle = nullptr;
  uint64_t va = 0;
  void* cpu = nullptr;
  uint64_t size = 0;
  uint32_t* words() const { return static_cast<uint32_t*>(cpu); }
};

class SimGpu {
 public:
  // Opens the first simulated device (deterministic: false, so rings have their own workers as by default).
  SimGpu() {
    sim::shim::Options options;
    options.backend = sim::shim::Backend::Sim;
    sim::shim::configure(options);
    fd_ = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
    uint32_t major, minor;
    if (fd_ < 0 || amdgpu_device_initialize(fd_, &major, &minor, &dev_) || amdgpu_cs_ctx_create(dev_, &ctx_))
      std::abort();
  }

  GpuBuffer alloc(uint64_t size, uint32_t domain) {
    GpuBuffer b;
    b.size = size;
    amdgpu_bo_alloc_request req{};
    req.alloc_size = size;
    req.phys_alignment = 4096;
    req.preferred_heap = domain;
    req.flags = domain == AMDGPU_GEM_DOMAIN_VRAM ? AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED : 0;
    if (amdgpu_bo_alloc(dev_, &req, &b.bo) ||
        amdgpu_va_range_alloc(dev_, amdgpu_gpu_va_range_general, size, 4096, 0, &b.va, &b.va_handle, 0) ||
        amdgpu_bo_va_op(b.bo, 0, size, b.va, 0, AMDGPU_VA_OP_MAP) || amdgpu_bo_cpu_map(b.bo, &b.cpu))
      std::abort();
    buffers_.push_back(b.bo);
    return b;
  }

  // Submits `dwords` of `ib` to the ring and waits for its fence; false if the job failed.
  bool run(uint32_t ip, const GpuBuffer& ib, uint32_t dwords, const std::vector<amdgpu_bo_handle>& extra = {}) {
    std::vector<amdgpu_bo_handle> bos = extra;
    bos.push_back(ib.bo);
    amdgpu_bo_list_handle list;
    if (amdgpu_bo_list_create(dev_, static_cast<uint32_t>(bos.size()), bos.data(), nullptr, &list)) return false;
    amdgpu_cs_ib_info info{};
    info.ib_mc_address = ib.va;
    info.size = dwords;
    amdgpu_cs_request req{};
    req.ip_type = ip;
    req.resources = list;
    req.number_of_ibs = 1;
    req.ibs = &info;
    bool ok = amdgpu_cs_submit(ctx_, 0, &req, 1) == 0;
    if (ok) {
      amdgpu_cs_fence fence{};
      fence.context = ctx_;
      fence.ip_type = ip;
      fence.fence = req.seq_no;
      uint32_t expired = 0;
      ok = amdgpu_cs_query_fence_status(&fence, AMDGPU_TIMEOUT_INFINITE, 0, &expired) == 0 && expired;
    }
    amdgpu_bo_list_destroy(list);
    return ok;
  }

 private:
  int fd_ = -1;
  amdgpu_device_handle dev_ = nullptr;
  amdgpu_context_handle ctx_ = nullptr;
  std::vector<amdgpu_bo_handle> buffers_;
};

}  // namespace sporkle::bench
