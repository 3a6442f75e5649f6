// A DrmApi whose every call is a GoogleMock expectation, with defaults that describe one healthy gfx900 so a
// test only states the calls it is about.
#pragma once

#include <gmock/gmock.h>

#include <cstdint>
#include <vector>

#include "sporkle/drm_api.h"

namespace sporkle::test {

class MockDrm : public DrmApi {
 public:
  MockDrm();

  MOCK_METHOD(int, open, (const char*, int), (override));
  MOCK_METHOD(int, close, (int), (override));
  MOCK_METHOD(int, get_devices, (drmDevicePtr*, int), (override));
  MOCK_METHOD(void, free_devices, (drmDevicePtr*, int), (override));
  MOCK_METHOD(int, device_initialize, (int, uint32_t*, uint32_t*, amdgpu_device_handle*), (override));
  MOCK_METHOD(int, device_deinitialize, (amdgpu_device_handle), (override));
  MOCK_METHOD(int, query_info, (amdgpu_device_handle, unsigned, unsigned, void*), (override));
  MOCK_METHOD(int, query_hw_ip_info, (amdgpu_device_handle, unsigned, unsigned, drm_amdgpu_info_hw_ip*),
              (override));
  MOCK_METHOD(const char*, get_marketing_name, (amdgpu_device_handle), (override));
  MOCK_METHOD(int, bo_alloc, (amdgpu_device_handle, amdgpu_bo_alloc_request*, amdgpu_bo_handle*), (override));
  MOCK_METHOD(int, bo_free, (amdgpu_bo_handle), (override));
  MOCK_METHOD(int, bo_cpu_map, (amdgpu_bo_handle, void**), (override));
  MOCK_METHOD(int, bo_cpu_unmap, (amdgpu_bo_handle), (override));
  MOCK_METHOD(int, bo_export, (amdgpu_bo_handle, amdgpu_bo_handle_type, uint32_t*), (override));
  MOCK_METHOD(int, bo_import, (amdgpu_device_handle, amdgpu_bo_handle_type, uint32_t, amdgpu_bo_import_result*),
              (override));
  MOCK_METHOD(int, va_range_alloc,
              (amdgpu_device_handle, amdgpu_gpu_va_range, uint64_t, uint64_t, uint64_t*, amdgpu_va_handle*,
               uint64_t),
              (override));
  MOCK_METHOD(int, va_range_free, (amdgpu_va_handle), (override));
  MOCK_METHOD(int, bo_va_op_raw,
              (amdgpu_device_handle, amdgpu_bo_handle, uint64_t, uint64_t, uint64_t, uint64_t, uint32_t), (override));
  MOCK_METHOD(int, cs_ctx_create2, (amdgpu_device_handle, uint32_t, amdgpu_context_handle*), (override));
  MOCK_METHOD(int, cs_ctx_free, (amdgpu_context_handle), (override));
  MOCK_METHOD(int, cs_query_reset_state2, (amdgpu_context_handle, uint64_t*), (override));
  MOCK_METHOD(int, cs_submit_raw2,
              (amdgpu_device_handle, amdgpu_context_handle, uint32_t, int, drm_amdgpu_cs_chunk*, uint64_t*),
              (override));
  MOCK_METHOD(int, cs_query_fence_status, (amdgpu_cs_fence*, uint64_t, uint64_t, uint32_t*), (override));
  MOCK_METHOD(int, cs_fence_to_handle, (amdgpu_device_handle, amdgpu_cs_fence*, uint32_t, uint32_t*), (override));
  MOCK_METHOD(int, cs_create_syncobj2, (amdgpu_device_handle, uint32_t, uint32_t*), (override));
  MOCK_METHOD(int, cs_destroy_syncobj, (amdgpu_device_handle, uint32_t), (override));
  MOCK_METHOD(int, cs_syncobj_signal, (amdgpu_device_handle, const uint32_t*, unsigned), (override));
  MOCK_METHOD(int, cs_syncobj_reset, (amdgpu_device_handle, const uint32_t*, unsigned), (override));
  MOCK_METHOD(int, cs_syncobj_wait, (amdgpu_device_handle, uint32_t*, unsigned, int64_t, unsigned, uint32_t*),
              (override));
  MOCK_METHOD(int, cs_export_syncobj, (amdgpu_device_handle, uint32_t, int*), (override));
  MOCK_METHOD(int, cs_import_syncobj, (amdgpu_device_handle, int, uint32_t*), (override));
  MOCK_METHOD(int, cs_syncobj_export_sync_file, (amdgpu_device_handle, uint32_t, int*), (override));
  MOCK_METHOD(int, cs_syncobj_import_sync_file, (amdgpu_device_handle, uint32_t, int), (override));

  // Opaque handles the defaults hand out (never dereferenced: every call on them goes through the mock).
  static amdgpu_device_handle device() { return reinterpret_cast<amdgpu_device_handle>(0x1000); }
  static amdgpu_bo_handle bo() { return reinterpret_cast<amdgpu_bo_handle>(0x2000); }
  static amdgpu_va_handle va() { return reinterpret_cast<amdgpu_va_handle>(0x3000); }
  static amdgpu_context_handle context() { return reinterpret_cast<amdgpu_context_handle>(0x4000); }
  static constexpr int kFd = 42;
  // What bo_cpu_map hands out: host memory standing in for every buffer.
  std::vector<uint8_t> memory = std::vector<uint8_t>(1 << 20);
  static constexpr uint64_t kVa = 0x100000000;
};

}  // namespace sporkle::test
