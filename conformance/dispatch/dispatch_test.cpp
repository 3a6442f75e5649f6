// Compute dispatches through the render node: hand-written memset / memcpy shaders and OpenCL C kernels compiled
// by clang at build time (their code objects read with the driver's parser, sporkle::CodeObject; uploading and
// dispatching are done here), dispatched with SET_SH_REG + DISPATCH_DIRECT on a compute ring (pm4-isa.md 2 and
// 5.4), and checked against the same computation on the host. gfx1030 kernels
// run as clang builds them: wave32, CS_W32_EN from the kernel descriptor.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <random>

#include <fstream>
#include <iterator>
#include <optional>
#include <span>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"
#include "sporkle/code_object.h"

namespace sporkle::conformance {
namespace {

uint32_t lo(uint64_t v) { return static_cast<uint32_t>(v); }
uint32_t hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }

// Compute register offsets (absolute dword addresses) and fields, pm4-isa.md 2.1 / 2.2.
constexpr uint32_t kShBase = 0x2C00;
constexpr uint32_t COMPUTE_START_X = 0x2E04, COMPUTE_NUM_THREAD_X = 0x2E07, COMPUTE_PGM_LO = 0x2E0C,
                   COMPUTE_PGM_RSRC1 = 0x2E12, COMPUTE_RESOURCE_LIMITS = 0x2E15,
                   COMPUTE_STATIC_THREAD_MGMT_SE0 = 0x2E16, COMPUTE_TMPRING_SIZE = 0x2E18,
                   COMPUTE_STATIC_THREAD_MGMT_SE2 = 0x2E19, COMPUTE_PGM_RSRC3 = 0x2E28, COMPUTE_USER_DATA_0 = 0x2E40;
constexpr uint32_t kInitiatorShaderEn = 1u << 0, kInitiatorForceStartAt000 = 1u << 2, kInitiatorCsW32En = 1u << 15;
constexpr uint32_t kRsrc2TgidXEn = 1u << 7;
constexpr uint32_t kLdsGranule = 512;

std::vector<uint32_t> set_sh_reg(uint32_t reg, std::vector<uint32_t> values) {
  std::vector<uint32_t> p{pm4_type3(0x76, 1 + static_cast<uint32_t>(values.size())), reg - kShBase};
  p.insert(p.end(), values.begin(), values.end());
  return p;
}

// Kernel arguments laid out as the OpenCL C struct of the signature: each naturally aligned.
class Kernargs {
 public:
  Kernargs& ptr(uint64_t va) { return put(&va, 8); }
  Kernargs& u32(uint32_t v) { return put(&v, 4); }
  Kernargs& f32(float v) { return put(&v, 4); }
  const std::vector<uint8_t>& bytes() const { return b_; }
  const std::vector<std::pair<uint32_t, uint32_t>>& layout() const { return layout_; }  // offset, size per arg

 private:
  Kernargs& put(const void* p, size_t n) {
    b_.resize((b_.size() + n - 1) / n * n);
    layout_.emplace_back(static_cast<uint32_t>(b_.size()), static_cast<uint32_t>(n));
    b_.insert(b_.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return *this;
  }
  std::vector<uint8_t> b_;
  std::vector<std::pair<uint32_t, uint32_t>> layout_;
};

class Dispatch : public DeviceTest {
 protected:
  void SetUp() override {
    DeviceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    gpu_ = GetParam().name;
    if (gpu_ != "gfx900" && gpu_ != "gfx1030") GTEST_SKIP() << "no code objects are built for " << gpu_;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
  }

  Buffer buffer(uint64_t bytes) {
    Buffer b;
    create_mapped(b, (bytes + 4095) / 4096 * 4096);
    handles_.push_back(b.handle);
    return b;
  }

  std::string program_path(const char* name, const char* ext) const {
    return std::string(SPORKLE_DISPATCH_CODE_DIR) + "/" + gpu_ + "/" + name + ext;
  }
  Buffer upload(std::span<const std::byte> bytes) {
    Buffer code = buffer(bytes.size());
    if (!HasFailure()) std::memcpy(code.cpu, bytes.data(), bytes.size());
    return code;
  }

