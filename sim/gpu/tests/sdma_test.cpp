// The SDMA engine of both personalities (v4.0 on gfx900, v5.2 on gfx1030): each packet with a result check, and
// the ways an SDMA stream goes wrong.
#include <algorithm>
#include <chrono>
#include <thread>

#include "sim/gpu/tests/engine_fixture.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/sdma.h"

namespace sporkle::sim::gpu::testing {
namespace {

namespace sdma = spec::sdma;

constexpr uint64_t kIb = 0x100000;
constexpr uint64_t kSrc = 0x400000;
constexpr uint64_t kDst = 0x1000000;
constexpr uint64_t kPage = 4096;

class SdmaTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    map(kIb, 4 * kPage);
    map(kSrc, 16 * kPage);
    map(kDst, 16 * kPage);
    engine = make_engine(personality(), RingType::Sdma);
  }
  bool v5() const { return personality().sdma_version_major >= 5; }
  std::unique_ptr<Engine> engine;
};

TEST_P(SdmaTest, CopyLinearAsAmdgpuStressSubmitsIt) {
  for (uint32_t i = 0; i < 1000; ++i) host(kSrc)[i] = static_cast<uint8_t>(i * 7);
  ExecResult r = run_ib(*engine, kIb, {0x00000001, 1000 - 1, 0, lo(kSrc), hi(kSrc), lo(kDst + 3), hi(kDst + 3)});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(std::memcmp(host(kSrc), host(kDst + 3), 1000), 0);
  EXPECT_EQ(host(kDst + 1003)[0], 0);
  EXPECT_EQ(r.dwords, 7u);
}

TEST_P(SdmaTest, CopyLinearCountWidthDependsOnTheVersion) {
  // Bit 22 of the count: beyond v4's 22-bit field, inside v5.2's 30-bit one.
  constexpr uint64_t kBig = 0x2000000;
  map(kBig, (4u << 20) + 2 * kPage);
  map(kBig + 0x1000000, (4u << 20) + 2 * kPage);
  std::memset(host(kBig), 0x5A, (4u << 20) + 16);
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::COPY), (1u << 22) | 15, 0, lo(kBig), hi(kBig),
                                       lo(kBig + 0x1000000), hi(kBig + 0x1000000)});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(host(kBig + 0x1000000)[15], 0x5A);
  EXPECT_EQ(host(kBig + 0x1000000)[16], v5() ? 0x5A : 0);
  EXPECT_EQ(host(kBig + 0x1000000)[(4u << 20) + 15], v5() ? 0x5A : 0);
}

TEST_P(SdmaTest, WriteLinear) {
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::WRITE), lo(kDst + 8), hi(kDst), 2, 7, 8, 9, 0x00000000});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst + 8), 7u);
  EXPECT_EQ(dword(kDst + 12), 8u);
  EXPECT_EQ(dword(kDst + 16), 9u);
  EXPECT_EQ(r.dwords, 8u);
}

TEST_P(SdmaTest, WriteLinearPastTheEndIsIllegal) {
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::WRITE), lo(kDst), hi(kDst), 3, 7, 8});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_EQ(dword(kDst), 0u);
}

TEST_P(SdmaTest, ConstFillDwordAndByte) {
  // IGT: SDMA_PACKET(CONST_FILL, 0, 2 << 14) is a dword fill (FILLSIZE in header bits 31:30).
  ExecResult r = run_ib(*engine, kIb, {0x8000000B, lo(kDst), hi(kDst), 0xDEADBEEF, 4096 + 8 - 1,
                                       sdma::header(sdma::CONST_FILL), lo(kDst + 0x2000), hi(kDst), 0x1234567F, 5 - 1});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 0xDEADBEEFu);
  EXPECT_EQ(dword(kDst + 4100), 0xDEADBEEFu);
  EXPECT_EQ(dword(kDst + 4104), 0u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(host(kDst + 0x2000)[i], 0x7F);
  EXPECT_EQ(host(kDst + 0x2005)[0], 0);
}

