// debugfs amdgpu_gpu_recover: a read resets the GPU with nobody guilty and reads as the result.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "sim/shim/control.h"
#include "sim/shim/state.h"

namespace sporkle::sim::shim {
namespace {

constexpr const char* kRecover0 = "/sys/kernel/debug/dri/0/amdgpu_gpu_recover";

// debugfs is root only; the tests otherwise run unprivileged.
class DebugfsTest : public ::testing::Test {
 protected:
  void SetUp() override { state().privileged = true; }
  void TearDown() override { state().privileged = false; }
};

std::string read_all(int fd) {
  std::string text;
  char buf[64];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) text.append(buf, size_t(n));
  return text;
}

TEST_F(DebugfsTest, ReadingGpuRecoverResetsThatDeviceAndReadsTheResult) {
  const uint32_t before0 = devices().at(0)->gpu_reset_counter(), before1 = devices().at(1)->gpu_reset_counter();
  int fd = open(kRecover0, O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0) << strerror(errno);
  EXPECT_EQ(read_all(fd), "0\n");
  close(fd);
  EXPECT_EQ(devices().at(0)->gpu_reset_counter(), before0 + 1);
  EXPECT_EQ(devices().at(1)->gpu_reset_counter(), before1) << "only the file's device is reset";

  FILE* f = fopen("/sys/kernel/debug/dri/1/amdgpu_gpu_recover", "re");
  ASSERT_NE(f, nullptr) << strerror(errno);
  int value = -1;
  EXPECT_EQ(fscanf(f, "%d", &value), 1);
  EXPECT_EQ(value, 0);
  fclose(f);
  EXPECT_EQ(devices().at(1)->gpu_reset_counter(), before1 + 1);
}

TEST_F(DebugfsTest, OnlyRootOnlyReadingOnlyExistingDevices) {
  EXPECT_EQ(open("/sys/kernel/debug/dri/2/amdgpu_gpu_recover", O_RDONLY), -1);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(open(kRecover0, O_WRONLY), -1);
  EXPECT_EQ(errno, EACCES);
  state().privileged = false;
  const uint32_t before = devices().at(0)->gpu_reset_counter();
  EXPECT_EQ(open(kRecover0, O_RDONLY), -1);
  EXPECT_EQ(errno, EACCES);
  EXPECT_EQ(devices().at(0)->gpu_reset_counter(), before);
}

}  // namespace
}  // namespace sporkle::sim::shim
