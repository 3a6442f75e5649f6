// The command processor on GFX and compute queues of both personalities: each packet form with a result check,
// and the ways a command stream goes wrong.
#include <chrono>
#include <thread>

#include "sim/gpu/pm4/command_processor.h"
#include "sim/gpu/tests/engine_fixture.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/registers.h"

namespace sporkle::sim::gpu::testing {
namespace {

namespace pm4 = spec::pm4;
using pm4::packet3;

constexpr uint64_t kIb = 0x100000;
constexpr uint64_t kIb2 = 0x200000;
constexpr uint64_t kData = 0x400000;
constexpr uint64_t kPage = 4096;
constexpr RingType kQueues[] = {RingType::Gfx, RingType::Compute};

// WRITE_DATA of one dword to memory, as IGT writes it (DST_SEL 5, WR_CONFIRM).
std::vector<uint32_t> write_dword(uint64_t va, uint32_t value) {
  return {packet3(pm4::WRITE_DATA, 4), (5u << 8) | (1u << 20), lo(va), hi(va), value};
}

class Pm4Test : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    map(kIb, 16 * kPage);
    map(kIb2, 16 * kPage);
    map(kData, 16 * kPage);
  }
  std::unique_ptr<Engine> engine(RingType type) { return make_engine(personality(), type); }
  static const RegisterFile& regs(Engine& e) { return static_cast<CommandProcessor&>(e).registers(); }
  bool gfx9() const { return personality().gfx_level == spec::GfxLevel::Gfx9; }
};

TEST_P(Pm4Test, FillersAndNopsAreSkipped) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    // Header-only NOP (1 dword), type-2 filler, a compute-flagged header-only NOP, and a NOP whose body looks
    // like packets that would fail if executed.
    std::vector<uint32_t> ib = {pm4::kNopPad, 0x80000000, 0xFFFF1002, packet3(pm4::NOP, 3), 0xC000F200,
                                0xFFFFFFFF, 0x1337F77D};
    ib = ib + write_dword(kData, 0x600DF00D) + std::vector<uint32_t>{0xFFFF1000, 0xFFFF1000};
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(dword(kData), 0x600DF00Du);
    EXPECT_EQ(r.dwords, ib.size());
  }
}

TEST_P(Pm4Test, SetShRegWritesComputeRegistersOnBothQueues) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    std::vector<uint32_t> ib = {packet3(pm4::SET_SH_REG, 5, pm4::ShaderType::Compute), 0x240, 1, 2, 3, 4,
                                packet3(pm4::SET_SH_REG_INDEX, 2), 0x30000216, 0xFFFFFFFF};
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_USER_DATA_0 + i), i + 1);
    EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_STATIC_THREAD_MGMT_SE0), 0xFFFFFFFFu);
  }
}

TEST_P(Pm4Test, RegisterStatePersistsAcrossIbsUntilReset) {
  auto cp = engine(RingType::Compute);
  ASSERT_EQ(run_ib(*cp, kIb, {packet3(pm4::SET_SH_REG, 2), 0x20C, 0x1234}).status, ExecStatus::Completed);
  ASSERT_EQ(run_ib(*cp, kIb, {packet3(pm4::NOP, 1), 0}).status, ExecStatus::Completed);
  EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_PGM_LO), 0x1234u);
  cp->reset();
  EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_PGM_LO), 0u);
}

TEST_P(Pm4Test, UconfigRegWritesOnBothQueues) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    // The kernel's ring test: SET_UCONFIG_REG of SCRATCH_REG0.
    ExecResult r = run_ib(*cp, kIb, {packet3(pm4::SET_UCONFIG_REG, 2), 0x40, 0xDEADBEEF});
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(*regs(*cp).slot(spec::reg::SCRATCH_REG0), 0xDEADBEEFu);
  }
}

TEST_P(Pm4Test, ContextRegsOnlyOnGfx) {
  auto gfx = engine(RingType::Gfx);
  ExecResult r = run_ib(*gfx, kIb, {packet3(pm4::SET_CONTEXT_REG, 2), 0x10, 7, packet3(pm4::SET_CONFIG_REG, 2),
                                    0x20, 9, packet3(pm4::SET_UCONFIG_REG_INDEX, 2), 0x41, 11});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(*regs(*gfx).slot(0xA010), 7u);
  EXPECT_EQ(*regs(*gfx).slot(0x2020), 9u);
  EXPECT_EQ(*regs(*gfx).slot(0xC041), 11u);

  auto compute = engine(RingType::Compute);
  // The kernel's compute IB preamble resets GDS_COMPUTE_MAX_WAVE_ID with SET_CONFIG_REG.
  r = run_ib(*compute, kIb, {packet3(pm4::SET_CONFIG_REG, 2), 0x20, 9});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(*regs(*compute).slot(0x2020), 9u);
  for (uint8_t op : {pm4::SET_CONTEXT_REG, pm4::SET_UCONFIG_REG_INDEX}) {
    r = run_ib(*compute, kIb, {pm4::kNopPad, packet3(op, 2), 0x10, 7});
    EXPECT_EQ(r.status, ExecStatus::IllegalPacket) << int(op);
    EXPECT_NE(r.diagnostic.find("IB+0x4"), std::string::npos) << r.diagnostic;
  }
}

TEST_P(Pm4Test, SetRegPastTheSpaceIsAnIllegalRegisterAccess) {
  auto cp = engine(RingType::Compute);
  // SH space is 0x400 registers: offset 0x3FF takes the first value, the second lands outside.
  ExecResult r = run_ib(*cp, kIb, {packet3(pm4::SET_SH_REG, 3), 0x3FF, 5, 6});
  EXPECT_EQ(r.status, ExecStatus::PrivilegedReg);
  EXPECT_NE(r.diagnostic.find("0x03000"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(*regs(*cp).slot(0x2FFF), 5u);
  r = run_ib(*cp, kIb, {packet3(pm4::SET_UCONFIG_REG, 2), 0x8000, 1});
  EXPECT_EQ(r.status, ExecStatus::PrivilegedReg);
}

TEST_P(Pm4Test, WriteDataToMemory) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    std::vector<uint32_t> ib = {packet3(pm4::WRITE_DATA, 6), 5u << 8, lo(kData + 0x10), hi(kData), 1, 2, 3,
                                // DST_SEL 2 (TC/L2); the low two address bits are not part of the address
                                packet3(pm4::WRITE_DATA, 4), 2u << 8, lo(kData + 0x43), hi(kData), 0xAB,
                                // WR_ONE_ADDR: every dword to one address, the last one stays
                                packet3(pm4::WRITE_DATA, 5), (5u << 8) | (1u << 16), lo(kData + 0x80), hi(kData),
                                7, 8};
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(dword(kData + 0x10), 1u);
    EXPECT_EQ(dword(kData + 0x14), 2u);
    EXPECT_EQ(dword(kData + 0x18), 3u);
    EXPECT_EQ(dword(kData + 0x40), 0xABu);
    EXPECT_EQ(dword(kData + 0x80), 8u);
    EXPECT_EQ(dword(kData + 0x84), 0u);
  }
}

