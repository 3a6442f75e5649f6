// Debian's unmodified amdgpu_stress (libdrm-tests): device open, BO allocation with the user-space VA manager,
// and SDMA COPY_LINEAR submissions waited on with WAIT_CS.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "tests/e2e/run_command.h"

namespace sporkle::e2e {
namespace {

TEST(AmdgpuStress, AllocatesAndCopiesOnEveryPersonality) {
  if (access(AMDGPU_STRESS_PATH, X_OK) != 0) GTEST_SKIP() << AMDGPU_STRESS_PATH " missing (Debian package libdrm-tests)";
  for (const char* gpu : {"gfx900", "gfx1030"}) {
    CommandResult r = run_command(std::string(SPORKLE_SIM_PATH) + " run --gpu " + gpu + " -- " AMDGPU_STRESS_PATH
                                  " -b v 1m -b g 4k -b vg 1m -c 1 3 1m 4");
    ASSERT_EQ(r.exit_status, 0) << gpu << "\n" << r.output;
    for (const char* line : {"Allocated BO number 0 at 0x100000000, domain 0x2, size 2097152\n",
                             "Allocated BO number 1 at 0x100200000, domain 0x4, size 1048576\n",
                             "Allocated BO number 2 at 0x100300000, domain 0x2, size 4096\n",
                             "Allocated BO number 3 at 0x100301000, domain 0x6, size 1048576\n",
                             "Submitted 4 IBs to copy from 1(100200000) to 3(100301000) 1048576 bytes took "})
      EXPECT_NE(r.output.find(line), std::string::npos) << gpu << ": " << line << r.output;
  }
}

}  // namespace
}  // namespace sporkle::e2e
