// DISPATCH_DIRECT / DISPATCH_INDIRECT running shaders on the command processor: register state into waves (user
// SGPRs, workgroup and workitem ids, workgroup info, partial groups, START_*, LDS, scratch offsets), shader faults
// stopping the engine, and waves that never end stopped by the cancel flag, the budget or kill_waves().
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <tuple>

#include "sim/gpu/pm4/command_processor.h"
#include "sim/gpu/tests/engine_fixture.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/registers.h"

namespace sporkle::sim::gpu::testing {
namespace {

namespace pm4 = spec::pm4;
namespace reg = spec::reg;
using pm4::packet3;

constexpr uint64_t kIb = 0x100000;
constexpr uint64_t kCode = 0x200000;
constexpr uint64_t kOut = 0x400000;
constexpr uint64_t kArgs = 0x600000;
constexpr uint64_t kUnmapped = 0x7000000;
constexpr uint64_t kPage = 4096;
constexpr uint32_t kMagic = 0x5EED1234;  // user SGPR s3 of ids.s

std::vector<uint32_t> set_sh(uint32_t reg_offset, std::vector<uint32_t> values) {
  std::vector<uint32_t> p{packet3(pm4::SET_SH_REG, static_cast<uint32_t>(values.size()) + 1),
                          reg_offset - reg::kShSpace.start};
  return p + values;
}

std::vector<uint32_t> write_dword(uint64_t va, uint32_t value) {
  return {packet3(pm4::WRITE_DATA, 4), (5u << 8) | (1u << 20), lo(va), hi(va), value};
}

std::vector<uint32_t> dispatch_direct(uint32_t x, uint32_t y, uint32_t z, uint32_t initiator) {
  return {packet3(pm4::DISPATCH_DIRECT, 4), x, y, z, initiator};
}

// COMPUTE_PGM_RSRC2 fields (pm4-isa.md 2.2).
constexpr uint32_t kScratchEn = 1u << 0;
constexpr uint32_t user_sgprs(uint32_t n) { return n << 1; }
constexpr uint32_t kTgidX = 1u << 7, kTgidY = 1u << 8, kTgidZ = 1u << 9, kTgSize = 1u << 10;
constexpr uint32_t tidig(uint32_t n) { return n << 11; }
constexpr uint32_t lds_size(uint32_t granules) { return granules << 15; }
// RSRC1: 16 VGPRs, FLOAT_MODE 0xC0 as IGT's shaders.
constexpr uint32_t kRsrc1 = 3u | (0xC0u << 12);

// DISPATCH_INITIATOR bits.
constexpr uint32_t kShaderEn = 1u << 0, kPartialTgEn = 1u << 1, kForceStartAt000 = 1u << 2,
                   kUseThreadDimensions = 1u << 5;

struct Program {
  const char* shader;
  uint32_t rsrc2;
  std::array<uint32_t, 3> threads;  // COMPUTE_NUM_THREAD_X/Y/Z (full | partial << 16)
  std::vector<uint32_t> user_data;
  std::array<uint32_t, 3> start{};
  uint32_t tmpring = 0;
};

// <name>.bin for gfx900, <name>_gfx1030.bin for gfx1030.
std::vector<uint8_t> shader_bytes(const std::string& name) {
  std::ifstream f(std::string(SPORKLE_GPU_SHADER_DIR) + "/" + name + ".bin", std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return {std::istreambuf_iterator<char>(f), {}};
}

// One record of ids.s.
struct Launch {
  uint32_t tid[3], tgid[3], user, info;
  auto key() const { return std::tuple(tgid[0], tgid[1], tgid[2], tid[0], tid[1], tid[2]); }
};

class DispatchTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    map(kIb, 16 * kPage);
    map(kCode, 16 * kPage, kPageReadable | kPageExecutable);
    map(kOut, 256 * kPage);
    map(kArgs, kPage);
  }
  std::unique_ptr<Engine> engine(RingType type = RingType::Compute) { return make_engine(personality(), type); }

