// The ioctl tables: DRM core ioctls (drm_ioctl.c drm_ioctls[]) and amdgpu's (amdgpu_drv.c amdgpu_ioctls_kms[]),
// with their permission flags. Handlers get the kernel-side copy of the argument (zero-extended to the table's
// size) and return 0 or -errno; drm_ioctl's copy-in/copy-out is done around them in ioctl.cpp.
#pragma once

#include <cstdint>

namespace sporkle::sim::kernel {

class File;

// DRM ioctl permission flags (include/drm/drm_ioctl.h).
enum IoctlFlags : uint32_t {
  DRM_AUTH = 0x1,
  DRM_MASTER = 0x2,
  DRM_ROOT_ONLY = 0x4,
  DRM_RENDER_ALLOW = 0x20,
};

using IoctlHandler = int (*)(File& file, void* data);

struct IoctlDesc {
  uint32_t cmd;  // the table's request word (gives the kernel-side size and direction)
  uint32_t flags;
  IoctlHandler func;
};

// nr -> descriptor; func null for holes. Returns null when nr is outside the table.
const IoctlDesc* find_ioctl(uint32_t nr);

// Handlers, one file per subject.
// drm_core.cpp
int drm_version(File&, void*);
int drm_getcap(File&, void*);
int drm_setclientcap(File&, void*);
int drm_gem_close(File&, void*);
int drm_gem_flink(File&, void*);
int drm_gem_open(File&, void*);
int drm_getunique(File&, void*);
int drm_setversion(File&, void*);
// drm_auth.cpp
int drm_getmagic(File&, void*);
int drm_authmagic(File&, void*);
int drm_getclient(File&, void*);
int drm_setmaster(File&, void*);
int drm_dropmaster(File&, void*);
// prime.cpp
int drm_prime_handle_to_fd(File&, void*);
int drm_prime_fd_to_handle(File&, void*);
// syncobj.cpp
int drm_syncobj_create(File&, void*);
int drm_syncobj_destroy(File&, void*);
int drm_syncobj_handle_to_fd(File&, void*);
int drm_syncobj_fd_to_handle(File&, void*);
int drm_syncobj_transfer(File&, void*);
int drm_syncobj_wait(File&, void*);
int drm_syncobj_timeline_wait(File&, void*);
int drm_syncobj_reset(File&, void*);
int drm_syncobj_signal(File&, void*);
int drm_syncobj_timeline_signal(File&, void*);
int drm_syncobj_query(File&, void*);
// gem.cpp
int amdgpu_gem_create(File&, void*);
int amdgpu_gem_mmap(File&, void*);
int amdgpu_gem_metadata(File&, void*);
int amdgpu_gem_wait_idle(File&, void*);
int amdgpu_gem_op(File&, void*);
int amdgpu_gem_userptr(File&, void*);
// gem_va.cpp
int amdgpu_gem_va(File&, void*);
// ctx.cpp
int amdgpu_ctx(File&, void*);
// bo_list.cpp
int amdgpu_bo_list(File&, void*);
// cs.cpp
int amdgpu_cs(File&, void*);
int amdgpu_wait_cs(File&, void*);
int amdgpu_wait_fences(File&, void*);
int amdgpu_fence_to_handle(File&, void*);
// info.cpp
int amdgpu_info(File&, void*);
// vm.cpp
int amdgpu_vm(File&, void*);
int amdgpu_sched(File&, void*);

}  // namespace sporkle::sim::kernel
