// The fake /dev and /sys view: what stat, readdir, readlink, realpath and reads show, checked against the
// personalities and against what libdrm derives from it.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <xf86drm.h>

#include <climits>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "sim/shim/control.h"
#include "sim/shim/topology.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::shim {
namespace {

std::set<std::string> list_dir(const char* path) {
  std::set<std::string> names;
  DIR* dir = opendir(path);
  if (!dir) return names;
  while (dirent* e = readdir(dir))
    if (e->d_name[0] != '.') names.insert(e->d_name);
  closedir(dir);
  return names;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const spec::Personality& personality(uint32_t index) { return devices().at(index)->personality(); }

TEST(FakeTree, DevDriListsBothNodesOfEveryDevice) {
  EXPECT_EQ(list_dir("/dev/dri"), (std::set<std::string>{"card0", "card1", "renderD128", "renderD129"}));
}

TEST(FakeTree, NodesStatAsDrmCharacterDevices) {
  struct {
    const char* path;
    unsigned minor;
  } nodes[] = {{"/dev/dri/card0", 0}, {"/dev/dri/card1", 1}, {"/dev/dri/renderD128", 128}, {"/dev/dri/renderD129", 129}};
  for (auto& n : nodes) {
    struct stat st{};
    ASSERT_EQ(stat(n.path, &st), 0) << n.path;
    EXPECT_TRUE(S_ISCHR(st.st_mode)) << n.path;
    EXPECT_EQ(major(st.st_rdev), 226u) << n.path;
    EXPECT_EQ(minor(st.st_rdev), n.minor) << n.path;
    struct stat64 st64{};
    ASSERT_EQ(lstat64(n.path, &st64), 0);
    EXPECT_EQ(st64.st_rdev, st.st_rdev);
  }
  struct stat st{};
  EXPECT_EQ(stat("/dev/dri/card2", &st), -1);
  EXPECT_EQ(errno, ENOENT);
}

TEST(FakeTree, FstatOfAnOpenNodeAgreesWithStatOfItsPath) {
  int fd = open("/dev/dri/renderD129", O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  struct stat by_path{}, by_fd{};
  ASSERT_EQ(stat("/dev/dri/renderD129", &by_path), 0);
  ASSERT_EQ(fstat(fd, &by_fd), 0);
  EXPECT_EQ(by_fd.st_mode, by_path.st_mode);
  EXPECT_EQ(by_fd.st_rdev, by_path.st_rdev);
  EXPECT_EQ(by_fd.st_ino, by_path.st_ino);
  EXPECT_EQ(by_fd.st_dev, by_path.st_dev);

  struct statx sx{};
  ASSERT_EQ(statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx), 0);
  EXPECT_TRUE(S_ISCHR(sx.stx_mode));
  EXPECT_EQ(sx.stx_rdev_major, 226u);
  EXPECT_EQ(sx.stx_rdev_minor, 129u);
  ASSERT_EQ(statx(AT_FDCWD, "/dev/dri/renderD129", 0, STATX_BASIC_STATS, &sx), 0);
  EXPECT_EQ(sx.stx_rdev_minor, 129u);

  char link[PATH_MAX] = {};
  ASSERT_GT(readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), link, sizeof link - 1), 0);
  EXPECT_STREQ(link, "/dev/dri/renderD129");
  close(fd);
}

TEST(FakeTree, NodesOpenThroughADirectoryFdToo) {
  int dir = open("/dev/dri", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dir, 0);
  int fd = openat(dir, "renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  struct stat st{};
  ASSERT_EQ(fstatat(dir, "card0", &st, 0), 0);
  EXPECT_EQ(st.st_rdev, makedev(226, 0));
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_rdev, makedev(226, 128));
  close(fd);
  close(dir);
}

TEST(FakeTree, NodesRefuseDirectoryUse) {
  EXPECT_EQ(open("/dev/dri/card0", O_RDONLY | O_DIRECTORY), -1);
  EXPECT_EQ(errno, ENOTDIR);
  EXPECT_EQ(opendir("/dev/dri/card0"), nullptr);
  EXPECT_EQ(errno, ENOTDIR);
  EXPECT_EQ(access("/dev/dri/renderD128", R_OK | W_OK), 0);
}

TEST(FakeTree, SysfsCharDevLinksToThePciFunction) {
  for (uint32_t i = 0; i < 2; ++i) {
    for (uint32_t minor : {topology::primary_minor(i), topology::render_minor(i)}) {
      const std::string dev = "/sys/dev/char/226:" + std::to_string(minor);
      struct stat st{};
      EXPECT_EQ(stat((dev + "/device/drm").c_str(), &st), 0) << dev;
      EXPECT_EQ(list_dir((dev + "/device/drm").c_str()),
                (std::set<std::string>{topology::card_name(i), topology::render_name(i)}));
      char link[PATH_MAX] = {};
      ASSERT_GT(readlink((dev + "/device/subsystem").c_str(), link, sizeof link - 1), 0);
      EXPECT_EQ(std::string(link), "../../../../bus/pci");
      char resolved[PATH_MAX];
      ASSERT_NE(realpath((dev + "/device").c_str(), resolved), nullptr);
      EXPECT_EQ(std::string(resolved), topology::pci_dir(i));
      const std::string name = minor < 128 ? topology::card_name(i) : topology::render_name(i);
      EXPECT_EQ(read_text(dev + "/uevent"), "MAJOR=226\nMINOR=" + std::to_string(minor) + "\nDEVNAME=dri/" + name +
                                                "\nDEVTYPE=drm_minor\n");
    }
  }
}