  // Everything a dispatch sets besides the program, its resources and user data.
  std::vector<uint32_t> common_state(uint32_t group_size) {
    std::vector<uint32_t> p = set_sh_reg(COMPUTE_START_X, {0, 0, 0});
    auto add = [&](const std::vector<uint32_t>& more) { p.insert(p.end(), more.begin(), more.end()); };
    add(set_sh_reg(COMPUTE_NUM_THREAD_X, {group_size, 1, 1}));
    add(set_sh_reg(COMPUTE_TMPRING_SIZE, {0}));
    add(set_sh_reg(COMPUTE_RESOURCE_LIMITS, {0}));
    add(set_sh_reg(COMPUTE_STATIC_THREAD_MGMT_SE0, {0xFFFFFFFF, 0xFFFFFFFF}));
    add(set_sh_reg(COMPUTE_STATIC_THREAD_MGMT_SE2, {0xFFFFFFFF, 0xFFFFFFFF}));
    return p;
  }

  // Submits the packets on compute ring 0, waits, and expects the context untouched by any reset.
  void submit(std::vector<uint32_t> packets) {
    Buffer ib;
    ASSERT_NO_FATAL_FAILURE(make_ib(ib, AMDGPU_HW_IP_COMPUTE, packets));
    uint64_t seq = 0;
    ASSERT_EQ(submit_ib(ctx_, AMDGPU_HW_IP_COMPUTE, 0, ib, handles_, &seq), 0);
    ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_COMPUTE, 0, seq));
    drm_amdgpu_ctx_out out{};
    ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_QUERY_STATE2, ctx_, 0, &out), 0);
    EXPECT_EQ(out.state.flags, 0u) << "the dispatch ended in a GPU reset (shader fault or hang)";
  }

  // A hand-written shader (non-HSA): user SGPRs s0-s3 as given, the workgroup id in s4, 64 work-items per group.
  void run_shader(const char* name, std::vector<uint32_t> user_data, uint32_t groups) {
    std::ifstream f(program_path(name, ".bin"), std::ios::binary);
    ASSERT_TRUE(f.good()) << program_path(name, ".bin");
    const std::vector<char> text{std::istreambuf_iterator<char>(f), {}};
    Buffer code = upload(std::as_bytes(std::span(text)));
    ASSERT_FALSE(HasFailure());
    const uint64_t entry = code.va;
    ASSERT_EQ(entry % 256, 0u);
    std::vector<uint32_t> p = common_state(64);
    auto add = [&](const std::vector<uint32_t>& more) { p.insert(p.end(), more.begin(), more.end()); };
    add(set_sh_reg(COMPUTE_PGM_LO, {lo(entry >> 8), lo(entry >> 40)}));
    // 8 VGPRs, 16 SGPRs; USER_SGPR = 4, TGID_X_EN.
    add(set_sh_reg(COMPUTE_PGM_RSRC1, {0x000C0041, (4u << 1) | kRsrc2TgidXEn}));
    if (gpu_ == "gfx1030") add(set_sh_reg(COMPUTE_PGM_RSRC3, {0}));
    add(set_sh_reg(COMPUTE_USER_DATA_0, user_data));
    add({pm4_type3(0x15, 4), groups, 1, 1, kInitiatorShaderEn | kInitiatorForceStartAt000});
    submit(p);
  }

  // An OpenCL kernel through the HSA conventions (pm4-isa.md 5.3 / 5.4): kernel descriptor, dispatch packet,
  // kernarg segment, user SGPRs as its kernel_code_properties ask.
  void run_kernel(const char* name, const Kernargs& args, uint32_t group_size, uint32_t groups) {
    std::optional<CodeObject> co;
    try {
      co = CodeObject::read_file(program_path(name, ".co"));
    } catch (const std::exception& e) {
      FAIL() << program_path(name, ".co") << ": " << e.what();
    }
    ASSERT_EQ(co->target(), gpu_);
    const KernelInfo& k = co->kernel(name);
    const KernelDescriptor& kd = k.descriptor;
    Buffer code = upload(co->image());
    ASSERT_FALSE(HasFailure());
    const uint64_t kd_va = code.va + k.descriptor_offset, entry = code.va + k.entry_offset;
    ASSERT_EQ(entry % 256, 0u);
    ASSERT_EQ(kd.private_segment_fixed_size, 0u) << "the suite's kernels use no scratch";
    // The arguments as laid out here against the code object's metadata.
    const auto explicit_args = k.explicit_args();
    ASSERT_EQ(explicit_args.size(), args.layout().size());
    for (size_t i = 0; i < explicit_args.size(); ++i) {
      EXPECT_EQ(explicit_args[i]->offset, args.layout()[i].first) << "argument " << i;
      EXPECT_EQ(explicit_args[i]->size, args.layout()[i].second) << "argument " << i;
    }

    Buffer kernarg = buffer(std::max<size_t>({k.kernarg_segment_size, args.bytes().size(), 16}));
    std::memcpy(kernarg.cpu, args.bytes().data(), args.bytes().size());
    // hsa_kernel_dispatch_packet_t: setup (1 dimension), workgroup and grid sizes, segment sizes, kernel
    // object, kernarg address.
    Buffer packet = buffer(64);
    auto put = [&](uint32_t off, const void* v, size_t n) { std::memcpy(static_cast<uint8_t*>(packet.cpu) + off, v, n); };
    const uint16_t setup = 1, wg[3] = {static_cast<uint16_t>(group_size), 1, 1};
    const uint32_t grid[3] = {group_size * groups, 1, 1};
    put(2, &setup, 2);
    put(4, wg, sizeof wg);
    put(12, grid, sizeof grid);
    put(28, &kd.group_segment_fixed_size, 4);
    put(32, &kd_va, 8);
    put(40, &kernarg.va, 8);

    std::vector<uint32_t> user;
    auto pair = [&](uint64_t v) { user.insert(user.end(), {lo(v), hi(v)}); };
    if (kd.has(KernelDescriptor::kPrivateSegmentBuffer)) user.insert(user.end(), {0, 0, 0, 0});  // no scratch
    if (kd.has(KernelDescriptor::kDispatchPtr)) pair(packet.va);
    if (kd.has(KernelDescriptor::kQueuePtr)) pair(0);
    if (kd.has(KernelDescriptor::kKernargSegmentPtr)) pair(kernarg.va);
    if (kd.has(KernelDescriptor::kDispatchId)) pair(0);
    if (kd.has(KernelDescriptor::kFlatScratchInit)) pair(0);
    if (kd.has(KernelDescriptor::kPrivateSegmentSize)) user.push_back(0);
    ASSERT_EQ(user.size(), (kd.rsrc2 >> 1) & 0x1F) << "RSRC2.USER_SGPR against the enabled SGPRs";

    std::vector<uint32_t> p = common_state(group_size);
    auto add = [&](const std::vector<uint32_t>& more) { p.insert(p.end(), more.begin(), more.end()); };
    add(set_sh_reg(COMPUTE_PGM_LO, {lo(entry >> 8), lo(entry >> 40)}));
    const uint32_t lds = (kd.group_segment_fixed_size + kLdsGranule - 1) / kLdsGranule;
    add(set_sh_reg(COMPUTE_PGM_RSRC1, {kd.rsrc1, kd.rsrc2 | (lds << 15)}));
    if (gpu_ == "gfx1030") add(set_sh_reg(COMPUTE_PGM_RSRC3, {kd.rsrc3}));
    add(set_sh_reg(COMPUTE_USER_DATA_0, user));
    uint32_t initiator = kInitiatorShaderEn | kInitiatorForceStartAt000;
    if (kd.has(KernelDescriptor::kWavefrontSize32)) initiator |= kInitiatorCsW32En;
    add({pm4_type3(0x15, 4), groups, 1, 1, initiator});
    submit(p);
  }

  template <typename T>
  static T* as(const Buffer& b) {
    return static_cast<T*>(b.cpu);
  }

  std::string gpu_;
  uint32_t ctx_ = 0;
  std::vector<uint32_t> handles_;
  std::mt19937 rng_{12345};
};

