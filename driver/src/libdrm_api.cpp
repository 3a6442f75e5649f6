#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "sporkle/drm_api.h"

namespace sporkle {

namespace {

// drmSyncobj* return drmIoctl's -1 with errno set; everything else already returns -errno.
int syncobj_rc(int rc) { return rc == -1 ? -errno : rc; }

class Libdrm final : public DrmApi {
 public:
  int open(const char* path, int flags) override {
    int fd = ::open(path, flags);
    return fd < 0 ? -errno : fd;
  }
  int close(int fd) override { return ::close(fd) < 0 ? -errno : 0; }
  int get_devices(drmDevicePtr* devices, int max) override { return drmGetDevices2(0, devices, max); }
  void free_devices(drmDevicePtr* devices, int count) override { drmFreeDevices(devices, count); }

  int device_initialize(int fd, uint32_t* major, uint32_t* minor, amdgpu_device_handle* dev) override {
    return amdgpu_device_initialize(fd, major, minor, dev);
  }
  int device_deinitialize(amdgpu_device_handle dev) override { return amdgpu_device_deinitialize(dev); }
  int query_info(amdgpu_device_handle dev, unsigned info_id, unsigned size, void* value) override {
    return amdgpu_query_info(dev, info_id, size, value);
  }
  int query_hw_ip_info(amdgpu_device_handle dev, unsigned type, unsigned ip_instance,
                       drm_amdgpu_info_hw_ip* info) override {
    return amdgpu_query_hw_ip_info(dev, type, ip_instance, info);
  }
  const char* get_marketing_name(amdgpu_device_handle dev) override { return amdgpu_get_marketing_name(dev); }

  int bo_alloc(amdgpu_device_handle dev, amdgpu_bo_alloc_request* request, amdgpu_bo_handle* bo) override {
    return amdgpu_bo_alloc(dev, request, bo);
  }
  int bo_free(amdgpu_bo_handle bo) override { return amdgpu_bo_free(bo); }
  int bo_cpu_map(amdgpu_bo_handle bo, void** cpu) override { return amdgpu_bo_cpu_map(bo, cpu); }
  int bo_cpu_unmap(amdgpu_bo_handle bo) override { return amdgpu_bo_cpu_unmap(bo); }
  int bo_export(amdgpu_bo_handle bo, amdgpu_bo_handle_type type, uint32_t* shared_handle) override {
    return amdgpu_bo_export(bo, type, shared_handle);
  }
  int bo_import(amdgpu_device_handle dev, amdgpu_bo_handle_type type, uint32_t shared_handle,
                amdgpu_bo_import_result* result) override {
    return amdgpu_bo_import(dev, type, shared_handle, result);
  }
  int va_range_alloc(amdgpu_device_handle dev, amdgpu_gpu_va_range type, uint64_t size, uint64_t alignment,
                     uint64_t* va, amdgpu_va_handle* handle, uint64_t flags) override {
    return amdgpu_va_range_alloc(dev, type, size, alignment, 0, va, handle, flags);
  }
  int va_range_free(amdgpu_va_handle handle) override { return amdgpu_va_range_free(handle); }
  int bo_va_op_raw(amdgpu_device_handle dev, amdgpu_bo_handle bo, uint64_t offset, uint64_t size, uint64_t va,
                   uint64_t flags, uint32_t op) override {
    return amdgpu_bo_va_op_raw(dev, bo, offset, size, va, flags, op);
  }

  int cs_ctx_create2(amdgpu_device_handle dev, uint32_t priority, amdgpu_context_handle* ctx) override {
    return amdgpu_cs_ctx_create2(dev, priority, ctx);
  }
  int cs_ctx_free(amdgpu_context_handle ctx) override { return amdgpu_cs_ctx_free(ctx); }
  int cs_query_reset_state2(amdgpu_context_handle ctx, uint64_t* flags) override {
    return amdgpu_cs_query_reset_state2(ctx, flags);
  }
  int cs_submit_raw2(amdgpu_device_handle dev, amdgpu_context_handle ctx, uint32_t bo_list, int num_chunks,
                     drm_amdgpu_cs_chunk* chunks, uint64_t* seq_no) override {
    return amdgpu_cs_submit_raw2(dev, ctx, bo_list, num_chunks, chunks, seq_no);
  }
  int cs_query_fence_status(amdgpu_cs_fence* fence, uint64_t timeout_ns, uint64_t flags,
                            uint32_t* expired) override {
    return amdgpu_cs_query_fence_status(fence, timeout_ns, flags, expired);
  }
  int cs_fence_to_handle(amdgpu_device_handle dev, amdgpu_cs_fence* fence, uint32_t what,
                         uint32_t* out) override {
    return amdgpu_cs_fence_to_handle(dev, fence, what, out);
  }

  int cs_create_syncobj2(amdgpu_device_handle dev, uint32_t flags, uint32_t* handle) override {
    return syncobj_rc(amdgpu_cs_create_syncobj2(dev, flags, handle));
  }
  int cs_destroy_syncobj(amdgpu_device_handle dev, uint32_t handle) override {
    return syncobj_rc(amdgpu_cs_destroy_syncobj(dev, handle));
  }
  int cs_syncobj_signal(amdgpu_device_handle dev, const uint32_t* handles, unsigned count) override {
    return syncobj_rc(amdgpu_cs_syncobj_signal(dev, handles, count));
  }
  int cs_syncobj_reset(amdgpu_device_handle dev, const uint32_t* handles, unsigned count) override {
    return syncobj_rc(amdgpu_cs_syncobj_reset(dev, handles, count));
  }
  int cs_syncobj_wait(amdgpu_device_handle dev, uint32_t* handles, unsigned count, int64_t timeout_abs_ns,
                      unsigned flags, uint32_t* first_signaled) override {
    return syncobj_rc(amdgpu_cs_syncobj_wait(dev, handles, count, timeout_abs_ns, flags, first_signaled));
  }
  int cs_export_syncobj(amdgpu_device_handle dev, uint32_t handle, int* fd) override {
    return syncobj_rc(amdgpu_cs_export_syncobj(dev, handle, fd));
  }
  int cs_import_syncobj(amdgpu_device_handle dev, int fd, uint32_t* handle) override {
    return syncobj_rc(amdgpu_cs_import_syncobj(dev, fd, handle));
  }
  int cs_syncobj_export_sync_file(amdgpu_device_handle dev, uint32_t handle, int* sync_file) override {
    return syncobj_rc(amdgpu_cs_syncobj_export_sync_file(dev, handle, sync_file));
  }
  int cs_syncobj_import_sync_file(amdgpu_device_handle dev, uint32_t handle, int sync_file) override {
    return syncobj_rc(amdgpu_cs_syncobj_import_sync_file(dev, handle, sync_file));
  }
};

}  // namespace

DrmApi& libdrm() {
  static Libdrm api;
  return api;
}

}  // namespace sporkle
