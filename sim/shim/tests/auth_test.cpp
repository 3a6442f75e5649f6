// DRM authentication and master rules on card nodes (drm_auth.c), as an unprivileged client sees them.
#include <amdgpu.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "sim/kernel/file.h"
#include "sim/shim/control.h"
#include "sim/shim/tests/helpers.h"

namespace sporkle::sim::shim {
namespace {

using test::gem_create_errno;
using test::ioctl_errno;

int get_client_auth(int fd) {
  drm_client client{};
  client.idx = 0;
  if (ioctl(fd, DRM_IOCTL_GET_CLIENT, &client) != 0) return -errno;
  EXPECT_EQ(client.pid, static_cast<unsigned long>(gettid()));
  return client.auth;
}

class CardAuth : public testing::Test {
 protected:
  void SetUp() override {
    master_ = open("/dev/dri/card1", O_RDWR | O_CLOEXEC);
    client_ = open("/dev/dri/card1", O_RDWR | O_CLOEXEC);
    ASSERT_GE(master_, 0);
    ASSERT_GE(client_, 0);
  }
  void TearDown() override {
    close(client_);
    close(master_);
  }
  int master_ = -1, client_ = -1;
};

TEST_F(CardAuth, FirstOpenerIsMasterAndAuthenticated) {
  EXPECT_EQ(get_client_auth(master_), 1);
  EXPECT_EQ(gem_create_errno(master_), 0);
}

TEST_F(CardAuth, SecondOpenerIsRefusedAuthIoctlsUntilAuthenticated) {
  EXPECT_EQ(get_client_auth(client_), 0);
  EXPECT_EQ(gem_create_errno(client_), EACCES);
  drm_version v{};
  EXPECT_EQ(ioctl_errno(client_, DRM_IOCTL_VERSION, &v), 0);  // no DRM_AUTH needed

  drm_auth auth{};
  ASSERT_EQ(ioctl_errno(client_, DRM_IOCTL_GET_MAGIC, &auth), 0);
  EXPECT_NE(auth.magic, 0u);
  drm_auth again{};
  ASSERT_EQ(ioctl_errno(client_, DRM_IOCTL_GET_MAGIC, &again), 0);
  EXPECT_EQ(again.magic, auth.magic);

  EXPECT_EQ(ioctl_errno(client_, DRM_IOCTL_AUTH_MAGIC, &auth), EACCES);  // only the master authenticates
  drm_auth bogus{auth.magic + 1000};
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_AUTH_MAGIC, &bogus), EINVAL);
  drm_auth zero{0};
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_AUTH_MAGIC, &zero), EINVAL);

  ASSERT_EQ(ioctl_errno(master_, DRM_IOCTL_AUTH_MAGIC, &auth), 0);
  EXPECT_EQ(get_client_auth(client_), 1);
  EXPECT_EQ(gem_create_errno(client_), 0);
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_AUTH_MAGIC, &auth), EINVAL);  // a token is good once
}

TEST_F(CardAuth, GetClientAnswersOnlyIndexZero) {
  drm_client client{};
  client.idx = 1;
  EXPECT_EQ(ioctl_errno(client_, DRM_IOCTL_GET_CLIENT, &client), EINVAL);
}

TEST_F(CardAuth, OnlyTheFormerMasterRetakesMasterWithoutCapSysAdmin) {
  EXPECT_EQ(ioctl_errno(client_, DRM_IOCTL_SET_MASTER, nullptr), EACCES);
  EXPECT_EQ(ioctl_errno(client_, DRM_IOCTL_DROP_MASTER, nullptr), EACCES);
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_SET_MASTER, nullptr), 0);  // already master
  ASSERT_EQ(ioctl_errno(master_, DRM_IOCTL_DROP_MASTER, nullptr), 0);
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_DROP_MASTER, nullptr), EINVAL);
  drm_auth auth{1};
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_AUTH_MAGIC, &auth), EACCES);  // not master any more
  EXPECT_EQ(ioctl_errno(client_, DRM_IOCTL_SET_MASTER, nullptr), EACCES);
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_SET_MASTER, nullptr), 0);
  EXPECT_EQ(get_client_auth(master_), 1);
}

TEST_F(CardAuth, CapSysAdminTakesFreeMasterAndIsBusyOtherwise) {
  auto admin = devices().at(1)->open(kernel::NodeType::Primary, /*privileged=*/true);
  EXPECT_TRUE(admin->authenticated);  // drm_file_alloc: capable(CAP_SYS_ADMIN)
  EXPECT_EQ(admin->ioctl(DRM_IOCTL_SET_MASTER, nullptr), -EBUSY);
  ASSERT_EQ(ioctl_errno(master_, DRM_IOCTL_DROP_MASTER, nullptr), 0);
  EXPECT_EQ(admin->ioctl(DRM_IOCTL_SET_MASTER, nullptr), 0);
  EXPECT_TRUE(admin->is_master());
  EXPECT_EQ(ioctl_errno(master_, DRM_IOCTL_SET_MASTER, nullptr), EBUSY);
  EXPECT_EQ(admin->ioctl(DRM_IOCTL_DROP_MASTER, nullptr), 0);
}

TEST_F(CardAuth, MasterPassesToTheNextOpenerWhenReleased) {
  close(master_);
  master_ = open("/dev/dri/card1", O_RDWR);  // the master slot was free: this opener takes it
  ASSERT_GE(master_, 0);
  EXPECT_EQ(get_client_auth(master_), 1);
  EXPECT_EQ(get_client_auth(client_), 0);
}

TEST_F(CardAuth, LibdrmAmdgpuInitializesOnTheMastersCardFd) {
  // amdgpu_get_auth asks GET_CLIENT on a card fd; the rest of initialization needs an authenticated file.
  uint32_t major = 0, minor = 0;
  amdgpu_device_handle dev = nullptr;
  ASSERT_EQ(amdgpu_device_initialize(master_, &major, &minor, &dev), 0);
  EXPECT_EQ(major, 3u);
  amdgpu_device_deinitialize(dev);
}

TEST(RenderAuth, RenderNodesAreAuthenticatedAndNeverMaster) {
  int fd = open("/dev/dri/renderD129", O_RDWR);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(gem_create_errno(fd), 0);
  drm_auth auth{};
  EXPECT_EQ(ioctl_errno(fd, DRM_IOCTL_GET_MAGIC, &auth), EACCES);
  EXPECT_EQ(ioctl_errno(fd, DRM_IOCTL_SET_MASTER, nullptr), EACCES);
  drm_client client{};
  EXPECT_EQ(ioctl_errno(fd, DRM_IOCTL_GET_CLIENT, &client), EACCES);
  close(fd);
}

}  // namespace
}  // namespace sporkle::sim::shim