TEST(FakeTree, PciFilesDescribeThePersonality) {
  for (uint32_t i = 0; i < 2; ++i) {
    const spec::PciIdentity& pci = personality(i).pci;
    const std::string dir = topology::pci_dir(i);
    char expect[64];
    std::snprintf(expect, sizeof expect, "0x%04x\n", pci.device);
    EXPECT_EQ(read_text(dir + "/device"), expect);
    EXPECT_EQ(read_text(dir + "/vendor"), "0x1002\n");
    std::snprintf(expect, sizeof expect, "0x%02x\n", pci.revision);
    EXPECT_EQ(read_text(dir + "/revision"), expect);
    const std::string uevent = read_text(dir + "/uevent");
    EXPECT_NE(uevent.find("DRIVER=amdgpu\n"), std::string::npos);
    EXPECT_NE(uevent.find("PCI_SLOT_NAME=" + topology::pci_slot(i) + "\n"), std::string::npos);
    std::snprintf(expect, sizeof expect, "PCI_ID=%04X:%04X\n", pci.vendor, pci.device);
    EXPECT_NE(uevent.find(expect), std::string::npos);

    unsigned char config[256];
    FILE* f = fopen64((dir + "/config").c_str(), "rb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(fread(config, 1, sizeof config, f), sizeof config);
    EXPECT_EQ(fgetc(f), EOF);
    fclose(f);
    EXPECT_EQ(config[0] | config[1] << 8, pci.vendor);
    EXPECT_EQ(config[2] | config[3] << 8, pci.device);
    EXPECT_EQ(config[8], pci.revision);
    EXPECT_EQ(config[0x2c] | config[0x2d] << 8, pci.subsystem_vendor);
    EXPECT_EQ(config[0x2e] | config[0x2f] << 8, pci.subsystem_device);
  }
}

TEST(FakeTree, LibdrmEnumeratesEachDeviceOnceWithBothNodes) {
  drmDevicePtr devs[8] = {};
  int n = drmGetDevices2(DRM_DEVICE_GET_PCI_REVISION, devs, 8);
  ASSERT_EQ(n, 2);
  for (int k = 0; k < n; ++k) {
    drmDevicePtr d = devs[k];
    ASSERT_EQ(d->bustype, DRM_BUS_PCI);
    EXPECT_EQ(d->available_nodes, (1 << DRM_NODE_PRIMARY) | (1 << DRM_NODE_RENDER));
    int index = d->businfo.pci->bus - 3;
    ASSERT_TRUE(index == 0 || index == 1);
    const spec::PciIdentity& pci = personality(index).pci;
    EXPECT_EQ(std::string(d->nodes[DRM_NODE_PRIMARY]), topology::card_path(index));
    EXPECT_EQ(std::string(d->nodes[DRM_NODE_RENDER]), topology::render_path(index));
    EXPECT_EQ(d->deviceinfo.pci->vendor_id, pci.vendor);
    EXPECT_EQ(d->deviceinfo.pci->device_id, pci.device);
    EXPECT_EQ(d->deviceinfo.pci->revision_id, pci.revision);
  }
  drmFreeDevices(devs, n);
}

TEST(FakeTree, LibdrmFindsTheDeviceOfAnFd) {
  int fd = open("/dev/dri/renderD129", O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(drmGetNodeTypeFromFd(fd), DRM_NODE_RENDER);
  char* primary = drmGetPrimaryDeviceNameFromFd(fd);
  ASSERT_NE(primary, nullptr);
  EXPECT_STREQ(primary, "/dev/dri/card1");
  free(primary);
  char* name = drmGetDeviceNameFromFd2(fd);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(name, "/dev/dri/renderD129");
  free(name);
  drmDevicePtr dev = nullptr;
  ASSERT_EQ(drmGetDevice2(fd, DRM_DEVICE_GET_PCI_REVISION, &dev), 0);
  EXPECT_EQ(dev->deviceinfo.pci->device_id, personality(1).pci.device);
  drmFreeDevice(&dev);
  close(fd);
}

TEST(FakeTree, OtherPathsPassThroughUntouched) {
  // Compare with the kernel's own answer, bypassing every libc hook.
  for (const char* path : {"/etc/passwd", "/dev/null", "/proc/self", "/sys"}) {
    struct stat hooked{}, raw{};
    ASSERT_EQ(stat(path, &hooked), 0) << path;
    ASSERT_EQ(syscall(SYS_newfstatat, AT_FDCWD, path, &raw, 0), 0) << path;
    EXPECT_EQ(hooked.st_ino, raw.st_ino) << path;
    EXPECT_EQ(hooked.st_mode, raw.st_mode) << path;
    EXPECT_EQ(hooked.st_rdev, raw.st_rdev) << path;
  }
  char resolved[PATH_MAX];
  ASSERT_NE(realpath("/proc/self/../self/..", resolved), nullptr);
  EXPECT_STREQ(resolved, "/proc");
  int fd = open("/dev/null", O_RDWR);
  ASSERT_GE(fd, 0);
  struct stat st{};
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  close(fd);
}

}  // namespace
}  // namespace sporkle::sim::shim