TEST_P(SdmaTest, FenceTrapAndBurstNop) {
  ExecResult r = run_ib(*engine, kIb,
                        {// a burst NOP covering three dwords that would be illegal as packets
                         sdma::header(sdma::NOP, 0, 3u << 16), 0x23DECD3D, 0xFFFFFFFF, 0x000000FF,
                         // the kernel's fence: MTYPE 3 on v5.2
                         sdma::header(sdma::FENCE, 0, 3u << 16), lo(kDst + 0x40), hi(kDst), 0x1234,
                         sdma::header(sdma::TRAP), 0, sdma::header(sdma::NOP)});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst + 0x40), 0x1234u);
}

TEST_P(SdmaTest, PollRegMemPassesWhenMemoryMatches) {
  put(kSrc, {0x5});
  std::vector<uint32_t> ib = {sdma::header(sdma::POLL_REGMEM, 0, (1u << 31) | (3u << 28)), lo(kSrc), hi(kSrc), 5,
                              0xFFFFFFFF, (0xFFFu << 16) | 10,
                              sdma::header(sdma::FENCE), lo(kDst), hi(kDst), 1};
  ExecResult r = run_ib(*engine, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 1u);
}

TEST_P(SdmaTest, PollRegMemThatNeverSucceedsIsCancelled) {
  // IGT's SDMA deadlock: poll forever (retry 0xFFF) for memory that is never written.
  std::vector<uint32_t> ib = {sdma::header(sdma::POLL_REGMEM, 0, (1u << 31) | (3u << 28)), lo(kSrc), hi(kSrc),
                              0xDEADBEEF, 0xFFFFFFFF, (0xFFFu << 16) | 10,
                              sdma::header(sdma::FENCE), lo(kDst), hi(kDst), 1};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cancel = true;
  });
  ExecResult r = run_ib(*engine, kIb, ib);
  canceller.join();
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_EQ(dword(kDst), 0u);
}

TEST_P(SdmaTest, Timestamps) {
  ExecResult r = run_ib(*engine, kIb,
                        {sdma::header(sdma::TIMESTAMP, sdma::subop::TIMESTAMP_GET_GLOBAL), lo(kDst), hi(kDst),
                         sdma::header(sdma::TIMESTAMP, sdma::subop::TIMESTAMP_SET), 0, 0x100,
                         sdma::header(sdma::TIMESTAMP, sdma::subop::TIMESTAMP_GET), lo(kDst + 8), hi(kDst)});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_NE(qword(kDst), 0u);
  EXPECT_GE(qword(kDst + 8), uint64_t{0x100} << 32);
}

TEST_P(SdmaTest, Atomic) {
  put(kDst, {10});
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::ATOMIC, 0, uint32_t{spec::pm4::tc_op::ADD_RTN_32} << 25),
                                       lo(kDst), hi(kDst), 5, 0, 0, 0, 0});
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 15u);
}

TEST_P(SdmaTest, CorruptedHeaderIsIllegal) {
  // IGT's "corrupted header" hang replaces a copy's first dword with 0x23decd3d.
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::NOP), 0x23DECD3D, 0, 0, lo(kSrc), hi(kSrc), lo(kDst), hi(kDst)});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_NE(r.diagnostic.find("IB+0x4"), std::string::npos) << r.diagnostic;
}

TEST_P(SdmaTest, PacketPastTheEndIsIllegal) {
  ExecResult r = run_ib(*engine, kIb, {0x00000001, 15, 0, lo(kSrc), hi(kSrc)});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
}

TEST_P(SdmaTest, NestedIndirectBufferIsIllegal) {
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::INDIRECT), lo(kIb + 0x100), hi(kIb), 8, 0, 0});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
}

TEST_P(SdmaTest, CopyToUnmappedMemoryFaultsAtTheFirstMissingByte) {
  ExecResult r = run_ib(*engine, kIb, {0x00000001, 2 * 4096 - 1, 0, lo(kSrc), hi(kSrc), lo(kDst + 15 * kPage),
                                       hi(kDst)});
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->va, kDst + 16 * kPage);
  EXPECT_EQ(r.fault->access, kWrite);
  EXPECT_EQ(r.fault->unit, Unit::Sdma);
}