TEST_P(Dispatch, Memset) {
  constexpr uint32_t kGroups = 64, kBytes = kGroups * 1024;
  Buffer dst = buffer(kBytes + 4096);
  std::memset(dst.cpu, 0x5A, kBytes + 4096);
  ASSERT_NO_FATAL_FAILURE(run_shader("memset", {lo(dst.va), hi(dst.va), 0xDEADBEEF, 0}, kGroups));
  const uint32_t* d = as<uint32_t>(dst);
  for (uint32_t i = 0; i < kBytes / 4; ++i) ASSERT_EQ(d[i], 0xDEADBEEFu) << "dword " << i;
  EXPECT_EQ(d[kBytes / 4], 0x5A5A5A5Au) << "nothing written past the grid";
}

TEST_P(Dispatch, Memcpy) {
  constexpr uint32_t kGroups = 256, kBytes = kGroups * 1024;
  Buffer src = buffer(kBytes), dst = buffer(kBytes);
  for (uint32_t i = 0; i < kBytes / 4; ++i) as<uint32_t>(src)[i] = rng_();
  ASSERT_NO_FATAL_FAILURE(run_shader("memcpy", {lo(src.va), hi(src.va), lo(dst.va), hi(dst.va)}, kGroups));
  EXPECT_EQ(std::memcmp(src.cpu, dst.cpu, kBytes), 0);
}