TEST_P(Pm4Test, WriteDataToRegisters) {
  auto cp = engine(RingType::Compute);
  ExecResult r = run_ib(*cp, kIb, {packet3(pm4::WRITE_DATA, 5), 0u << 8, spec::reg::COMPUTE_USER_DATA_0, 0, 4, 5});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_USER_DATA_0), 4u);
  EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_USER_DATA_0 + 1), 5u);
  // A register outside the SET_*_REG spaces is privileged.
  r = run_ib(*cp, kIb, {packet3(pm4::WRITE_DATA, 4), 0u << 8, 0x1000, 0, 1});
  EXPECT_EQ(r.status, ExecStatus::PrivilegedReg);
}

TEST_P(Pm4Test, SignExtendedAddressesUseTheLow48Bits) {
  constexpr uint64_t kHigh = 0x800000000000;  // first VA of the upper half
  map(kHigh, kPage);
  auto cp = engine(RingType::Compute);
  ExecResult r = run_ib(*cp, kIb, write_dword(0xFFFF800000000000 + 8, 42));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kHigh + 8), 42u);
}

TEST_P(Pm4Test, IndirectBufferCallReturnsToTheCaller) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    std::vector<uint32_t> ib2 = write_dword(kData + 4, 2);
    put(kIb2, ib2);
    std::vector<uint32_t> ib = write_dword(kData, 1) +
                               std::vector<uint32_t>{packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb2), hi(kIb2),
                                                     static_cast<uint32_t>(ib2.size()) | (1u << 23)} +
                               write_dword(kData + 8, 3);
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(dword(kData), 1u);
    EXPECT_EQ(dword(kData + 4), 2u);
    EXPECT_EQ(dword(kData + 8), 3u);
  }
}

TEST_P(Pm4Test, ChainReplacesTheCurrentIb) {
  auto cp = engine(RingType::Gfx);
  // IB1 chains to IB1b; what follows the chain in IB1 never runs.
  std::vector<uint32_t> ib1b = write_dword(kData + 4, 2);
  put(kIb2 + 0x800, ib1b);
  std::vector<uint32_t> ib = write_dword(kData, 1) +
                             std::vector<uint32_t>{packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb2 + 0x800), hi(kIb2),
                                                   static_cast<uint32_t>(ib1b.size()) | (1u << 20) | (1u << 23)} +
                             write_dword(kData + 8, 0xBAD);
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData), 1u);
  EXPECT_EQ(dword(kData + 4), 2u);
  EXPECT_EQ(dword(kData + 8), 0u);
}

TEST_P(Pm4Test, ChainInsideIb2ReturnsToIb1) {
  auto cp = engine(RingType::Compute);
  std::vector<uint32_t> tail = write_dword(kData + 4, 2);
  put(kIb2 + 0x800, tail);
  std::vector<uint32_t> ib2 = {packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb2 + 0x800), hi(kIb2),
                               static_cast<uint32_t>(tail.size()) | (1u << 20)};
  ib2 = ib2 + write_dword(kData + 8, 0xBAD);
  put(kIb2, ib2);
  std::vector<uint32_t> ib = {packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb2), hi(kIb2),
                              static_cast<uint32_t>(ib2.size())};
  ib = ib + write_dword(kData + 12, 3);
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 4), 2u);
  EXPECT_EQ(dword(kData + 8), 0u);
  EXPECT_EQ(dword(kData + 12), 3u);
}

TEST_P(Pm4Test, ThirdIbLevelIsIllegal) {
  auto cp = engine(RingType::Compute);
  std::vector<uint32_t> ib3 = write_dword(kData, 0xBAD);
  put(kIb2 + 0x800, ib3);
  std::vector<uint32_t> ib2 = {packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb2 + 0x800), hi(kIb2),
                               static_cast<uint32_t>(ib3.size())};
  put(kIb2, ib2);
  ExecResult r = run_ib(*cp, kIb, {packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb2), hi(kIb2), 4});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_NE(r.diagnostic.find("IB2+0x0"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(dword(kData), 0u);
}

TEST_P(Pm4Test, ChainLoopStopsWhenCancelled) {
  auto cp = engine(RingType::Compute);
  // An IB that chains to itself runs until the kernel cancels the job.
  std::vector<uint32_t> ib = {packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb), hi(kIb), 4u | (1u << 20)};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cancel = true;
  });
  ExecResult r = run_ib(*cp, kIb, ib);
  canceller.join();
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
}

TEST_P(Pm4Test, ReleaseMemWritesFenceValues) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    // The kernel's gfx9/gfx10 fence: event 0x14 index 5, DATA_SEL 2 (64-bit), INT_SEL 2.
    std::vector<uint32_t> ib = {0xC0064900, 0x00000514 | (1u << 17), (2u << 29) | (2u << 24),
                                lo(kData), hi(kData), 0x89ABCDEF, 0x01234567, 0,
                                // DATA_SEL 1: low 32 bits only
                                packet3(pm4::RELEASE_MEM, 7), 0x514, 1u << 29, lo(kData + 0x10), hi(kData), 5, 6, 0,
                                // DATA_SEL 0: nothing written
                                packet3(pm4::RELEASE_MEM, 7), 0x514, 1u << 24, lo(kData + 0x20), hi(kData), 7, 8, 0,
                                // DATA_SEL 3: GPU clock
                                packet3(pm4::RELEASE_MEM, 7), 0x2F | (6u << 8), 3u << 29, lo(kData + 0x30), hi(kData),
                                0, 0, 0,
                                packet3(pm4::RELEASE_MEM, 7), 0x2F | (6u << 8), 3u << 29, lo(kData + 0x38), hi(kData),
                                0, 0, 0};
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(qword(kData), 0x0123456789ABCDEFull);
    EXPECT_EQ(dword(kData + 0x10), 5u);
    EXPECT_EQ(dword(kData + 0x14), 0u);
    EXPECT_EQ(qword(kData + 0x20), 0u);
    EXPECT_NE(qword(kData + 0x30), 0u);
    EXPECT_GE(qword(kData + 0x38), qword(kData + 0x30));
  }
}

