// SYNCOBJ ioctls (drm_syncobj.c), in the kernel's check order (shared/reference/kernel-uapi.md section 3).
#include "sim/kernel/syncobj.h"

#include <drm.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>

#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {

// ---- the object ----

std::shared_ptr<Fence> fence_all(std::vector<std::shared_ptr<Fence>> fences) {
  std::erase_if(fences, [](const auto& f) { return f->is_signaled() && f->error() == 0; });
  if (fences.size() == 1) return fences[0];
  auto all = Fence::create();
  if (fences.empty()) {
    all->signal();
    return all;
  }
  auto pending = std::make_shared<std::atomic<size_t>>(fences.size());
  for (const auto& f : fences) {
    std::weak_ptr<Fence> weak_f = f;
    f->on_signal([all, pending, weak_f] {
      if (auto src = weak_f.lock(); src && src->error()) all->set_error(src->error());
      if (--*pending == 0) all->signal();
    });
  }
  return all;
}

void Syncobj::replace(std::shared_ptr<Fence> fence) {
  {
    std::lock_guard lock(mutex_);
    points_.clear();
    if (fence) points_.push_back({0, std::move(fence)});
  }
  notify_waiters();
}

void Syncobj::add_point(uint64_t value, std::shared_ptr<Fence> fence) {
  {
    std::lock_guard lock(mutex_);
    // Points already signalled no longer matter to anyone but QUERY, which only needs the highest.
    points_.push_back({value, std::move(fence)});
  }
  notify_waiters();
}

bool Syncobj::has_chain() {
  std::lock_guard lock(mutex_);
  return !points_.empty() && points_.back().value > 0;
}

uint64_t Syncobj::last_submitted() {
  std::lock_guard lock(mutex_);
  return points_.empty() ? 0 : points_.back().value;
}

uint64_t Syncobj::highest_signaled() {
  std::lock_guard lock(mutex_);
  uint64_t highest = 0;
  for (const auto& p : points_) {
    if (!p.fence->is_signaled()) break;
    highest = p.value;
  }
  return highest;
}

std::shared_ptr<Fence> Syncobj::find(uint64_t point) {
  std::vector<std::shared_ptr<Fence>> needed;
  {
    std::lock_guard lock(mutex_);
    if (points_.empty()) return nullptr;
    if (point == 0) {
      for (const auto& p : points_) needed.push_back(p.fence);
    } else {
      // dma_fence_chain_find_seqno: a plain fence has no points; a point past the last is not submitted yet;
      // otherwise the first chain node at or after the point, which signals with all nodes before it.
      if (points_.back().value == 0 || point > points_.back().value) return nullptr;
      for (const auto& p : points_) {
        needed.push_back(p.fence);
        if (p.value >= point) break;
      }
    }
  }
  return fence_all(std::move(needed));
}

int sync_file_create(std::shared_ptr<Fence> fence) {
  auto file = std::make_shared<SyncFile>(fence);
  int fd = FdTable::instance().create_eventfd(file, O_CLOEXEC);
  if (fd < 0) return fd;
  // Readable (POLLIN) once the fence has signalled, like a sync_file.
  fence->on_signal([fd, weak = std::weak_ptr<SyncFile>(file)] {
    if (weak.lock()) eventfd_write(fd, 1);
  });
  return fd;
}

// ---- ioctls ----