TEST_P(Dispatch, VectorAdd) {
  constexpr uint32_t n = 4096;
  Buffer a = buffer(n * 4), b = buffer(n * 4), c = buffer(n * 4);
  std::uniform_real_distribution<float> dist(-1000.0f, 1000.0f);
  for (uint32_t i = 0; i < n; ++i) as<float>(a)[i] = dist(rng_), as<float>(b)[i] = dist(rng_);
  ASSERT_NO_FATAL_FAILURE(run_kernel("vector_add", Kernargs().ptr(a.va).ptr(b.va).ptr(c.va), 256, n / 256));
  for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(as<float>(c)[i], as<float>(a)[i] + as<float>(b)[i]) << i;
}

TEST_P(Dispatch, Saxpy) {
  constexpr uint32_t n = 8192;
  const float alpha = 2.5f;
  Buffer x = buffer(n * 4), y = buffer(n * 4);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> y0(n);
  for (uint32_t i = 0; i < n; ++i) as<float>(x)[i] = dist(rng_), y0[i] = as<float>(y)[i] = dist(rng_);
  ASSERT_NO_FATAL_FAILURE(run_kernel("saxpy", Kernargs().f32(alpha).ptr(x.va).ptr(y.va), 128, n / 128));
  for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(as<float>(y)[i], std::fma(alpha, as<float>(x)[i], y0[i])) << i;
}

TEST_P(Dispatch, LdsReductionWithBarriers) {
  constexpr uint32_t kGroups = 32, n = kGroups * 256;
  Buffer in = buffer(n * 4), sums = buffer(kGroups * 4);
  for (uint32_t i = 0; i < n; ++i) as<uint32_t>(in)[i] = rng_() % 100000;
  ASSERT_NO_FATAL_FAILURE(run_kernel("lds_reduce", Kernargs().ptr(in.va).ptr(sums.va), 256, kGroups));
  for (uint32_t g = 0; g < kGroups; ++g) {
    uint32_t expected = 0;
    for (uint32_t i = 0; i < 256; ++i) expected += as<uint32_t>(in)[g * 256 + i];
    ASSERT_EQ(as<uint32_t>(sums)[g], expected) << "group " << g;
  }
}

TEST_P(Dispatch, AtomicsHistogram) {
  constexpr uint32_t n = 16384;
  Buffer in = buffer(n * 4), bins = buffer(32 * 4), max_value = buffer(4);
  uint32_t expected[32] = {}, expected_max = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t v = rng_() % 1000003;
    as<uint32_t>(in)[i] = v;
    ++expected[v % 32];
    expected_max = std::max(expected_max, v);
  }
  ASSERT_NO_FATAL_FAILURE(run_kernel("histogram", Kernargs().ptr(in.va).ptr(bins.va).ptr(max_value.va), 256, n / 256));
  for (uint32_t b = 0; b < 32; ++b) EXPECT_EQ(as<uint32_t>(bins)[b], expected[b]) << "bin " << b;
  EXPECT_EQ(as<uint32_t>(max_value)[0], expected_max);
}

