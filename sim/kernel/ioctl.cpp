// drm_ioctl(): request decoding, argument-size handling, permission checks and copy-back, in the kernel's order
// (shared/reference/kernel-uapi.md section 1).
#include "sim/kernel/ioctl.h"

#include <drm.h>
#include <amdgpu_drm.h>
#include <sys/ioctl.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "sim/kernel/device.h"
#include "sim/kernel/file.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {
namespace {

// drm_invalid_op: legacy (CONFIG_DRM_LEGACY is off in Debian's 6.1) and removed ioctls.
int invalid_op(File&, void*) { return -EINVAL; }
int noop(File&, void*) { return 0; }
// The simulated boards have no display engine: mode-setting answers as DRM does for a driver without
// DRIVER_MODESET. This is the one deliberate departure from a real amdgpu card node.
int no_modeset(File&, void*) { return -EOPNOTSUPP; }
int getstats(File&, void* data) {
  std::memset(data, 0, sizeof(drm_stats));
  return 0;
}

constexpr uint32_t kCoreCount = _IOC_NR(DRM_IOCTL_MODE_GETFB2) + 1;  // ARRAY_SIZE(drm_ioctls)
constexpr uint32_t kDriverCount = DRM_AMDGPU_SCHED + 1;                    // amdgpu_ioctls_kms[] size

struct Tables {
  std::array<IoctlDesc, kCoreCount> core{};
  std::array<IoctlDesc, kDriverCount> driver{};
};

#define CORE(req, fl, fn) t.core[_IOC_NR(req)] = IoctlDesc{req, fl, fn}
#define DRV(req, fl, fn) t.driver[_IOC_NR(req) - DRM_COMMAND_BASE] = IoctlDesc{req, fl, fn}
constexpr uint32_t AMR = DRM_AUTH | DRM_MASTER | DRM_ROOT_ONLY;

Tables build_tables() {
  Tables t;
  CORE(DRM_IOCTL_VERSION, DRM_RENDER_ALLOW, drm_version);
  CORE(DRM_IOCTL_GET_UNIQUE, 0, drm_getunique);
  CORE(DRM_IOCTL_GET_MAGIC, 0, drm_getmagic);
  CORE(DRM_IOCTL_IRQ_BUSID, DRM_MASTER | DRM_ROOT_ONLY, invalid_op);
  CORE(DRM_IOCTL_GET_MAP, 0, invalid_op);
  CORE(DRM_IOCTL_GET_CLIENT, 0, drm_getclient);
  CORE(DRM_IOCTL_GET_STATS, 0, getstats);
  CORE(DRM_IOCTL_GET_CAP, DRM_RENDER_ALLOW, drm_getcap);
  CORE(DRM_IOCTL_SET_CLIENT_CAP, 0, drm_setclientcap);
  CORE(DRM_IOCTL_SET_VERSION, DRM_MASTER, drm_setversion);
  CORE(DRM_IOCTL_SET_UNIQUE, AMR, invalid_op);
  CORE(DRM_IOCTL_BLOCK, AMR, noop);
  CORE(DRM_IOCTL_UNBLOCK, AMR, noop);
  CORE(DRM_IOCTL_AUTH_MAGIC, DRM_MASTER, drm_authmagic);
  CORE(DRM_IOCTL_ADD_MAP, AMR, invalid_op);
  CORE(DRM_IOCTL_RM_MAP, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_SET_SAREA_CTX, AMR, invalid_op);
  CORE(DRM_IOCTL_GET_SAREA_CTX, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_SET_MASTER, 0, drm_setmaster);
  CORE(DRM_IOCTL_DROP_MASTER, 0, drm_dropmaster);
  CORE(DRM_IOCTL_ADD_CTX, DRM_AUTH | DRM_ROOT_ONLY, invalid_op);
  CORE(DRM_IOCTL_RM_CTX, AMR, invalid_op);
  CORE(DRM_IOCTL_MOD_CTX, AMR, invalid_op);
  CORE(DRM_IOCTL_GET_CTX, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_SWITCH_CTX, AMR, invalid_op);
  CORE(DRM_IOCTL_NEW_CTX, AMR, invalid_op);
  CORE(DRM_IOCTL_RES_CTX, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_ADD_DRAW, AMR, noop);
  CORE(DRM_IOCTL_RM_DRAW, AMR, noop);
  CORE(DRM_IOCTL_LOCK, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_UNLOCK, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_FINISH, DRM_AUTH, noop);
  CORE(DRM_IOCTL_ADD_BUFS, AMR, invalid_op);
  CORE(DRM_IOCTL_MARK_BUFS, AMR, invalid_op);
  CORE(DRM_IOCTL_INFO_BUFS, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_MAP_BUFS, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_FREE_BUFS, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_DMA, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_CONTROL, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_ACQUIRE, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_RELEASE, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_ENABLE, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_INFO, DRM_AUTH, invalid_op);
  CORE(DRM_IOCTL_AGP_ALLOC, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_FREE, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_BIND, AMR, invalid_op);
  CORE(DRM_IOCTL_AGP_UNBIND, AMR, invalid_op);
  CORE(DRM_IOCTL_SG_ALLOC, AMR, invalid_op);
  CORE(DRM_IOCTL_SG_FREE, AMR, invalid_op);
  CORE(DRM_IOCTL_WAIT_VBLANK, 0, no_modeset);
  CORE(DRM_IOCTL_MODESET_CTL, 0, invalid_op);
  CORE(DRM_IOCTL_UPDATE_DRAW, AMR, noop);
  CORE(DRM_IOCTL_GEM_CLOSE, DRM_RENDER_ALLOW, drm_gem_close);
  CORE(DRM_IOCTL_GEM_FLINK, DRM_AUTH, drm_gem_flink);
  CORE(DRM_IOCTL_GEM_OPEN, DRM_AUTH, drm_gem_open);
  CORE(DRM_IOCTL_PRIME_HANDLE_TO_FD, DRM_RENDER_ALLOW, drm_prime_handle_to_fd);
  CORE(DRM_IOCTL_PRIME_FD_TO_HANDLE, DRM_RENDER_ALLOW, drm_prime_fd_to_handle);
  for (uint32_t req : {DRM_IOCTL_MODE_GETRESOURCES, DRM_IOCTL_MODE_GETPLANERESOURCES, DRM_IOCTL_MODE_GETCRTC,
                       DRM_IOCTL_MODE_GETPLANE, DRM_IOCTL_MODE_GETGAMMA, DRM_IOCTL_MODE_GETENCODER,
                       DRM_IOCTL_MODE_GETCONNECTOR, DRM_IOCTL_MODE_GETPROPERTY, DRM_IOCTL_MODE_GETPROPBLOB,
                       DRM_IOCTL_MODE_GETFB, DRM_IOCTL_MODE_GETFB2, DRM_IOCTL_MODE_ADDFB, DRM_IOCTL_MODE_ADDFB2,
                       DRM_IOCTL_MODE_RMFB, DRM_IOCTL_MODE_CREATE_DUMB, DRM_IOCTL_MODE_MAP_DUMB,
                       DRM_IOCTL_MODE_DESTROY_DUMB, DRM_IOCTL_MODE_OBJ_GETPROPERTIES,
                       DRM_IOCTL_MODE_CREATEPROPBLOB, DRM_IOCTL_MODE_DESTROYPROPBLOB, DRM_IOCTL_CRTC_GET_SEQUENCE,
                       DRM_IOCTL_CRTC_QUEUE_SEQUENCE})
    t.core[_IOC_NR(req)] = IoctlDesc{req, 0, no_modeset};
  for (uint32_t req : {DRM_IOCTL_MODE_SETCRTC, DRM_IOCTL_MODE_SETPLANE, DRM_IOCTL_MODE_CURSOR,
                       DRM_IOCTL_MODE_SETGAMMA, DRM_IOCTL_MODE_SETPROPERTY, DRM_IOCTL_MODE_PAGE_FLIP,
                       DRM_IOCTL_MODE_DIRTYFB, DRM_IOCTL_MODE_OBJ_SETPROPERTY, DRM_IOCTL_MODE_CURSOR2,
                       DRM_IOCTL_MODE_ATOMIC, DRM_IOCTL_MODE_CREATE_LEASE, DRM_IOCTL_MODE_LIST_LESSEES,
                       DRM_IOCTL_MODE_GET_LEASE, DRM_IOCTL_MODE_REVOKE_LEASE})
    t.core[_IOC_NR(req)] = IoctlDesc{req, DRM_MASTER, no_modeset};
  CORE(DRM_IOCTL_MODE_ATTACHMODE, DRM_MASTER, noop);
  CORE(DRM_IOCTL_MODE_DETACHMODE, DRM_MASTER, noop);
  CORE(DRM_IOCTL_SYNCOBJ_CREATE, DRM_RENDER_ALLOW, drm_syncobj_create);
  CORE(DRM_IOCTL_SYNCOBJ_DESTROY, DRM_RENDER_ALLOW, drm_syncobj_destroy);
  CORE(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, DRM_RENDER_ALLOW, drm_syncobj_handle_to_fd);
  CORE(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, DRM_RENDER_ALLOW, drm_syncobj_fd_to_handle);
  CORE(DRM_IOCTL_SYNCOBJ_TRANSFER, DRM_RENDER_ALLOW, drm_syncobj_transfer);
  CORE(DRM_IOCTL_SYNCOBJ_WAIT, DRM_RENDER_ALLOW, drm_syncobj_wait);
  CORE(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, DRM_RENDER_ALLOW, drm_syncobj_timeline_wait);
  CORE(DRM_IOCTL_SYNCOBJ_RESET, DRM_RENDER_ALLOW, drm_syncobj_reset);
  CORE(DRM_IOCTL_SYNCOBJ_SIGNAL, DRM_RENDER_ALLOW, drm_syncobj_signal);
  CORE(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, DRM_RENDER_ALLOW, drm_syncobj_timeline_signal);
  CORE(DRM_IOCTL_SYNCOBJ_QUERY, DRM_RENDER_ALLOW, drm_syncobj_query);

  constexpr uint32_t AR = DRM_AUTH | DRM_RENDER_ALLOW;
  DRV(DRM_IOCTL_AMDGPU_GEM_CREATE, AR, amdgpu_gem_create);
  DRV(DRM_IOCTL_AMDGPU_CTX, AR, amdgpu_ctx);
  DRV(DRM_IOCTL_AMDGPU_VM, AR, amdgpu_vm);
  DRV(DRM_IOCTL_AMDGPU_SCHED, DRM_MASTER, amdgpu_sched);
  DRV(DRM_IOCTL_AMDGPU_BO_LIST, AR, amdgpu_bo_list);
  DRV(DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, AR, amdgpu_fence_to_handle);
  DRV(DRM_IOCTL_AMDGPU_GEM_MMAP, AR, amdgpu_gem_mmap);
  DRV(DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, AR, amdgpu_gem_wait_idle);
  DRV(DRM_IOCTL_AMDGPU_CS, AR, amdgpu_cs);
  DRV(DRM_IOCTL_AMDGPU_INFO, AR, amdgpu_info);
  DRV(DRM_IOCTL_AMDGPU_WAIT_CS, AR, amdgpu_wait_cs);
  DRV(DRM_IOCTL_AMDGPU_WAIT_FENCES, AR, amdgpu_wait_fences);
  DRV(DRM_IOCTL_AMDGPU_GEM_METADATA, AR, amdgpu_gem_metadata);
  DRV(DRM_IOCTL_AMDGPU_GEM_VA, AR, amdgpu_gem_va);
  DRV(DRM_IOCTL_AMDGPU_GEM_OP, AR, amdgpu_gem_op);
  DRV(DRM_IOCTL_AMDGPU_GEM_USERPTR, AR, amdgpu_gem_userptr);
  return t;
}
#undef CORE
#undef DRV

const Tables& tables() {
  static const Tables t = build_tables();
  return t;
}

// drm_ioctl_permit
int permit(uint32_t flags, File& file) {
  if ((flags & DRM_ROOT_ONLY) && !file.privileged()) return -EACCES;
  if ((flags & DRM_AUTH) && !file.is_render() && !file.authenticated) return -EACCES;
  if ((flags & DRM_MASTER) && !file.is_master()) return -EACCES;
  if (!(flags & DRM_RENDER_ALLOW) && file.is_render()) return -EACCES;
  return 0;
}

}  // namespace