namespace {
constexpr size_t kKmallocMax = 4u << 20;  // KMALLOC_MAX_SIZE on x86-64

std::shared_ptr<Syncobj> find_syncobj(File& file, uint32_t handle) {
  std::lock_guard lock(file.mutex);
  return file.syncobjs.get(handle);
}

// drm_syncobj_array_find
int array_find(File& file, uint64_t handles_ptr, uint32_t count, std::vector<std::shared_ptr<Syncobj>>* out) {
  if (uint64_t(count) * sizeof(uint32_t) > kKmallocMax) return -ENOMEM;
  std::vector<uint32_t> handles;
  if (copy_array_from_user(handles, handles_ptr, count)) return -EFAULT;
  out->clear();
  for (uint32_t h : handles) {
    auto s = find_syncobj(file, h);
    if (!s) return -ENOENT;
    out->push_back(std::move(s));
  }
  return 0;
}

// drm_syncobj_find_fence, including its bounded wait for a point to be submitted.
int find_fence(File& file, uint32_t handle, uint64_t point, uint32_t flags, std::shared_ptr<Fence>* out) {
  auto s = find_syncobj(file, handle);
  if (!s) return -ENOENT;
  *out = s->find(point);
  if (*out) return 0;
  if (!(flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT)) return -EINVAL;
  constexpr int64_t kSubmitWait = 5'000'000'000;  // DRM_SYNCOBJ_WAIT_FOR_SUBMIT: 5 s
  bool ok = wait_until([&] { return (*out = s->find(point)) != nullptr; }, monotonic_ns() + kSubmitWait);
  return ok ? 0 : -ETIME;
}

// drm_syncobj_array_wait_timeout. Returns 0 or -errno; first_signaled as the kernel sets it.
int array_wait(const std::vector<std::shared_ptr<Syncobj>>& syncobjs, const std::vector<uint64_t>& points,
               uint32_t flags, int64_t timeout_nsec, uint32_t* first_signaled) {
  const size_t n = syncobjs.size();
  const bool wait_all = flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
  const bool available = flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
  const bool for_submit = flags & (DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE);
  std::vector<std::shared_ptr<Fence>> fences(n);
  uint32_t first = ~0u;
  size_t signaled = 0;
  for (size_t i = 0; i < n; ++i) {
    fences[i] = syncobjs[i]->find(points[i]);
    if (!fences[i]) {
      if (!for_submit) return -EINVAL;
      continue;
    }
    if (available || fences[i]->is_signaled()) {
      if (signaled == 0) first = i;
      ++signaled;
    }
  }
  if (signaled == n || (signaled > 0 && !wait_all)) {
    *first_signaled = first;
    return 0;
  }
  // 0 or a time in the past polls once (drm_timeout_abs_to_jiffies).
  const int64_t deadline = timeout_nsec <= 0 ? 0 : timeout_nsec;
  bool done = wait_until(
      [&] {
        size_t count = 0;
        for (size_t i = 0; i < n; ++i) {
          if (!fences[i]) fences[i] = syncobjs[i]->find(points[i]);  // a fence submitted meanwhile
          if (!fences[i]) continue;
          if (available || fences[i]->is_signaled()) {
            if (!wait_all) return first = i, true;
            ++count;
          }
        }
        return count == n;
      },
      deadline);
  if (!done) return -ETIME;
  *first_signaled = first;
  return 0;
}
}  // namespace

int drm_syncobj_create(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_create*>(data);
  if (args->flags & ~DRM_SYNCOBJ_CREATE_SIGNALED) return -EINVAL;
  auto s = std::make_shared<Syncobj>();
  if (args->flags & DRM_SYNCOBJ_CREATE_SIGNALED) s->replace(Fence::signaled());
  std::lock_guard lock(file.mutex);
  uint32_t h = file.syncobjs.insert(std::move(s));
  if (!h) return -ENOSPC;
  args->handle = h;
  return 0;
}

int drm_syncobj_destroy(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_destroy*>(data);
  if (args->pad) return -EINVAL;
  std::lock_guard lock(file.mutex);
  return file.syncobjs.remove(args->handle) ? 0 : -EINVAL;
}

int drm_syncobj_handle_to_fd(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_handle*>(data);
  if (args->pad) return -EINVAL;
  if (args->flags != 0 && args->flags != DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE) return -EINVAL;
  if (args->flags) {
    std::shared_ptr<Fence> fence;
    if (int r = find_fence(file, args->handle, 0, 0, &fence)) return r;
    int fd = sync_file_create(std::move(fence));
    if (fd < 0) return fd;
    args->fd = fd;
    return 0;
  }
  auto s = find_syncobj(file, args->handle);
  if (!s) return -EINVAL;
  int fd = FdTable::instance().create_eventfd(std::make_shared<SyncobjFile>(std::move(s)), O_CLOEXEC);
  if (fd < 0) return fd;
  args->fd = fd;
  return 0;
}

int drm_syncobj_fd_to_handle(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_handle*>(data);
  if (args->pad) return -EINVAL;
  if (args->flags != 0 && args->flags != DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE) return -EINVAL;
  if (args->flags) {
    auto sf = FdTable::instance().get_as<SyncFile>(args->fd, FileObject::Kind::SyncFile);
    if (!sf) return -EINVAL;
    auto s = find_syncobj(file, args->handle);
    if (!s) return -ENOENT;
    s->replace(sf->fence);
    return 0;
  }
  auto sf = FdTable::instance().get_as<SyncobjFile>(args->fd, FileObject::Kind::SyncobjFile);
  if (!sf) return -EINVAL;
  std::lock_guard lock(file.mutex);
  uint32_t h = file.syncobjs.insert(sf->syncobj);
  if (!h) return -ENOSPC;
  args->handle = h;
  return 0;
}

