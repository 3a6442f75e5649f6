#include "fuzz/ioctl_errno.h"

#include <drm.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <initializer_list>

#include "sim/kernel/uapi.h"

namespace sporkle::fuzz {

namespace {

struct Entry {
  unsigned long request;
  const char* name;
  bool render_allowed;  // DRM_RENDER_ALLOW; otherwise EACCES on a render node
  std::initializer_list<int> errnos;  // the handler's own
};

// EFAULT is listed where the handler copies through user pointers of its own; the argument's copy-in and
// copy-back can fault for every ioctl and is allowed separately.
const Entry kTable[] = {
    {DRM_IOCTL_VERSION, "VERSION", true, {EFAULT}},
    {DRM_IOCTL_GET_CAP, "GET_CAP", true, {EINVAL}},
    {DRM_IOCTL_GEM_CLOSE, "GEM_CLOSE", true, {EINVAL}},
    {DRM_IOCTL_GEM_FLINK, "GEM_FLINK", false, {ENOENT, EINVAL, ENOSPC}},
    {DRM_IOCTL_GEM_OPEN, "GEM_OPEN", false, {ENOENT, EINVAL, ENOSPC, EPERM}},
    {DRM_IOCTL_PRIME_HANDLE_TO_FD, "PRIME_HANDLE_TO_FD", true, {EINVAL, ENOENT, EPERM, EMFILE}},
    {DRM_IOCTL_PRIME_FD_TO_HANDLE, "PRIME_FD_TO_HANDLE", true, {EBADF, EINVAL, ENOSPC, EPERM}},
    {DRM_IOCTL_SYNCOBJ_CREATE, "SYNCOBJ_CREATE", true, {EINVAL, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_DESTROY, "SYNCOBJ_DESTROY", true, {EINVAL}},
    {DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, "SYNCOBJ_HANDLE_TO_FD", true, {EINVAL, ENOENT, EMFILE}},
    {DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, "SYNCOBJ_FD_TO_HANDLE", true, {EINVAL, ENOENT, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_TRANSFER, "SYNCOBJ_TRANSFER", true, {EINVAL, ENOENT, ETIME, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_WAIT, "SYNCOBJ_WAIT", true, {EINVAL, ENOENT, EFAULT, ETIME, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, "SYNCOBJ_TIMELINE_WAIT", true, {EINVAL, ENOENT, EFAULT, ETIME, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_RESET, "SYNCOBJ_RESET", true, {EINVAL, ENOENT, EFAULT, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_SIGNAL, "SYNCOBJ_SIGNAL", true, {EINVAL, ENOENT, EFAULT, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, "SYNCOBJ_TIMELINE_SIGNAL", true, {EINVAL, ENOENT, EFAULT, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_QUERY, "SYNCOBJ_QUERY", true, {EINVAL, ENOENT, EFAULT, ENOMEM}},
    {DRM_IOCTL_AMDGPU_GEM_CREATE, "AMDGPU_GEM_CREATE", true, {EINVAL, ENOMEM, ENOSPC}},
    {DRM_IOCTL_AMDGPU_GEM_MMAP, "AMDGPU_GEM_MMAP", true, {ENOENT, EPERM}},
    {DRM_IOCTL_AMDGPU_CTX, "AMDGPU_CTX", true, {EINVAL, EACCES, ENOSPC, EBUSY, ENOMEM}},
    {DRM_IOCTL_AMDGPU_BO_LIST, "AMDGPU_BO_LIST", true, {EINVAL, EFAULT, ENOENT, EPERM, ENOMEM}},
    {DRM_IOCTL_AMDGPU_CS, "AMDGPU_CS", true,
     {EINVAL, ECANCELED, EFAULT, ENOMEM, ENOENT, ETIME, EPERM, EAGAIN}},
    {DRM_IOCTL_AMDGPU_INFO, "AMDGPU_INFO", true, {EINVAL, EFAULT, ENOENT, ENODATA, ENOMEM}},
    {DRM_IOCTL_AMDGPU_GEM_METADATA, "AMDGPU_GEM_METADATA", true, {ENOENT, EINVAL}},
    {DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, "AMDGPU_GEM_WAIT_IDLE", true, {ENOENT}},
    {DRM_IOCTL_AMDGPU_GEM_VA, "AMDGPU_GEM_VA", true, {EINVAL, ENOENT}},
    {DRM_IOCTL_AMDGPU_WAIT_CS, "AMDGPU_WAIT_CS", true, {EINVAL, ECANCELED}},
    {DRM_IOCTL_AMDGPU_GEM_OP, "AMDGPU_GEM_OP", true, {ENOENT, EINVAL, EPERM, EFAULT}},
    {DRM_IOCTL_AMDGPU_GEM_USERPTR, "AMDGPU_GEM_USERPTR", true, {EINVAL, EACCES, ENOMEM, ENOSPC, EFAULT, EPERM}},
    {DRM_IOCTL_AMDGPU_WAIT_FENCES, "AMDGPU_WAIT_FENCES", true, {EINVAL, ECANCELED, EFAULT, ENOMEM}},
    {DRM_IOCTL_AMDGPU_VM, "AMDGPU_VM", true, {EINVAL}},
    {DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, "AMDGPU_FENCE_TO_HANDLE", true, {EINVAL, ENOMEM, EMFILE}},
    {DRM_IOCTL_AMDGPU_SCHED, "AMDGPU_SCHED", false, {EINVAL}},
};

const Entry* find(unsigned long request) {
  for (const Entry& e : kTable)
    if (_IOC_NR(e.request) == _IOC_NR(request)) return &e;
  return nullptr;
}

}  // namespace

const char* request_name(unsigned long request) {
  const Entry* e = _IOC_TYPE(request) == DRM_IOCTL_BASE ? find(request) : nullptr;
  return e ? e->name : "?";
}

bool errno_allowed(unsigned long request, int ret, bool render_node) {
  if (ret >= 0) return ret == 0;
  const int err = -ret;
  if (_IOC_TYPE(request) != DRM_IOCTL_BASE) return err == ENOTTY;
  // The argument's copy-in and copy-back can fault for every ioctl.
  if (err == EFAULT) return true;
  const Entry* e = find(request);
  // Other numbers: holes and numbers past the tables (EINVAL), permissions, no mode setting, master ioctls.
  if (!e) return err == EINVAL || err == EACCES || err == EOPNOTSUPP || err == EPERM;
  if (err == EACCES && (!e->render_allowed || !render_node)) return true;  // DRM_AUTH / DRM_MASTER on a card node
  for (int allowed : e->errnos)
    if (allowed == err) return true;
  return false;
}

}  // namespace sporkle::fuzz