TEST_P(Pm4Test, ReleaseMemGdsCopyIsReportedNotSkipped) {
  auto cp = engine(RingType::Compute);
  ExecResult r = run_ib(*cp, kIb, {packet3(pm4::RELEASE_MEM, 7), 0x514, 5u << 29, lo(kData), hi(kData), 0, 0, 0});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
}

TEST_P(Pm4Test, EventWriteDrainsAndEopPacketsAreGone) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    ExecResult r = run_ib(*cp, kIb, {packet3(pm4::EVENT_WRITE, 1), 0x07 | (4u << 8), packet3(pm4::EVENT_WRITE, 1),
                                     0x06});
    EXPECT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    // gfx9 and later have no EVENT_WRITE_EOP / EOS (Mesa: "not on GFX9"); RELEASE_MEM replaced them.
    for (uint8_t op : {pm4::EVENT_WRITE_EOP, pm4::EVENT_WRITE_EOS}) {
      r = run_ib(*cp, kIb, {packet3(op, 5), 0x514, lo(kData), hi(kData) | (1u << 29), 1, 0});
      EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
      EXPECT_EQ(dword(kData), 0u);
    }
  }
}

TEST_P(Pm4Test, AcquireMemBodyLengthFollowsTheGeneration) {
  auto cp = engine(RingType::Compute);
  std::vector<uint32_t> six = {packet3(pm4::ACQUIRE_MEM, 6), 0x00C00000, 0xFFFFFFFF, 0xFF, 0, 0, 10};
  std::vector<uint32_t> seven = {packet3(pm4::ACQUIRE_MEM, 7), 0, 0xFFFFFFFF, 0xFF, 0, 0, 10, 0xC000};
  EXPECT_EQ(run_ib(*cp, kIb, seven).status, ExecStatus::Completed);
  ExecResult r = run_ib(*cp, kIb, six);
  EXPECT_EQ(r.status, gfx9() ? ExecStatus::Completed : ExecStatus::IllegalPacket) << r.diagnostic;
}

TEST_P(Pm4Test, WaitRegMemPassesWhenMemoryMatches) {
  auto cp = engine(RingType::Compute);
  put(kData, {0x10});
  std::vector<uint32_t> ib = {packet3(pm4::WAIT_REG_MEM, 6), 3u | (1u << 4), lo(kData), hi(kData), 0x10,
                              0xFFFFFFFF, 4};
  ExecResult r = run_ib(*cp, kIb, ib + write_dword(kData + 4, 1));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 4), 1u);
}

TEST_P(Pm4Test, WaitRegMemSeesAWriteFromTheHost) {
  auto cp = engine(RingType::Gfx);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(host(kData))).store(0x300);
  });
  // (value & 0xF00) >= 0x200
  std::vector<uint32_t> ib = {packet3(pm4::WAIT_REG_MEM, 6), 5u | (1u << 4), lo(kData), hi(kData), 0x200, 0xF00, 4};
  ExecResult r = run_ib(*cp, kIb, ib + write_dword(kData + 4, 1));
  writer.join();
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 4), 1u);
}

TEST_P(Pm4Test, WaitRegMemThatNeverSucceedsIsCancelled) {
  for (RingType t : kQueues) {
    cancel = false;
    auto cp = engine(t);
    // IGT's deadlock test: wait for memory that is never written to become != 0.
    std::vector<uint32_t> ib = {packet3(pm4::WAIT_REG_MEM, 6), 4u | (1u << 4), lo(kData), hi(kData), 0,
                                0xFFFFFFFF, 4};
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      cancel = true;
    });
    ExecResult r = run_ib(*cp, kIb, ib + write_dword(kData + 4, 1));
    canceller.join();
    EXPECT_EQ(r.status, ExecStatus::Cancelled);
    EXPECT_EQ(dword(kData + 4), 0u);
  }
}

TEST_P(Pm4Test, WaitRegMemOnARegisterWrittenBefore) {
  auto cp = engine(RingType::Compute);
  // OPERATION 1 writes REFERENCE to the first register, then waits on the second.
  std::vector<uint32_t> ib = {packet3(pm4::SET_UCONFIG_REG, 2), 0x41, 0x7,
                              packet3(pm4::WAIT_REG_MEM, 6), 3u | (1u << 6), spec::reg::SCRATCH_REG0,
                              spec::reg::SCRATCH_REG0 + 1, 0x7, 0xF, 4};
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(*regs(*cp).slot(spec::reg::SCRATCH_REG0), 0x7u);
}

TEST_P(Pm4Test, CopyData) {
  auto cp = engine(RingType::Compute);
  put(kData, {0x11111111, 0x22222222});
  std::vector<uint32_t> ib = {
      // immediate -> memory, 64-bit
      packet3(pm4::COPY_DATA, 5), 5u | (5u << 8) | (1u << 16), 0xAAAABBBB, 0xCCCCDDDD, lo(kData + 0x10), hi(kData),
      // memory -> memory, 32-bit
      packet3(pm4::COPY_DATA, 5), 2u | (5u << 8), lo(kData + 4), hi(kData), lo(kData + 0x20), hi(kData),
      // memory -> register -> memory
      packet3(pm4::COPY_DATA, 5), 1u | (0u << 8), lo(kData), hi(kData), spec::reg::COMPUTE_USER_DATA_0, 0,
      packet3(pm4::COPY_DATA, 5), 0u | (2u << 8), spec::reg::COMPUTE_USER_DATA_0, 0, lo(kData + 0x30), hi(kData),
      // GPU clock -> memory
      packet3(pm4::COPY_DATA, 5), 9u | (5u << 8) | (1u << 16), 0, 0, lo(kData + 0x40), hi(kData)};
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(qword(kData + 0x10), 0xCCCCDDDDAAAABBBBull);
  EXPECT_EQ(dword(kData + 0x20), 0x22222222u);
  EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_USER_DATA_0), 0x11111111u);
  EXPECT_EQ(dword(kData + 0x30), 0x11111111u);
  EXPECT_NE(qword(kData + 0x40), 0u);
}

