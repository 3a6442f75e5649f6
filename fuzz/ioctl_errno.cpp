#include "fuzz/ioctl_errno.h"

#include <drm.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <algorithm>
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

// Checked against the Linux 6.1 handlers and what they call (drm_ioctl.c, drm_auth.c, drm_gem.c, drm_prime.c,
// drm_syncobj.c, amdgpu_kms.c, amdgpu_gem.c, amdgpu_cs.c, amdgpu_ctx.c, amdgpu_bo_list.c, amdgpu_vm.c,
// amdgpu_sched.c, TTM, mm/hmm.c, mm/mmu_notifier.c). ENOSPC and ENOMEM next to a new handle are idr_alloc's.
// EFAULT is listed where the handler copies through user pointers of its own; the argument's copy-in and
// copy-back can fault for every ioctl and is allowed separately, as is ENOMEM for an argument the dispatcher
// kmallocs. Left out on purpose, as the simulator models none of their causes: ERESTARTSYS/EINTR (signals),
// ENODEV (unplug), runtime-PM resume errors, EHWPOISON (RAS fatal error), EBUSY from CS while acceleration is
// down or from a userptr range invalidated for seconds, ENFILE (the system's file table).
const Entry kTable[] = {
    {DRM_IOCTL_VERSION, "VERSION", true, {EFAULT}},
    {DRM_IOCTL_GET_UNIQUE, "GET_UNIQUE", false, {EFAULT}},
    {DRM_IOCTL_GET_MAGIC, "GET_MAGIC", false, {ENOMEM, ENOSPC}},
    {DRM_IOCTL_GET_CLIENT, "GET_CLIENT", false, {EINVAL}},
    {DRM_IOCTL_GET_STATS, "GET_STATS", false, {}},
    {DRM_IOCTL_GET_CAP, "GET_CAP", true, {EINVAL}},
    // DRM_CLIENT_CAP_ATOMIC answers EOPNOTSUPP to a process whose name starts with 'X'.
    {DRM_IOCTL_SET_CLIENT_CAP, "SET_CLIENT_CAP", false, {EINVAL, EOPNOTSUPP}},
    {DRM_IOCTL_SET_VERSION, "SET_VERSION", false, {EINVAL, ENOMEM}},
    {DRM_IOCTL_AUTH_MAGIC, "AUTH_MAGIC", false, {EINVAL}},
    {DRM_IOCTL_SET_MASTER, "SET_MASTER", false, {EINVAL, EBUSY, ENOMEM}},
    {DRM_IOCTL_DROP_MASTER, "DROP_MASTER", false, {EINVAL}},
    {DRM_IOCTL_GEM_CLOSE, "GEM_CLOSE", true, {EINVAL}},
    {DRM_IOCTL_GEM_FLINK, "GEM_FLINK", false, {ENOENT, ENOSPC, ENOMEM}},
    // amdgpu_gem_object_open: EPERM for another process's userptr BO or another VM's VM_ALWAYS_VALID BO.
    {DRM_IOCTL_GEM_OPEN, "GEM_OPEN", false, {ENOENT, ENOSPC, ENOMEM, EPERM}},
    {DRM_IOCTL_PRIME_HANDLE_TO_FD, "PRIME_HANDLE_TO_FD", true, {EINVAL, ENOENT, EPERM, EMFILE, ENOMEM}},
    {DRM_IOCTL_PRIME_FD_TO_HANDLE, "PRIME_FD_TO_HANDLE", true, {EBADF, EINVAL, ENOSPC, EPERM, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_CREATE, "SYNCOBJ_CREATE", true, {EINVAL, ENOMEM, ENOSPC}},
    {DRM_IOCTL_SYNCOBJ_DESTROY, "SYNCOBJ_DESTROY", true, {EINVAL}},
    {DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, "SYNCOBJ_HANDLE_TO_FD", true, {EINVAL, ENOENT, EMFILE, ENOMEM}},
    {DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, "SYNCOBJ_FD_TO_HANDLE", true, {EINVAL, ENOENT, ENOMEM, ENOSPC}},
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
    {DRM_IOCTL_AMDGPU_BO_LIST, "AMDGPU_BO_LIST", true, {EINVAL, EFAULT, ENOENT, EPERM, ENOMEM, ENOSPC}},
    // Userptr BOs are faulted in at CS time: EFAULT, EPERM (hmm_range_fault), ENOMEM, EAGAIN (invalidated).
    {DRM_IOCTL_AMDGPU_CS, "AMDGPU_CS", true,
     {EINVAL, ECANCELED, EFAULT, ENOMEM, ENOENT, ETIME, EPERM, EAGAIN}},
    {DRM_IOCTL_AMDGPU_INFO, "AMDGPU_INFO", true, {EINVAL, EFAULT, ENOENT, ENODATA, ENOMEM}},
    // SET: kmemdup of the metadata.
    {DRM_IOCTL_AMDGPU_GEM_METADATA, "AMDGPU_GEM_METADATA", true, {ENOENT, EINVAL, ENOMEM}},
    {DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, "AMDGPU_GEM_WAIT_IDLE", true, {ENOENT}},
    // ENOMEM: the mapping's kmalloc (MAP, REPLACE, CLEAR).
    {DRM_IOCTL_AMDGPU_GEM_VA, "AMDGPU_GEM_VA", true, {EINVAL, ENOENT, ENOMEM}},
    // ENOMEM: an entity is created on first use, by a wait too; the fence's own error otherwise.
    {DRM_IOCTL_AMDGPU_WAIT_CS, "AMDGPU_WAIT_CS", true, {EINVAL, ECANCELED, ENOMEM}},
    {DRM_IOCTL_AMDGPU_GEM_OP, "AMDGPU_GEM_OP", true, {ENOENT, EINVAL, EPERM, EFAULT}},
    // EOVERFLOW: REGISTER with addr + size wrapping (mmu_interval_notifier_insert); EFAULT/EPERM from VALIDATE
    // (no VMA at addr, a hole; ANONONLY on a file VMA, a write fault on a read-only VMA).
    {DRM_IOCTL_AMDGPU_GEM_USERPTR, "AMDGPU_GEM_USERPTR", true,
     {EINVAL, EACCES, ENOMEM, ENOSPC, EFAULT, EPERM, EOVERFLOW}},
    {DRM_IOCTL_AMDGPU_WAIT_FENCES, "AMDGPU_WAIT_FENCES", true, {EINVAL, ECANCELED, EFAULT, ENOMEM}},
    {DRM_IOCTL_AMDGPU_VM, "AMDGPU_VM", true, {EINVAL}},
    {DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, "AMDGPU_FENCE_TO_HANDLE", true, {EINVAL, ENOMEM, EMFILE, ENOSPC}},
    {DRM_IOCTL_AMDGPU_SCHED, "AMDGPU_SCHED", false, {EINVAL}},
};

// drm_ioctl copies an argument of more than 128 bytes (the larger of the request's and the table's size)
// through kmalloc, which may fail.
constexpr unsigned kStackArgBytes = 128;

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
  if (err == ENOMEM && std::max(_IOC_SIZE(request), e ? _IOC_SIZE(e->request) : 0u) > kStackArgBytes) return true;
  // Other numbers: holes and numbers past the tables and legacy ioctls (EINVAL), permissions (EACCES), mode
  // setting (EOPNOTSUPP: the simulated boards have no display engine).
  if (!e) return err == EINVAL || err == EACCES || err == EOPNOTSUPP;
  if (err == EACCES && (!e->render_allowed || !render_node)) return true;  // DRM_AUTH / DRM_MASTER on a card node
  for (int allowed : e->errnos)
    if (allowed == err) return true;
  return false;
}

}  // namespace sporkle::fuzz
