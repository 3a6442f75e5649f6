// Packet builders: encodings checked against values the kernel itself emits (soc15d.h / nvd.h / sdma headers)
// and against spec/'s field tables, splitting at the per-packet limits, and malformed requests refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "sporkle/error.h"
#include "sporkle/pm4_stream.h"
#include "sporkle/sdma_stream.h"
#include "sporkle/spec/sdma.h"

namespace sporkle {
namespace {

namespace pm4 = spec::pm4;
namespace sdma = spec::sdma;
using spec::GfxLevel;

uint64_t addr(uint32_t lo, uint32_t hi) { return (uint64_t{hi} << 32) | lo; }

TEST(Pm4Stream, WriteDataMatchesTheKernelsEncoding) {
  Pm4Stream s(GfxLevel::Gfx9, Ip::Gfx);
  s.write_data(0x123456780, {0xDEADBEEF, 7});
  // PACKET3(WRITE_DATA, 4); WRITE_DATA_DST_SEL(5) | WR_CONFIRM; address; data.
  const std::vector<uint32_t> want{0xC0043700, 0x00100500, 0x23456780, 0x1, 0xDEADBEEF, 7};
  EXPECT_EQ(std::vector<uint32_t>(s.dwords().begin(), s.dwords().end()), want);
}

TEST(Pm4Stream, LongWritesSplitIntoPackets) {
  Pm4Stream s(GfxLevel::Gfx10_3, Ip::Compute);
  std::vector<uint32_t> data(20000, 1);
  s.write_data(0x1000, data);
  const uint32_t* p = s.dwords().data();
  size_t total = 0, packets = 0;
  uint64_t expect_va = 0x1000;
  for (size_t at = 0; at < s.size_dw(); ++packets) {
    ASSERT_EQ(pm4::packet_opcode(p[at]), pm4::WRITE_DATA);
    const uint32_t body = pm4::packet_count(p[at]) + 1;
    EXPECT_EQ(addr(p[at + 2], p[at + 3]), expect_va);
    const size_t n = body - 3;
    total += n;
    expect_va += n * 4;
    at += 1 + body;
  }
  EXPECT_EQ(total, data.size());
  EXPECT_EQ(packets, 2u);
}

TEST(Pm4Stream, FenceWriteIsTheKernelsReleaseMem) {
  Pm4Stream s9(GfxLevel::Gfx9, Ip::Compute);
  s9.fence_write(0x8000, 0x1234, false);
  const uint32_t* p = s9.dwords().data();
  ASSERT_EQ(s9.size_dw(), 8u);
  EXPECT_EQ(p[0], 0xC0064900u);  // PACKET3(RELEASE_MEM, 6)
  // EOP_TCL1 | EOP_TC | EOP_TC_WB | EOP_TC_MD actions, CACHE_FLUSH_AND_INV_TS_EVENT (0x14), EVENT_INDEX(5).
  EXPECT_EQ(p[1], (1u << 16) | (1u << 17) | (1u << 15) | (1u << 21) | 0x14u | (5u << 8));
  EXPECT_EQ(p[2], 1u << 29);  // DATA_SEL(1): 32 bits, no interrupt
  EXPECT_EQ(addr(p[3], p[4]), 0x8000u);
  EXPECT_EQ(p[5], 0x1234u);

  Pm4Stream s10(GfxLevel::Gfx10_3, Ip::Gfx);
  s10.fence_write(0x8000, 0x1122334455667788, true);
  p = s10.dwords().data();
  // GCR_SEQ | GL2_WB | GLM_INV | GLM_WB | CACHE_POLICY(3) | event | EVENT_INDEX(5).
  EXPECT_EQ(p[1], (1u << 22) | (1u << 21) | (1u << 13) | (1u << 12) | (3u << 25) | 0x14u | (5u << 8));
  EXPECT_EQ(p[2], 2u << 29);
  EXPECT_EQ(addr(p[5], p[6]), 0x1122334455667788u);
  EXPECT_THROW(s10.fence_write(0x8004, 1, true), Error);  // 64-bit data needs 8-byte alignment
}

// cik_semaphore_ring_emit's layout: PACKET3(MEM_SEMAPHORE, 1), address [31:3], then address [47:32] with
// SEM_SEL in [31:29] (6 signal, 7 wait) and SIGNAL_TYPE in bit 20 (1 = write one instead of increment).
TEST(Pm4Stream, MemSemaphoreSignalAndWait) {
  Pm4Stream s(GfxLevel::Gfx9, Ip::Compute);
  s.mem_semaphore_signal(0x123456789008).mem_semaphore_signal(0x10, true).mem_semaphore_wait(0x20);
  const std::vector<uint32_t> expect = {0xC0013900u, 0x56789008u, 0xC0001234u,  // signal, increment
                                        0xC0013900u, 0x10u, 6u << 29 | 1u << 20,  // signal, write one
                                        0xC0013900u, 0x20u, 7u << 29};            // wait
  EXPECT_EQ(std::vector<uint32_t>(s.dwords().begin(), s.dwords().end()), expect);
}

TEST(Pm4Stream, CacheFlushIsTheKernelsMemSync) {
  Pm4Stream s9(GfxLevel::Gfx9, Ip::Compute);
  s9.cache_flush();
  const uint32_t* p = s9.dwords().data();
  ASSERT_EQ(s9.size_dw(), 7u);
  EXPECT_EQ(p[0], 0xC0055800u);  // PACKET3(ACQUIRE_MEM, 5)
  EXPECT_EQ(p[1], (1u << 29) | (1u << 27) | (1u << 23) | (1u << 18) | (1u << 22));
  EXPECT_EQ(p[2], 0xFFFFFFFFu);
  EXPECT_EQ(p[6], 10u);

  Pm4Stream s10(GfxLevel::Gfx10_3, Ip::Compute);
  s10.cache_flush();
  p = s10.dwords().data();
  ASSERT_EQ(s10.size_dw(), 8u);
  EXPECT_EQ(p[0], 0xC0065800u);
  EXPECT_EQ(p[1], 0u);
  // GL2_INV | GL2_WB | GLM_INV | GLM_WB | GL1_INV | GLV_INV | GLK_INV | GLI_INV(1).
  EXPECT_EQ(p[7], (1u << 14) | (1u << 15) | (1u << 5) | (1u << 4) | (1u << 9) | (1u << 8) | (1u << 7) | 1u);
}

TEST(Pm4Stream, SetShRegAndDispatch) {
  Pm4Stream s(GfxLevel::Gfx9, Ip::Compute);
  s.set_sh_reg(spec::reg::COMPUTE_USER_DATA_0, {1, 2});
  s.dispatch_direct(4, 5, 6, 1);
  const uint32_t* p = s.dwords().data();
  EXPECT_EQ(pm4::packet_opcode(p[0]), pm4::SET_SH_REG);
  EXPECT_EQ(pm4::HEADER_SHADER_TYPE.get(p[0]), 1u);
  EXPECT_EQ(p[1], 0x240u);  // COMPUTE_USER_DATA_0 (0x2E40) - SH space start (0x2C00)
  EXPECT_EQ(p[2], 1u);
  EXPECT_EQ(p[3], 2u);
  EXPECT_EQ(pm4::packet_opcode(p[4]), pm4::DISPATCH_DIRECT);
  EXPECT_EQ(pm4::packet_count(p[4]), 3u);
  EXPECT_EQ(p[5], 4u);
  EXPECT_EQ(p[8], 1u);
  EXPECT_THROW(s.set_sh_reg(spec::reg::SCRATCH_REG0, {1}), Error);
  EXPECT_THROW(s.set_sh_reg(0x2FFF, {1, 2}), Error);
}

TEST(Pm4Stream, DispatchSetupWritesTheComputeRegisters) {
  for (GfxLevel level : {GfxLevel::Gfx9, GfxLevel::Gfx10_3}) {
    Pm4Stream s(level, Ip::Compute);
    const uint32_t user[] = {0xAA, 0xBB};
    s.dispatch_setup({.program_va = 0x12345600, .rsrc1 = 0x11, .rsrc2 = 0x22, .rsrc3 = 0x33, .threads_x = 64,
                      .user_data = user});
    // Replay the SET_SH_REG packets into a register file.
    std::vector<uint32_t> regs(0x400, 0xFFFFFFFF);
    std::vector<bool> written(0x400);
    const uint32_t* p = s.dwords().data();
    for (size_t at = 0; at < s.size_dw();) {
      ASSERT_EQ(pm4::packet_opcode(p[at]), pm4::SET_SH_REG);
      const uint32_t body = pm4::packet_count(p[at]) + 1;
      const uint32_t first = pm4::set_reg::REG_OFFSET.get(p[at + 1]);
      for (uint32_t i = 0; i + 1 < body; ++i) {
        regs[first + i] = p[at + 2 + i];
        written[first + i] = true;
      }
      at += 1 + body;
    }
    auto reg = [&](uint32_t r) { return regs[r - spec::reg::kShSpace.start]; };
    EXPECT_EQ(reg(spec::reg::COMPUTE_PGM_LO), 0x123456u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_PGM_HI), 0u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_PGM_RSRC1), 0x11u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_PGM_RSRC2), 0x22u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_NUM_THREAD_X), 64u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_NUM_THREAD_X + 1), 1u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_START_X), 0u);
    EXPECT_EQ(reg(spec::reg::COMPUTE_USER_DATA_0), 0xAAu);
    EXPECT_EQ(reg(spec::reg::COMPUTE_USER_DATA_0 + 1), 0xBBu);
    EXPECT_EQ(reg(spec::reg::COMPUTE_STATIC_THREAD_MGMT_SE0), 0xFFFFFFFFu);
    EXPECT_EQ(written[spec::reg::COMPUTE_PGM_RSRC3 - spec::reg::kShSpace.start], level == GfxLevel::Gfx10_3);
  }
}

