// Debian's unmodified amdgpu_stress (libdrm-tests) under sporkle-sim: it allocates VRAM, GTT and VRAM|GTT
// buffers and copies between them with SDMA COPY_LINEAR on the DMA ring, on both simulated GPUs. With
// SPORKLE_TRACE_PM4 the simulator lists every packet it executes, so the test also sees that each submitted
// copy really ran (amdgpu_stress itself only reports submission times).
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "tests/e2e/run_command.h"

namespace sporkle::e2e {
namespace {

const std::string kSim = SPORKLE_SIM_PATH;
const std::string kStress = "/usr/bin/amdgpu_stress";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class AmdgpuStress : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (access(kStress.c_str(), X_OK) != 0) GTEST_SKIP() << kStress << " missing (Debian package libdrm-tests)";
  }
  CommandResult stress(const std::string& args) {
    return run_command("env SPORKLE_TRACE_PM4=1 " + kSim + " run --gpu " + GetParam() + " -- " + kStress + " " +
                       args);
  }
};

TEST_P(AmdgpuStress, AllocatesVramGttAndBoth) {
  CommandResult r = stress("-b v 65536 -b g 65536 -b vg 1048576");
  ASSERT_EQ(r.exit_status, 0) << r.output;
  // BO 0 is amdgpu_stress's own command buffer (GTT); ours follow in order.
  EXPECT_NE(r.output.find("Allocated BO number 0 at 0x100000000, domain 0x2, size 2097152"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("Allocated BO number 1 at 0x100200000, domain 0x4, size 65536"), std::string::npos);
  EXPECT_NE(r.output.find("Allocated BO number 2 at 0x100210000, domain 0x2, size 65536"), std::string::npos);
  EXPECT_NE(r.output.find("Allocated BO number 3 at 0x100220000, domain 0x6, size 1048576"), std::string::npos);
}

TEST_P(AmdgpuStress, CopiesBetweenVramAndGttRunToCompletion) {
  CommandResult r = stress("-b v 1048576 -b g 1048576 -c 1 2 1048576 20 -c 2 1 4096 50 -c 1 1 65536 5");
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_EQ(count(r.output, "Submitted 20 IBs to copy from 1(100200000) to 2(100300000) 1048576 bytes took"), 1u)
      << r.output;
  EXPECT_EQ(count(r.output, "Submitted 50 IBs to copy from 2(100300000) to 1(100200000) 4096 bytes took"), 1u);
  EXPECT_EQ(count(r.output, "Submitted 5 IBs to copy from 1(100200000) to 1(100200000) 65536 bytes took"), 1u);
  // Every submission executed its copies (amdgpu_stress splits a copy into 256 KiB packets), and nothing was
  // malformed or hung.
  EXPECT_EQ(count(r.output, "SDMA COPY_LINEAR"), 20u * 4 + 50 + 5);
  EXPECT_EQ(count(r.output, "COUNT=0x3ffff"), 20u * 4);
  EXPECT_EQ(count(r.output, "COUNT=0xfff\n"), 50u);
  EXPECT_EQ(count(r.output, "!!"), 0u);
  EXPECT_EQ(r.output.find("hang"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Gpus, AmdgpuStress, ::testing::Values("gfx900", "gfx1030"),
                         [](const ::testing::TestParamInfo<const char*>& info) { return std::string(info.param); });

}  // namespace
}  // namespace sporkle::e2e