// COPY_LINEAR packets of `chunk` bytes covering [src, src + n) to [dst, dst + n), each continuing the last, as
// drivers split a copy at the byte-count limit.
std::vector<uint32_t> copy_run(uint64_t src, uint64_t dst, uint32_t n, uint32_t chunk) {
  std::vector<uint32_t> ib;
  for (uint32_t done = 0; done < n; done += chunk) {
    uint32_t len = std::min(chunk, n - done);
    ib.insert(ib.end(), {sdma::header(sdma::COPY), len - 1, 0, lo(src + done), hi(src + done), lo(dst + done),
                         hi(dst + done)});
  }
  return ib;
}

TEST_P(SdmaTest, ARunOfCopiesEndsAsThePacketsOneByOneWould) {
  auto fill = [&] {
    for (uint32_t i = 0; i < 16 * kPage; ++i) host(kSrc)[i] = static_cast<uint8_t>(i * 7 + i / 251);
    std::memset(host(kDst), 0, 16 * kPage);
  };
  // Separate source and destination.
  fill();
  ExecResult r = run_ib(*engine, kIb, copy_run(kSrc + 5, kDst + 3, 40000, 3000));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(std::memcmp(host(kSrc + 5), host(kDst + 3), 40000), 0);
  EXPECT_EQ(host(kDst + 40003)[0], 0);
  EXPECT_EQ(r.dwords, 14u * 7);
  // A destination overlapping the source ahead of it: each packet reads what the ones before it wrote.
  fill();
  std::vector<uint8_t> expected(host(kSrc), host(kSrc) + 16 * kPage);
  for (uint32_t done = 0; done < 40000; done += 3000)
    std::memmove(expected.data() + 1000 + done, expected.data() + done, std::min(3000u, 40000 - done));
  r = run_ib(*engine, kIb, copy_run(kSrc, kSrc + 1000, 40000, 3000));
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(std::memcmp(host(kSrc), expected.data(), expected.size()), 0);
}

TEST_P(SdmaTest, ACopyOverTheNextPacketChangesWhatRunsNext) {
  // The first copy continues into the second packet's place in the IB and puts a FENCE there: the FENCE runs.
  std::vector<uint32_t> ib = copy_run(kSrc, kIb + 28, 56, 28);
  put(kSrc, {sdma::header(sdma::FENCE), lo(kDst), hi(kDst), 0x600D, 0, 0, 0});
  ExecResult r = run_ib(*engine, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 0x600Du);
}

TEST_P(SdmaTest, ARunOfCopiesStopsWhereItsPacketsWould) {
  // The budget runs out at the third packet: two copies happened.
  put(kIb, copy_run(kSrc, kDst, 4 * 4096, 4096));
  std::memset(host(kSrc), 0x11, 4 * kPage);
  uint64_t budget = 2;
  ExecEnv env{vm, 1, cancel, &budget};
  ExecResult r = engine->execute(env, kIb, 28);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_EQ(r.diagnostic, "budget exhausted at IB+0x38");
  EXPECT_EQ(host(kDst + 2 * kPage - 1)[0], 0x11);
  EXPECT_EQ(host(kDst + 2 * kPage)[0], 0);
  // The third packet's destination runs off the mapping: the first two complete, the third faults where it would.
  r = run_ib(*engine, kIb, copy_run(kSrc, kDst + 14 * kPage, 4 * 4096, 4096));
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->va, kDst + 16 * kPage);
  EXPECT_NE(r.diagnostic.find("IB+0x38"), std::string::npos) << r.diagnostic;
  EXPECT_EQ(host(kDst + 16 * kPage - 1)[0], 0x11);
}

TEST_P(SdmaTest, IbBaseIsTruncatedTo32Bytes) {
  // The kernel's ring INDIRECT packet drops the base's low five bits, so the engine starts at kIb.
  put(kIb, {sdma::header(sdma::FENCE), lo(kDst), hi(kDst), 0x77});
  ExecResult r = run(*engine, kIb + 8, 4);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 0x77u);
}

