// The real AMD GPU the hardware tests run on, or why they cannot run.
#pragma once

#include <optional>
#include <string>

#include "sporkle/device.h"

namespace sporkle::hw_tests {

inline constexpr const char* kNoGpu = "no AMD GPU: hw_tests need real hardware";

// The GPU chosen by SPORKLE_HW_DEVICE (index among AMD GPUs, default 0); empty with *why_not set when there is
// none. This program is never linked with the simulator, so any device found here is real.
std::optional<Device> real_gpu(std::string* why_not);

}  // namespace sporkle::hw_tests

// Skips the running test unless a real GPU is present; binds it to `var`.
#define SPORKLE_REQUIRE_GPU(var)                                        \
  std::string why_not_##var;                                            \
  std::optional<::sporkle::Device> var = ::sporkle::hw_tests::real_gpu(&why_not_##var); \
  if (!var) GTEST_SKIP() << why_not_##var