TEST_P(Pm4Test, DmaDataCopiesAndFills) {
  auto cp = engine(RingType::Compute);
  for (uint32_t i = 0; i < 64; ++i) host(kData)[i] = static_cast<uint8_t>(i);
  std::vector<uint32_t> ib = {
      // IGT's copy: SRC_SEL 0, DST_SEL 0, CP_SYNC
      packet3(pm4::DMA_DATA, 6), 1u << 31, lo(kData), hi(kData), lo(kData + 0x100), hi(kData), 64,
      // IGT's fill: SRC_SEL 2 (DATA), DST_SEL 3 (L2)
      packet3(pm4::DMA_DATA, 6), (1u << 31) | (2u << 29) | (3u << 20), 0xDEADBEEF, 0, lo(kData + 0x200), hi(kData),
      4100};
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(std::memcmp(host(kData), host(kData + 0x100), 64), 0);
  EXPECT_EQ(dword(kData + 0x200), 0xDEADBEEFu);
  EXPECT_EQ(dword(kData + 0x200 + 4096), 0xDEADBEEFu);
  EXPECT_EQ(dword(kData + 0x200 + 4100), 0u);
}

TEST_P(Pm4Test, AtomicMemAndItsReturnValue) {
  auto cp = engine(RingType::Compute);
  put(kData, {40, 0, 5, 0});
  std::vector<uint32_t> ib = {
      packet3(pm4::ATOMIC_MEM, 8), pm4::tc_op::ADD_RTN_32, lo(kData), hi(kData), 2, 0, 0, 0, 0,
      // The pre-operation value (40) is the atomic return data.
      packet3(pm4::COPY_DATA, 5), 6u | (5u << 8), 0, 0, lo(kData + 0x20), hi(kData),
      // IGT: CMPSWAP_RTN_32 with COMMAND 1 (loop until the compare succeeds): 5 == 5 -> 9
      packet3(pm4::ATOMIC_MEM, 8), pm4::tc_op::CMPSWAP_RTN_32 | (1u << 8), lo(kData + 8), hi(kData), 9, 0, 5, 0, 10,
      packet3(pm4::ATOMIC_MEM, 8), pm4::tc_op::UMAX_RTN_64 + pm4::tc_op::kNoReturn, lo(kData + 0x30), hi(kData),
      0, 1, 0, 0, 0};
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData), 42u);
  EXPECT_EQ(dword(kData + 0x20), 40u);
  EXPECT_EQ(dword(kData + 8), 9u);
  EXPECT_EQ(qword(kData + 0x30), 1ull << 32);
}

TEST_P(Pm4Test, IllegalOpcodeNamesTheOpcodeAndOffset) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    // IGT's bad write: opcode 0xF2.
    ExecResult r = run_ib(*cp, kIb, {pm4::kNopPad, 0x80000000, packet3(0xF2, 4), 0, 0, 0, 0});
    EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
    EXPECT_NE(r.diagnostic.find("0xf2"), std::string::npos) << r.diagnostic;
    EXPECT_NE(r.diagnostic.find("IB+0x8"), std::string::npos) << r.diagnostic;
  }
}

TEST_P(Pm4Test, Type0PacketIsIllegal) {
  auto cp = engine(RingType::Gfx);
  EXPECT_EQ(run_ib(*cp, kIb, {0x00002E40, 1}).status, ExecStatus::IllegalPacket);
}

TEST_P(Pm4Test, CountPastTheEndOfTheIbIsIllegal) {
  auto cp = engine(RingType::Compute);
  // The buffer behind the IB holds more dwords, but the IB ends after three: they must not be read.
  put(kIb + 12, {0, 0, 0, 0});
  ExecResult r = run(*cp, kIb, 0);
  EXPECT_EQ(r.status, ExecStatus::Completed);
  put(kIb, {pm4::kNopPad, packet3(pm4::SET_SH_REG, 3), 0x240});
  r = run(*cp, kIb, 3);
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_USER_DATA_0), 0u);
}

TEST_P(Pm4Test, UnmappedIbIsAReadFault) {
  auto cp = engine(RingType::Compute);
  constexpr uint64_t kNowhere = 0x7000000;
  ExecResult r = run(*cp, kNowhere, 16);
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  ASSERT_TRUE(r.fault.has_value());
  EXPECT_EQ(r.fault->va, kNowhere);
  EXPECT_EQ(r.fault->access, kRead);
  EXPECT_EQ(r.fault->unit, Unit::CommandProcessor);
}

TEST_P(Pm4Test, IbRunningOntoAnUnmappedPageFaultsThere) {
  auto cp = engine(RingType::Compute);
  constexpr uint64_t kEdge = 0x3000000;
  map(kEdge, kPage);
  // The first packet lies on the mapped page and runs; the next one starts on the unmapped page after it.
  uint64_t at = kEdge + kPage - 20;
  put(at, write_dword(kData, 1));
  ExecResult r = run(*cp, at, 5 + 8);
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->va, kEdge + kPage);
  EXPECT_EQ(dword(kData), 1u);
}

TEST_P(Pm4Test, WritesToUnmappedOrReadOnlyPagesFault) {
  auto cp = engine(RingType::Compute);
  constexpr uint64_t kReadOnly = 0x5000000;
  map(kReadOnly, kPage, kPageReadable);
  ExecResult r = run_ib(*cp, kIb, write_dword(0x6000010, 1));
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->va, 0x6000010u);
  EXPECT_EQ(r.fault->access, kWrite);
  EXPECT_TRUE(r.fault->unmapped);

  r = run_ib(*cp, kIb, write_dword(kReadOnly + 8, 1));
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->va, kReadOnly + 8);
  EXPECT_FALSE(r.fault->unmapped);
  EXPECT_EQ(dword(kReadOnly + 8), 0u);
}

