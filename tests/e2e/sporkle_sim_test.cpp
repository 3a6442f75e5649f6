// sporkle-sim itself: its commands, exit statuses, and the shim's pass-through mode.
#include <dirent.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/e2e/run_command.h"

namespace sporkle::e2e {
namespace {

const std::string kSim = SPORKLE_SIM_PATH;

TEST(SporkleSim, HelpExplainsTheCommands) {
  CommandResult r = run_command(kSim + " --help");
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_NE(r.output.find("sporkle-sim run"), std::string::npos);
  EXPECT_NE(r.output.find("sporkle-sim info"), std::string::npos);
}

TEST(SporkleSim, BadUsageFailsWithStatus2) {
  EXPECT_EQ(run_command(kSim).exit_status, 2);
  EXPECT_EQ(run_command(kSim + " frobnicate").exit_status, 2);
  EXPECT_EQ(run_command(kSim + " run").exit_status, 2);
  EXPECT_EQ(run_command(kSim + " info --gpu gfx900 --devices gfx900").exit_status, 2);
  CommandResult r = run_command(kSim + " run --gpu gfx9999 -- true");
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.output.find("unknown GPU 'gfx9999'"), std::string::npos);
}

TEST(SporkleSim, RunReturnsTheProgramsExitStatus) {
  EXPECT_EQ(run_command(kSim + " run -- sh -c 'exit 7'").exit_status, 7);
  EXPECT_EQ(run_command(kSim + " run -- /nonexistent/program").exit_status, 127);
}

TEST(SporkleSim, RunShowsTheChosenDevicesInDevDri) {
  CommandResult r = run_command(kSim + " run --devices gfx1030,gfx900 -- ls /dev/dri");
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.output, "card0\ncard1\nrenderD128\nrenderD129\n");
  r = run_command(kSim + " run --gpu gfx1030 -- cat /sys/dev/char/226:128/device/device");
  EXPECT_EQ(r.output, "0x73bf\n");
}

TEST(SporkleSim, InfoDescribesEachDevice) {
  CommandResult r = run_command(kSim + " info --devices gfx1030,gfx900");
  EXPECT_EQ(r.exit_status, 0);
  for (const char* text : {"device 0: gfx1030", "1002:73bf", "/dev/dri/card0 (226:0)", "/dev/dri/renderD128 (226:128)",
                           "device 1: gfx900", "1002:687f", "/dev/dri/renderD129 (226:129)", "0000:04:00.0", "GFX 1"})
    EXPECT_NE(r.output.find(text), std::string::npos) << text << "\n" << r.output;
}

std::string real_listing(const char* path) {
  DIR* dir = opendir(path);
  if (!dir) return "";
  std::set<std::string> names;
  while (dirent* e = readdir(dir))
    if (e->d_name[0] != '.') names.insert(e->d_name);
  closedir(dir);
  std::string out;
  for (const auto& n : names) out += n + "\n";
  return out;
}

TEST(Shim, HardwareBackendPassesEverythingThrough) {
  // This test process does not load the shim, so it sees the real /dev/dri.
  CommandResult r = run_command("env " + shim_preload_env(SPORKLE_SHIM_PATH) + " SPORKLE_BACKEND=hw ls /dev/dri");
  EXPECT_EQ(r.exit_status == 0 ? r.output : "", real_listing("/dev/dri"));
}

TEST(Shim, AutoBackendSimulatesWhereNoAmdgpuNodeExists) {
  if (real_listing("/dev/dri").find("renderD") != std::string::npos)
    GTEST_SKIP() << "this machine has a render node: auto may choose the hardware";
  CommandResult r = run_command("env " + shim_preload_env(SPORKLE_SHIM_PATH) + " SPORKLE_BACKEND=auto ls /dev/dri");
  EXPECT_EQ(r.output, "card0\nrenderD128\n");
}

}  // namespace
}  // namespace sporkle::e2e
