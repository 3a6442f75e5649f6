// An ordinary libdrm_amdgpu program: it knows nothing of the simulator and finds its GPU the way any client does.
// Run under `sporkle-sim run --gpu NAME`, it checks what the device reports against that personality's published
// facts, and that buffers, submission, dma-bufs and syncobjs work end to end.
#include <amdgpu.h>
#include <amdgpu_drm.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sporkle/spec/personality.h"
#include "sporkle/spec/pm4.h"

namespace {

// The personality the device claims to be: the first one sporkle-sim was asked for.
const sporkle::spec::Personality& expected() {
  const char* env = std::getenv("SPORKLE_DEVICES");
  std::string name = env ? std::string(env).substr(0, std::string(env).find(',')) : "gfx900";
  const sporkle::spec::Personality* p = sporkle::spec::find_personality(name);
  if (!p) std::abort();
  return *p;
}

uint64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

class Client : public testing::Test {
 public:
  static void SetUpTestSuite() {
    drmDevicePtr devices[8];
    int n = drmGetDevices2(0, devices, 8);
    ASSERT_GT(n, 0) << "no DRM device";
    for (int i = 0; i < n && fd_ < 0; ++i) {
      drmDevicePtr d = devices[i];
      if (d->bustype == DRM_BUS_PCI && d->deviceinfo.pci->vendor_id == 0x1002 &&
          (d->available_nodes & (1 << DRM_NODE_RENDER)))
        fd_ = open(d->nodes[DRM_NODE_RENDER], O_RDWR | O_CLOEXEC);
    }
    drmFreeDevices(devices, n);
    ASSERT_GE(fd_, 0) << "no AMD render node";
    ASSERT_EQ(amdgpu_device_initialize(fd_, &major_, &minor_, &dev_), 0);
  }
  static void TearDownTestSuite() {
    if (dev_) amdgpu_device_deinitialize(dev_);
    if (fd_ >= 0) close(fd_);
  }

  // A CPU-mapped, GPU-mapped buffer.
  struct Buffer {
    amdgpu_bo_handle bo = nullptr;
    amdgpu_va_handle va_handle = nullptr;
    uint64_t va = 0;
    uint64_t size = 0;
    uint32_t* cpu = nullptr;
  };
  static Buffer make_buffer(uint64_t size, uint32_t domain) {
    Buffer b;
    b.size = size;
    amdgpu_bo_alloc_request req{};
    req.alloc_size = size;
    req.phys_alignment = 4096;
    req.preferred_heap = domain;
    EXPECT_EQ(amdgpu_bo_alloc(dev_, &req, &b.bo), 0);
    EXPECT_EQ(amdgpu_va_range_alloc(dev_, amdgpu_gpu_va_range_general, size, 4096, 0, &b.va, &b.va_handle, 0), 0);
    EXPECT_EQ(amdgpu_bo_va_op(b.bo, 0, size, b.va, 0, AMDGPU_VA_OP_MAP), 0);
    void* cpu = nullptr;
    EXPECT_EQ(amdgpu_bo_cpu_map(b.bo, &cpu), 0);
    b.cpu = static_cast<uint32_t*>(cpu);
    return b;
  }
  static void free_buffer(Buffer& b) {
    amdgpu_bo_cpu_unmap(b.bo);
    amdgpu_bo_va_op(b.bo, 0, b.size, b.va, 0, AMDGPU_VA_OP_UNMAP);
    amdgpu_va_range_free(b.va_handle);
    amdgpu_bo_free(b.bo);
  }