TEST_P(Pm4Test, UnimplementedPacketIsReportedByName) {
  auto cp = engine(RingType::Compute);
  ExecResult r = run_ib(*cp, kIb, {packet3(pm4::REG_RMW, 3), 0x2E40, 0, 1});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_NE(r.diagnostic.find("REG_RMW"), std::string::npos) << r.diagnostic;
}

TEST_P(Pm4Test, CondExecSkipsWhenTheFlagIsZero) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    put(kData, {0, 1});
    // Flag 0: the next WRITE_DATA (5 dwords) is discarded; flag 1: it runs.
    std::vector<uint32_t> ib = std::vector<uint32_t>{packet3(pm4::COND_EXEC, 4), lo(kData), hi(kData), 0, 5} +
                               write_dword(kData + 0x10, 0xBAD) +
                               std::vector<uint32_t>{packet3(pm4::COND_EXEC, 4), lo(kData + 4), hi(kData), 0, 5} +
                               write_dword(kData + 0x14, 0x600D);
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(dword(kData + 0x10), 0u);
    EXPECT_EQ(dword(kData + 0x14), 0x600Du);
    // A skip past the end of the IB is malformed.
    r = run_ib(*cp, kIb, {packet3(pm4::COND_EXEC, 4), lo(kData), hi(kData), 0, 9});
    EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
    EXPECT_NE(r.diagnostic.find("COND_EXEC skips 9"), std::string::npos) << r.diagnostic;
    // The flag is read through the VM.
    r = run_ib(*cp, kIb, {packet3(pm4::COND_EXEC, 4), lo(0x6000000), 0, 0, 0});
    EXPECT_EQ(r.status, ExecStatus::VmFault);
  }
}

TEST_P(Pm4Test, PredExecRunsOnlyForThisDevice) {
  auto cp = engine(RingType::Compute);
  std::vector<uint32_t> ib = std::vector<uint32_t>{packet3(pm4::PRED_EXEC, 1), 5u | (2u << 24)} +
                             write_dword(kData, 0xBAD) + std::vector<uint32_t>{packet3(pm4::PRED_EXEC, 1), 5u | (1u << 24)} +
                             write_dword(kData + 4, 1);
  ExecResult r = run_ib(*cp, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData), 0u);
  EXPECT_EQ(dword(kData + 4), 1u);
}

TEST_P(Pm4Test, SetPredicationGatesPredicatedPackets) {
  auto gfx = engine(RingType::Gfx);
  put(kData, {0, 0, 7, 0});
  auto predicated_write = [](uint64_t va, uint32_t v) {
    auto p = write_dword(va, v);
    p[0] |= 1;  // PREDICATE
    return p;
  };
  // BOOL64 on a zero value with DRAW_VISIBLE: predicated packets are discarded, others run.
  std::vector<uint32_t> ib = std::vector<uint32_t>{packet3(pm4::SET_PREDICATION, 3), (3u << 16) | (1u << 8),
                                                   lo(kData), hi(kData)} +
                             predicated_write(kData + 0x20, 1) + write_dword(kData + 0x24, 2) +
                             // BOOL32 on 7 with DRAW_VISIBLE: runs
                             std::vector<uint32_t>{packet3(pm4::SET_PREDICATION, 3), (4u << 16) | (1u << 8),
                                                   lo(kData + 8), hi(kData)} +
                             predicated_write(kData + 0x28, 3) +
                             // BOOL32 on 7, DRAW_VISIBLE clear: discarded; then cleared: runs
                             std::vector<uint32_t>{packet3(pm4::SET_PREDICATION, 3), 4u << 16, lo(kData + 8),
                                                   hi(kData)} +
                             predicated_write(kData + 0x2C, 4) +
                             std::vector<uint32_t>{packet3(pm4::SET_PREDICATION, 3), 0, 0, 0} +
                             predicated_write(kData + 0x30, 5);
  ExecResult r = run_ib(*gfx, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 0x20), 0u);
  EXPECT_EQ(dword(kData + 0x24), 2u);
  EXPECT_EQ(dword(kData + 0x28), 3u);
  EXPECT_EQ(dword(kData + 0x2C), 0u);
  EXPECT_EQ(dword(kData + 0x30), 5u);
  // Occlusion-query predication needs the graphics pipeline; compute queues have no SET_PREDICATION.
  EXPECT_EQ(run_ib(*gfx, kIb, {packet3(pm4::SET_PREDICATION, 3), 1u << 16, lo(kData), hi(kData)}).status,
            ExecStatus::IllegalPacket);
  auto compute = engine(RingType::Compute);
  EXPECT_EQ(run_ib(*compute, kIb, {packet3(pm4::SET_PREDICATION, 3), 0, 0, 0}).status, ExecStatus::IllegalPacket);
}

