// The driver on the simulator: the device reports its personality, and buffers, streams on every engine,
// syncobjs and the ComputeDevice facade work end to end.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <numeric>
#include <vector>

#include "sim_env.h"
#include "sporkle/driver.h"

namespace sporkle::test {
namespace {

using namespace std::chrono_literals;

const spec::Personality& personality() { return *expected_personalities().at(0); }

class Driver : public ::testing::Test {
 protected:
  Device dev = Device::open_first();
  Context ctx{dev};
};

TEST(DriverDevices, EnumeratesEveryAmdGpuInCardOrder) {
  auto expected = expected_personalities();
  ASSERT_FALSE(expected.empty());
  std::vector<std::string> nodes = Device::amd_render_nodes();
  ASSERT_EQ(nodes.size(), expected.size());
  for (unsigned i = 0; i < nodes.size(); ++i) {
    Device d = Device::open_index(i);
    EXPECT_EQ(d.info().node, nodes[i]);
    EXPECT_EQ(d.info().gfx_target, expected[i]->name) << i;
    EXPECT_EQ(d.info().device_id, expected[i]->pci.device) << i;
  }
  try {
    Device::open_index(static_cast<unsigned>(nodes.size()));
    FAIL() << "opened a device past the last";
  } catch (const Error& e) {
    EXPECT_EQ(e.errno_value(), ENODEV);
  }
}

TEST(DriverDevices, OpenByPathOfAMissingNodeFails) {
  try {
    Device::open("/dev/dri/renderD200");
    FAIL() << "opened a missing node";
  } catch (const Error& e) {
    EXPECT_EQ(e.errno_value(), ENOENT);
    EXPECT_EQ(e.call(), "open");
  }
}

TEST_F(Driver, PropertiesAreThePersonalitys) {
  const spec::Personality& p = personality();
  const DeviceInfo& i = dev.info();
  EXPECT_EQ(i.gfx_target, p.name);
  EXPECT_EQ(i.family, p.dev_info.family);
  EXPECT_EQ(i.device_id, p.pci.device);
  EXPECT_EQ(i.cu_count, p.dev_info.cu_active_number);
  EXPECT_EQ(i.shader_engines, p.dev_info.num_shader_engines);
  EXPECT_GT(i.vram_size, p.vram_size / 2);
  EXPECT_LE(i.vram_size, p.vram_size);
  EXPECT_LE(i.visible_vram_size, p.visible_vram_size);
  EXPECT_GT(i.gtt_size, 0u);
  EXPECT_LE(i.gtt_size, p.gtt_size);
  for (Ip ip : {Ip::Gfx, Ip::Compute, Ip::Dma}) {
    const auto n = static_cast<uint32_t>(ip);
    // The kernel exposes at most its context entity count of each IP's rings.
    EXPECT_EQ(i.ip(ip).rings, static_cast<uint32_t>(std::popcount(p.hw_ip[n].available_rings))) << n;
    EXPECT_LE(i.ip(ip).rings, p.num_rings[n]) << n;
    EXPECT_EQ(i.ip(ip).ib_start_alignment, p.hw_ip[n].ib_start_alignment) << n;
    EXPECT_EQ(i.ip(ip).version_major, p.hw_ip[n].hw_ip_version_major) << n;
  }
  EXPECT_EQ(i.ip(Ip::Dma).version_major, p.sdma_version_major);
  EXPECT_FALSE(i.marketing_name.empty());
}

TEST_F(Driver, BuffersInEveryDomainMapForCpuAndGpu) {
  std::vector<Buffer> buffers;
  buffers.push_back(Buffer::allocate(dev, 64 * 1024, Domain::Vram, AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED));
  buffers.push_back(Buffer::allocate(dev, 5000, Domain::Gtt));
  buffers.push_back(Buffer::allocate(dev, 4096, Domain::Cpu));
  for (size_t i = 0; i < buffers.size(); ++i) {
    Buffer& b = buffers[i];
    EXPECT_NE(b.gpu_address(), 0u);
    EXPECT_NE(b.kms_handle(), 0u);
    auto words = b.view<uint32_t>();
    ASSERT_EQ(words.size(), b.size() / 4);
    words[0] = 0x1234 + static_cast<uint32_t>(i);
    words[words.size() - 1] = 0x5678;
    EXPECT_EQ(b.view<uint32_t>()[0], 0x1234 + i);
    for (size_t j = 0; j < i; ++j) EXPECT_NE(b.gpu_address(), buffers[j].gpu_address());
  }
}

TEST_F(Driver, DmabufExportImportSharesTheMemory) {
  Buffer a = Buffer::allocate(dev, 8192, Domain::Gtt);
  a.view<uint32_t>()[5] = 0xFEEDF00D;
  UniqueFd fd = a.export_dmabuf();
  ASSERT_TRUE(fd);
  Buffer b = Buffer::import_dmabuf(dev, fd.get());
  EXPECT_EQ(b.size(), a.size());
  EXPECT_EQ(b.view<uint32_t>()[5], 0xFEEDF00Du);
  b.view<uint32_t>()[6] = 42;
  EXPECT_EQ(a.view<uint32_t>()[6], 42u);
}

// WRITE_DATA through each PM4 queue type and ring, checked by the CPU after the fence.
class Pm4Rings : public Driver, public ::testing::WithParamInterface<Ip> {};

TEST_P(Pm4Rings, WriteDataLandsAfterTheFence) {
  Buffer out = Buffer::allocate(dev, 4096, Domain::Gtt);
  auto words = out.view<uint32_t>();
  std::fill(words.begin(), words.end(), 0);
  const uint32_t rings = dev.info().ip(GetParam()).rings;
  ASSERT_GT(rings, 0u);
  for (uint32_t ring : {0u, rings - 1}) {
    Queue q(ctx, GetParam(), ring);
    Pm4Stream s(dev, GetParam());
    const uint64_t va = out.gpu_address() + ring * 16;
    s.write_data(va, {0xC0FFEE00 + ring, 0xBEEF});
    Fence f = q.submit(s, {.buffers = {&out}});
    ASSERT_TRUE(f.wait(10s));
    EXPECT_EQ(f.status(), FenceStatus::Signaled);
    EXPECT_EQ(f.error(), 0);
    EXPECT_EQ(words[ring * 4], 0xC0FFEE00 + ring);
    EXPECT_EQ(words[ring * 4 + 1], 0xBEEFu);
  }
}

INSTANTIATE_TEST_SUITE_P(Queues, Pm4Rings, ::testing::Values(Ip::Gfx, Ip::Compute),
                         [](const auto& info) { return info.param == Ip::Gfx ? "Gfx" : "Compute"; });

TEST_F(Driver, Pm4CopiesFillsAtomicsAndFences) {
  Buffer buf = Buffer::allocate(dev, 64 * 1024, Domain::Vram, AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED);
  auto w = buf.view<uint32_t>();
  std::fill(w.begin(), w.end(), 0);
  const uint64_t va = buf.gpu_address();
  for (uint32_t i = 0; i < 256; ++i) w[i] = i * 3;
  Queue q(ctx, Ip::Compute);
  Pm4Stream s(dev, Ip::Compute);
  s.cache_flush()
      .dma_copy(va + 4096, va, 1024)                    // w[1024..1279] = w[0..255]
      .dma_fill(va + 8192, 0x5A5A5A5A, 512)             // w[2048..2175]
      .copy_data(va + 12288, va + 4, false)             // w[3072] = w[1]
      .copy_data_immediate(va + 12296, 0x1122334455667788, true)  // w[3074..3075]
      .atomic_mem(va + 12304, spec::pm4::tc_op::ADD_RTN_32, 5)  // w[3076] += 5
      .fence_write(va + 16384, 77);                      // w[4096]
  Fence f = q.submit(s, {.buffers = {&buf}});
  ASSERT_TRUE(f.wait(10s));
  for (uint32_t i = 0; i < 256; ++i) ASSERT_EQ(w[1024 + i], i * 3) << i;
  for (uint32_t i = 0; i < 128; ++i) ASSERT_EQ(w[2048 + i], 0x5A5A5A5Au) << i;
  EXPECT_EQ(w[2048 + 128], 0u);
  EXPECT_EQ(w[3072], 3u);
  EXPECT_EQ(w[3074], 0x55667788u);
  EXPECT_EQ(w[3075], 0x11223344u);
  EXPECT_EQ(w[3076], 5u);
  EXPECT_EQ(w[4096], 77u);
}

TEST_F(Driver, WaitRegMemPassesOnceTheValueIsThere) {
  Buffer buf = Buffer::allocate(dev, 4096, Domain::Gtt);
  auto w = buf.view<uint32_t>();
  w[0] = 9;
  w[1] = 0;
  Queue q(ctx, Ip::Gfx);
  Pm4Stream s(dev, Ip::Gfx);
  s.wait_reg_mem(buf.gpu_address(), 9).write_data(buf.gpu_address() + 4, {1});
  ASSERT_TRUE(q.submit(s, {.buffers = {&buf}}).wait(10s));
  EXPECT_EQ(w[1], 1u);
}

TEST_F(Driver, SdmaCopyFillWriteAndFenceOnEveryDmaRing) {
  const uint32_t rings = dev.info().ip(Ip::Dma).rings;
  ASSERT_GT(rings, 0u);
  // Past SDMA 4's per-packet limit, so gfx900 exercises the split.
  const uint64_t bytes = (uint64_t{1} << 22) + 4096;
  Buffer src = Buffer::allocate(dev, bytes, Domain::Vram, AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED);
  Buffer dst = Buffer::allocate(dev, bytes + 8192, Domain::Gtt);
  auto s32 = src.view<uint32_t>();
  std::iota(s32.begin(), s32.end(), 0u);
  for (uint32_t ring = 0; ring < rings; ++ring) {
    auto d32 = dst.view<uint32_t>();
    std::fill(d32.begin(), d32.end(), 0);
    SdmaStream s(dev);
    const uint64_t tail = dst.gpu_address() + bytes;
    s.copy_linear(dst.gpu_address(), src.gpu_address(), bytes)
        .const_fill(tail, 0xA5A5A5A5, 1024)
        .write_linear(tail + 2048, {7, 8, 9})
        .fence(tail + 4096, 0x600D);
    Queue q(ctx, Ip::Dma, ring);
    ASSERT_TRUE(q.submit(s, {.buffers = {&src, &dst}}).wait(30s)) << ring;
    ASSERT_EQ(std::memcmp(d32.data(), s32.data(), bytes), 0) << ring;
    const size_t t = bytes / 4;
    EXPECT_EQ(d32[t], 0xA5A5A5A5u);
    EXPECT_EQ(d32[t + 255], 0xA5A5A5A5u);
    EXPECT_EQ(d32[t + 256], 0u);
    EXPECT_EQ(d32[t + 512], 7u);
    EXPECT_EQ(d32[t + 514], 9u);
    EXPECT_EQ(d32[t + 1024], 0x600Du);
  }
}

TEST_F(Driver, SdmaPollRegmemWaitsForMemory) {
  Buffer buf = Buffer::allocate(dev, 4096, Domain::Gtt);
  auto w = buf.view<uint32_t>();
  w[0] = 3;
  w[1] = 0;
  SdmaStream s(dev);
  s.poll_regmem(buf.gpu_address(), 3).fence(buf.gpu_address() + 4, 1);
  Queue q(ctx, Ip::Dma);
  ASSERT_TRUE(q.submit(s, {.buffers = {&buf}}).wait(10s));
  EXPECT_EQ(w[1], 1u);
}

TEST_F(Driver, SyncobjRoundTrips) {
  Syncobj a(dev);
  try {
    a.wait(0ns);
    FAIL() << "waited on a syncobj without a fence";
  } catch (const Error& e) {
    EXPECT_EQ(e.errno_value(), EINVAL);  // no fence and no WAIT_FOR_SUBMIT
  }
  EXPECT_FALSE(a.wait(1ms, true));
  a.signal();
  EXPECT_TRUE(a.wait(0ns));

  // Through an fd: the imported handle shares the fence.
  UniqueFd fd = a.export_fd();
  Syncobj b = Syncobj::import_fd(dev, fd.get());
  EXPECT_NE(b.handle(), a.handle());
  EXPECT_TRUE(b.wait(0ns));
  a.reset();
  EXPECT_FALSE(b.wait(1ms, true));

  // Through a sync_file: a copy of the fence at export time.
  Syncobj c(dev, true);
  UniqueFd sync_file = c.export_sync_file();
  Syncobj d(dev);
  d.import_sync_file(sync_file.get());
  EXPECT_TRUE(d.wait(0ns));
}

TEST_F(Driver, SubmissionsSignalAndWaitOnSyncobjsAndFences) {
  Buffer buf = Buffer::allocate(dev, 4096, Domain::Gtt);
  auto w = buf.view<uint32_t>();
  w[0] = w[1] = w[2] = 0;
  Syncobj done(dev);
  Queue compute(ctx, Ip::Compute), gfx(ctx, Ip::Gfx), dma(ctx, Ip::Dma);
  Fence first = compute.submit(Pm4Stream(dev, Ip::Compute).write_data(buf.gpu_address(), {1}),
                               {.buffers = {&buf}, .signal_syncobjs = {&done}});
  Fence second = gfx.submit(Pm4Stream(dev, Ip::Gfx).write_data(buf.gpu_address() + 4, {2}),
                            {.buffers = {&buf}, .wait_syncobjs = {&done}});
  Fence third = dma.submit(SdmaStream(dev).fence(buf.gpu_address() + 8, 3),
                           {.buffers = {&buf}, .wait_fences = {first, second}});
  ASSERT_TRUE(third.wait(10s));
  EXPECT_TRUE(done.wait(0ns));
  EXPECT_EQ(second.status(), FenceStatus::Signaled);
  EXPECT_EQ(w[0], 1u);
  EXPECT_EQ(w[1], 2u);
  EXPECT_EQ(w[2], 3u);

  Syncobj from_fence = third.to_syncobj();
  EXPECT_TRUE(from_fence.wait(0ns));
  UniqueFd sync_file = third.to_sync_file();
  EXPECT_TRUE(sync_file);
}

TEST_F(Driver, FreshContextHasNoResetToReport) {
  ResetStatus r = ctx.reset_status();
  EXPECT_FALSE(r.guilty);
}

TEST(DriverComputeDevice, AllocateCopySyncCleanup) {
  ComputeDevice gpu;
  EXPECT_EQ(gpu.info().gfx_target, personality().name);
  constexpr size_t n = 300000;
  std::vector<uint32_t> in(n), out(n, 0);
  std::iota(in.begin(), in.end(), 7u);
  DeviceMemory a = gpu.allocate(n * 4);
  DeviceMemory b = gpu.allocate(n * 4, Domain::Gtt);
  gpu.memcpy(a, in.data(), n * 4);
  gpu.memcpy(b, a, n * 4);
  gpu.sync();
  gpu.memcpy(out.data(), b, n * 4);
  EXPECT_EQ(out, in);
  // Part of an allocation.
  std::vector<uint32_t> part(10);
  gpu.memcpy(part.data(), b.slice(40, 40), 40);
  EXPECT_EQ(part[0], 17u);
  gpu.deallocate(a);
  gpu.cleanup();
  DeviceMemory c = gpu.allocate(4096);  // still usable after cleanup
  EXPECT_NE(c.address, 0u);
}

}  // namespace
}  // namespace sporkle::test
