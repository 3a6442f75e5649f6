// Thin calls on a DRM file: each returns 0 or the errno the ioctl failed with, so tests can compare errnos
// directly. Structs are the system's <drm.h> / <amdgpu_drm.h> ones; nothing here knows who answers.
#pragma once

#include <amdgpu_drm.h>
#include <drm.h>
#include <sys/ioctl.h>

#include <cstdint>
#include <vector>

namespace sporkle::conformance {

// ioctl() returning 0 or errno. Retries EINTR like libdrm's drmIoctl (a signal is not the kernel's answer).
int xioctl(int fd, unsigned long request, void* arg);

// A request word built from parts, for tests that send unusual type/nr/size/direction combinations.
constexpr unsigned long drm_request(unsigned dir, unsigned nr, unsigned size, unsigned type = 'd') {
  return (static_cast<unsigned long>(dir) << _IOC_DIRSHIFT) | (static_cast<unsigned long>(type) << _IOC_TYPESHIFT) |
         (static_cast<unsigned long>(nr) << _IOC_NRSHIFT) | (static_cast<unsigned long>(size) << _IOC_SIZESHIFT);
}
constexpr unsigned long with_size(unsigned long request, unsigned size) {
  return drm_request(_IOC_DIR(request), _IOC_NR(request), size, _IOC_TYPE(request));
}
constexpr unsigned long with_dir(unsigned long request, unsigned dir) {
  return drm_request(dir, _IOC_NR(request), _IOC_SIZE(request), _IOC_TYPE(request));
}

uint64_t monotonic_ns();
inline constexpr int64_t kInfinite = -1;  // amdgpu absolute timeouts: negative means wait forever

template <typename T>
uint64_t ptr(T* p) {
  return reinterpret_cast<uintptr_t>(p);
}

// GEM
int gem_create(int fd, uint64_t size, uint32_t domains, uint64_t flags, uint32_t* handle, uint64_t alignment = 0);
int gem_close(int fd, uint32_t handle);
int gem_mmap_offset(int fd, uint32_t handle, uint64_t* offset);
int gem_va(int fd, uint32_t op, uint32_t handle, uint64_t va, uint64_t offset, uint64_t size,
           uint32_t flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE);
int gem_op_create_info(int fd, uint32_t handle, drm_amdgpu_gem_create_in* info);
int gem_wait_idle(int fd, uint32_t handle, int64_t timeout_abs, uint32_t* status);

// Contexts
int ctx_alloc(int fd, uint32_t* ctx_id, int32_t priority = AMDGPU_CTX_PRIORITY_NORMAL);
int ctx_op(int fd, uint32_t op, uint32_t ctx_id, uint32_t flags, drm_amdgpu_ctx_out* out = nullptr);

// BO lists
int bo_list(int fd, uint32_t op, uint32_t list_handle, const std::vector<uint32_t>& bos, uint32_t* out_handle);

// Waits
int wait_cs(int fd, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq, int64_t timeout_abs, uint64_t* status);

// Syncobjs
int syncobj_create(int fd, uint32_t flags, uint32_t* handle);
int syncobj_destroy(int fd, uint32_t handle);
int syncobj_wait(int fd, std::vector<uint32_t> handles, int64_t timeout_abs, uint32_t flags,
                 uint32_t* first_signaled = nullptr);
int syncobj_timeline_wait(int fd, std::vector<uint32_t> handles, std::vector<uint64_t> points, int64_t timeout_abs,
                          uint32_t flags, uint32_t* first_signaled = nullptr);
int syncobj_array_op(int fd, unsigned long request, std::vector<uint32_t> handles);  // RESET / SIGNAL
int syncobj_timeline_op(int fd, unsigned long request, std::vector<uint32_t> handles, std::vector<uint64_t>* points,
                        uint32_t flags = 0);  // TIMELINE_SIGNAL / QUERY
int syncobj_to_fd(int fd, uint32_t handle, uint32_t flags, int* out_fd);
int syncobj_from_fd(int fd, int in_fd, uint32_t flags, uint32_t* handle);

// PRIME
int prime_export(int fd, uint32_t handle, uint32_t flags, int* out_fd);
int prime_import(int fd, int dmabuf_fd, uint32_t* handle);

// INFO into a caller buffer of any size.
int info(int fd, uint32_t query, void* out, uint32_t size, uint32_t ip_type = 0, uint32_t ip_instance = 0);

}  // namespace sporkle::conformance
