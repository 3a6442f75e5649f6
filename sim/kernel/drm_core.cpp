// DRM core ioctls that every DRM driver shares (drm_ioctl.c, drm_gem.c): version, capabilities, GEM handles.
#include <drm.h>
#include <amdgpu_drm.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "sim/kernel/bo.h"
#include "sim/kernel/file.h"
#include "sim/kernel/gem.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {

namespace {
// amdgpu_drv.c / amdgpu_drv.h, Linux 6.1.
constexpr int kDriverMajor = 3, kDriverMinor = 49, kDriverPatchlevel = 0;
constexpr std::string_view kDriverName = "amdgpu", kDriverDate = "20150101", kDriverDesc = "AMD GPU";
constexpr int kDrmIfMajor = 1, kDrmIfMinor = 4;

// drm_copy_field: copies at most *len bytes (no terminator), then reports the full length.
int copy_field(uint64_t buf, __kernel_size_t* len, std::string_view value) {
  size_t n = std::min<size_t>(*len, value.size());
  *len = value.size();
  if (n && buf) return copy_to_user(buf, value.data(), n);
  return 0;
}
}  // namespace

int drm_version(File&, void* data) {
  auto* v = static_cast<drm_version_t*>(data);
  v->version_major = kDriverMajor;
  v->version_minor = kDriverMinor;
  v->version_patchlevel = kDriverPatchlevel;
  int err = copy_field(user_ptr(v->name), &v->name_len, kDriverName);
  if (!err) err = copy_field(user_ptr(v->date), &v->date_len, kDriverDate);
  if (!err) err = copy_field(user_ptr(v->desc), &v->desc_len, kDriverDesc);
  return err;
}

int drm_getcap(File&, void* data) {
  auto* req = static_cast<drm_get_cap*>(data);
  req->value = 0;
  switch (req->capability) {
    case DRM_CAP_TIMESTAMP_MONOTONIC: req->value = 1; return 0;
    case DRM_CAP_PRIME: req->value = DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT; return 0;
    case DRM_CAP_SYNCOBJ: req->value = 1; return 0;
    case DRM_CAP_SYNCOBJ_TIMELINE: req->value = 1; return 0;
    // amdgpu is a KMS driver: these are answered on any node.
    case DRM_CAP_DUMB_BUFFER: req->value = 1; return 0;
    case DRM_CAP_VBLANK_HIGH_CRTC: req->value = 1; return 0;
    case DRM_CAP_DUMB_PREFERRED_DEPTH: req->value = 24; return 0;  // amdgpu mode_config.preferred_depth
    case DRM_CAP_DUMB_PREFER_SHADOW: req->value = 1; return 0;     // amdgpu mode_config.prefer_shadow
    case DRM_CAP_ASYNC_PAGE_FLIP: req->value = 1; return 0;
    case DRM_CAP_PAGE_FLIP_TARGET: req->value = 1; return 0;
    case DRM_CAP_CURSOR_WIDTH: req->value = 64; return 0;
    case DRM_CAP_CURSOR_HEIGHT: req->value = 64; return 0;
    case DRM_CAP_ADDFB2_MODIFIERS: req->value = 1; return 0;
    case DRM_CAP_CRTC_IN_VBLANK_EVENT: req->value = 1; return 0;
    default: return -EINVAL;
  }
}

int drm_setclientcap(File&, void* data) {
  // Only reachable on primary nodes. The caps concern mode-setting clients; values are validated as DRM does.
  auto* req = static_cast<drm_set_client_cap*>(data);
  switch (req->capability) {
    case DRM_CLIENT_CAP_STEREO_3D:
    case DRM_CLIENT_CAP_UNIVERSAL_PLANES:
    case DRM_CLIENT_CAP_ATOMIC:
    case DRM_CLIENT_CAP_ASPECT_RATIO:
    case DRM_CLIENT_CAP_WRITEBACK_CONNECTORS:
      return req->value > 1 ? -EINVAL : 0;
    default: return -EINVAL;
  }
}

int drm_getunique(File& file, void* data) {
  auto* u = static_cast<drm_unique*>(data);
  std::lock_guard lock(file.device().auth_mutex);
  const std::string& unique = file.device().master_unique;
  if (u->unique_len >= unique.size() && copy_to_user(user_ptr(u->unique), unique.data(), unique.size()))
    return -EFAULT;
  u->unique_len = unique.size();
  return 0;
}

int drm_setversion(File& file, void* data) {
  auto* sv = static_cast<drm_set_version*>(data);
  int ret = 0;
  if (sv->drm_di_major != -1) {
    if (sv->drm_di_major != kDrmIfMajor || sv->drm_di_minor < 0 || sv->drm_di_minor > kDrmIfMinor) {
      ret = -EINVAL;
    } else if (sv->drm_di_minor >= 1) {
      // drm_pci_set_busid
      char buf[32];
      std::snprintf(buf, sizeof buf, "pci:%04x:%02x:%02x.%d", 0, file.device().pci_bus(), 0, 0);
      std::lock_guard lock(file.device().auth_mutex);
      file.device().master_unique = buf;
    }
  }
  if (ret == 0 && sv->drm_dd_major != -1 &&
      (sv->drm_dd_major != kDriverMajor || sv->drm_dd_minor < 0 || sv->drm_dd_minor > kDriverMinor))
    ret = -EINVAL;
  sv->drm_di_major = kDrmIfMajor;
  sv->drm_di_minor = kDrmIfMinor;
  sv->drm_dd_major = kDriverMajor;
  sv->drm_dd_minor = kDriverMinor;
  return ret;
}

int drm_gem_close(File& file, void* data) {
  auto* req = static_cast<struct drm_gem_close*>(data);
  return gem_handle_delete(file, req->handle) ? 0 : -EINVAL;
}

int drm_gem_flink(File& file, void* data) {
  auto* req = static_cast<struct drm_gem_flink*>(data);
  std::shared_ptr<Bo> bo;
  {
    std::lock_guard lock(file.mutex);
    bo = file.gem.get(req->handle);
  }
  if (!bo) return -ENOENT;
  Device& dev = file.device();
  std::lock_guard lock(dev.flink_mutex);
  for (const auto& [name, weak] : dev.flink_names)
    if (weak.lock() == bo) return req->name = name, 0;
  uint32_t name = 1;
  for (auto it = dev.flink_names.begin(); it != dev.flink_names.end(); ++it) {
    if (it->first != name) break;
    if (it->second.expired()) break;  // a destroyed BO's name is free again
    ++name;
  }
  dev.flink_names[name] = bo;
  req->name = name;
  return 0;
}

int drm_gem_open(File& file, void* data) {
  auto* req = static_cast<struct drm_gem_open*>(data);
  Device& dev = file.device();
  std::shared_ptr<Bo> bo;
  {
    std::lock_guard lock(dev.flink_mutex);
    auto it = dev.flink_names.find(req->name);
    if (it != dev.flink_names.end()) bo = it->second.lock();
  }
  if (!bo) return -ENOENT;
  uint32_t handle = 0;
  int err = gem_handle_create(file, bo, &handle);
  if (err) return err;
  req->handle = handle;
  req->size = bo->size;
  return 0;
}

}  // namespace sporkle::sim::kernel
