// VM and SCHED ioctls (amdgpu_vm.c amdgpu_vm_ioctl, amdgpu_sched.c).
#include <amdgpu_drm.h>
#include <fcntl.h>

#include <cerrno>

#include "sim/kernel/ctx.h"
#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"

namespace sporkle::sim::kernel {

int amdgpu_vm(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_vm*>(data);
  if (args->in.flags) return -EINVAL;
  Device& dev = file.device();
  switch (args->in.op) {
    case AMDGPU_VM_OP_RESERVE_VMID: {
      // amdgpu_vmid_alloc_reserved: one VM at a time may hold the reserved VMID.
      std::lock_guard lock(dev.vmid_mutex);
      if (dev.reserved_vmid_owner == &file) return 0;
      if (dev.reserved_vmid_owner) return -EINVAL;
      dev.reserved_vmid_owner = &file;
      return 0;
    }
    case AMDGPU_VM_OP_UNRESERVE_VMID: {
      std::lock_guard lock(dev.vmid_mutex);
      if (dev.reserved_vmid_owner == &file) dev.reserved_vmid_owner = nullptr;
      return 0;
    }
    default: return -EINVAL;
  }
}

int amdgpu_sched(File& file, void* data) {
  // Only a DRM master gets here (the dispatcher refuses everyone else with EACCES).
  auto* args = static_cast<drm_amdgpu_sched*>(data);
  switch (args->in.op) {
    case AMDGPU_SCHED_OP_PROCESS_PRIORITY_OVERRIDE:
    case AMDGPU_SCHED_OP_CONTEXT_PRIORITY_OVERRIDE: break;
    default: return -EINVAL;
  }
  switch (args->in.priority) {
    case AMDGPU_CTX_PRIORITY_VERY_LOW:
    case AMDGPU_CTX_PRIORITY_LOW:
    case AMDGPU_CTX_PRIORITY_NORMAL:
    case AMDGPU_CTX_PRIORITY_HIGH:
    case AMDGPU_CTX_PRIORITY_VERY_HIGH: break;
    default: return -EINVAL;
  }
  // The target must be an amdgpu DRM file of this device (fdget failure is EINVAL here, not EBADF).
  auto target = FdTable::instance().get_as<File>(args->in.fd, FileObject::Kind::DrmFile);
  if (!target || &target->device() != &file.device()) return -EINVAL;
  if (args->in.op == AMDGPU_SCHED_OP_CONTEXT_PRIORITY_OVERRIDE) {
    std::lock_guard lock(target->mutex);
    auto ctx = target->contexts.get(args->in.ctx_id);
    if (!ctx) return -EINVAL;
    ctx->priority = args->in.priority;
    return 0;
  }
  std::lock_guard lock(target->mutex);
  for (auto& [id, ctx] : target->contexts.all()) ctx->priority = args->in.priority;
  return 0;
}

}  // namespace sporkle::sim::kernel