  static int fd_;
  static uint32_t major_, minor_;
  static amdgpu_device_handle dev_;
};
int Client::fd_ = -1;
uint32_t Client::major_ = 0, Client::minor_ = 0;
amdgpu_device_handle Client::dev_ = nullptr;

TEST_F(Client, DriverIsAmdgpu3) {
  EXPECT_EQ(major_, 3u);
  drmVersionPtr v = drmGetVersion(fd_);
  ASSERT_NE(v, nullptr);
  EXPECT_STREQ(v->name, "amdgpu");
  drmFreeVersion(v);
}

TEST_F(Client, GpuInfoIsThePersonalitys) {
  amdgpu_gpu_info info{};
  ASSERT_EQ(amdgpu_query_gpu_info(dev_, &info), 0);
  const auto& p = expected();
  EXPECT_EQ(info.asic_id, p.pci.device);
  EXPECT_EQ(info.pci_rev_id, p.pci.revision);
  EXPECT_EQ(info.family_id, p.dev_info.family);
  EXPECT_EQ(info.cu_active_number, p.dev_info.cu_active_number);
  EXPECT_EQ(info.num_shader_engines, p.dev_info.num_shader_engines);
  EXPECT_NE(amdgpu_get_marketing_name(dev_), nullptr);
}

TEST_F(Client, HeapsAreThePersonalitys) {
  amdgpu_heap_info vram{}, gtt{};
  ASSERT_EQ(amdgpu_query_heap_info(dev_, AMDGPU_GEM_DOMAIN_VRAM, 0, &vram), 0);
  ASSERT_EQ(amdgpu_query_heap_info(dev_, AMDGPU_GEM_DOMAIN_GTT, 0, &gtt), 0);
  const auto& p = expected();
  EXPECT_GT(vram.heap_size, 0u);
  EXPECT_LE(vram.heap_size, p.vram_size);
  EXPECT_GT(gtt.heap_size, 0u);
  EXPECT_LE(gtt.heap_size, p.gtt_size);
  EXPECT_LE(vram.heap_usage, vram.heap_size);
}

TEST_F(Client, HwIpRingsAreThePersonalitys) {
  const auto& p = expected();
  for (unsigned ip : {AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA}) {
    drm_amdgpu_info_hw_ip info{};
    ASSERT_EQ(amdgpu_query_hw_ip_info(dev_, ip, 0, &info), 0) << ip;
    EXPECT_EQ(info.available_rings, p.hw_ip[ip].available_rings) << ip;
    EXPECT_NE(info.available_rings, 0u) << ip;
    EXPECT_EQ(info.hw_ip_version_major, p.hw_ip[ip].hw_ip_version_major) << ip;
    uint32_t count = 0;
    ASSERT_EQ(amdgpu_query_hw_ip_count(dev_, ip, &count), 0);
    EXPECT_GE(count, 1u);
  }
}

TEST_F(Client, FirmwareVersionsAreThePersonalitys) {
  const auto& p = expected();
  ASSERT_FALSE(p.firmware.empty());
  for (const auto& fw : p.firmware) {
    uint32_t version = 0, feature = 0;
    ASSERT_EQ(amdgpu_query_firmware_version(dev_, fw.fw_type, fw.ip_instance, fw.index, &version, &feature), 0)
        << fw.fw_type;
    EXPECT_EQ(version, fw.version) << fw.fw_type;
    EXPECT_EQ(feature, fw.feature) << fw.fw_type;
  }
}

TEST_F(Client, DmaBufExportImportAndMmapShareTheBuffersPages) {
  Buffer b = make_buffer(65536, AMDGPU_GEM_DOMAIN_GTT);
  for (uint32_t i = 0; i < 16384; ++i) b.cpu[i] = i * 2654435761u;

  uint32_t shared = 0;
  ASSERT_EQ(amdgpu_bo_export(b.bo, amdgpu_bo_handle_type_dma_buf_fd, &shared), 0);
  int fd = int(shared);
  EXPECT_EQ(lseek(fd, 0, SEEK_END), 65536);
  amdgpu_bo_import_result imported{};
  ASSERT_EQ(amdgpu_bo_import(dev_, amdgpu_bo_handle_type_dma_buf_fd, shared, &imported), 0);
  EXPECT_EQ(imported.buf_handle, b.bo);  // the same GEM object, so libdrm hands back the same BO
  EXPECT_EQ(imported.alloc_size, 65536u);

  void* map = mmap(nullptr, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(map, MAP_FAILED);
  auto* words = static_cast<uint32_t*>(map);
  EXPECT_EQ(words[12345], 12345u * 2654435761u);
  words[7] = 0xfeedf00d;
  EXPECT_EQ(b.cpu[7], 0xfeedf00du);
  munmap(map, 65536);
  close(fd);
  amdgpu_bo_free(imported.buf_handle);  // the import took a reference
  free_buffer(b);
}

// WRITE_DATA of four dwords to memory, submitted on one ring; the CPU sees them once the fence has signalled.
void submit_write_data(amdgpu_device_handle dev, unsigned ip, uint32_t base_value,
                       Client::Buffer (*make)(uint64_t, uint32_t), void (*release)(Client::Buffer&)) {
  namespace pm4 = sporkle::spec::pm4;
  amdgpu_context_handle ctx = nullptr;
  ASSERT_EQ(amdgpu_cs_ctx_create2(dev, AMDGPU_CTX_PRIORITY_NORMAL, &ctx), 0);
  Client::Buffer ib = make(4096, AMDGPU_GEM_DOMAIN_GTT);
  Client::Buffer dst = make(4096, AMDGPU_GEM_DOMAIN_GTT);
  std::memset(dst.cpu, 0, 4096);

  const uint64_t target = dst.va + 256;
  uint32_t n = 0;
  ib.cpu[n++] = pm4::packet3(pm4::WRITE_DATA, 3 + 4);
  ib.cpu[n++] = pm4::write_data::DST_SEL.put(pm4::write_data::kMemory) | pm4::write_data::WR_CONFIRM.put(1);
  ib.cpu[n++] = uint32_t(target);
  ib.cpu[n++] = uint32_t(target >> 32);
  for (uint32_t i = 0; i < 4; ++i) ib.cpu[n++] = base_value + i;

  amdgpu_bo_handle bos[] = {ib.bo, dst.bo};
  amdgpu_bo_list_handle list = nullptr;
  ASSERT_EQ(amdgpu_bo_list_create(dev, 2, bos, nullptr, &list), 0);
  amdgpu_cs_ib_info ib_info{};
  ib_info.ib_mc_address = ib.va;
  ib_info.size = n;
  amdgpu_cs_request req{};
  req.ip_type = ip;
  req.ring = 0;
  req.resources = list;
  req.number_of_ibs = 1;
  req.ibs = &ib_info;
  ASSERT_EQ(amdgpu_cs_submit(ctx, 0, &req, 1), 0);
  EXPECT_GE(req.seq_no, 1u);

  amdgpu_cs_fence fence{};
  fence.context = ctx;
  fence.ip_type = ip;
  fence.ring = 0;
  fence.fence = req.seq_no;
  uint32_t expired = 0;
  ASSERT_EQ(amdgpu_cs_query_fence_status(&fence, AMDGPU_TIMEOUT_INFINITE, 0, &expired), 0);
  EXPECT_EQ(expired, 1u);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(dst.cpu[64 + i], base_value + i) << "dword " << i;
  EXPECT_EQ(dst.cpu[63], 0u);
  EXPECT_EQ(dst.cpu[68], 0u);

  amdgpu_bo_list_destroy(list);
  release(ib);
  release(dst);
  amdgpu_cs_ctx_free(ctx);
}

TEST_F(Client, WriteDataOnGfxReachesMemory) {
  submit_write_data(dev_, AMDGPU_HW_IP_GFX, 0xabc00000, &make_buffer, &free_buffer);
}

TEST_F(Client, WriteDataOnComputeReachesMemory) {
  submit_write_data(dev_, AMDGPU_HW_IP_COMPUTE, 0xdef00000, &make_buffer, &free_buffer);
}

TEST_F(Client, SyncobjRoundTripsThroughFdsAndSyncFiles) {
  uint32_t a = 0, b = 0, c = 0;
  ASSERT_EQ(amdgpu_cs_create_syncobj2(dev_, 0, &a), 0);
  int fd = -1;
  ASSERT_EQ(amdgpu_cs_export_syncobj(dev_, a, &fd), 0);
  ASSERT_EQ(amdgpu_cs_import_syncobj(dev_, fd, &b), 0);
  close(fd);
  EXPECT_NE(a, b);

  // Unsignalled: a wait that may not block times out, on either handle (they share the fence slot).
  uint32_t first = 0;
  EXPECT_EQ(amdgpu_cs_syncobj_wait(dev_, &b, 1, int64_t(now_ns()), DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, &first),
            -ETIME);
  ASSERT_EQ(amdgpu_cs_syncobj_signal(dev_, &a, 1), 0);
  EXPECT_EQ(amdgpu_cs_syncobj_wait(dev_, &b, 1, INT64_MAX, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, &first), 0);

  int sync_file = -1;
  ASSERT_EQ(amdgpu_cs_syncobj_export_sync_file(dev_, b, &sync_file), 0);
  ASSERT_EQ(amdgpu_cs_create_syncobj2(dev_, 0, &c), 0);
  ASSERT_EQ(amdgpu_cs_syncobj_import_sync_file(dev_, c, sync_file), 0);
  close(sync_file);
  EXPECT_EQ(amdgpu_cs_syncobj_wait(dev_, &c, 1, INT64_MAX, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, &first), 0);

  ASSERT_EQ(amdgpu_cs_syncobj_reset(dev_, &c, 1), 0);
  EXPECT_EQ(amdgpu_cs_syncobj_wait(dev_, &c, 1, int64_t(now_ns()), 0, &first), -EINVAL);  // no fence at all
  for (uint32_t h : {a, b, c}) EXPECT_EQ(amdgpu_cs_destroy_syncobj(dev_, h), 0);
}

}  // namespace
