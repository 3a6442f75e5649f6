// The process's file descriptors that refer to simulated kernel objects (DRM files, dma-bufs, syncobj files,
// sync_files). Each is backed by a real fd, so close/dup/fork/exec behave as usual; the table says what the fd
// means to the simulated kernel. The shim keeps it in step with close/dup/fcntl.
#pragma once

#include <memory>
#include <shared_mutex>
#include <vector>

namespace sporkle::sim::kernel {

class FileObject {
 public:
  enum class Kind { DrmFile, DmaBuf, SyncobjFile, SyncFile };
  virtual ~FileObject() = default;
  virtual Kind kind() const = 0;
};

class FdTable {
 public:
  static FdTable& instance();

  // Registers real_fd as referring to obj (replacing whatever the number meant before).
  void install(int real_fd, std::shared_ptr<FileObject> obj);
  std::shared_ptr<FileObject> get(int fd) const;
  template <typename T>
  std::shared_ptr<T> get_as(int fd, FileObject::Kind kind) const {
    auto obj = get(fd);
    return obj && obj->kind() == kind ? std::static_pointer_cast<T>(obj) : nullptr;
  }
  // The fd number was closed (or reused for something else): forget it.
  void forget(int fd);
  // newfd now refers to what oldfd does (dup, dup2, F_DUPFD...).
  void duplicate(int oldfd, int newfd);
  // Quick test without taking a reference: does the table know fd at all?
  bool contains(int fd) const;

  // Creates a real fd for obj: an eventfd (sync files, so poll works), a memfd of the given size (dma-bufs,
  // so lseek(SEEK_END) gives the buffer size) or a reopened device memfd (DRM files). Returns fd or -errno.
  int create_eventfd(std::shared_ptr<FileObject> obj, int flags);
  int create_memfd(std::shared_ptr<FileObject> obj, uint64_t size, int flags);

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<FileObject>> table_;
};

}  // namespace sporkle::sim::kernel
