// A simulated device and one open render file, with helpers that speak the raw ioctl ABI.
#pragma once

#include <drm.h>
#include <amdgpu_drm.h>
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "sim/kernel/device.h"
#include "sim/kernel/file.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::kernel::testing {

class KernelTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const spec::Personality* p = spec::find_personality(GetParam());
    ASSERT_NE(p, nullptr);
    // Short job timeouts: the hang tests wait for them.
    device = Device::create({p, 0, deterministic(), "50,50,50"});
    file = device->open(NodeType::Render, false);
  }

  virtual bool deterministic() const { return false; }
  int ioctl(unsigned long req, void* arg) { return file->ioctl(req, arg); }

  uint32_t create_bo(uint64_t size, uint32_t domain, uint64_t flags = 0) {
    drm_amdgpu_gem_create args = {};
    args.in.bo_size = size;
    args.in.domains = domain;
    args.in.domain_flags = flags;
    EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_GEM_CREATE, &args), 0);
    return args.out.handle;
  }

  int map_va(uint32_t handle, uint64_t va, uint64_t size, uint32_t op = AMDGPU_VA_OP_MAP,
             uint32_t flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE) {
    drm_amdgpu_gem_va args = {};
    args.handle = handle;
    args.operation = op;
    args.flags = flags;
    args.va_address = va;
    args.map_size = size;
    return ioctl(DRM_IOCTL_AMDGPU_GEM_VA, &args);
  }

  // Host view of a BO, through the same pages a CPU mmap would get.
  uint8_t* host(uint32_t handle) {
    drm_amdgpu_gem_mmap args = {};
    args.in.handle = handle;
    EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_GEM_MMAP, &args), 0);
    std::shared_ptr<gpu::Allocation> alloc;
    EXPECT_EQ(file->mmap_target(args.out.addr_ptr, 4096, &alloc), 0);
    return alloc ? alloc->host() : nullptr;
  }

  uint32_t create_ctx() {
    drm_amdgpu_ctx args = {};
    args.in.op = AMDGPU_CTX_OP_ALLOC_CTX;
    EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, &args), 0);
    return args.out.alloc.ctx_id;
  }

  struct Submission {
    uint32_t ctx;
    uint32_t ip = AMDGPU_HW_IP_GFX;
    uint32_t ring = 0;
    uint64_t ib_va;
    uint32_t ib_dw;
    std::vector<std::pair<uint32_t, std::vector<uint8_t>>> extra_chunks;  // id, payload
    uint32_t bo_list = 0;
  };

  int submit(const Submission& s, uint64_t* seq) {
    drm_amdgpu_cs_chunk_ib ib = {};
    ib.va_start = s.ib_va;
    ib.ib_bytes = s.ib_dw * 4;
    ib.ip_type = s.ip;
    ib.ring = s.ring;
    std::vector<drm_amdgpu_cs_chunk> chunks;
    chunks.push_back({AMDGPU_CHUNK_ID_IB, sizeof ib / 4, reinterpret_cast<uint64_t>(&ib)});
    for (const auto& [id, payload] : s.extra_chunks)
      chunks.push_back({id, static_cast<uint32_t>(payload.size() / 4), reinterpret_cast<uint64_t>(payload.data())});
    std::vector<uint64_t> ptrs;
    for (auto& c : chunks) ptrs.push_back(reinterpret_cast<uint64_t>(&c));
    drm_amdgpu_cs cs = {};
    cs.in.ctx_id = s.ctx;
    cs.in.bo_list_handle = s.bo_list;
    cs.in.num_chunks = static_cast<uint32_t>(ptrs.size());
    cs.in.chunks = reinterpret_cast<uint64_t>(ptrs.data());
    int r = ioctl(DRM_IOCTL_AMDGPU_CS, &cs);
    if (r == 0 && seq) *seq = cs.out.handle;
    return r;
  }

  // Returns the ioctl result; *busy = out.status.
  uint64_t query_state2(uint32_t ctx) {
    drm_amdgpu_ctx q = {};
    q.in.op = AMDGPU_CTX_OP_QUERY_STATE2;
    q.in.ctx_id = ctx;
    EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, &q), 0);
    return q.out.state.flags;
  }

  int wait_cs(uint32_t ctx, uint32_t ip, uint64_t seq, int64_t timeout_abs, uint64_t* busy = nullptr) {
    drm_amdgpu_wait_cs w = {};
    w.in.handle = seq;
    w.in.ip_type = ip;
    w.in.ctx_id = ctx;
    w.in.timeout = static_cast<uint64_t>(timeout_abs);
    int r = ioctl(DRM_IOCTL_AMDGPU_WAIT_CS, &w);
    if (busy) *busy = w.out.status;
    return r;
  }

  std::shared_ptr<Device> device;
  std::shared_ptr<File> file;
};

inline constexpr uint64_t kIbVa = 0x100000000ull;
inline constexpr uint64_t kDataVa = 0x100200000ull;
inline constexpr int64_t kForever = -1;  // a WAIT_CS timeout that is negative as s64 waits forever

// A device with a GTT buffer for IBs at kIbVa and a VRAM data buffer at kDataVa, for tests that submit.
class SubmitTest : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    ib_bo = create_bo(4096, AMDGPU_GEM_DOMAIN_GTT);
    data_bo = create_bo(4096, AMDGPU_GEM_DOMAIN_VRAM);
    ASSERT_EQ(map_va(ib_bo, kIbVa, 4096), 0);
    ASSERT_EQ(map_va(data_bo, kDataVa, 4096), 0);
  }
  // Writes the IB and returns its size in dwords.
  uint32_t put_ib(const std::vector<uint32_t>& dwords) {
    std::memcpy(host(ib_bo), dwords.data(), dwords.size() * 4);
    return static_cast<uint32_t>(dwords.size());
  }
  uint32_t ib_bo = 0, data_bo = 0;
};

}  // namespace sporkle::sim::kernel::testing