  // Loads the shader at kCode and sets every register a dispatch reads.
  std::vector<uint32_t> setup(const Program& p) {
    const bool gfx9 = personality().gfx_level == spec::GfxLevel::Gfx9;
    std::vector<uint8_t> code = shader_bytes(std::string(p.shader) + (gfx9 ? "" : "_gfx1030"));
    std::memcpy(host(kCode), code.data(), code.size());
    std::vector<uint32_t> user = p.user_data;
    user.resize(16);
    return set_sh(reg::COMPUTE_PGM_LO, {lo(kCode >> 8), hi(kCode >> 8)}) +
           set_sh(reg::COMPUTE_PGM_RSRC1, {kRsrc1, p.rsrc2}) +
           set_sh(reg::COMPUTE_START_X, {p.start[0], p.start[1], p.start[2]}) +
           set_sh(reg::COMPUTE_NUM_THREAD_X, {p.threads[0], p.threads[1], p.threads[2]}) +
           set_sh(reg::COMPUTE_TMPRING_SIZE, {p.tmpring}) + set_sh(reg::COMPUTE_USER_DATA_0, user);
  }

  // ids.s records written by the last dispatch.
  std::vector<Launch> launches() {
    std::vector<Launch> v(dword(kOut));
    std::memcpy(v.data(), host(kOut + 64), v.size() * sizeof(Launch));
    return v;
  }

  Program ids_program(std::array<uint32_t, 3> threads) {
    return {"ids", user_sgprs(4) | kTgidX | kTgidY | kTgidZ | kTgSize | tidig(2), threads,
            {lo(kOut), hi(kOut), 0, kMagic}};
  }
};

// Checks that exactly the groups [start, end) ran, each group with the given per-dimension size function, every
// work-item once, with the right ids, user SGPR and workgroup info.
template <typename SizeFn>
void expect_launches(const std::vector<Launch>& got, std::array<uint32_t, 3> start, std::array<uint32_t, 3> end,
                     SizeFn size, uint32_t lanes = 64) {
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>> expected, seen;
  for (uint32_t gz = start[2]; gz < end[2]; ++gz)
    for (uint32_t gy = start[1]; gy < end[1]; ++gy)
      for (uint32_t gx = start[0]; gx < end[0]; ++gx) {
        std::array<uint32_t, 3> s = size(gx, gy, gz);
        for (uint32_t z = 0; z < s[2]; ++z)
          for (uint32_t y = 0; y < s[1]; ++y)
            for (uint32_t x = 0; x < s[0]; ++x) expected.insert({gx, gy, gz, x, y, z});
      }
  for (const Launch& l : got) {
    EXPECT_TRUE(seen.insert(l.key()).second) << "work-item launched twice";
    EXPECT_EQ(l.user, kMagic);
    std::array<uint32_t, 3> s = size(l.tgid[0], l.tgid[1], l.tgid[2]);
    uint32_t threads = s[0] * s[1] * s[2], waves = (threads + lanes - 1) / lanes;
    uint32_t linear = l.tid[0] + s[0] * (l.tid[1] + s[1] * l.tid[2]);
    // Workgroup info: bit 31 on the group's first wave, the wave count in [5:0].
    EXPECT_EQ(l.info, (linear < lanes ? 1u << 31 : 0u) | waves);
  }
  EXPECT_EQ(seen, expected);
}

TEST_P(DispatchTest, WorkgroupAndWorkitemIdsUserSgprsAndStart) {
  auto cp = engine();
  // 16x2x3 = 96 work-items: two waves, the second half empty. Groups from START (1, 0, 2) to DIM (3, 2, 4).
  Program p = ids_program({16, 2, 3});
  p.start = {1, 0, 2};
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(3, 2, 4, kShaderEn));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  expect_launches(launches(), {1, 0, 2}, {3, 2, 4}, [](uint32_t, uint32_t, uint32_t) {
    return std::array<uint32_t, 3>{16, 2, 3};
  });
  EXPECT_GT(r.shader_instructions, 0u);
}

TEST_P(DispatchTest, ForceStartAt000IgnoresStart) {
  auto cp = engine(RingType::Gfx);
  Program p = ids_program({64, 1, 1});
  p.start = {5, 5, 5};
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(2, 1, 1, kShaderEn | kForceStartAt000));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  expect_launches(launches(), {0, 0, 0}, {2, 1, 1}, [](uint32_t, uint32_t, uint32_t) {
    return std::array<uint32_t, 3>{64, 1, 1};
  });
}