TEST_P(Dispatch, MatrixMultiply) {
  constexpr uint32_t n = 64;
  Buffer A = buffer(n * n * 4), B = buffer(n * n * 4), C = buffer(n * n * 4);
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  for (uint32_t i = 0; i < n * n; ++i) as<float>(A)[i] = dist(rng_), as<float>(B)[i] = dist(rng_);
  ASSERT_NO_FATAL_FAILURE(run_kernel("matrix_multiply", Kernargs().ptr(A.va).ptr(B.va).ptr(C.va).u32(n), n, n));
  for (uint32_t r = 0; r < n; ++r)
    for (uint32_t c = 0; c < n; ++c) {
      float acc = 0.0f;
      for (uint32_t k = 0; k < n; ++k) acc = std::fma(as<float>(A)[r * n + k], as<float>(B)[k * n + c], acc);
      ASSERT_EQ(as<float>(C)[r * n + c], acc) << r << "," << c;
    }
}

TEST_P(Dispatch, DivergentLoops) {
  constexpr uint32_t n = 4096;
  Buffer start = buffer(n * 4), steps = buffer(n * 4);
  for (uint32_t i = 0; i < n; ++i) as<uint32_t>(start)[i] = i < 64 ? i + 1 : rng_() % 100000 + 1;
  ASSERT_NO_FATAL_FAILURE(run_kernel("divergent_loop", Kernargs().ptr(start.va).ptr(steps.va), 64, n / 64));
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t x = as<uint32_t>(start)[i], k = 0;
    for (; x != 1; ++k) x = (x & 1) ? 3 * x + 1 : x / 2;
    ASSERT_EQ(as<uint32_t>(steps)[i], k) << "start " << as<uint32_t>(start)[i];
  }
}

TEST_P(Dispatch, Int64Math) {
  constexpr uint32_t n = 1024;
  Buffer a = buffer(n * 8), b = buffer(n * 8), out = buffer(n * 32);
  std::uniform_int_distribution<int64_t> sd(INT64_MIN / 2, INT64_MAX / 2);
  for (uint32_t i = 0; i < n; ++i) as<int64_t>(a)[i] = sd(rng_), as<uint64_t>(b)[i] = (uint64_t(rng_()) << 32) | rng_();
  ASSERT_NO_FATAL_FAILURE(run_kernel("int64_math", Kernargs().ptr(a.va).ptr(b.va).ptr(out.va), 64, n / 64));
  for (uint32_t i = 0; i < n; ++i) {
    const int64_t x = as<int64_t>(a)[i];
    const uint64_t y = as<uint64_t>(b)[i];
    const int64_t* o = as<int64_t>(out) + 4 * i;
    ASSERT_EQ(o[0], int64_t(uint64_t(x) * y - uint64_t(x >> 5))) << i;  // wraps, as the GPU does
    ASSERT_EQ(o[1], int64_t(y / 10) + int64_t(y % 7)) << i;
    ASSERT_EQ(o[2], x / int64_t(i + 3) - x % 11) << i;
    ASSERT_EQ(o[3], int64_t((y >> 13) | (uint64_t(x) << 17)) ^ (x > int64_t(y) ? 5 : 9)) << i;
  }
}