TEST_P(SdmaTest, UnmappedIbIsAReadFault) {
  ExecResult r = run(*engine, 0x7000000, 8);
  ASSERT_EQ(r.status, ExecStatus::VmFault);
  EXPECT_EQ(r.fault->va, 0x7000000u);
  EXPECT_EQ(r.fault->access, kRead);
}

TEST_P(SdmaTest, CondExeRunsTheNextDwordsOnlyWhenTheValueMatches) {
  put(kSrc, {1, 2});
  std::vector<uint32_t> fence_a = {sdma::header(sdma::FENCE), lo(kDst), hi(kDst), 0xA};
  std::vector<uint32_t> fence_b = {sdma::header(sdma::FENCE), lo(kDst + 4), hi(kDst), 0xB};
  // The kernel's form: reference 1. *kSrc == 1 runs fence_a; *kSrc+4 == 2 != 1 skips fence_b.
  std::vector<uint32_t> ib = {sdma::header(sdma::COND_EXE), lo(kSrc), hi(kSrc), 1, 4};
  ib.insert(ib.end(), fence_a.begin(), fence_a.end());
  for (uint32_t d : {sdma::header(sdma::COND_EXE), lo(kSrc + 4), hi(kSrc), 1u, 4u}) ib.push_back(d);
  ib.insert(ib.end(), fence_b.begin(), fence_b.end());
  ExecResult r = run_ib(*engine, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 0xAu);
  EXPECT_EQ(dword(kDst + 4), 0u);
  r = run_ib(*engine, kIb, {sdma::header(sdma::COND_EXE), lo(kSrc + 4), hi(kSrc), 1, 8});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  r = run_ib(*engine, kIb, {sdma::header(sdma::COND_EXE), lo(0x7000000), 0, 1, 0});
  EXPECT_EQ(r.status, ExecStatus::VmFault);
}

TEST_P(SdmaTest, PreExeSkipsForOtherDevices) {
  std::vector<uint32_t> ib = {sdma::header(sdma::PRE_EXE, 0, 2u << 16), 4, sdma::header(sdma::FENCE), lo(kDst),
                              hi(kDst), 0xA, sdma::header(sdma::PRE_EXE, 0, 1u << 16), 4,
                              sdma::header(sdma::FENCE), lo(kDst + 4), hi(kDst), 0xB};
  ExecResult r = run_ib(*engine, kIb, ib);
  ASSERT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  EXPECT_EQ(dword(kDst), 0u);
  EXPECT_EQ(dword(kDst + 4), 0xBu);
}

TEST_P(SdmaTest, RegisterPollsAndWrites) {
  // The kernel's HDP flush (register form with HDP_FLUSH) completes: host memory is coherent.
  uint32_t hdp = sdma::header(sdma::POLL_REGMEM, 0, (1u << 26) | (3u << 28));
  ExecResult r = run_ib(*engine, kIb, {hdp, 0x5480 << 2, 0x5484 << 2, 1, 1, (0xFFFu << 16) | 10});
  EXPECT_EQ(r.status, ExecStatus::Completed) << r.diagnostic;
  // Other register polls are refused by name; SRBM_WRITE is the kernel's and faults as a register access.
  r = run_ib(*engine, kIb, {sdma::header(sdma::POLL_REGMEM, 0, 3u << 28), 0x1234 << 2, 0, 1, 1, 10});
  EXPECT_EQ(r.status, ExecStatus::IllegalPacket);
  EXPECT_NE(r.diagnostic.find("0x01234"), std::string::npos) << r.diagnostic;
  r = run_ib(*engine, kIb, {sdma::header(sdma::SRBM_WRITE, 0, 0xFu << 28), 0x1234, 5});
  EXPECT_EQ(r.status, ExecStatus::PrivilegedReg);
  EXPECT_NE(r.diagnostic.find("SRBM_WRITE"), std::string::npos) << r.diagnostic;
}

