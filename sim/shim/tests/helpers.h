// Small wrappers the shim tests share.
#pragma once

#include <amdgpu_drm.h>
#include <drm.h>
#include <sys/ioctl.h>

#include <cerrno>

namespace sporkle::sim::shim::test {

// ioctl's errno, or 0 on success.
inline int ioctl_errno(int fd, unsigned long request, void* arg) { return ioctl(fd, request, arg) == 0 ? 0 : errno; }

// GEM_CREATE needs DRM_AUTH: a page of GTT; the handle is closed again on success.
inline int gem_create_errno(int fd) {
  drm_amdgpu_gem_create create{};
  create.in.bo_size = 4096;
  create.in.alignment = 4096;
  create.in.domains = AMDGPU_GEM_DOMAIN_GTT;
  int err = ioctl_errno(fd, DRM_IOCTL_AMDGPU_GEM_CREATE, &create);
  if (err == 0) {
    drm_gem_close close{create.out.handle, 0};
    ioctl(fd, DRM_IOCTL_GEM_CLOSE, &close);
  }
  return err;
}

inline int version_errno(int fd) {
  drm_version v{};
  return ioctl_errno(fd, DRM_IOCTL_VERSION, &v);
}

}  // namespace sporkle::sim::shim::test
