// The seam between the driver layer and the kernel: every libdrm / libdrm_amdgpu call the driver makes goes
// through this interface, so tests can replace the kernel with a mock and drive the error paths (EINTR, ENOMEM,
// ECANCELED after a reset, ...). Each method has the libdrm function's name without its prefix and returns what
// that function returns, normalised to 0 / positive result on success and -errno on failure.
#pragma once

#include <amdgpu.h>
#include <amdgpu_drm.h>
#include <xf86drm.h>

#include <cstdint>

namespace sporkle {

class DrmApi {
 public:
  virtual ~DrmApi() = default;

  // Files and discovery.
  virtual int open(const char* path, int flags) = 0;  // fd or -errno
  virtual int close(int fd) = 0;
  virtual int get_devices(drmDevicePtr* devices, int max) = 0;  // drmGetDevices2(0, ...)
  virtual void free_devices(drmDevicePtr* devices, int count) = 0;

  // Device.
  virtual int device_initialize(int fd, uint32_t* major, uint32_t* minor, amdgpu_device_handle* dev) = 0;
  virtual int device_deinitialize(amdgpu_device_handle dev) = 0;
  virtual int query_info(amdgpu_device_handle dev, unsigned info_id, unsigned size, void* value) = 0;
  virtual int query_hw_ip_info(amdgpu_device_handle dev, unsigned type, unsigned ip_instance,
                               drm_amdgpu_info_hw_ip* info) = 0;
  virtual const char* get_marketing_name(amdgpu_device_handle dev) = 0;

  // Buffers and GPU virtual addresses.
  virtual int bo_alloc(amdgpu_device_handle dev, amdgpu_bo_alloc_request* request, amdgpu_bo_handle* bo) = 0;
  virtual int bo_free(amdgpu_bo_handle bo) = 0;
  virtual int bo_cpu_map(amdgpu_bo_handle bo, void** cpu) = 0;
  virtual int bo_cpu_unmap(amdgpu_bo_handle bo) = 0;
  virtual int bo_export(amdgpu_bo_handle bo, amdgpu_bo_handle_type type, uint32_t* shared_handle) = 0;
  virtual int bo_import(amdgpu_device_handle dev, amdgpu_bo_handle_type type, uint32_t shared_handle,
                        amdgpu_bo_import_result* result) = 0;
  virtual int va_range_alloc(amdgpu_device_handle dev, amdgpu_gpu_va_range type, uint64_t size,
                             uint64_t alignment, uint64_t* va, amdgpu_va_handle* handle, uint64_t flags) = 0;
  virtual int va_range_free(amdgpu_va_handle handle) = 0;
  virtual int bo_va_op_raw(amdgpu_device_handle dev, amdgpu_bo_handle bo, uint64_t offset, uint64_t size,
                           uint64_t va, uint64_t flags, uint32_t op) = 0;

  // Contexts, submission, fences.
  virtual int cs_ctx_create2(amdgpu_device_handle dev, uint32_t priority, amdgpu_context_handle* ctx) = 0;
  virtual int cs_ctx_free(amdgpu_context_handle ctx) = 0;
  virtual int cs_query_reset_state2(amdgpu_context_handle ctx, uint64_t* flags) = 0;
  virtual int cs_submit_raw2(amdgpu_device_handle dev, amdgpu_context_handle ctx, uint32_t bo_list,
                             int num_chunks, drm_amdgpu_cs_chunk* chunks, uint64_t* seq_no) = 0;
  // expired: 1 when the fence signalled within timeout_ns (relative), 0 on timeout.
  virtual int cs_query_fence_status(amdgpu_cs_fence* fence, uint64_t timeout_ns, uint64_t flags,
                                    uint32_t* expired) = 0;
  virtual int cs_fence_to_handle(amdgpu_device_handle dev, amdgpu_cs_fence* fence, uint32_t what,
                                 uint32_t* out) = 0;

  // Syncobjs.
  virtual int cs_create_syncobj2(amdgpu_device_handle dev, uint32_t flags, uint32_t* handle) = 0;
  virtual int cs_destroy_syncobj(amdgpu_device_handle dev, uint32_t handle) = 0;
  virtual int cs_syncobj_signal(amdgpu_device_handle dev, const uint32_t* handles, unsigned count) = 0;
  virtual int cs_syncobj_reset(amdgpu_device_handle dev, const uint32_t* handles, unsigned count) = 0;
  // timeout_abs_ns: absolute CLOCK_MONOTONIC; -ETIME on timeout.
  virtual int cs_syncobj_wait(amdgpu_device_handle dev, uint32_t* handles, unsigned count, int64_t timeout_abs_ns,
                              unsigned flags, uint32_t* first_signaled) = 0;
  virtual int cs_export_syncobj(amdgpu_device_handle dev, uint32_t handle, int* fd) = 0;
  virtual int cs_import_syncobj(amdgpu_device_handle dev, int fd, uint32_t* handle) = 0;
  virtual int cs_syncobj_export_sync_file(amdgpu_device_handle dev, uint32_t handle, int* sync_file) = 0;
  virtual int cs_syncobj_import_sync_file(amdgpu_device_handle dev, uint32_t handle, int sync_file) = 0;
};

// The real implementation: libdrm and libdrm_amdgpu, talking to whatever answers on the device node.
DrmApi& libdrm();

}  // namespace sporkle
