#include "sim/kernel/fd_table.h"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

namespace sporkle::sim::kernel {

FdTable& FdTable::instance() {
  static FdTable* table = new FdTable;  // never destroyed: fds may be closed during static destruction
  return *table;
}

void FdTable::install(int fd, std::shared_ptr<FileObject> obj) {
  if (fd < 0) return;
  std::unique_lock lock(mutex_);
  if (static_cast<size_t>(fd) >= table_.size()) table_.resize(fd + 1);
  table_[fd] = std::move(obj);
}

std::shared_ptr<FileObject> FdTable::get(int fd) const {
  std::shared_lock lock(mutex_);
  if (fd < 0 || static_cast<size_t>(fd) >= table_.size()) return nullptr;
  return table_[fd];
}

bool FdTable::contains(int fd) const {
  std::shared_lock lock(mutex_);
  return fd >= 0 && static_cast<size_t>(fd) < table_.size() && table_[fd];
}

void FdTable::forget(int fd) {
  std::shared_ptr<FileObject> dropped;  // released outside the lock: a DRM file's release takes other locks
  {
    std::unique_lock lock(mutex_);
    if (fd < 0 || static_cast<size_t>(fd) >= table_.size()) return;
    dropped = std::move(table_[fd]);
  }
}

void FdTable::duplicate(int oldfd, int newfd) {
  if (oldfd == newfd) return;
  auto obj = get(oldfd);
  if (obj) {
    std::shared_ptr<FileObject> dropped;
    std::unique_lock lock(mutex_);
    if (static_cast<size_t>(newfd) >= table_.size()) table_.resize(newfd + 1);
    dropped = std::move(table_[newfd]);
    table_[newfd] = std::move(obj);
    lock.unlock();
  } else {
    forget(newfd);
  }
}

int FdTable::create_eventfd(std::shared_ptr<FileObject> obj, int flags) {
  int fd = eventfd(0, EFD_NONBLOCK | ((flags & O_CLOEXEC) ? EFD_CLOEXEC : 0));
  if (fd < 0) return -errno;
  install(fd, std::move(obj));
  return fd;
}

int FdTable::create_memfd(std::shared_ptr<FileObject> obj, uint64_t size, int flags) {
  int fd = memfd_create("sporkle-dmabuf", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
  if (fd < 0) return -errno;
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    int err = errno;
    close(fd);
    return -err;
  }
  install(fd, std::move(obj));
  return fd;
}

}  // namespace sporkle::sim::kernel
