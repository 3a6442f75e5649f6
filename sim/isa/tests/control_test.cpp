// Program control through the workgroup runner: loops, the instruction budget and cancellation, faults,
// barriers between waves, divergence, partial waves and calls.
#include <gtest/gtest.h>

#include <atomic>

#include "harness.h"
#include "sim/isa/decoder.h"

namespace sporkle::sim::isa::test {
namespace {

class Control : public ::testing::Test {
 protected:
  void SetUp() override {
    code = upload_code(mem, shaders().text);
    buf = mem.alloc(64 * 1024);
  }
  static const ShaderFile& shaders() {
    static ShaderFile s = ShaderFile::load("control");
    return s;
  }
  DispatchParams params(const char* symbol, uint32_t threads, uint32_t vgprs = 16, uint32_t lds = 0) {
    DispatchParams p;
    p.code_va = code + shaders().symbols.at(symbol);
    p.rsrc1 = rsrc1(vgprs);
    p.rsrc2 = rsrc2(2, true, 0, lds);
    p.user_data = {uint32_t(buf), uint32_t(buf >> 32)};
    p.workgroup_size = {threads, 1, 1};
    return p;
  }
  uint32_t* words() { return mem.ptr<uint32_t>(buf); }

  GpuMemory mem;
  uint64_t code = 0, buf = 0;
};

TEST_F(Control, InfiniteLoopStopsWhenTheBudgetRunsOut) {
  WorkgroupRunner runner(mem.vm(), params("spin", 64));
  Budget b{100000, nullptr};
  WorkgroupResult r = runner.run({}, b);
  EXPECT_EQ(r.status, WorkgroupStatus::BudgetExhausted);
  EXPECT_EQ(b.remaining, 0u);
  EXPECT_EQ(r.instructions, 100000u);
  EXPECT_EQ(r.pc, code + shaders().symbols.at("spin"));
}

TEST_F(Control, CancelFlagStopsARunningWave) {
  WorkgroupRunner runner(mem.vm(), params("spin", 64));
  std::atomic<bool> cancel{true};
  Budget b{uint64_t(1) << 40, &cancel};
  WorkgroupResult r = runner.run({}, b);
  EXPECT_EQ(r.status, WorkgroupStatus::Cancelled);
  EXPECT_LT(r.instructions, 1000u);
}

TEST_F(Control, ScalarLoopWithBranches) {
  words()[0] = 100;
  WorkgroupResult r = run_grid(mem.vm(), params("counted_loop", 64), {1, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  for (int i = 0; i < 64; ++i) EXPECT_EQ(words()[1 + i], 5050u);
  EXPECT_GT(r.instructions, 400u);
}

TEST_F(Control, UnknownOpcodeIsAnIllegalInstructionFault) {
  WorkgroupResult r = run_grid(mem.vm(), params("illegal", 64), {1, 1, 1});
  EXPECT_EQ(r.status, WorkgroupStatus::IllegalInstruction);
  EXPECT_EQ(r.pc, code + shaders().symbols.at("illegal") + 4);
  EXPECT_NE(r.diagnostic.find("unknown opcode"), std::string::npos) << r.diagnostic;
}

TEST_F(Control, UnmappedLoadIsAVmFaultNotAHostAccess) {
  WorkgroupResult r = run_grid(mem.vm(), params("fault_read", 64), {1, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::VmFault) << r.diagnostic;
  ASSERT_TRUE(r.fault);
  EXPECT_EQ(r.fault->va, 0x1000000000ull);
  EXPECT_EQ(r.fault->unit, gpu::Unit::Shader);
  EXPECT_EQ(r.fault->access, gpu::kRead);
  EXPECT_GE(mem.vm().fault_count(), 1u);
}

TEST_F(Control, CodeWithoutExecutePermissionFaultsOnFetch) {
  uint64_t data_only = mem.alloc(shaders().text.size(), kRW);
  std::memcpy(mem.host(data_only), shaders().text.data(), shaders().text.size());
  DispatchParams p = params("counted_loop", 64);
  p.code_va = data_only + shaders().symbols.at("counted_loop");
  WorkgroupResult r = run_grid(mem.vm(), p, {1, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::VmFault);
  EXPECT_EQ(r.fault->access, gpu::kExecute);
  EXPECT_FALSE(r.fault->unmapped);
}

TEST_F(Control, VgprBeyondTheAllocationIsIllegal) {
  EXPECT_EQ(run_grid(mem.vm(), params("vgpr_out_of_range", 64, 8), {1, 1, 1}).status,
            WorkgroupStatus::IllegalInstruction);
  EXPECT_EQ(run_grid(mem.vm(), params("vgpr_out_of_range", 64, 44), {1, 1, 1}).status, WorkgroupStatus::Completed);
}

TEST_F(Control, TrapWithoutHandlerStopsTheWave) {
  WorkgroupResult r = run_grid(mem.vm(), params("trap", 64), {1, 1, 1});
  EXPECT_EQ(r.status, WorkgroupStatus::Trap);
}

TEST_F(Control, BarrierLetsWavesSeeEachOthersLdsWrites) {
  words()[0] = 256;
  WorkgroupResult r = run_grid(mem.vm(), params("lds_mirror", 256, 16, 1024), {1, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  for (uint32_t i = 0; i < 256; ++i) ASSERT_EQ(words()[4 + i], 2 * (255 - i)) << i;
}

TEST_F(Control, PartialWorkgroupMasksTheLastWave) {
  words()[0] = 100;
  WorkgroupRunner runner(mem.vm(), params("lds_mirror", 256, 16, 1024));
  Budget b{1 << 20, nullptr};
  WorkgroupParams g;
  g.size = {100, 1, 1};
  WorkgroupResult r = runner.run(g, b);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  for (uint32_t i = 0; i < 100; ++i) ASSERT_EQ(words()[4 + i], 2 * (99 - i)) << i;
  for (uint32_t i = 100; i < 128; ++i) EXPECT_EQ(words()[4 + i], 0u) << i;
  EXPECT_EQ(runner.wave(1).exec(), (1ull << 36) - 1);
}

TEST_F(Control, DivergentBranchesUseExecMasks) {
  WorkgroupResult r = run_grid(mem.vm(), params("divergent", 50), {1, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  for (uint32_t i = 0; i < 50; ++i) EXPECT_EQ(words()[i], i % 2 ? 3 * i : i + 100) << i;
  for (uint32_t i = 50; i < 64; ++i) EXPECT_EQ(words()[i], 0u) << i;
}

TEST_F(Control, CallAndReturnThroughPcRegisters) {
  WorkgroupResult r = run_grid(mem.vm(), params("call_return", 64), {1, 1, 1});
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  for (uint32_t i = 0; i < 64; ++i) EXPECT_EQ(words()[i], i + 7);
}

TEST_F(Control, EachInstructionIsDecodedOnce) {
  words()[0] = 1000;
  WorkgroupRunner runner(mem.vm(), params("counted_loop", 64));
  Budget b{1 << 20, nullptr};
  ASSERT_EQ(runner.run({}, b).status, WorkgroupStatus::Completed);
  EXPECT_EQ(runner.cache().size(), 11u);  // the shader's instructions, despite 4000+ executed
}

TEST_F(Control, InvalidResourceRegistersAreRejected) {
  DispatchParams p = params("counted_loop", 64);
  p.rsrc2 = rsrc2(20);
  EXPECT_EQ(run_grid(mem.vm(), p, {1, 1, 1}).status, WorkgroupStatus::InvalidDispatch);
  p = params("counted_loop", 2048);
  EXPECT_EQ(run_grid(mem.vm(), p, {1, 1, 1}).status, WorkgroupStatus::InvalidDispatch);
}

TEST_F(Control, InitialWaveStateFollowsTheResourceRegisters) {
  DispatchParams p = params("initial_state", 0);
  p.workgroup_size = {4, 4, 8};
  // USER_SGPR 2, TGID_X/Y/Z, TG_SIZE, TIDIG_COMP_CNT 2, SCRATCH_EN.
  p.rsrc2 = 1u | 2u << 1 | 7u << 7 | 1u << 10 | 2u << 11;
  p.scratch_wave_bytes = 4096;
  WorkgroupRunner runner(mem.vm(), p);
  Budget b{1 << 20, nullptr};
  WorkgroupParams g;
  g.id = {3, 5, 7};
  g.first_scratch_slot = 10;
  ASSERT_EQ(runner.run(g, b).status, WorkgroupStatus::Completed);
  for (uint32_t t = 0; t < 128; ++t) {
    const uint32_t* rec = words() + 8 * t;
    uint32_t wave = t / 64;
    EXPECT_EQ(rec[0], t % 4) << t;
    EXPECT_EQ(rec[1], (t / 4) % 4) << t;
    EXPECT_EQ(rec[2], t / 16) << t;
    EXPECT_EQ(rec[3], 3u);
    EXPECT_EQ(rec[4], 5u);
    EXPECT_EQ(rec[5], 7u);
    EXPECT_EQ(rec[6], (wave == 0 ? 1u << 31 : 0u) | 2u) << t;
    EXPECT_EQ(rec[7], (10 + wave) * 4096) << t;
  }
}

}  // namespace
}  // namespace sporkle::sim::isa::test
