// Poll intervals in simulated time, on the CP (WAIT_REG_MEM, WAIT_REG_MEM64, ATOMIC_MEM loop) and on SDMA
// (POLL_REGMEM): an engine reads once per interval of the GPU clock, the clock that its timestamps read moves
// on while it waits, and a budgeted job's waiting costs simulated time, not host time.
#include <atomic>
#include <chrono>
#include <thread>

#include "sim/gpu/pm4/gpu_clock.h"
#include "sim/gpu/tests/engine_fixture.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/sdma.h"

namespace sporkle::sim::gpu::testing {
namespace {

namespace pm4 = spec::pm4;
namespace sdma = spec::sdma;
using pm4::packet3;

constexpr uint64_t kIb = 0x100000;
constexpr uint64_t kData = 0x400000;
constexpr uint64_t kPage = 4096;
constexpr uint64_t kStart = kData + 0x100;  // timestamp before the wait
constexpr uint64_t kEnd = kData + 0x108;    // timestamp after it
constexpr uint64_t kFlag = kData;

// The kinds of waiting packet, each with a timestamp packet on the same engine.
enum class Wait { WaitRegMem, WaitRegMem64, AtomicMemLoop, PollRegmem };
const Wait kWaits[] = {Wait::WaitRegMem, Wait::WaitRegMem64, Wait::AtomicMemLoop, Wait::PollRegmem};
const char* name(Wait w) {
  switch (w) {
    case Wait::WaitRegMem: return "WAIT_REG_MEM";
    case Wait::WaitRegMem64: return "WAIT_REG_MEM64";
    case Wait::AtomicMemLoop: return "ATOMIC_MEM loop";
    case Wait::PollRegmem: return "POLL_REGMEM";
  }
  return "?";
}

// Waits until the dword at kFlag is 1 (the atomic: swaps 1 for 2 there), polling every `interval` ticks.
std::vector<uint32_t> wait_packet(Wait w, uint32_t interval) {
  switch (w) {
    case Wait::WaitRegMem:
      return {packet3(pm4::WAIT_REG_MEM, 6), 3u | (1u << 4), lo(kFlag), hi(kFlag), 1, 0xFFFFFFFF, interval};
    case Wait::WaitRegMem64:
      return {packet3(pm4::WAIT_REG_MEM64, 8), 3u | (1u << 4), lo(kFlag), hi(kFlag), 1, 0, 0xFFFFFFFF, 0xFFFFFFFF,
              interval};
    case Wait::AtomicMemLoop:
      return {packet3(pm4::ATOMIC_MEM, 8), pm4::tc_op::CMPSWAP_RTN_32 | (1u << 8), lo(kFlag), hi(kFlag), 2, 0, 1, 0,
              interval & 0x1FFF};
    case Wait::PollRegmem:
      return {sdma::header(sdma::POLL_REGMEM, 0, (1u << 31) | (3u << 28)), lo(kFlag), hi(kFlag), 1, 0xFFFFFFFF,
              (0xFFFu << 16) | interval};
  }
  return {};
}

std::vector<uint32_t> timestamp(Wait w, uint64_t va) {
  if (w == Wait::PollRegmem) return {sdma::header(sdma::TIMESTAMP, sdma::subop::TIMESTAMP_GET_GLOBAL), lo(va), hi(va)};
  // COPY_DATA of the 64-bit GPU clock to memory.
  return {packet3(pm4::COPY_DATA, 5), pm4::copy_data::kSrcGpuClock | (5u << 8) | (1u << 16) | (1u << 20), 0, 0,
          lo(va), hi(va)};
}

// The largest interval each packet's field holds.
uint32_t max_interval(Wait w) { return w == Wait::AtomicMemLoop ? 0x1FFF : 0xFFFF; }

class PollTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    map(kIb, 4 * kPage);
    map(kData, 4 * kPage);
  }
  std::unique_ptr<Engine> engine(Wait w) {
    return make_engine(personality(), w == Wait::PollRegmem ? RingType::Sdma : RingType::Compute);
  }
  uint32_t freq() const { return personality().dev_info.gpu_counter_freq; }
  // Clears the buffers, then runs ib with the given budget (0: none).
  ExecResult run_fresh(Engine& e, const std::vector<uint32_t>& ib, uint64_t budget = 0) {
    std::memset(host(kData), 0, 4 * kPage);
    put(kIb, ib);
    uint64_t left = budget;
    ExecEnv env{vm, 1, cancel, budget ? &left : nullptr};
    return e.execute(env, kIb, static_cast<uint32_t>(ib.size()));
  }
};

