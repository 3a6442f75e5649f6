// A compute job that never finishes is cancelled by the kernel's job timeout and GPU reset: the fence reports
// ECANCELED once the compute timeout has passed, within a margin for the reset itself. This resets the GPU, so it
// runs only when SPORKLE_HW_ALLOW_RESET=1.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "hw_tests/real_gpu.h"
#include "sporkle/driver.h"

namespace sporkle::hw_tests {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Time the reset itself (ring recovery, VRAM restore) may add to the timeout.
constexpr auto kResetMargin = 20s;
constexpr auto kDefaultComputeTimeout = 60000ms;  // bare metal; amdgpu_drv.c lockup_timeout

// The compute job timeout from amdgpu's lockup_timeout ("" or [Non-Compute] or [GFX,Compute,SDMA,Video], in ms;
// 0 keeps the default, negative is infinite). Empty when infinite: there is nothing to time.
std::optional<std::chrono::milliseconds> compute_timeout() {
  std::ifstream f("/sys/module/amdgpu/parameters/lockup_timeout");
  std::string line;
  if (!f || !std::getline(f, line)) return kDefaultComputeTimeout;
  std::vector<long> values;
  std::stringstream ss(line);
  for (std::string v; std::getline(ss, v, ',');) values.push_back(v.empty() ? 0 : std::stol(v));
  // A single value is for non-compute jobs only on bare metal; compute is the second of four.
  const long ms = values.size() >= 2 ? values[1] : 0;
  if (ms < 0) return std::nullopt;
  return ms == 0 ? kDefaultComputeTimeout : std::chrono::milliseconds(ms);
}

TEST(Reset, HungComputeJobIsCancelledAfterTheComputeTimeout) {
  SPORKLE_REQUIRE_GPU(gpu);
  const char* allow = std::getenv("SPORKLE_HW_ALLOW_RESET");
  if (!allow || std::string(allow) != "1") GTEST_SKIP() << "resets the GPU: set SPORKLE_HW_ALLOW_RESET=1 to run";
  const auto timeout = compute_timeout();
  if (!timeout) GTEST_SKIP() << "amdgpu lockup_timeout makes compute jobs never time out";

  Context ctx(*gpu);
  Buffer flag = Buffer::allocate(*gpu, 4096, Domain::Gtt);
  flag.view<uint32_t>()[0] = 0;
  Pm4Stream pm4(*gpu, Ip::Compute);
  pm4.wait_reg_mem(flag.gpu_address(), 1);  // nothing ever writes 1
  Queue queue(ctx, Ip::Compute);

  const auto start = Clock::now();
  Fence fence = queue.submit(pm4, {.buffers = {&flag}});
  int err = 0;
  try {
    fence.wait(*timeout + kResetMargin + 10s);  // the job never signals normally: returning false is a failure
  } catch (const Error& e) {
    err = e.errno_value();
  }
  const auto elapsed = Clock::now() - start;

  EXPECT_EQ(err, ECANCELED) << "the hung job must be cancelled by the reset";
  EXPECT_GE(elapsed, *timeout - 100ms) << "cancelled before the timeout";  // submit returns after the timer starts
  EXPECT_LE(elapsed, *timeout + kResetMargin) << "recovery took longer than timeout + margin";
  EXPECT_TRUE(ctx.reset_status().reset);
  EXPECT_TRUE(ctx.reset_status().guilty);
  std::cout << "compute timeout " << timeout->count() << " ms, cancelled after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms\n";
}

}  // namespace
}  // namespace sporkle::hw_tests
