#include "sim/shim/drm_node.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sim/kernel/fd_table.h"
#include "sim/shim/libc.h"
#include "sim/shim/topology.h"

namespace sporkle::sim::shim {

int open_drm_node(State& s, const FakeTree::Node& node, int flags) {
  if (flags & O_DIRECTORY) {
    errno = ENOTDIR;
    return -1;
  }
  if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
    errno = EEXIST;
    return -1;
  }
  Passthrough p;
  if (flags & O_PATH) return open(node.placeholder.c_str(), flags);  // names the node without opening the device

  // A memfd carries no data of its own (mmap goes through the shim); reopening it gives the fd the client's
  // access mode, which the shim's mmap checks as the kernel does.
  const int fd_flags = flags & (O_CLOEXEC | O_NONBLOCK);
  int memfd = memfd_create(("sporkle:" + node.path.substr(sizeof "/dev/dri/" - 1)).c_str(), MFD_CLOEXEC);
  if (memfd < 0) return -1;
  int fd = open(("/proc/self/fd/" + std::to_string(memfd)).c_str(), (flags & O_ACCMODE) | fd_flags);
  int err = errno;
  close(memfd);
  if (fd < 0) {
    errno = err;
    return -1;
  }
  std::shared_ptr<kernel::File> file = s.devices.at(node.device)->open(node.type, s.privileged);
  kernel::FdTable::instance().install(fd, std::move(file));
  return fd;
}

std::shared_ptr<kernel::File> drm_file(int fd) {
  auto& table = kernel::FdTable::instance();
  return table.get_as<kernel::File>(fd, kernel::FileObject::Kind::DrmFile);
}

const FakeTree::Node* node_of(kernel::File& file) {
  State* s = started_state();
  return s && s->tree ? s->tree->node(file.device().index(), file.node()) : nullptr;
}

void as_device_node(struct stat* st, const FakeTree::Node& node) {
  st->st_mode = S_IFCHR | 0666;
  st->st_rdev = makedev(topology::kDrmMajor, node.minor);
  st->st_size = 0;
  st->st_blocks = 0;
  st->st_blksize = 4096;
}

void as_device_node(struct statx* stx, const FakeTree::Node& node) {
  stx->stx_mode = S_IFCHR | 0666;
  stx->stx_rdev_major = topology::kDrmMajor;
  stx->stx_rdev_minor = node.minor;
  stx->stx_size = 0;
  stx->stx_blocks = 0;
  stx->stx_blksize = 4096;
}

void forget_stale(int fd) {
  auto& table = kernel::FdTable::instance();
  if (fd >= 0 && table.contains(fd)) {
    Passthrough p;
    table.forget(fd);
  }
}

}  // namespace sporkle::sim::shim
