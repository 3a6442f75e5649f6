// Debian's unmodified drmdevice (libdrm-tests) enumerates the simulated GPUs through libdrm's sysfs and /dev scan.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "tests/e2e/run_command.h"

namespace sporkle::e2e {
namespace {

const std::string kSim = SPORKLE_SIM_PATH;

bool have_drmdevice() { return access(DRMDEVICE_PATH, X_OK) == 0; }

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Drmdevice, ShowsTheSimulatedGpu) {
  if (!have_drmdevice()) GTEST_SKIP() << DRMDEVICE_PATH " missing (Debian package libdrm-tests)";
  CommandResult r = run_command(kSim + " run -- " DRMDEVICE_PATH);
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_NE(r.output.find("/dev/dri/card0"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/dev/dri/renderD128"), std::string::npos);
  EXPECT_EQ(count(r.output, "+-> available_nodes 0x05"), 3u);  // the listing, then once per node opened
  EXPECT_EQ(count(r.output, "+-> vendor_id     1002"), 3u);
  EXPECT_EQ(count(r.output, "+-> device_id     687f"), 3u);
  EXPECT_EQ(count(r.output, "+-> revision_id   c1"), 2u);  // drmGetDevice2 with DRM_DEVICE_GET_PCI_REVISION
  EXPECT_NE(r.output.find("+-> bus    03"), std::string::npos);
  EXPECT_EQ(r.output.find("renderD129"), std::string::npos);
}

TEST(Drmdevice, ShowsEveryDeviceOfAList) {
  if (!have_drmdevice()) GTEST_SKIP() << DRMDEVICE_PATH " missing (Debian package libdrm-tests)";
  CommandResult r = run_command(kSim + " run --devices gfx1030,gfx900 -- " DRMDEVICE_PATH);
  ASSERT_EQ(r.exit_status, 0) << r.output;
  for (const char* node : {"/dev/dri/card0", "/dev/dri/renderD128", "/dev/dri/card1", "/dev/dri/renderD129"})
    EXPECT_NE(r.output.find(node), std::string::npos) << node << "\n" << r.output;
  EXPECT_EQ(count(r.output, "+-> device_id     73bf"), 3u);
  EXPECT_EQ(count(r.output, "+-> device_id     687f"), 3u);
  EXPECT_EQ(count(r.output, "+-> vendor_id     1002"), 6u);
}

}  // namespace
}  // namespace sporkle::e2e
