// DRM sync objects (drm_syncobj.c): a container for a fence (binary) or a timeline of points (a
// dma_fence_chain), shareable between files and processes through fds.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "sim/kernel/fd_table.h"
#include "sim/kernel/fence.h"

namespace sporkle::sim::kernel {

struct Syncobj {
  struct Point {
    uint64_t value;  // 0 for a plain (binary) fence
    std::shared_ptr<Fence> fence;
  };

  // drm_syncobj_replace_fence (null removes the fence).
  void replace(std::shared_ptr<Fence> fence);
  // drm_syncobj_add_point.
  void add_point(uint64_t value, std::shared_ptr<Fence> fence);
  // drm_syncobj_find_fence + dma_fence_chain_find_seqno: the fence that signals when `point` has. Null when
  // there is no fence or the point has not been submitted yet.
  std::shared_ptr<Fence> find(uint64_t point);
  bool has_chain();
  uint64_t last_submitted();
  uint64_t highest_signaled();

 private:
  std::mutex mutex_;
  std::vector<Point> points_;
};

// The fd of an exported syncobj (HANDLE_TO_FD without flags).
class SyncobjFile : public FileObject {
 public:
  explicit SyncobjFile(std::shared_ptr<Syncobj> s) : syncobj(std::move(s)) {}
  Kind kind() const override { return Kind::SyncobjFile; }
  std::shared_ptr<Syncobj> syncobj;
};

// A sync_file fd: one fence. The real fd is an eventfd that becomes readable when the fence signals, so
// poll() on it works as on a sync_file.
class SyncFile : public FileObject {
 public:
  explicit SyncFile(std::shared_ptr<Fence> f) : fence(std::move(f)) {}
  Kind kind() const override { return Kind::SyncFile; }
  std::shared_ptr<Fence> fence;
};

// Creates a sync_file fd for fence (O_CLOEXEC as the kernel's). fd or -errno.
int sync_file_create(std::shared_ptr<Fence> fence);

// A fence that signals once all of fences have (the error of the first failing one).
std::shared_ptr<Fence> fence_all(std::vector<std::shared_ptr<Fence>> fences);

}  // namespace sporkle::sim::kernel