TEST_P(DispatchTest, PartialGroupsGetThePartialSizeOnlyWithPartialTgEn) {
  auto cp = engine();
  // Full 8x4, partial 3x1: the last group in x has 3 columns, the last in y 1 row.
  Program p = ids_program({8 | (3u << 16), 4 | (1u << 16), 1});
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(3, 2, 1, kShaderEn | kForceStartAt000 | kPartialTgEn));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  expect_launches(launches(), {0, 0, 0}, {3, 2, 1}, [](uint32_t gx, uint32_t gy, uint32_t) {
    return std::array<uint32_t, 3>{gx == 2 ? 3u : 8u, gy == 1 ? 1u : 4u, 1};
  });
  // Without PARTIAL_TG_EN every group is full.
  std::memset(host(kOut), 0, 64 * kPage);
  r = run_ib(*cp, kIb, setup(p) + dispatch_direct(3, 2, 1, kShaderEn | kForceStartAt000));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(launches().size(), 3u * 2 * 32);
}

TEST_P(DispatchTest, ThreadDimensionsSizeTheLastGroup) {
  auto cp = engine();
  Program p = ids_program({64, 1, 1});
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(100, 1, 1, kShaderEn | kForceStartAt000 |
                                                                             kUseThreadDimensions));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  expect_launches(launches(), {0, 0, 0}, {2, 1, 1}, [](uint32_t gx, uint32_t, uint32_t) {
    return std::array<uint32_t, 3>{gx == 1 ? 36u : 64u, 1, 1};
  });
}

TEST_P(DispatchTest, LdsIsSharedByTheWavesOfAGroupAcrossABarrier) {
  auto cp = engine();
  Program p{"lds", user_sgprs(2) | kTgidX | lds_size(2), {256, 1, 1}, {lo(kOut), hi(kOut)}};
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(3, 1, 1, kShaderEn | kForceStartAt000));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  for (uint32_t g = 0; g < 3; ++g)
    for (uint32_t t = 0; t < 256; ++t)
      ASSERT_EQ(dword(kOut + (g * 256 + t) * 4), (t + 64) % 256 + 1000 * g) << "group " << g << " item " << t;
}

TEST_P(DispatchTest, ScratchWaveOffsetsComeFromTmpringSize) {
  auto cp = engine();
  // WAVESIZE 3 KiB per wave, 4 slots; 128 work-items = 2 waves per group.
  Program p{"scratch", kScratchEn | user_sgprs(2) | kTgidX, {128, 1, 1}, {lo(kOut), hi(kOut)}};
  p.tmpring = 4 | (3u << 12);
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(2, 1, 1, kShaderEn | kForceStartAt000));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  for (uint32_t g = 0; g < 2; ++g)
    for (uint32_t t = 0; t < 128; ++t) ASSERT_EQ(dword(kOut + (g * 128 + t) * 4), (t / 64) * 3072) << t;
  // One slot cannot hold a group of two waves: the group never launches.
  p.tmpring = 1 | (3u << 12);
  r = run_ib(*cp, kIb, setup(p) + dispatch_direct(2, 1, 1, kShaderEn | kForceStartAt000));
  EXPECT_EQ(r.status, ExecStatus::ShaderFault);
  EXPECT_NE(r.diagnostic.find("TMPRING_SIZE.WAVES"), std::string::npos) << r.diagnostic;
}

TEST_P(DispatchTest, IndirectDispatchOnComputeAndGfxQueues) {
  Program p = ids_program({64, 1, 1});
  put(kArgs, {2, 3, 1});
  auto compute = engine(RingType::Compute);
  ExecResult r = run_ib(*compute, kIb, setup(p) + std::vector<uint32_t>{packet3(pm4::DISPATCH_INDIRECT, 3),
                                                                      lo(kArgs), hi(kArgs), kShaderEn | kForceStartAt000});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  auto full = [](uint32_t, uint32_t, uint32_t) { return std::array<uint32_t, 3>{64, 1, 1}; };
  expect_launches(launches(), {0, 0, 0}, {2, 3, 1}, full);

  std::memset(host(kOut), 0, 64 * kPage);
  put(kArgs + 16, {1, 1, 2});
  auto gfx = engine(RingType::Gfx);
  r = run_ib(*gfx, kIb, setup(p) + std::vector<uint32_t>{packet3(pm4::SET_BASE, 3), 1, lo(kArgs), hi(kArgs),
                                                        packet3(pm4::DISPATCH_INDIRECT, 2), 16,
                                                        kShaderEn | kForceStartAt000});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  expect_launches(launches(), {0, 0, 0}, {1, 1, 2}, full);

  // A zero dimension launches nothing.
  std::memset(host(kOut), 0, 64 * kPage);
  put(kArgs, {0, 3, 1});
  r = run_ib(*compute, kIb, setup(p) + std::vector<uint32_t>{packet3(pm4::DISPATCH_INDIRECT, 3), lo(kArgs),
                                                           hi(kArgs), kShaderEn});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kOut), 0u);
}