const IoctlDesc* find_ioctl(uint32_t nr) {
  const Tables& t = tables();
  if (nr >= DRM_COMMAND_BASE && nr < DRM_COMMAND_END) {
    uint32_t index = nr - DRM_COMMAND_BASE;
    return index < kDriverCount ? &t.driver[index] : nullptr;
  }
  return nr < kCoreCount ? &t.core[nr] : nullptr;
}

int File::ioctl(unsigned long request, void* arg) {
  const uint32_t cmd = static_cast<uint32_t>(request);
  if (_IOC_TYPE(cmd) != DRM_IOCTL_BASE) return -ENOTTY;
  const IoctlDesc* desc = find_ioctl(_IOC_NR(cmd));
  if (!desc || !desc->func) return -EINVAL;

  // Directions and sizes: the client's request word decides how much is copied, the table's how much the
  // handler sees; the kernel buffer is the larger of the two, zero-extended.
  const uint32_t drv_size = _IOC_SIZE(desc->cmd);
  uint32_t in_size = _IOC_SIZE(cmd), out_size = in_size;
  if (!(desc->cmd & cmd & IOC_IN)) in_size = 0;
  if (!(desc->cmd & cmd & IOC_OUT)) out_size = 0;
  const uint32_t ksize = std::max({drv_size, in_size, out_size});

  alignas(16) uint8_t stack[128];
  std::unique_ptr<uint8_t[]> heap;
  uint8_t* kdata = stack;
  if (ksize > sizeof stack) {
    heap.reset(new (std::nothrow) uint8_t[ksize]);
    if (!heap) return -ENOMEM;
    kdata = heap.get();
  }
  if (in_size && copy_from_user(kdata, user_ptr(arg), in_size)) return -EFAULT;
  if (ksize > in_size) std::memset(kdata + in_size, 0, ksize - in_size);

  int ret = permit(desc->flags, *this);
  if (ret == 0) ret = desc->func(*this, kdata);
  if (out_size && copy_to_user(user_ptr(arg), kdata, out_size)) ret = -EFAULT;
  return ret;
}

}  // namespace sporkle::sim::kernel
