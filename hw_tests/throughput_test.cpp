// Sanity floors, far below what any supported GPU does, that catch a path gone badly wrong (copies falling back
// to system memory, submissions stalling on a timer). Real measurements belong in bench/.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "hw_tests/real_gpu.h"
#include "sporkle/driver.h"

namespace sporkle::hw_tests {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

TEST(Throughput, SdmaCopyVramToVram) {
  SPORKLE_REQUIRE_GPU(gpu);
  constexpr uint64_t kBytes = 256ull << 20;
  constexpr double kFloorBytesPerSecond = 1e9;
  if (gpu->info().vram_size < 4 * kBytes) GTEST_SKIP() << "needs 1 GiB of VRAM";

  Context ctx(*gpu);
  Buffer src = Buffer::allocate(*gpu, kBytes, Domain::Vram);
  Buffer dst = Buffer::allocate(*gpu, kBytes, Domain::Vram);
  SdmaStream sdma(*gpu);
  sdma.copy_linear(dst.gpu_address(), src.gpu_address(), kBytes);
  Queue queue(ctx, Ip::Dma);
  const SubmitInfo info{.buffers = {&src, &dst}};
  queue.submit(sdma, info).wait();  // first use: page tables, buffer placement

  const auto start = Clock::now();
  queue.submit(sdma, info).wait();
  const double seconds = Seconds(Clock::now() - start).count();
  const double rate = kBytes / seconds;
  std::cout << "SDMA VRAM->VRAM: " << rate / 1e9 << " GB/s\n";
  EXPECT_GT(rate, kFloorBytesPerSecond);
}

TEST(Throughput, NopSubmitRoundTrip) {
  SPORKLE_REQUIRE_GPU(gpu);
  constexpr auto kCeiling = std::chrono::milliseconds(1);
  constexpr int kRounds = 101;

  Context ctx(*gpu);
  Queue queue(ctx, Ip::Compute);
  Pm4Stream nop(*gpu, Ip::Compute);
  nop.nop();
  for (int i = 0; i < 10; ++i) queue.submit(nop).wait();  // warm up the queue's IB blocks

  std::vector<Clock::duration> rounds;
  for (int i = 0; i < kRounds; ++i) {
    const auto start = Clock::now();
    queue.submit(nop).wait();
    rounds.push_back(Clock::now() - start);
  }
  // The median: one preempted round on a busy machine says nothing about the path.
  std::nth_element(rounds.begin(), rounds.begin() + kRounds / 2, rounds.end());
  const auto median = rounds[kRounds / 2];
  std::cout << "NOP submit+wait median: " << std::chrono::duration_cast<std::chrono::microseconds>(median).count()
            << " us\n";
  EXPECT_LT(median, kCeiling);
}

}  // namespace
}  // namespace sporkle::hw_tests