int drm_syncobj_transfer(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_transfer*>(data);
  if (args->pad) return -EINVAL;
  auto dst = find_syncobj(file, args->dst_handle);
  if (!dst) return -ENOENT;
  std::shared_ptr<Fence> fence;
  if (int r = find_fence(file, args->src_handle, args->src_point, args->flags, &fence)) return r;
  if (args->dst_point)
    dst->add_point(args->dst_point, std::move(fence));
  else
    dst->replace(std::move(fence));
  return 0;
}

int drm_syncobj_wait(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_wait*>(data);
  if (args->flags & ~(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT)) return -EINVAL;
  if (args->count_handles == 0) return -EINVAL;
  std::vector<std::shared_ptr<Syncobj>> syncobjs;
  if (int r = array_find(file, args->handles, args->count_handles, &syncobjs)) return r;
  std::vector<uint64_t> points(syncobjs.size(), 0);
  return array_wait(syncobjs, points, args->flags, args->timeout_nsec, &args->first_signaled);
}

int drm_syncobj_timeline_wait(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_timeline_wait*>(data);
  if (args->flags & ~(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
                      DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE))
    return -EINVAL;
  if (args->count_handles == 0) return -EINVAL;
  std::vector<std::shared_ptr<Syncobj>> syncobjs;
  if (int r = array_find(file, args->handles, args->count_handles, &syncobjs)) return r;
  std::vector<uint64_t> points(syncobjs.size(), 0);
  if (uint64_t(points.size()) * sizeof(uint64_t) > kKmallocMax) return -ENOMEM;
  if (args->points && copy_from_user(points.data(), args->points, points.size() * sizeof(uint64_t)))
    return -EFAULT;
  return array_wait(syncobjs, points, args->flags, args->timeout_nsec, &args->first_signaled);
}

int drm_syncobj_reset(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_array*>(data);
  if (args->pad) return -EINVAL;
  if (args->count_handles == 0) return -EINVAL;
  std::vector<std::shared_ptr<Syncobj>> syncobjs;
  if (int r = array_find(file, args->handles, args->count_handles, &syncobjs)) return r;
  for (auto& s : syncobjs) s->replace(nullptr);
  return 0;
}

int drm_syncobj_signal(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_array*>(data);
  if (args->pad) return -EINVAL;
  if (args->count_handles == 0) return -EINVAL;
  std::vector<std::shared_ptr<Syncobj>> syncobjs;
  if (int r = array_find(file, args->handles, args->count_handles, &syncobjs)) return r;
  for (auto& s : syncobjs) s->replace(Fence::signaled());
  return 0;
}

int drm_syncobj_timeline_signal(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_timeline_array*>(data);
  if (args->flags != 0) return -EINVAL;
  if (args->count_handles == 0) return -EINVAL;
  std::vector<std::shared_ptr<Syncobj>> syncobjs;
  if (int r = array_find(file, args->handles, args->count_handles, &syncobjs)) return r;
  std::vector<uint64_t> points(syncobjs.size(), 0);
  if (args->points && copy_from_user(points.data(), args->points, points.size() * sizeof(uint64_t)))
    return -EFAULT;
  for (size_t i = 0; i < syncobjs.size(); ++i) {
    if (points[i])
      syncobjs[i]->add_point(points[i], Fence::signaled());
    else
      syncobjs[i]->replace(Fence::signaled());
  }
  return 0;
}

int drm_syncobj_query(File& file, void* data) {
  auto* args = static_cast<struct drm_syncobj_timeline_array*>(data);
  if (args->flags & ~DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) return -EINVAL;
  if (args->count_handles == 0) return -EINVAL;
  std::vector<std::shared_ptr<Syncobj>> syncobjs;
  if (int r = array_find(file, args->handles, args->count_handles, &syncobjs)) return r;
  for (size_t i = 0; i < syncobjs.size(); ++i) {
    uint64_t point = 0;
    if (syncobjs[i]->has_chain())
      point = (args->flags & DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED) ? syncobjs[i]->last_submitted()
                                                                      : syncobjs[i]->highest_signaled();
    if (copy_to_user(args->points + i * sizeof(uint64_t), &point, sizeof point)) return -EFAULT;
  }
  return 0;
}

}  // namespace sporkle::sim::kernel