TEST_P(Dispatch, DoubleMath) {
  constexpr uint32_t n = 1024;
  Buffer a = buffer(n * 8), b = buffer(n * 8), out = buffer(n * 32);
  std::uniform_real_distribution<double> dist(-1e6, 1e6);
  for (uint32_t i = 0; i < n; ++i) as<double>(a)[i] = dist(rng_), as<double>(b)[i] = dist(rng_);
  ASSERT_NO_FATAL_FAILURE(run_kernel("double_math", Kernargs().ptr(a.va).ptr(b.va).ptr(out.va), 64, n / 64));
  for (uint32_t i = 0; i < n; ++i) {
    const double x = as<double>(a)[i], y = as<double>(b)[i];
    const double* o = as<double>(out) + 4 * i;
    ASSERT_EQ(o[0], std::fma(x, y, 0.25)) << i;
    ASSERT_EQ(o[1], x / y) << i;
    // v_sqrt_f64 is not required to round correctly: within an ulp or two.
    ASSERT_NEAR(o[2], std::sqrt(std::fabs(x)), std::sqrt(std::fabs(x)) * 0x1p-51) << i;
    ASSERT_EQ(o[3], std::fma(x, y, -x) + double(int64_t(y * 1000.0))) << i;
  }
}

// Per-wave inclusive prefix sums built from DPP row shifts and row broadcasts (gfx9) or v_permlanex16 (gfx10);
// clang builds the gfx1030 kernel for wave32.
TEST_P(Dispatch, WaveScanWithLanePermutes) {
  constexpr uint32_t kGroups = 16, n = kGroups * 256;
  const uint32_t wave = gpu_ == "gfx900" ? 64 : 32;
  Buffer in = buffer(n * 4), scan = buffer(n * 4), total = buffer(n / wave * 4);
  for (uint32_t i = 0; i < n; ++i) as<uint32_t>(in)[i] = rng_() % 1000000;
  ASSERT_NO_FATAL_FAILURE(run_kernel("wave_reduce", Kernargs().ptr(in.va).ptr(scan.va).ptr(total.va), 256, kGroups));
  for (uint32_t w = 0; w < n / wave; ++w) {
    uint32_t sum = 0;
    for (uint32_t l = 0; l < wave; ++l) {
      sum += as<uint32_t>(in)[w * wave + l];
      ASSERT_EQ(as<uint32_t>(scan)[w * wave + l], sum) << "wave " << w << " lane " << l;
    }
    ASSERT_EQ(as<uint32_t>(total)[w], sum) << "wave " << w;
  }
}

// half2 arithmetic (packed f16 operations) on inputs k/4, whose results are exact in f16.
TEST_P(Dispatch, Half2Arithmetic) {
  constexpr uint32_t n = 2048;
  auto to_half = [](float f) {  // exact for the values used here: normal f16 numbers and zero
    const uint32_t b = std::bit_cast<uint32_t>(f);
    if ((b & 0x7FFFFFFF) == 0) return uint16_t(b >> 16);
    return uint16_t((b >> 16 & 0x8000) | (((b >> 23 & 0xFF) - 112) << 10) | (b >> 13 & 0x3FF));
  };
  Buffer a = buffer(n * 4), b = buffer(n * 4), out = buffer(n * 12);
  std::vector<float> x(2 * n), y(2 * n);
  for (uint32_t i = 0; i < 2 * n; ++i) {
    x[i] = float(int(rng_() % 81) - 40) / 4, y[i] = float(int(rng_() % 81) - 40) / 4;
    as<uint16_t>(a)[i] = to_half(x[i]);
    as<uint16_t>(b)[i] = to_half(y[i]);
  }
  ASSERT_NO_FATAL_FAILURE(run_kernel("half2_math", Kernargs().ptr(a.va).ptr(b.va).ptr(out.va), 256, n / 256));
  const uint16_t* o = as<uint16_t>(out);
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t h = 0; h < 2; ++h) {
      const float xv = x[2 * i + h], yv = y[2 * i + h];
      ASSERT_EQ(o[6 * i + h], to_half(xv * yv + xv)) << i << "." << h;
      ASSERT_EQ(o[6 * i + 2 + h], to_half(yv - xv * (h ? 2.0f : 0.5f))) << i << "." << h;
      ASSERT_EQ(o[6 * i + 4 + h], to_half((x[2 * i + 1 - h] + y[2 * i + 1 - h]) * 3.0f)) << i << "." << h;
    }
  }
}

SPORKLE_DEVICE_SUITE(dispatch, Dispatch);

}  // namespace
}  // namespace sporkle::conformance