TEST_P(DispatchTest, AShaderVmFaultStopsTheEngine) {
  auto cp = engine();
  Program p{"store", user_sgprs(3), {64, 1, 1}, {lo(kUnmapped), hi(kUnmapped), 7}};
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(1, 1, 1, kShaderEn) + write_dword(kOut, 1));
  ASSERT_EQ(r.status, ExecStatus::VmFault) << r.diagnostic;
  ASSERT_TRUE(r.fault.has_value());
  EXPECT_EQ(r.fault->unit, Unit::Shader);
  EXPECT_EQ(r.fault->va, kUnmapped);
  EXPECT_EQ(dword(kOut), 0u) << "the packet after the dispatch must not run";
  // The same shader with a mapped address stores and the IB goes on.
  p.user_data = {lo(kOut + 8), hi(kOut + 8), 7};
  r = run_ib(*cp, kIb, setup(p) + dispatch_direct(1, 1, 1, kShaderEn) + write_dword(kOut, 1));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kOut + 8), 7u);
  EXPECT_EQ(dword(kOut), 1u);
}

TEST_P(DispatchTest, ATrapAndRegistersNoWaveFitsAreShaderFaults) {
  auto cp = engine();
  ExecResult r = run_ib(*cp, kIb, setup({"trap", 0, {64, 1, 1}, {}}) + dispatch_direct(1, 1, 1, kShaderEn));
  EXPECT_EQ(r.status, ExecStatus::ShaderFault);
  EXPECT_NE(r.diagnostic.find("trap"), std::string::npos) << r.diagnostic;
  // All ones in RSRC2 (31 user SGPRs, 256 KiB of LDS), a zero-sized group, a group of more than 1024.
  Program bad{"trap", 0xFFFFFFFF, {64, 1, 1}, {}};
  EXPECT_EQ(run_ib(*cp, kIb, setup(bad) + dispatch_direct(1, 1, 1, kShaderEn)).status, ExecStatus::ShaderFault);
  bad.rsrc2 = user_sgprs(31);
  EXPECT_EQ(run_ib(*cp, kIb, setup(bad) + dispatch_direct(1, 1, 1, kShaderEn)).status, ExecStatus::ShaderFault);
  bad = {"trap", 0, {0, 1, 1}, {}};
  EXPECT_EQ(run_ib(*cp, kIb, setup(bad) + dispatch_direct(1, 1, 1, kShaderEn)).status, ExecStatus::ShaderFault);
  bad = {"trap", 0, {1024, 2, 1}, {}};
  EXPECT_EQ(run_ib(*cp, kIb, setup(bad) + dispatch_direct(1, 1, 1, kShaderEn)).status, ExecStatus::ShaderFault);
}

TEST_P(DispatchTest, AnInfiniteLoopIsStoppedByTheCancelFlag) {
  for (const char* shader : {"spin", "barrier_spin"}) {
    cancel = false;
    auto cp = engine();
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      cancel = true;
    });
    // Two waves per group, so barrier_spin's waves take turns at the barrier.
    ExecResult r = run_ib(*cp, kIb, setup({shader, 0, {128, 1, 1}, {}}) + dispatch_direct(4, 1, 1, kShaderEn) +
                                        write_dword(kOut, 1));
    stopper.join();
    EXPECT_EQ(r.status, ExecStatus::Cancelled) << shader;
    EXPECT_NE(r.diagnostic.find("while shader waves ran"), std::string::npos) << r.diagnostic;
    EXPECT_GT(r.shader_instructions, 0u);
    EXPECT_EQ(dword(kOut), 0u);
  }
}