TEST(Pm4Stream, DmaDataSplitsAtByteCountLimit) {
  Pm4Stream s(GfxLevel::Gfx9, Ip::Compute);
  const uint64_t limit = pm4::dma_data::BYTE_COUNT.mask() >> pm4::dma_data::BYTE_COUNT.shift;
  s.dma_copy(0x200000000, 0x100000000, limit + 100);
  ASSERT_EQ(s.size_dw(), 14u);
  const uint32_t* p = s.dwords().data();
  const uint32_t first = pm4::dma_data::BYTE_COUNT.in(p);
  EXPECT_EQ(first + pm4::dma_data::BYTE_COUNT.in(p + 7), limit + 100);
  EXPECT_EQ(addr(p[7 + 2], p[7 + 3]), 0x100000000u + first);
  EXPECT_EQ(addr(p[7 + 4], p[7 + 5]), 0x200000000u + first);
  EXPECT_EQ(pm4::dma_data::CP_SYNC.in(p), 1u);
  EXPECT_EQ(pm4::dma_data::SRC_SEL.in(p), uint32_t{pm4::dma_data::kSrcAddrTcL2});

  Pm4Stream f(GfxLevel::Gfx9, Ip::Compute);
  f.dma_fill(0x1000, 0xABCD, 64);
  EXPECT_EQ(pm4::dma_data::SRC_SEL.in(f.dwords().data()), uint32_t{pm4::dma_data::kSrcData});
  EXPECT_EQ(f.dwords()[2], 0xABCDu);
}

