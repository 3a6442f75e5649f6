#include "sim/kernel/file.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "sim/kernel/bo.h"
#include "sim/kernel/bo_list.h"
#include "sim/kernel/ctx.h"
#include "sim/kernel/syncobj.h"

namespace sporkle::sim::kernel {

File::File(std::shared_ptr<Device> device, NodeType node, bool privileged)
    : device_(std::move(device)), node_(node), privileged_(privileged), vm_(std::make_shared<gpu::Vm>()) {
  pid = getpid();
  uid = getuid();
}

File::~File() {
  // drm_release / amdgpu_driver_postclose_kms: contexts go first (their queued jobs still run: they hold what
  // they use), then handles and the VM.
  contexts.clear();
  bo_lists.clear();
  syncobjs.clear();
  gem.clear();
  device_->file_closed(this);
}

int File::mmap_target(uint64_t offset, uint64_t length, std::shared_ptr<gpu::Allocation>* out) {
  // drm_gem_mmap: the offset must be exactly a BO's start (drm_vma_offset_exact_lookup_locked), the file must
  // have a handle to it (drm_vma_node_is_allowed), and the length must fit in it (drm_gem_mmap_obj).
  auto bo = device_->bo_at_mmap_offset(offset);
  if (!bo || bo->mmap_offset != offset || length > bo->size) return -EINVAL;
  {
    std::lock_guard lock(mutex);
    bool allowed = false;
    for (const auto& [h, b] : gem.all())
      if (b == bo) allowed = true;
    if (!allowed) return -EACCES;
  }
  // amdgpu_gem_object_mmap
  if (bo->is_userptr || (bo->flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS)) return -EPERM;
  *out = bo->memory;
  return 0;
}

}  // namespace sporkle::sim::kernel
