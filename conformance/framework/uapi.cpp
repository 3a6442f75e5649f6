#include "conformance/framework/uapi.h"

#include <cerrno>
#include <ctime>

namespace sporkle::conformance {

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do {
    r = ioctl(fd, request, arg);
  } while (r == -1 && errno == EINTR);
  return r == 0 ? 0 : errno;
}

uint64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

int gem_create(int fd, uint64_t size, uint32_t domains, uint64_t flags, uint32_t* handle, uint64_t alignment) {
  drm_amdgpu_gem_create args{};
  args.in.bo_size = size;
  args.in.alignment = alignment;
  args.in.domains = domains;
  args.in.domain_flags = flags;
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_GEM_CREATE, &args);
  if (err == 0 && handle) *handle = args.out.handle;
  return err;
}

int gem_close(int fd, uint32_t handle) {
  drm_gem_close args{};
  args.handle = handle;
  return xioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

int gem_mmap_offset(int fd, uint32_t handle, uint64_t* offset) {
  drm_amdgpu_gem_mmap args{};
  args.in.handle = handle;
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_GEM_MMAP, &args);
  if (offset) *offset = args.out.addr_ptr;
  return err;
}

int gem_va(int fd, uint32_t op, uint32_t handle, uint64_t va, uint64_t offset, uint64_t size, uint32_t flags) {
  drm_amdgpu_gem_va args{};
  args.handle = handle;
  args.operation = op;
  args.flags = flags;
  args.va_address = va;
  args.offset_in_bo = offset;
  args.map_size = size;
  return xioctl(fd, DRM_IOCTL_AMDGPU_GEM_VA, &args);
}

int gem_op_create_info(int fd, uint32_t handle, drm_amdgpu_gem_create_in* info) {
  drm_amdgpu_gem_op args{};
  args.handle = handle;
  args.op = AMDGPU_GEM_OP_GET_GEM_CREATE_INFO;
  args.value = ptr(info);
  return xioctl(fd, DRM_IOCTL_AMDGPU_GEM_OP, &args);
}

int gem_wait_idle(int fd, uint32_t handle, int64_t timeout_abs, uint32_t* status) {
  drm_amdgpu_gem_wait_idle args{};
  args.in.handle = handle;
  args.in.timeout = static_cast<uint64_t>(timeout_abs);
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, &args);
  if (status) *status = args.out.status;
  return err;
}

int ctx_alloc(int fd, uint32_t* ctx_id, int32_t priority) {
  drm_amdgpu_ctx args{};
  args.in.op = AMDGPU_CTX_OP_ALLOC_CTX;
  args.in.priority = priority;
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_CTX, &args);
  if (ctx_id) *ctx_id = args.out.alloc.ctx_id;
  return err;
}

int ctx_op(int fd, uint32_t op, uint32_t ctx_id, uint32_t flags, drm_amdgpu_ctx_out* out) {
  drm_amdgpu_ctx args{};
  args.in.op = op;
  args.in.flags = flags;
  args.in.ctx_id = ctx_id;
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_CTX, &args);
  if (out) *out = args.out;
  return err;
}

int bo_list(int fd, uint32_t op, uint32_t list_handle, const std::vector<uint32_t>& bos, uint32_t* out_handle) {
  std::vector<drm_amdgpu_bo_list_entry> entries;
  for (uint32_t h : bos) entries.push_back({h, 0});
  drm_amdgpu_bo_list args{};
  args.in.operation = op;
  args.in.list_handle = list_handle;
  args.in.bo_number = static_cast<uint32_t>(entries.size());
  args.in.bo_info_size = sizeof(drm_amdgpu_bo_list_entry);
  args.in.bo_info_ptr = ptr(entries.data());
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_BO_LIST, &args);
  if (out_handle) *out_handle = args.out.list_handle;
  return err;
}

int wait_cs(int fd, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq, int64_t timeout_abs, uint64_t* status) {
  drm_amdgpu_wait_cs args{};
  args.in.handle = seq;
  args.in.timeout = static_cast<uint64_t>(timeout_abs);
  args.in.ip_type = ip;
  args.in.ring = ring;
  args.in.ctx_id = ctx;
  int err = xioctl(fd, DRM_IOCTL_AMDGPU_WAIT_CS, &args);
  if (status) *status = args.out.status;
  return err;
}