TEST_P(DispatchTest, TheBudgetBoundsShaderInstructions) {
  auto cp = engine();
  std::vector<uint32_t> ib = setup({"spin", 0, {64, 1, 1}, {}}) + dispatch_direct(1, 1, 1, kShaderEn);
  put(kIb, ib);
  uint64_t budget = 100000;
  ExecEnv env{vm, 1, cancel, &budget};
  ExecResult r = cp->execute(env, kIb, static_cast<uint32_t>(ib.size()));
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_NE(r.diagnostic.find("budget exhausted"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(budget, 0u);
  EXPECT_GT(r.shader_instructions, 90000u);
}

TEST_P(DispatchTest, KillWavesEndsTheDispatchOfThatVmidAndTheIbGoesOn) {
  auto cp = engine(RingType::Gfx);
  EXPECT_FALSE(cp->kill_waves(1)) << "no waves in flight";
  std::vector<uint32_t> ib = setup({"barrier_spin", 0, {256, 1, 1}, {}}) + dispatch_direct(8, 1, 1, kShaderEn) +
                             write_dword(kOut, 1);
  put(kIb, ib);
  std::atomic<bool> other_vmid_refused{false};
  std::thread killer([&] {
    other_vmid_refused = !cp->kill_waves(2);
    while (!cp->kill_waves(1)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  ExecEnv env{vm, 1, cancel};
  ExecResult r = cp->execute(env, kIb, static_cast<uint32_t>(ib.size()));
  killer.join();
  EXPECT_TRUE(other_vmid_refused);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_NE(r.diagnostic.find("killed"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(dword(kOut), 1u) << "the packet after the killed dispatch ran";
  EXPECT_FALSE(cp->kill_waves(1));
}

INSTANTIATE_TEST_SUITE_P(Gfx9, DispatchTest, ::testing::Values("gfx900"), personality_name);

// gfx10.3: waves are 64 wide unless DISPATCH_INITIATOR.CS_W32_EN asks for 32; the VGPR granule follows.
class Gfx10DispatchTest : public DispatchTest {};

TEST_P(Gfx10DispatchTest, Wave64AndWave32DispatchesFromTheInitiator) {
  constexpr uint32_t kCsW32En = 1u << 15;
  for (uint32_t lanes : {64u, 32u}) {
    std::memset(host(kOut), 0, 64 * kPage);
    auto cp = engine();
    // 10x5 = 50 work-items: 1 wave64 or 2 wave32; partial groups of 3 columns in x.
    Program p = ids_program({10 | (3u << 16), 5, 1});
    ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(3, 2, 1, kShaderEn | kForceStartAt000 | kPartialTgEn |
                                                                          (lanes == 32 ? kCsW32En : 0)));
    ASSERT_EQ(r.status, ExecStatus::Completed) << lanes << ": " << r.diagnostic;
    expect_launches(launches(), {0, 0, 0}, {3, 2, 1}, [](uint32_t gx, uint32_t, uint32_t) {
      return std::array<uint32_t, 3>{gx == 2 ? 3u : 10u, 5, 1};
    }, lanes);
  }
}

TEST_P(Gfx10DispatchTest, LdsAcrossWave32Waves) {
  constexpr uint32_t kCsW32En = 1u << 15;
  auto cp = engine();
  Program p{"lds", user_sgprs(2) | kTgidX | lds_size(2), {256, 1, 1}, {lo(kOut), hi(kOut)}};
  ExecResult r = run_ib(*cp, kIb, setup(p) + dispatch_direct(2, 1, 1, kShaderEn | kForceStartAt000 | kCsW32En));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  for (uint32_t g = 0; g < 2; ++g)
    for (uint32_t t = 0; t < 256; ++t)
      ASSERT_EQ(dword(kOut + (g * 256 + t) * 4), (t + 64) % 256 + 1000 * g) << "group " << g << " item " << t;
}

INSTANTIATE_TEST_SUITE_P(Gfx10, Gfx10DispatchTest, ::testing::Values("gfx1030"), personality_name);

}  // namespace
}  // namespace sporkle::sim::gpu::testing