TEST_P(SdmaTest, UnmodelledFormsAreRefusedByName) {
  struct Case {
    uint8_t op, sub_op;
    const char* name;
  };
  for (Case c : {Case{sdma::COPY, sdma::subop::COPY_TILED, "COPY_TILED"},
                 Case{sdma::COPY, sdma::subop::COPY_LINEAR_SUB_WIND, "COPY_LINEAR_SUB_WIND"},
                 Case{sdma::COPY, sdma::subop::COPY_T2T_SUB_WIND, "COPY_T2T_SUB_WIND"},
                 Case{sdma::WRITE, sdma::subop::WRITE_TILED, "WRITE_TILED"},
                 Case{sdma::PTEPDE, sdma::subop::PTEPDE_GEN, "PTEPDE_GEN"}, Case{sdma::SEM, 0, "SEM"}}) {
    std::vector<uint32_t> ib(16, 0);
    ib[0] = sdma::header(c.op, c.sub_op);
    ExecResult r = run_ib(*engine, kIb, ib);
    EXPECT_EQ(r.status, ExecStatus::IllegalPacket) << c.name;
    EXPECT_NE(r.diagnostic.find(c.name), std::string::npos) << r.diagnostic;
    EXPECT_EQ(dword(kDst), 0u);
  }
}

TEST_P(SdmaTest, VersionSpecificOpcodes) {
  // Opcode 16 is DUMMY_TRAP (2 dwords) on v4 and GPUVM_INV (4 dwords, the kernel's) on v5; GCR_REQ is v5 only.
  ExecResult r = run_ib(*engine, kIb, {sdma::header(sdma::GPUVM_INV), 0, 0, 0});
  EXPECT_EQ(r.status, v5() ? ExecStatus::IllegalPacket : ExecStatus::Completed) << r.diagnostic;
  r = run_ib(*engine, kIb, {sdma::header(sdma::GCR_REQ), 0, 0, 0, 0});
  EXPECT_EQ(r.status, v5() ? ExecStatus::Completed : ExecStatus::IllegalPacket) << r.diagnostic;
}

TEST_P(SdmaTest, BudgetStopsPacketsAndPolls) {
  put(kIb, {0, 0, 0});
  uint64_t budget = 2;
  ExecEnv env{vm, 1, cancel, &budget};
  ExecResult r = engine->execute(env, kIb, 3);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_EQ(r.diagnostic, "budget exhausted at IB+0x8");
  // IGT's SDMA hang: POLL_REGMEM with retry 0xFFF on memory that never changes.
  put(kIb, {sdma::header(sdma::POLL_REGMEM, 0, (3u << 28) | (1u << 31)), lo(kDst), hi(kDst), 1, 1,
            (0xFFFu << 16) | 10});
  budget = 5000;
  r = engine->execute(env, kIb, 6);
  EXPECT_EQ(r.status, ExecStatus::Cancelled);
  EXPECT_NE(r.diagnostic.find("budget exhausted"), std::string::npos) << r.diagnostic;
}

TEST(SdmaTables, PacketLengthsAndVersions) {
  ASSERT_NE(sdma::find_packet(sdma::COPY, sdma::subop::COPY_LINEAR, 4), nullptr);
  EXPECT_EQ(sdma::find_packet(sdma::COPY, sdma::subop::COPY_LINEAR, 4)->dwords, 7);
  EXPECT_EQ(sdma::find_packet(sdma::POLL_REGMEM, 0, 5)->dwords, 6);
  EXPECT_EQ(sdma::find_packet(sdma::TIMESTAMP, sdma::subop::TIMESTAMP_GET_GLOBAL, 5)->name, "TIMESTAMP_GET_GLOBAL");
  EXPECT_EQ(sdma::find_packet(0x3D, 0xCD, 4), nullptr);
  EXPECT_EQ(sdma::copy_linear::count(4).width, 22);
  EXPECT_EQ(sdma::copy_linear::count(5).width, 30);
  EXPECT_EQ(sdma::header(sdma::CONST_FILL, 0, sdma::const_fill::FILLSIZE.put(sdma::const_fill::kDword)), 0x8000000Bu);
}

INSTANTIATE_TEST_SUITE_P(Personalities, SdmaTest, ::testing::Values("gfx900", "gfx1030"), personality_name);

}  // namespace
}  // namespace sporkle::sim::gpu::testing