int syncobj_create(int fd, uint32_t flags, uint32_t* handle) {
  drm_syncobj_create args{};
  args.flags = flags;
  int err = xioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);
  if (err == 0 && handle) *handle = args.handle;
  return err;
}

int syncobj_destroy(int fd, uint32_t handle) {
  drm_syncobj_destroy args{};
  args.handle = handle;
  return xioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

int syncobj_wait(int fd, std::vector<uint32_t> handles, int64_t timeout_abs, uint32_t flags,
                 uint32_t* first_signaled) {
  drm_syncobj_wait args{};
  args.handles = ptr(handles.data());
  args.count_handles = static_cast<uint32_t>(handles.size());
  args.timeout_nsec = timeout_abs;
  args.flags = flags;
  args.first_signaled = 0xdeadbeef;
  int err = xioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &args);
  if (first_signaled) *first_signaled = args.first_signaled;
  return err;
}

int syncobj_timeline_wait(int fd, std::vector<uint32_t> handles, std::vector<uint64_t> points, int64_t timeout_abs,
                          uint32_t flags, uint32_t* first_signaled) {
  drm_syncobj_timeline_wait args{};
  args.handles = ptr(handles.data());
  args.points = points.empty() ? 0 : ptr(points.data());
  args.count_handles = static_cast<uint32_t>(handles.size());
  args.timeout_nsec = timeout_abs;
  args.flags = flags;
  args.first_signaled = 0xdeadbeef;
  int err = xioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &args);
  if (first_signaled) *first_signaled = args.first_signaled;
  return err;
}

int syncobj_array_op(int fd, unsigned long request, std::vector<uint32_t> handles) {
  drm_syncobj_array args{};
  args.handles = ptr(handles.data());
  args.count_handles = static_cast<uint32_t>(handles.size());
  return xioctl(fd, request, &args);
}

int syncobj_timeline_op(int fd, unsigned long request, std::vector<uint32_t> handles, std::vector<uint64_t>* points,
                        uint32_t flags) {
  drm_syncobj_timeline_array args{};
  args.handles = ptr(handles.data());
  args.points = points ? ptr(points->data()) : 0;
  args.count_handles = static_cast<uint32_t>(handles.size());
  args.flags = flags;
  return xioctl(fd, request, &args);
}

int syncobj_to_fd(int fd, uint32_t handle, uint32_t flags, int* out_fd) {
  drm_syncobj_handle args{};
  args.handle = handle;
  args.flags = flags;
  args.fd = -1;
  int err = xioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &args);
  if (out_fd) *out_fd = err == 0 ? args.fd : -1;
  return err;
}

int syncobj_from_fd(int fd, int in_fd, uint32_t flags, uint32_t* handle) {
  drm_syncobj_handle args{};
  args.fd = in_fd;
  args.flags = flags;
  args.handle = handle ? *handle : 0;
  int err = xioctl(fd, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &args);
  if (err == 0 && handle) *handle = args.handle;
  return err;
}

int prime_export(int fd, uint32_t handle, uint32_t flags, int* out_fd) {
  drm_prime_handle args{};
  args.handle = handle;
  args.flags = flags;
  args.fd = -1;
  int err = xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args);
  if (out_fd) *out_fd = err == 0 ? args.fd : -1;
  return err;
}

int prime_import(int fd, int dmabuf_fd, uint32_t* handle) {
  drm_prime_handle args{};
  args.fd = dmabuf_fd;
  int err = xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args);
  if (err == 0 && handle) *handle = args.handle;
  return err;
}

int info(int fd, uint32_t query, void* out, uint32_t size, uint32_t ip_type, uint32_t ip_instance) {
  drm_amdgpu_info args{};
  args.return_pointer = ptr(out);
  args.return_size = size;
  args.query = query;
  args.query_hw_ip.type = ip_type;
  args.query_hw_ip.ip_instance = ip_instance;
  return xioctl(fd, DRM_IOCTL_AMDGPU_INFO, &args);
}

}  // namespace sporkle::conformance