TEST(Pm4Stream, RefusesWhatTheQueueOrGenerationDoesNotTake) {
  EXPECT_THROW(Pm4Stream(GfxLevel::Gfx9, Ip::Dma), Error);
  EXPECT_THROW(Pm4Stream(GfxLevel::Gfx9).write_data(0x1002, {1}), Error);
  EXPECT_THROW(Pm4Stream(GfxLevel::Gfx9).wait_reg_mem(0x1001, 1), Error);
  EXPECT_THROW(Pm4Stream(GfxLevel::Gfx9).indirect_buffer(0x1000, 1u << 20), Error);
}

TEST(Pm4Stream, PaddingUsesOneDwordNops) {
  Pm4Stream s(GfxLevel::Gfx9);
  s.nop().nop(2).pad(8);
  ASSERT_EQ(s.size_dw(), 8u);
  EXPECT_EQ(s.dwords()[0], pm4::kNopPad);
  EXPECT_EQ(s.dwords()[1], 0xC0011000u);  // PACKET3(NOP, 1): two body dwords
  EXPECT_EQ(s.dwords()[7], pm4::kNopPad);
}

TEST(SdmaStream, CopyLinearSplitsAtTheVersionsLimit) {
  SdmaStream v4(4), v5(5);
  const uint64_t bytes = (uint64_t{1} << 22) + 0x1000;  // just past SDMA 4's 4 MiB per packet
  v4.copy_linear(0x200000000, 0x100000000, bytes);
  v5.copy_linear(0x200000000, 0x100000000, bytes);
  ASSERT_EQ(v4.size_dw(), 14u);
  ASSERT_EQ(v5.size_dw(), 7u);
  const uint32_t* p = v4.dwords().data();
  EXPECT_EQ(p[0], 0x00000001u);  // SDMA_OP_COPY, SDMA_SUBOP_COPY_LINEAR
  EXPECT_EQ(p[1], (1u << 22) - 1);
  EXPECT_EQ(addr(p[3], p[4]), 0x100000000u);
  EXPECT_EQ(addr(p[5], p[6]), 0x200000000u);
  EXPECT_EQ(p[7 + 1], 0x1000u - 1);
  EXPECT_EQ(addr(p[7 + 3], p[7 + 4]), 0x100000000u + (1u << 22));
  EXPECT_EQ(v5.dwords()[1], bytes - 1);
}

