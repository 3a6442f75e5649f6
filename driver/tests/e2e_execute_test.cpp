// ComputeDevice::execute on the simulator (or a GPU): compiler-generated kernels run over real buffers and their
// results are compared with the same computation on the host. Linked with the shim.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "kernel_files.h"
#include "sporkle/compute_device.h"

namespace sporkle::test {
namespace {

class Execute : public ::testing::Test {
 protected:
  void SetUp() override {
    // Shader execution for gfx10.3 comes after gfx9 in the simulator; a gfx10.3 device is detected by its
    // target, so a failure on gfx9 is never mistaken for a skip.
    if (gpu.info().gfx_target.starts_with("gfx10"))
      GTEST_SKIP() << gpu.info().gfx_target << ": gfx10.3 (wave32) shader execution is not implemented yet";
  }
  std::string co(const std::string& name) { return kernel_path(name + "-" + gpu.info().gfx_target + ".co"); }

  template <typename T>
  DeviceMemory upload(const std::vector<T>& v) {
    DeviceMemory m = gpu.allocate(v.size() * sizeof(T));
    gpu.memcpy(m, v.data(), v.size() * sizeof(T));
    return m;
  }
  template <typename T>
  std::vector<T> download(DeviceMemory m, size_t n) {
    std::vector<T> v(n);
    gpu.memcpy(v.data(), m, n * sizeof(T));
    return v;
  }

  ComputeDevice gpu;
};

TEST_F(Execute, VectorAdd) {
  gpu.load_file(co("vadd"));
  const uint32_t n = 1000;  // not a multiple of the workgroup: the kernel's bounds check matters
  std::vector<float> a(n), b(n);
  for (uint32_t i = 0; i < n; ++i) a[i] = 0.5f * i, b[i] = 1000.0f - 3.0f * i;
  DeviceMemory da = upload(a), db = upload(b), dc = upload(std::vector<float>(n + 24, -1.0f));
  gpu.execute("vadd", {da, db, dc, n}, {(n + 63) / 64}, {64});
  std::vector<float> c = download<float>(dc, n + 24);
  for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(c[i], a[i] + b[i]) << i;
  for (uint32_t i = n; i < n + 24; ++i) ASSERT_EQ(c[i], -1.0f) << i;
}

TEST_F(Execute, Saxpy) {
  gpu.load_file(co("saxpy"));
  const uint32_t n = 4096;
  std::vector<float> x(n), y(n);
  for (uint32_t i = 0; i < n; ++i) x[i] = std::sin(0.01f * i), y[i] = 0.25f * i;
  DeviceMemory dx = upload(x), dy = upload(y);
  gpu.execute("saxpy", {2.5f, dx, dy, n}, {n / 256}, {256});
  std::vector<float> out = download<float>(dy, n);
  for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(out[i], std::fma(2.5f, x[i], y[i])) << i;
}

TEST_F(Execute, HandWrittenAssemblyKernel) {
  gpu.load_file(co("fill"));
  DeviceMemory out = gpu.allocate(4 * 64 * 4);
  gpu.execute("fill", {out, 100u}, {4}, {64});
  std::vector<uint32_t> v = download<uint32_t>(out, 256);
  for (uint32_t i = 0; i < 256; ++i) ASSERT_EQ(v[i], 100 + i) << i;
}

TEST_F(Execute, DynamicAndStaticLds) {
  gpu.load_file(co("block_sum"));
  const uint32_t groups = 8, block = 128;
  std::vector<uint32_t> in(groups * block);
  std::iota(in.begin(), in.end(), 1u);
  DeviceMemory din = upload(in), dout = gpu.allocate(groups * 4);
  gpu.execute("block_sum", {din, dout, KernelArg::local(block * 4)}, {groups}, {block});
  std::vector<uint32_t> sums = download<uint32_t>(dout, groups);
  for (uint32_t g = 0; g < groups; ++g) {
    const uint32_t expect = std::accumulate(in.begin() + g * block, in.begin() + (g + 1) * block, 0u);
    EXPECT_EQ(sums[g], expect) << g;
  }
}

TEST_F(Execute, ScratchKernel) {
  gpu.load_file(co("private_array"));
  const int k = 5;
  const uint32_t n = 512;
  DeviceMemory out = gpu.allocate(n * 4);
  gpu.execute("private_array", {out, k}, {n / 64}, {64});
  std::vector<int> v = download<int>(out, n);
  for (uint32_t i = 0; i < n; ++i) {
    const int a = static_cast<int>((k + i) & 63), b = static_cast<int>((k * 3 + i) & 63);
    ASSERT_EQ(v[i], a * static_cast<int>(i) + k + b * static_cast<int>(i) + k) << i;
  }
}

TEST_F(Execute, TwoDimensionalGrid) {
  gpu.load_file(co("index2d"));
  const uint32_t w = 64, h = 12;
  DeviceMemory out = gpu.allocate(w * h * 4);
  gpu.execute("index2d", {out, w}, {w / 16, h / 4}, {16, 4});
  std::vector<uint32_t> v = download<uint32_t>(out, w * h);
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) ASSERT_EQ(v[y * w + x], x * 1000 + y) << x << "," << y;
}

TEST_F(Execute, KernelsRunAfterEarlierCopiesAndBeforeLaterOnes) {
  gpu.load_file(co("vadd"));
  const uint32_t n = 256;
  std::vector<uint32_t> a(n), b(n, 7);
  std::iota(a.begin(), a.end(), 0u);
  DeviceMemory src = upload(a), da = gpu.allocate(n * 4), db = upload(b), dc = gpu.allocate(n * 4),
               copy = gpu.allocate(n * 4);
  gpu.memcpy(da, src, n * 4);  // on the copy queue, before the kernel reads da
  gpu.execute("vadd_u32", {da, db, dc, n}, {n / 64}, {64});
  gpu.memcpy(copy, dc, n * 4);  // after the kernel wrote dc
  std::vector<uint32_t> v = download<uint32_t>(copy, n);
  for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(v[i], i + 7) << i;
}

TEST_F(Execute, Errors) {
  EXPECT_EQ([&] {
    try {
      gpu.execute("vadd", {}, {1}, {64});
    } catch (const Error& e) {
      return e.errno_value();
    }
    return 0;
  }(), ENOENT);
  gpu.load_file(co("vadd"));
  EXPECT_EQ([&] {
    try {
      gpu.load_file(co("vadd"));
    } catch (const Error& e) {
      return e.errno_value();
    }
    return 0;
  }(), EEXIST);
}

}  // namespace
}  // namespace sporkle::test
