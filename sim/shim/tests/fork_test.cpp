// A forked child has its own copy of the simulator and can use the devices, inherited fds included.
#include <amdgpu.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/shim/tests/helpers.h"

namespace sporkle::sim::shim {
namespace {

using test::gem_create_errno;
using test::version_errno;

// Runs body in a child; its return value is the child's exit status.
int in_child(int (*body)(int), int fd) {
  pid_t pid = fork();
  if (pid == 0) exit(body(fd));  // exit, not _exit: the child's exit handlers run, as a real program's do
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(Fork, ChildUsesInheritedAndNewFds) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(gem_create_errno(fd), 0);
  int status = in_child(
      [](int inherited) {
        if (version_errno(inherited) != 0) return 1;
        if (gem_create_errno(inherited) != 0) return 2;
        int own = open("/dev/dri/renderD129", O_RDWR);
        if (own < 0 || gem_create_errno(own) != 0) return 3;
        uint32_t major = 0, minor = 0;
        amdgpu_device_handle dev = nullptr;
        if (amdgpu_device_initialize(own, &major, &minor, &dev) != 0 || major != 3) return 4;
        amdgpu_bo_alloc_request req{};
        req.alloc_size = 65536;
        req.phys_alignment = 4096;
        req.preferred_heap = AMDGPU_GEM_DOMAIN_GTT;
        amdgpu_bo_handle bo = nullptr;
        if (amdgpu_bo_alloc(dev, &req, &bo) != 0) return 5;
        void* cpu = nullptr;
        if (amdgpu_bo_cpu_map(bo, &cpu) != 0) return 6;
        static_cast<volatile uint32_t*>(cpu)[100] = 0x5a5a5a5a;
        amdgpu_bo_cpu_unmap(bo);
        amdgpu_bo_free(bo);
        amdgpu_device_deinitialize(dev);
        close(own);
        return 0;
      },
      fd);
  EXPECT_EQ(status, 0);
  // The child did not take the parent's device tree with it when it exited.
  struct stat st{};
  EXPECT_EQ(stat("/dev/dri/renderD128", &st), 0);
  EXPECT_EQ(version_errno(fd), 0);
  EXPECT_EQ(gem_create_errno(fd), 0);
  close(fd);
}

}  // namespace
}  // namespace sporkle::sim::shim
