// DRM authentication and master ioctls (drm_auth.c, drm_getclient in drm_ioctl.c), Linux 6.1 semantics.
// The dispatcher has already applied the table's permission flags (AUTH_MAGIC needs DRM_MASTER; none of these is
// render-allowed). Magic tokens are kept per device: the kernel keeps them per master object, which differs only
// when the master changes between GET_MAGIC and AUTH_MAGIC.
#include <drm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"

namespace sporkle::sim::kernel {
namespace {

constexpr unsigned long kOverflowUid = 65534;  // overflowuid: GET_CLIENT no longer reports the real uid

// drm_master_check_perm: the file that was master may take it back from the process that opened it; anyone
// else needs CAP_SYS_ADMIN.
int check_master_perm(const File& file) {
  if (file.pid == getpid() && file.was_master) return 0;
  return file.privileged() ? 0 : -EACCES;
}

}  // namespace

int drm_getmagic(File& file, void* data) {
  auto* auth = static_cast<drm_auth*>(data);
  Device& dev = file.device();
  std::lock_guard lock(dev.auth_mutex);
  if (!file.magic) {
    // idr_alloc(magic_map, file, 1, 0): the lowest id not in use. Ids stay reserved after AUTH_MAGIC.
    uint32_t id = 1;
    for (auto it = dev.magics.begin(); it != dev.magics.end() && it->first == id; ++it) ++id;
    dev.magics[id] = &file;
    file.magic = id;
  }
  auth->magic = file.magic;
  return 0;
}

int drm_authmagic(File& file, void* data) {
  auto* auth = static_cast<drm_auth*>(data);
  Device& dev = file.device();
  std::lock_guard lock(dev.auth_mutex);
  auto it = dev.magics.find(auth->magic);
  File* client = it == dev.magics.end() ? nullptr : it->second;
  if (!client) return -EINVAL;
  client->authenticated = true;
  it->second = nullptr;  // idr_replace(..., NULL, magic): a token authenticates once
  return 0;
}

int drm_getclient(File& file, void* data) {
  auto* client = static_cast<drm_client*>(data);
  // Only index 0, answered for the caller itself: what is left of this ioctl in the kernel, kept because
  // clients (libdrm_amdgpu's amdgpu_get_auth, libva) use it to learn whether they are authenticated.
  if (client->idx != 0) return -EINVAL;
  client->auth = file.authenticated;
  client->pid = static_cast<unsigned long>(syscall(SYS_gettid));  // task_pid_vnr(current)
  client->uid = kOverflowUid;
  client->magic = 0;
  client->iocs = 0;
  return 0;
}

int drm_setmaster(File& file, void*) {
  Device& dev = file.device();
  std::lock_guard lock(dev.auth_mutex);
  if (int err = check_master_perm(file)) return err;
  if (dev.master == &file) return 0;
  if (dev.master) return -EBUSY;
  dev.master = &file;
  file.was_master = true;
  file.authenticated = true;  // drm_new_set_master
  return 0;
}

int drm_dropmaster(File& file, void*) {
  Device& dev = file.device();
  std::lock_guard lock(dev.auth_mutex);
  if (int err = check_master_perm(file)) return err;
  if (dev.master != &file) return -EINVAL;
  dev.master = nullptr;
  return 0;
}

}  // namespace sporkle::sim::kernel
