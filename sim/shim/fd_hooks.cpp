// libc entry points that take an fd: ioctl and mmap on simulated files go to the simulated kernel; close, dup and
// fcntl keep the kernel's fd table in step with the process's real fds.
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

#include "sim/kernel/bo.h"
#include "sim/kernel/fd_table.h"
#include "sim/kernel/file.h"
#include "sim/kernel/prime.h"
#include "sim/shim/cpu_mappings.h"
#include "sim/shim/drm_node.h"
#include "sim/shim/libc.h"

namespace sporkle::sim::shim {
namespace {

using kernel::FdTable;
using kernel::FileObject;

void after_dup(int oldfd, int newfd) {
  if (Passthrough::on() || newfd < 0 || oldfd == newfd) return;
  FdTable& table = FdTable::instance();
  if (table.contains(oldfd)) {
    Passthrough p;
    table.duplicate(oldfd, newfd);
  } else {
    forget_stale(newfd);
  }
}

void after_close_range(unsigned first, unsigned last) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  unsigned top = limit.rlim_cur == RLIM_INFINITY ? last : std::min<unsigned long>(last, limit.rlim_cur - 1);
  for (unsigned fd = first; fd <= top && fd <= unsigned(INT32_MAX); ++fd) forget_stale(int(fd));
}

void* fail(int err) {
  errno = err;
  return MAP_FAILED;
}

// mmap of a DRM file or dma-buf: the checks do_mmap makes on the file, then the driver's (drm_gem_mmap or
// dma_buf_mmap_internal, then ttm_bo_mmap_obj), then the buffer's pages in the device's memory.
void* map_simulated(const std::shared_ptr<FileObject>& obj, void* addr, size_t len, int prot, int flags, int fd,
                    off_t off) {
  if (len == 0 || (off & (gpu::kPageSize - 1))) return fail(EINVAL);
  const int type = flags & MAP_TYPE;
  if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return fail(EINVAL);
  const int access = SPORKLE_REAL(fcntl)(fd, F_GETFL) & O_ACCMODE;
  const bool shared = type != MAP_PRIVATE;
  if (shared && (prot & PROT_WRITE) && access == O_RDONLY) return fail(EACCES);
  if (access == O_WRONLY) return fail(EACCES);

  Passthrough p;
  std::shared_ptr<gpu::Allocation> memory;
  uint64_t store_offset = 0;
  int store_fd = -1;
  if (obj->kind() == FileObject::Kind::DrmFile) {
    auto& file = static_cast<kernel::File&>(*obj);
    if (int err = file.mmap_target(off, len, &memory)) return fail(-err);
    store_offset = memory->store_offset();
    store_fd = file.device().store().fd();
  } else {
    auto& buf = static_cast<kernel::DmaBuf&>(*obj);
    if (int err = kernel::dma_buf_mmap_target(buf, off, len, &memory)) return fail(-err);
    store_offset = memory->store_offset() + off;
    store_fd = buf.bo->device->store().fd();
  }
  if (!shared) return fail(EINVAL);  // TTM refuses copy-on-write mappings of buffers
  void* ptr = SPORKLE_REAL(mmap)(addr, len, prot, flags, store_fd, off_t(store_offset));
  if (ptr == MAP_FAILED) return ptr;
  if (flags & MAP_FIXED) unmapped(ptr, len);
  mapped(ptr, len, std::move(memory));
  return ptr;
}

void* mmap_impl(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (!Passthrough::on() && fd >= 0 && !(flags & MAP_ANONYMOUS)) {
    auto obj = FdTable::instance().get(fd);
    if (obj && (obj->kind() == FileObject::Kind::DrmFile || obj->kind() == FileObject::Kind::DmaBuf))
      return map_simulated(obj, addr, len, prot, flags, fd, off);
  }
  void* ptr = SPORKLE_REAL(mmap)(addr, len, prot, flags, fd, off);
  if (ptr != MAP_FAILED && (flags & MAP_FIXED) && !Passthrough::on()) unmapped(ptr, len);
  return ptr;
}

}  // namespace
}  // namespace sporkle::sim::shim

using namespace sporkle::sim::shim;

extern "C" {

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  if (!Passthrough::on()) {
    if (auto file = drm_file(fd)) {
      Passthrough p;
      int rc = file->ioctl(request, arg);
      if (rc < 0) {
        errno = -rc;
        return -1;
      }
      return rc;
    }
  }
  return SPORKLE_REAL(ioctl)(fd, request, arg);
}

void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mmap_impl(addr, len, prot, flags, fd, off);
}

void* mmap64(void* addr, size_t len, int prot, int flags, int fd, off64_t off) {
  return mmap_impl(addr, len, prot, flags, fd, off);
}

int munmap(void* addr, size_t len) {
  int rc = SPORKLE_REAL(munmap)(addr, len);
  if (rc == 0 && !Passthrough::on()) unmapped(addr, len);
  return rc;
}

int close(int fd) {
  int rc = SPORKLE_REAL(close)(fd);
  // Linux releases the fd even when close reports an error, unless the fd was not open.
  if (!Passthrough::on() && !(rc != 0 && errno == EBADF)) {
    int err = errno;
    forget_stale(fd);
    errno = err;
  }
  return rc;
}

int close_range(unsigned int first, unsigned int last, int flags) {
  int rc = SPORKLE_REAL(close_range)(first, last, flags);
  if (rc == 0 && !(flags & CLOSE_RANGE_CLOEXEC) && !Passthrough::on()) after_close_range(first, last);
  return rc;
}

void closefrom(int lowfd) {
  SPORKLE_REAL(closefrom)(lowfd);
  if (lowfd >= 0 && !Passthrough::on()) after_close_range(unsigned(lowfd), ~0u);
}

int dup(int oldfd) {
  int fd = SPORKLE_REAL(dup)(oldfd);
  after_dup(oldfd, fd);
  return fd;
}

int dup2(int oldfd, int newfd) {
  int fd = SPORKLE_REAL(dup2)(oldfd, newfd);
  after_dup(oldfd, fd);
  return fd;
}

int dup3(int oldfd, int newfd, int flags) {
  int fd = SPORKLE_REAL(dup3)(oldfd, newfd, flags);
  after_dup(oldfd, fd);
  return fd;
}

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  void* arg = va_arg(ap, void*);  // int or pointer: passed on as the kernel receives it
  va_end(ap);
  int rc = SPORKLE_REAL(fcntl)(fd, cmd, arg);
  if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) after_dup(fd, rc);
  return rc;
}

int fcntl64(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  int rc = SPORKLE_REAL(fcntl64)(fd, cmd, arg);
  if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) after_dup(fd, rc);
  return rc;
}

}  // extern "C"