TEST_P(Pm4Test, GfxStatePacketsOnGfxOnly) {
  auto gfx = engine(RingType::Gfx);
  // The kernel's GFX preamble: CONTEXT_CONTROL, PREAMBLE_CNTL around CLEAR_STATE, PFP_SYNC_ME.
  std::vector<uint32_t> ib = {packet3(pm4::SET_CONTEXT_REG, 2), 0x10, 7,
                              packet3(pm4::CONTEXT_CONTROL, 2), 0x80000000, 0x80000000,
                              packet3(pm4::PREAMBLE_CNTL, 1), 2u << 28,
                              packet3(pm4::CLEAR_STATE, 1), 0,
                              packet3(pm4::PREAMBLE_CNTL, 1), 3u << 28,
                              packet3(pm4::PFP_SYNC_ME, 1), 0};
  ExecResult r = run_ib(*gfx, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(*regs(*gfx).slot(0xA010), 0u) << "CLEAR_STATE resets the context registers";
  auto compute = engine(RingType::Compute);
  for (uint8_t op : {pm4::CONTEXT_CONTROL, pm4::CLEAR_STATE, pm4::PREAMBLE_CNTL, pm4::PFP_SYNC_ME}) {
    r = run_ib(*compute, kIb, {packet3(op, 2), 0x80000000, 0x80000000});
    EXPECT_EQ(r.status, ExecStatus::IllegalPacket) << int(op);
    EXPECT_NE(r.diagnostic.find("compute queue"), std::string::npos) << r.diagnostic;
  }
  // gfx10 CLEAR_STATE push/pop forms are refused by name.
  r = run_ib(*gfx, kIb, {packet3(pm4::CLEAR_STATE, 1), 1});
  EXPECT_EQ(r.status, gfx9() ? ExecStatus::Completed : ExecStatus::IllegalPacket) << r.diagnostic;
}

TEST_P(Pm4Test, CondWriteWritesWhenTheCompareHolds) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    put(kData, {5});
    std::vector<uint32_t> ib = {
        // memory == 5 -> write memory
        packet3(pm4::COND_WRITE, 8), 3u | (1u << 4) | (1u << 8), lo(kData), hi(kData), 5, 0xFF, lo(kData + 0x10),
        hi(kData), 0x11,
        // memory > 5 fails -> nothing
        packet3(pm4::COND_WRITE, 8), 6u | (1u << 4) | (1u << 8), lo(kData), hi(kData), 5, 0xFF, lo(kData + 0x14),
        hi(kData), 0x22,
        // memory != 0 -> register
        packet3(pm4::COND_WRITE, 8), 4u | (1u << 4), lo(kData), hi(kData), 0, 0xFFFFFFFF,
        spec::reg::SCRATCH_REG0, 0, 0x33};
    ExecResult r = run_ib(*cp, kIb, ib);
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(dword(kData + 0x10), 0x11u);
    EXPECT_EQ(dword(kData + 0x14), 0u);
    EXPECT_EQ(*regs(*cp).slot(spec::reg::SCRATCH_REG0), 0x33u);
    // The gfx9 7-dword form is short by one.
    EXPECT_EQ(run_ib(*cp, kIb, {packet3(pm4::COND_WRITE, 7), 3u, 0, 0, 0, 0, 0, 0}).status, ExecStatus::IllegalPacket);
  }
}

TEST_P(Pm4Test, WaitRegMem64ComparesAllBits) {
  auto cp = engine(RingType::Compute);
  put(kData, {0x1, 0x2});
  std::vector<uint32_t> ib = {packet3(pm4::WAIT_REG_MEM64, 8), 3u | (1u << 4), lo(kData), hi(kData), 1, 2,
                              0xFFFFFFFF, 0xFFFFFFFF, 4};
  ExecResult r = run_ib(*cp, kIb, ib + write_dword(kData + 8, 1));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 8), 1u);
  // A high half that never matches waits until the job is stopped.
  uint64_t budget = 1000;
  ExecEnv env{vm, 1, cancel, &budget};
  put(kIb, {packet3(pm4::WAIT_REG_MEM64, 8), 3u | (1u << 4), lo(kData), hi(kData), 1, 3, 0xFFFFFFFF, 0xFFFFFFFF, 4});
  r = cp->execute(env, kIb, 9);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_NE(r.diagnostic.find("budget exhausted"), std::string::npos) << r.diagnostic;
}