TEST_P(PollTest, AWaitThatHoldsAtOnceIsOnePoll) {
  for (Wait w : kWaits) {
    auto e = engine(w);
    std::memset(host(kData), 0, 4 * kPage);
    put(kFlag, {1});
    put(kIb, wait_packet(w, max_interval(w)));
    ExecResult r = run(*e, kIb, static_cast<uint32_t>(wait_packet(w, 0).size()));
    ASSERT_EQ(r.status, ExecStatus::Completed) << name(w) << ": " << r.diagnostic;
    EXPECT_EQ(r.polls, 1u) << name(w);
  }
}

TEST_P(PollTest, ABudgetedWaitMovesTheClockOneIntervalPerPollWithoutSleeping) {
  constexpr uint64_t kPolls = 10000;
  for (Wait w : kWaits) {
    auto e = engine(w);
    const uint64_t interval = max_interval(w);
    const auto host_start = std::chrono::steady_clock::now();
    // Two packets and kPolls polls fit the budget; the flag never becomes 1.
    ExecResult r = run_fresh(*e, timestamp(w, kStart) + wait_packet(w, max_interval(w)), 2 + kPolls);
    const double host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();
    EXPECT_EQ(r.status, ExecStatus::Cancelled) << name(w);
    EXPECT_NE(r.diagnostic.find("budget exhausted"), std::string::npos) << name(w) << ": " << r.diagnostic;
    EXPECT_EQ(r.polls, kPolls) << name(w);
    const uint64_t start = qword(kStart);
    put(kIb, timestamp(w, kEnd));
    ASSERT_EQ(run(*e, kIb, 3 + (w != Wait::PollRegmem) * 3).status, ExecStatus::Completed);
    const uint64_t waited = qword(kEnd) - start;
    EXPECT_GE(waited, (kPolls - 1) * interval) << name(w);
    // Seconds of simulated waiting (kPolls x 65535 ticks at 27 or 100 MHz), which the host did not spend.
    EXPECT_LT(host_s * freq() * 1000.0, double(waited)) << name(w) << ": the host slept through the polls";
  }
}

TEST_P(PollTest, AWriteBetweenTwoPollsIsSeenAtTheNextPoll) {
  for (Wait w : kWaits) {
    auto e = engine(w);
    const uint64_t interval = 0x1000;  // 152 us at 27 MHz, 41 us at 100 MHz
    std::memset(host(kData), 0, 4 * kPage);
    uint64_t written_at = 0;
    // Lands two and a half intervals after the wait's first timestamp.
    std::thread writer([&] {
      std::atomic_ref<uint64_t> start(*reinterpret_cast<uint64_t*>(host(kStart)));
      while (start.load() == 0) std::this_thread::yield();
      while (gpu_clock_ticks(freq()) < start.load() + 5 * interval / 2)
        std::this_thread::sleep_for(std::chrono::microseconds(20));
      written_at = gpu_clock_ticks(freq());
      std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(host(kFlag))).store(1);
    });
    std::vector<uint32_t> ib = timestamp(w, kStart) + wait_packet(w, interval) + timestamp(w, kEnd);
    put(kIb, ib);
    ExecResult r = run(*e, kIb, static_cast<uint32_t>(ib.size()));
    writer.join();
    ASSERT_EQ(r.status, ExecStatus::Completed) << name(w) << ": " << r.diagnostic;
    ASSERT_GE(r.polls, 1u);
    const uint64_t start = qword(kStart), end = qword(kEnd);
    // The poll that saw the write came (polls - 1) intervals after the first, at the earliest after the write.
    EXPECT_GE(end - start, (r.polls - 1) * interval) << name(w) << ": " << r.polls << " polls";
    EXPECT_GE(end, written_at) << name(w);
  }
}

TEST_P(PollTest, TheLongestIntervalIsCutByCancellation) {
  for (Wait w : kWaits) {
    cancel = false;
    auto e = engine(w);
    std::memset(host(kData), 0, 4 * kPage);
    std::thread canceller([&] {
      std::atomic_ref<uint64_t> start(*reinterpret_cast<uint64_t*>(host(kStart)));
      while (start.load() == 0) std::this_thread::yield();
      cancel = true;
    });
    std::vector<uint32_t> ib = timestamp(w, kStart) + wait_packet(w, max_interval(w)) + timestamp(w, kEnd);
    put(kIb, ib);
    ExecResult r = run(*e, kIb, static_cast<uint32_t>(ib.size()));
    canceller.join();
    EXPECT_EQ(r.status, ExecStatus::Cancelled) << name(w);
    EXPECT_EQ(qword(kEnd), 0u) << name(w);
  }
}

INSTANTIATE_TEST_SUITE_P(Personalities, PollTest, ::testing::Values("gfx900", "gfx1030"), personality_name);

}  // namespace
}  // namespace sporkle::sim::gpu::testing
