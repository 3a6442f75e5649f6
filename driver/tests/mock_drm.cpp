#include "mock_drm.h"

#include <cstring>

namespace sporkle::test {

using ::testing::_;
using ::testing::DoAll;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::SetArgPointee;

MockDrm::MockDrm() {
  ON_CALL(*this, open(_, _)).WillByDefault(Return(kFd));
  ON_CALL(*this, close(_)).WillByDefault(Return(0));
  ON_CALL(*this, device_initialize(_, _, _, _))
      .WillByDefault(DoAll(SetArgPointee<1>(3u), SetArgPointee<2>(49u), SetArgPointee<3>(device()), Return(0)));
  ON_CALL(*this, device_deinitialize(_)).WillByDefault(Return(0));
  ON_CALL(*this, query_info(_, _, _, _)).WillByDefault(Invoke([](amdgpu_device_handle, unsigned id, unsigned size,
                                                                  void* out) {
    std::memset(out, 0, size);
    if (id == AMDGPU_INFO_DEV_INFO) {
      auto* d = static_cast<drm_amdgpu_info_device*>(out);
      d->family = AMDGPU_FAMILY_AI;
      d->external_rev = 0x01;
      d->device_id = 0x687F;
      d->cu_active_number = 64;
    } else if (id == AMDGPU_INFO_VRAM_GTT) {
      auto* h = static_cast<drm_amdgpu_info_vram_gtt*>(out);
      h->vram_size = 8ull << 30;
      h->vram_cpu_accessible_size = 256ull << 20;
      h->gtt_size = 16ull << 30;
    }
    return 0;
  }));
  ON_CALL(*this, query_hw_ip_info(_, _, _, _))
      .WillByDefault(Invoke([](amdgpu_device_handle, unsigned type, unsigned, drm_amdgpu_info_hw_ip* info) {
        *info = {};
        if (type == AMDGPU_HW_IP_GFX) info->available_rings = 0x1;
        if (type == AMDGPU_HW_IP_COMPUTE) info->available_rings = 0xFF;
        if (type == AMDGPU_HW_IP_DMA) {
          info->available_rings = 0x3;
          info->hw_ip_version_major = 4;
        }
        return 0;
      }));
  ON_CALL(*this, get_marketing_name(_)).WillByDefault(Return("AMD Radeon RX Vega"));
  ON_CALL(*this, bo_alloc(_, _, _)).WillByDefault(DoAll(SetArgPointee<2>(bo()), Return(0)));
  ON_CALL(*this, bo_free(_)).WillByDefault(Return(0));
  ON_CALL(*this, bo_cpu_map(_, _)).WillByDefault(Invoke([this](amdgpu_bo_handle, void** cpu) {
    *cpu = memory.data();
    return 0;
  }));
  ON_CALL(*this, bo_cpu_unmap(_)).WillByDefault(Return(0));
  ON_CALL(*this, bo_export(_, _, _)).WillByDefault(DoAll(SetArgPointee<2>(1u), Return(0)));
  ON_CALL(*this, va_range_alloc(_, _, _, _, _, _, _))
      .WillByDefault(DoAll(SetArgPointee<4>(kVa), SetArgPointee<5>(va()), Return(0)));
  ON_CALL(*this, va_range_free(_)).WillByDefault(Return(0));
  ON_CALL(*this, bo_va_op_raw(_, _, _, _, _, _, _)).WillByDefault(Return(0));
  ON_CALL(*this, cs_ctx_create2(_, _, _)).WillByDefault(DoAll(SetArgPointee<2>(context()), Return(0)));
  ON_CALL(*this, cs_ctx_free(_)).WillByDefault(Return(0));
  ON_CALL(*this, cs_submit_raw2(_, _, _, _, _, _)).WillByDefault(DoAll(SetArgPointee<5>(1ull), Return(0)));
  ON_CALL(*this, cs_query_fence_status(_, _, _, _)).WillByDefault(DoAll(SetArgPointee<3>(1u), Return(0)));
  ON_CALL(*this, cs_create_syncobj2(_, _, _)).WillByDefault(DoAll(SetArgPointee<2>(7u), Return(0)));
  ON_CALL(*this, cs_destroy_syncobj(_, _)).WillByDefault(Return(0));
}

}  // namespace sporkle::test
