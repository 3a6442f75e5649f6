// The libdrm/IGT memset and memcpy dispatch shaders (buffer_*_format_xyzw through a V#) and a global-memory
// memcpy, over several workgroups, checked against the host.
#include <gtest/gtest.h>

#include "harness.h"

namespace sporkle::sim::isa::test {
namespace {

// V# for 16-byte elements of 32_32_32_32 UINT (IGT's gfx9 word 3 = 0x74fac).
std::array<uint32_t, 4> vsharp(uint64_t va, uint32_t records) {
  return {uint32_t(va), uint32_t(va >> 32) | 16u << 16, records, 0x74FACu};
}

class BufferShaders : public ::testing::Test {
 protected:
  void SetUp() override {
    static ShaderFile s = ShaderFile::load("memset");
    shaders = &s;
    code = upload_code(mem, s.text);
  }
  DispatchParams params(const char* symbol, uint32_t user_sgprs) {
    DispatchParams p;
    p.code_va = code + shaders->symbols.at(symbol);
    p.rsrc1 = rsrc1(8, 0xC0);
    p.rsrc2 = rsrc2(user_sgprs, true);
    p.workgroup_size = {64, 1, 1};
    return p;
  }
  GpuMemory mem;
  const ShaderFile* shaders = nullptr;
  uint64_t code = 0;
};

TEST_F(BufferShaders, BufferClearFillsEveryElementInRange) {
  uint64_t dst = mem.alloc(256 * 16);
  auto v = vsharp(dst, 200);  // the last 56 elements are out of range: stores are dropped
  DispatchParams p = params("bufferclear", 8);
  p.user_data = {v[0], v[1], v[2], v[3], 0xDEADBEEF, 0x01234567, 0x89ABCDEF, 0xFFFFFFFF};
  ASSERT_EQ(run_grid(mem.vm(), p, {4, 1, 1}).status, WorkgroupStatus::Completed);
  auto* out = mem.ptr<uint32_t>(dst);
  for (int e = 0; e < 256; ++e) {
    for (int c = 0; c < 4; ++c) {
      uint32_t want = e < 200 ? p.user_data[4 + c] : 0;
      ASSERT_EQ(out[4 * e + c], want) << "element " << e << " component " << c;
    }
  }
}

TEST_F(BufferShaders, BufferCopyMovesEveryElementAndReadsZeroOutOfRange) {
  uint64_t src = mem.alloc(256 * 16), dst = mem.alloc(256 * 16);
  auto* in = mem.ptr<uint32_t>(src);
  for (int i = 0; i < 256 * 4; ++i) in[i] = 0x1000 * i + 7;
  auto s = vsharp(src, 128), d = vsharp(dst, 256);
  DispatchParams p = params("buffercopy", 8);
  p.user_data = {s[0], s[1], s[2], s[3], d[0], d[1], d[2], d[3]};
  ASSERT_EQ(run_grid(mem.vm(), p, {4, 1, 1}).status, WorkgroupStatus::Completed);
  auto* out = mem.ptr<uint32_t>(dst);
  for (int i = 0; i < 256 * 4; ++i) ASSERT_EQ(out[i], i < 128 * 4 ? in[i] : 0u) << i;
}

TEST_F(BufferShaders, GlobalMemcpyAcrossWorkgroups) {
  std::vector<uint32_t> data(64 * 32);
  for (size_t i = 0; i < data.size(); ++i) data[i] = uint32_t(i * 2654435761u);
  uint64_t src = mem.upload(data), dst = mem.alloc(data.size() * 4);
  DispatchParams p = params("memcpy_global", 4);
  p.user_data = {uint32_t(src), uint32_t(src >> 32), uint32_t(dst), uint32_t(dst >> 32)};
  WorkgroupResult r = run_grid(mem.vm(), p, {32, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  EXPECT_EQ(std::memcmp(mem.host(dst), data.data(), data.size() * 4), 0);
}

TEST_F(BufferShaders, StoreBeyondTheBufferFaults) {
  std::vector<uint32_t> data(64 * 2);
  uint64_t src = mem.upload(data), dst = mem.alloc(4096);
  DispatchParams p = params("memcpy_global", 4);
  p.user_data = {uint32_t(src), uint32_t(src >> 32), uint32_t(dst), uint32_t(dst >> 32)};
  // Group 16 writes at dst + 4096: the guard gap after the buffer.
  WorkgroupResult r = run_grid(mem.vm(), p, {17, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::VmFault);
  EXPECT_EQ(r.fault->va, src + 4096);  // the load of the unmapped source comes first
}

}  // namespace
}  // namespace sporkle::sim::isa::test
