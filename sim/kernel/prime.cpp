// PRIME_HANDLE_TO_FD / PRIME_FD_TO_HANDLE.
#include "sim/kernel/prime.h"

#include <drm.h>
#include <amdgpu_drm.h>
#include <fcntl.h>

#include <cerrno>

#include "sim/kernel/bo.h"
#include "sim/kernel/file.h"
#include "sim/kernel/gem.h"
#include "sim/kernel/ioctl.h"

namespace sporkle::sim::kernel {

int dma_buf_mmap_target(const FileObject& obj, uint64_t offset, uint64_t length,
                        std::shared_ptr<gpu::Allocation>* out) {
  const auto& buf = static_cast<const DmaBuf&>(obj);
  const Bo& bo = *buf.bo;
  // dma_buf_mmap_internal: the range must lie in the buffer.
  if (offset + length < offset || offset + length > bo.size) return -EINVAL;
  if (bo.flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS) return -EPERM;
  if (!bo.memory) return -EINVAL;
  *out = bo.memory;
  return 0;
}

int drm_prime_handle_to_fd(File& file, void* data) {
  auto* args = static_cast<drm_prime_handle*>(data);
  if (args->flags & ~(DRM_CLOEXEC | DRM_RDWR)) return -EINVAL;
  auto bo = gem_lookup(file, args->handle);
  if (!bo) return -ENOENT;
  std::shared_ptr<DmaBuf> buf;
  {
    std::lock_guard lock(bo->mutex);
    buf = bo->dma_buf.lock();
  }
  if (!buf) {
    // amdgpu_gem_prime_export
    if (bo->is_userptr || (bo->flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID)) return -EPERM;
    buf = std::make_shared<DmaBuf>();
    buf->bo = bo;
    buf->exporter = &file.device();
    std::lock_guard lock(bo->mutex);
    bo->dma_buf = buf;
  }
  int fd = FdTable::instance().create_memfd(buf, bo->size, args->flags & DRM_CLOEXEC ? O_CLOEXEC : 0);
  if (fd < 0) return fd;
  {
    std::lock_guard lock(file.mutex);
    file.prime_handles[buf.get()] = args->handle;
  }
  args->fd = fd;
  return 0;
}

int drm_prime_fd_to_handle(File& file, void* data) {
  auto* args = static_cast<drm_prime_handle*>(data);
  if (fcntl(args->fd, F_GETFD) < 0) return -EBADF;  // dma_buf_get: not an open fd
  auto buf = FdTable::instance().get_as<DmaBuf>(args->fd, FileObject::Kind::DmaBuf);
  if (!buf) return -EINVAL;
  {
    std::lock_guard lock(file.mutex);
    auto it = file.prime_handles.find(buf.get());
    if (it != file.prime_handles.end()) return args->handle = it->second, 0;
  }
  std::shared_ptr<Bo> bo = buf->bo;
  if (buf->exporter != &file.device()) {
    // A foreign dma-buf becomes a scatter-gather BO in GTT over the same pages.
    auto sg = std::make_shared<Bo>();
    sg->device = &file.device();
    sg->size = bo->size;
    sg->preferred_domains = sg->allowed_domains = AMDGPU_GEM_DOMAIN_GTT;
    sg->memory = bo->memory;
    sg->imported = true;
    sg->mmap_offset = file.device().assign_mmap_offset(sg);
    bo = std::move(sg);
  }
  uint32_t handle = 0;
  if (int r = gem_handle_create(file, bo, &handle)) return r;
  {
    std::lock_guard lock(file.mutex);
    file.prime_handles[buf.get()] = handle;
  }
  args->handle = handle;
  return 0;
}

}  // namespace sporkle::sim::kernel