TEST(SdmaStream, FillWriteFencePoll) {
  SdmaStream s(4);
  s.const_fill(0x1000, 0xCAFE, 256);
  s.write_linear(0x2000, {1, 2, 3});
  s.fence(0x3000, 9);
  s.poll_regmem(0x4000, 5);
  const uint32_t* p = s.dwords().data();
  EXPECT_EQ(p[0], 0x8000000Bu);  // CONST_FILL with FILLSIZE 2 (dwords)
  EXPECT_EQ(p[3], 0xCAFEu);
  EXPECT_EQ(p[4], 255u);
  p += 5;
  EXPECT_EQ(p[0], 0x00000002u);  // WRITE_LINEAR
  EXPECT_EQ(p[3], 2u);           // data dwords - 1
  EXPECT_EQ(p[6], 3u);
  p += 7;
  EXPECT_EQ(p[0], 0x00000005u);  // FENCE
  EXPECT_EQ(addr(p[1], p[2]), 0x3000u);
  EXPECT_EQ(p[3], 9u);
  p += 4;
  EXPECT_EQ(sdma::packet_op(p[0]), sdma::POLL_REGMEM);
  EXPECT_EQ(sdma::poll_regmem::MEM_POLL.in(p), 1u);
  EXPECT_EQ(sdma::poll_regmem::FUNC.in(p), 3u);  // equal
  EXPECT_EQ(p[3], 5u);
  EXPECT_EQ(s.size_dw(), 5u + 7 + 4 + 6);
  EXPECT_THROW(s.const_fill(0x1000, 0, 6), Error);
  EXPECT_THROW(SdmaStream(3), Error);
}

}  // namespace
}  // namespace sporkle