TEST_P(Pm4Test, DispatchIsValidatedAndLatched) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    // A zero-sized grid launches nothing and completes; its dimensions are latched.
    ExecResult r = run_ib(*cp, kIb, {packet3(pm4::DISPATCH_DIRECT, 4), 0, 1, 1, 1});
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_DISPATCH_INITIATOR), 1u);
    // The registers still hold their power-on zeros: a workgroup of no work-items launches no wave
    // (dispatch_test.cpp runs real shaders).
    r = run_ib(*cp, kIb, {packet3(pm4::DISPATCH_DIRECT, 4), 4, 2, 1, 1});
    EXPECT_EQ(r.status, ExecStatus::ShaderFault) << r.diagnostic;
    EXPECT_NE(r.diagnostic.find("DISPATCH_DIRECT"), std::string::npos) << r.diagnostic;
    EXPECT_EQ(*regs(*cp).slot(spec::reg::COMPUTE_DIM_X), 4u);
    r = run_ib(*cp, kIb, {packet3(pm4::DISPATCH_DIRECT, 4), 4, 2, 1, 0});
    EXPECT_NE(r.diagnostic.find("COMPUTE_SHADER_EN"), std::string::npos) << r.diagnostic;
  }
  // Indirect: MEC form with the address inline; GFX form from SET_BASE index 1.
  put(kData, {0, 1, 1, 3, 3, 3});
  auto compute = engine(RingType::Compute);
  ExecResult r = run_ib(*compute, kIb, {packet3(pm4::DISPATCH_INDIRECT, 3), lo(kData), hi(kData), 1});
  EXPECT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  r = run_ib(*compute, kIb, {packet3(pm4::DISPATCH_INDIRECT, 3), lo(kData + 12), hi(kData), 1});
  EXPECT_NE(r.diagnostic.find("DISPATCH_INDIRECT"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(*regs(*compute).slot(spec::reg::COMPUTE_DIM_X), 3u);
  EXPECT_EQ(run_ib(*compute, kIb, {packet3(pm4::DISPATCH_INDIRECT, 2), lo(kData), 1}).status,
            ExecStatus::IllegalPacket);
  r = run_ib(*compute, kIb, {packet3(pm4::DISPATCH_INDIRECT, 3), lo(0x6000000), 0, 1});
  EXPECT_EQ(r.status, ExecStatus::VmFault);
  auto gfx = engine(RingType::Gfx);
  r = run_ib(*gfx, kIb, {packet3(pm4::SET_BASE, 3), 1, lo(kData), hi(kData), packet3(pm4::DISPATCH_INDIRECT, 2), 12, 1});
  EXPECT_NE(r.diagnostic.find("DISPATCH_INDIRECT"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(*regs(*gfx).slot(spec::reg::COMPUTE_DIM_X), 3u);
}

TEST_P(Pm4Test, DrawAndQueueManagementPacketsAreRefusedByName) {
  auto gfx = engine(RingType::Gfx);
  ExecResult r = run_ib(*gfx, kIb, {packet3(pm4::DRAW_INDEX_AUTO, 2), 3, 2});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_NE(r.diagnostic.find("DRAW_INDEX_AUTO"), std::string::npos) << r.diagnostic;
  EXPECT_NE(r.diagnostic.find("graphics pipeline"), std::string::npos) << r.diagnostic;
  auto compute = engine(RingType::Compute);
  r = run_ib(*compute, kIb, {packet3(pm4::INVALIDATE_TLBS, 1), 0});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_NE(r.diagnostic.find("INVALIDATE_TLBS"), std::string::npos) << r.diagnostic;
}

// MEM_SEMAPHORE as radeon's cik_semaphore_ring_emit writes it: address lo, address hi [15:0] with the controls.
std::vector<uint32_t> semaphore(uint64_t va, uint32_t sem_sel, uint32_t extra = 0) {
  return {packet3(pm4::MEM_SEMAPHORE, 2), lo(va), (hi(va) & 0xFFFF) | (sem_sel << 29) | extra};
}
std::vector<uint32_t> signal(uint64_t va) { return semaphore(va, 6); }
std::vector<uint32_t> signal_one(uint64_t va) { return semaphore(va, 6, 1u << 20); }
std::vector<uint32_t> wait_on(uint64_t va) { return semaphore(va, 7); }

TEST_P(Pm4Test, MemSemaphoreSignalAddsOrWritesOneAndWaitTakesOne) {
  for (RingType t : kQueues) {
    auto cp = engine(t);
    put(kData, {0, 0});
    ExecResult r = run_ib(*cp, kIb, signal(kData) + signal(kData) + wait_on(kData));
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(qword(kData), 1u);
    // SIGNAL_TYPE 1 stores one, whatever the count was.
    put(kData, {5, 0});
    r = run_ib(*cp, kIb, signal_one(kData));
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(qword(kData), 1u);
    // The counter is 64 bits wide: a wait borrows across the halves; a signal carries into the high half.
    put(kData, {0, 1, 0xFFFFFFFF, 0});
    r = run_ib(*cp, kIb, wait_on(kData) + signal(kData + 8));
    ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
    EXPECT_EQ(qword(kData), 0xFFFFFFFFu);
    EXPECT_EQ(qword(kData + 8), uint64_t{1} << 32);
  }
}

TEST_P(Pm4Test, MemSemaphoreEachSignalReleasesOneWait) {
  auto cp = engine(RingType::Compute);
  put(kData, {1, 0});
  put(kIb, wait_on(kData) + wait_on(kData) + write_dword(kData + 0x10, 1));
  uint64_t budget = 1000;
  ExecEnv env{vm, 1, cancel, &budget};
  ExecResult r = cp->execute(env, kIb, 11);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_NE(r.diagnostic.find("budget exhausted"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(r.dwords, 6u) << "the second wait never finished";
  EXPECT_EQ(qword(kData), 0u);
  EXPECT_EQ(dword(kData + 0x10), 0u);
}

TEST_P(Pm4Test, MemSemaphoreWaitIsReleasedByAnotherQueueAndByTheCpu) {
  auto compute = engine(RingType::Compute);
  auto gfx = engine(RingType::Gfx);
  put(kData, {0, 0});
  ExecResult waited;
  std::thread waiter([&] { waited = run_ib(*compute, kIb, wait_on(kData) + write_dword(kData + 0x10, 1)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(dword(kData + 0x10), 0u) << "the wait holds while the count is zero";
  ExecResult r = run_ib(*gfx, kIb2, signal(kData));
  waiter.join();
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  ASSERT_EQ(waited.status, ExecStatus::Completed) << waited.diagnostic;
  EXPECT_EQ(dword(kData + 0x10), 1u);
  EXPECT_EQ(qword(kData), 0u);

  std::thread cpu([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::atomic_ref<uint64_t>(*reinterpret_cast<uint64_t*>(host(kData))).fetch_add(2);
  });
  r = run_ib(*compute, kIb, wait_on(kData) + write_dword(kData + 0x14, 1));
  cpu.join();
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 0x14), 1u);
  EXPECT_EQ(qword(kData), 1u);
}

TEST_P(Pm4Test, MemSemaphoreWaitThatIsNeverSignalledIsCancelled) {
  auto cp = engine(RingType::Gfx);
  put(kData, {0, 0});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cancel = true;
  });
  ExecResult r = run_ib(*cp, kIb, wait_on(kData) + write_dword(kData + 0x10, 1));
  canceller.join();
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_NE(r.diagnostic.find("MEM_SEMAPHORE"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(dword(kData + 0x10), 0u);
}

TEST_P(Pm4Test, MemSemaphoreFormsThatAreNotModelledAreRefused) {
  auto cp = engine(RingType::Compute);
  put(kData, {3, 0});
  struct Case {
    std::vector<uint32_t> ib;
    const char* says;
  };
  for (const Case& c : {Case{semaphore(kData, 6, 1u << 16), "USE_MAILBOX"},
                        Case{semaphore(kData, 7, 1u << 16), "USE_MAILBOX"},
                        Case{semaphore(kData, 6, 1u << 24), "CLIENT_CODE 1"},
                        Case{semaphore(kData, 7, 2u << 24), "CLIENT_CODE 2"}, Case{semaphore(kData, 0), "SEM_SEL 0"},
                        Case{semaphore(kData, 5), "SEM_SEL 5"}}) {
    ExecResult r = run_ib(*cp, kIb, c.ib);
    EXPECT_EQ(r.status, ExecStatus::IllegalPacket) << c.says;
    EXPECT_NE(r.diagnostic.find("MEM_SEMAPHORE"), std::string::npos) << r.diagnostic;
    EXPECT_NE(r.diagnostic.find(c.says), std::string::npos) << r.diagnostic;
    EXPECT_EQ(qword(kData), 3u);
  }
  // A counter on an unmapped page, or on a read-only one, faults.
  EXPECT_EQ(run_ib(*cp, kIb, signal(0x6000000)).status, ExecStatus::VmFault);
  map(0x6000000, kPage, kPageReadable);
  ExecResult r = run_ib(*cp, kIb, signal(0x6000000));
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->access, kWrite);
}

TEST_P(Pm4Test, ConstantEngineIbLoadsAndDumpsCeRam) {
  auto gfx = engine(RingType::Gfx);
  put(kData, {0xA, 0xB, 0xC, 0xD});
  std::vector<uint32_t> ce_ib = {packet3(pm4::LOAD_CONST_RAM, 4), lo(kData), hi(kData), 4, 0x100,
                                 packet3(pm4::WRITE_CONST_RAM, 2), 0x104, 0xEE,
                                 packet3(pm4::DUMP_CONST_RAM, 4), 0x100, 4, lo(kData + 0x40), hi(kData),
                                 packet3(pm4::INCREMENT_CE_COUNTER, 1), 1};
  put(kIb, ce_ib);
  ExecEnv env{vm, 1, cancel, nullptr, true};
  ExecResult r = gfx->execute(env, kIb, static_cast<uint32_t>(ce_ib.size()));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kData + 0x40), 0xAu);
  EXPECT_EQ(dword(kData + 0x44), 0xEEu);
  EXPECT_EQ(dword(kData + 0x4C), 0xDu);
  // The DE waits on the CE counter the CE IB incremented, then counts itself.
  r = run_ib(*gfx, kIb2, {packet3(pm4::WAIT_ON_CE_COUNTER, 1), 0, packet3(pm4::INCREMENT_DE_COUNTER, 1), 0});
  EXPECT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  // CE packets in a DE IB, DE packets in a CE IB, CE RAM overruns, and a CE IB on compute are refused.
  EXPECT_EQ(run_ib(*gfx, kIb2, {packet3(pm4::WRITE_CONST_RAM, 2), 0, 1}).status, ExecStatus::IllegalPacket);
  put(kIb2, write_dword(kData, 1));
  EXPECT_EQ(gfx->execute(env, kIb2, 5).status, ExecStatus::IllegalPacket);
  put(kIb2, {packet3(pm4::WRITE_CONST_RAM, 3), personality().dev_info.ce_ram_size - 4, 1, 2});
  EXPECT_EQ(gfx->execute(env, kIb2, 4).status, ExecStatus::IllegalPacket);
  auto compute = engine(RingType::Compute);
  EXPECT_EQ(compute->execute(env, kIb2, 3).status, ExecStatus::IllegalPacket);
  // A second DE wait finds the CE behind and hangs until stopped.
  uint64_t budget = 100;
  ExecEnv de{vm, 1, cancel, &budget};
  put(kIb2, {packet3(pm4::WAIT_ON_CE_COUNTER, 1), 0});
  EXPECT_EQ(gfx->execute(de, kIb2, 2).status, ExecStatus::Cancelled);
}

TEST_P(Pm4Test, BudgetStopsLongStreamsAndPolls) {
  auto cp = engine(RingType::Compute);
  // Every packet takes a unit: three NOPs fit a budget of three, not of two.
  std::vector<uint32_t> nops = {pm4::kNopPad, pm4::kNopPad, pm4::kNopPad};
  put(kIb, nops);
  uint64_t budget = 3;
  ExecEnv env{vm, 1, cancel, &budget};
  EXPECT_EQ(cp->execute(env, kIb, 3).status, ExecStatus::Completed);
  EXPECT_EQ(budget, 0u);
  budget = 2;
  ExecResult r = cp->execute(env, kIb, 3);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_EQ(r.diagnostic, "budget exhausted at IB+0x8");
  // A chain loop and a poll that never succeeds end when the budget does, without a watchdog.
  put(kIb, {packet3(pm4::INDIRECT_BUFFER, 3), lo(kIb), hi(kIb), 4u | (1u << 20)});
  budget = 10000;
  EXPECT_EQ(cp->execute(env, kIb, 4).status, ExecStatus::Cancelled);
  put(kIb, {packet3(pm4::WAIT_REG_MEM, 6), 4u | (1u << 4), lo(kData + 0x100), hi(kData), 0, 0xFFFFFFFF, 4});
  budget = 10000;
  r = cp->execute(env, kIb, 7);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_NE(r.diagnostic.find("budget exhausted"), std::string::npos);
  EXPECT_EQ(budget, 0u);
}

TEST(Pm4Tables, PacketsAndRegistersPerGeneration) {
  using spec::GfxLevel;
  ASSERT_NE(pm4::find_packet(0x49), nullptr);
  EXPECT_EQ(pm4::find_packet(0x49)->name, "RELEASE_MEM");
  EXPECT_EQ(pm4::find_packet(pm4::ACQUIRE_MEM)->min_body(GfxLevel::Gfx9), 6);
  EXPECT_EQ(pm4::find_packet(pm4::ACQUIRE_MEM)->min_body(GfxLevel::Gfx10_3), 7);
  EXPECT_EQ(pm4::find_packet(0xF2), nullptr);
  EXPECT_FALSE(pm4::find_packet(pm4::EVENT_WRITE_EOP)->valid_on(GfxLevel::Gfx9));
  EXPECT_EQ(pm4::packet_fields(pm4::ACQUIRE_MEM, GfxLevel::Gfx10_3).back().name, "GCR_CNTL");
  EXPECT_EQ(spec::reg::find_register(0x2E28, GfxLevel::Gfx9)->name, "COMPUTE_STATIC_THREAD_MGMT_SE7");
  EXPECT_EQ(spec::reg::find_register(0x2E28, GfxLevel::Gfx10_3)->name, "COMPUTE_PGM_RSRC3");
  EXPECT_EQ(spec::reg::find_space(0x2E40)->name, "SH");
  EXPECT_EQ(spec::reg::find_space(0x1000), nullptr);
  EXPECT_EQ(pm4::release_mem::DATA_SEL.put(2), 2u << 29);
  EXPECT_EQ(pm4::write_data::DST_ADDR_LO.mask(), 0xFFFFFFFCu);
  // MEM_SEMAPHORE: two body dwords, the controls beside address bits [47:32] (cikd.h / soc15d.h / nvd.h).
  EXPECT_EQ(pm4::find_packet(pm4::MEM_SEMAPHORE)->min_body(GfxLevel::Gfx9), 2);
  EXPECT_EQ(pm4::mem_semaphore::SEM_SEL.put(7), 7u << 29);
  EXPECT_EQ(pm4::mem_semaphore::ADDR_HI.mask(), 0xFFFFu);
  EXPECT_EQ(pm4::mem_semaphore::ADDR_LO.mask(), 0xFFFFFFF8u);
  EXPECT_EQ(pm4::mem_semaphore::CLIENT_CODE.put(2), 2u << 24);
}

INSTANTIATE_TEST_SUITE_P(Personalities, Pm4Test, ::testing::Values("gfx900", "gfx1030"), personality_name);

}  // namespace
}  // namespace sporkle::sim::gpu::testing
