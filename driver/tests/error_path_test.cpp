// The driver's error paths against a mocked kernel: every failure surfaces as an Error naming the call and its
// errno, interrupted calls are retried, and a failed step leaves nothing behind.
#include <gtest/gtest.h>

#include <cstring>

#include "error_of.h"
#include "mock_drm.h"
#include "sporkle/driver.h"

namespace sporkle::test {
namespace {

using ::testing::_;
using ::testing::AnyNumber;
using ::testing::DoDefault;
using ::testing::DoAll;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SetArgPointee;

class ErrorPaths : public ::testing::Test {
 protected:
  NiceMock<MockDrm> drm;
  Device open() { return Device::open("/dev/dri/renderD128", drm); }
};

TEST_F(ErrorPaths, OpenFailureCarriesErrnoAndCall) {
  EXPECT_CALL(drm, open(_, _)).WillOnce(Return(-ENOENT));
  Error e = error_of([&] { open(); });
  EXPECT_EQ(e.errno_value(), ENOENT);
  EXPECT_EQ(e.call(), "open");
}

TEST_F(ErrorPaths, InitializeFailureClosesTheNode) {
  EXPECT_CALL(drm, device_initialize(_, _, _, _)).WillOnce(Return(-EBADF));
  EXPECT_CALL(drm, close(MockDrm::kFd)).Times(1);
  EXPECT_CALL(drm, device_deinitialize(_)).Times(0);
  Error e = error_of([&] { open(); });
  EXPECT_EQ(e.errno_value(), EBADF);
  EXPECT_EQ(e.call(), "amdgpu_device_initialize");
}

TEST_F(ErrorPaths, InterruptedQueriesAreRetried) {
  EXPECT_CALL(drm, query_info(_, _, _, _)).Times(AnyNumber());
  EXPECT_CALL(drm, query_info(_, AMDGPU_INFO_DEV_INFO, _, _))
      .WillOnce(Return(-EINTR))
      .WillOnce(Return(-EAGAIN))
      .WillOnce(DoAll([](amdgpu_device_handle, unsigned, unsigned size, void* out) {
        std::memset(out, 0, size);
        static_cast<drm_amdgpu_info_device*>(out)->family = AMDGPU_FAMILY_NV;
        static_cast<drm_amdgpu_info_device*>(out)->external_rev = 0x29;
      }, Return(0)));
  Device d = open();
  EXPECT_EQ(d.info().gfx_target, "gfx1030");
}

TEST_F(ErrorPaths, RetryGivesUpAfterTheLimit) {
  EXPECT_CALL(drm, bo_alloc(_, _, _)).Times(kMaxRetries + 1).WillRepeatedly(Return(-EAGAIN));
  Device d = open();
  Error e = error_of([&] { Buffer::allocate(d, 4096, Domain::Gtt); });
  EXPECT_EQ(e.errno_value(), EAGAIN);
}

TEST_F(ErrorPaths, DeviceInfoComesFromTheQueries) {
  Device d = open();
  const DeviceInfo& i = d.info();
  EXPECT_EQ(i.gfx_target, "gfx900");
  EXPECT_EQ(i.cu_count, 64u);
  EXPECT_EQ(i.vram_size, 8ull << 30);
  EXPECT_EQ(i.gtt_size, 16ull << 30);
  EXPECT_EQ(i.ip(Ip::Gfx).rings, 1u);
  EXPECT_EQ(i.ip(Ip::Compute).rings, 8u);
  EXPECT_EQ(i.ip(Ip::Dma).rings, 2u);
  EXPECT_EQ(i.marketing_name, "AMD Radeon RX Vega");
}

TEST_F(ErrorPaths, OutOfMemoryIsReportedAndNothingIsMapped) {
  Device d = open();
  EXPECT_CALL(drm, bo_alloc(_, _, _)).WillOnce(Return(-ENOMEM));
  EXPECT_CALL(drm, va_range_alloc(_, _, _, _, _, _, _)).Times(0);
  EXPECT_CALL(drm, bo_free(_)).Times(0);
  Error e = error_of([&] { Buffer::allocate(d, 1 << 20, Domain::Vram); });
  EXPECT_EQ(e.errno_value(), ENOMEM);
  EXPECT_EQ(e.call(), "amdgpu_bo_alloc");
}

TEST_F(ErrorPaths, FailedVaMapFreesTheBuffer) {
  Device d = open();
  EXPECT_CALL(drm, bo_va_op_raw(_, _, _, _, _, _, AMDGPU_VA_OP_MAP)).WillOnce(Return(-ENOMEM));
  EXPECT_CALL(drm, bo_va_op_raw(_, _, _, _, _, _, AMDGPU_VA_OP_UNMAP)).Times(0);
  EXPECT_CALL(drm, va_range_free(MockDrm::va())).Times(1);
  EXPECT_CALL(drm, bo_free(MockDrm::bo())).Times(1);
  Error e = error_of([&] { Buffer::allocate(d, 4096, Domain::Gtt); });
  EXPECT_EQ(e.call(), "amdgpu_bo_va_op(MAP)");
}

TEST_F(ErrorPaths, BufferTeardownUndoesEveryStep) {
  Device d = open();
  EXPECT_CALL(drm, bo_va_op_raw(_, _, _, _, _, _, AMDGPU_VA_OP_MAP));
  {
    ::testing::InSequence order;
    EXPECT_CALL(drm, bo_cpu_unmap(MockDrm::bo()));
    EXPECT_CALL(drm, bo_va_op_raw(_, MockDrm::bo(), 0, 8192, MockDrm::kVa, _, AMDGPU_VA_OP_UNMAP));
    EXPECT_CALL(drm, va_range_free(MockDrm::va()));
    EXPECT_CALL(drm, bo_free(MockDrm::bo()));
  }
  Buffer b = Buffer::allocate(d, 5000, Domain::Gtt);  // VA mapping rounds up to whole pages
  b.map();
}

TEST_F(ErrorPaths, CancelledFenceSurfacesEcanceled) {
  Device d = open();
  Context ctx(d);
  Queue q(ctx, Ip::Compute);
  Fence f = q.submit(Pm4Stream(spec::GfxLevel::Gfx9, Ip::Compute).nop(1));
  EXPECT_CALL(drm, cs_query_fence_status(_, _, _, _)).WillRepeatedly(Return(-ECANCELED));
  Error e = error_of([&] { f.wait(std::chrono::seconds(1)); });
  EXPECT_EQ(e.errno_value(), ECANCELED);
  EXPECT_EQ(f.status(), FenceStatus::Failed);
  EXPECT_EQ(f.error(), ECANCELED);
  e = error_of([&] { q.wait_idle(); });
  EXPECT_EQ(e.errno_value(), ECANCELED);
}

TEST_F(ErrorPaths, SubmitOnAGuiltyContextSurfacesEcanceled) {
  Device d = open();
  Context ctx(d);
  Queue q(ctx, Ip::Gfx);
  EXPECT_CALL(drm, cs_submit_raw2(_, _, _, _, _, _)).WillOnce(Return(-ECANCELED));
  Error e = error_of([&] { q.submit(Pm4Stream(spec::GfxLevel::Gfx9, Ip::Gfx).nop()); });
  EXPECT_EQ(e.errno_value(), ECANCELED);
  EXPECT_EQ(e.call(), "amdgpu_cs_submit_raw2");
}

TEST_F(ErrorPaths, FenceTimeoutIsNotAnError) {
  Device d = open();
  Context ctx(d);
  Queue q(ctx, Ip::Compute);
  Fence f = q.submit(Pm4Stream(spec::GfxLevel::Gfx9, Ip::Compute).nop());
  EXPECT_CALL(drm, cs_query_fence_status(_, 1000u, _, _)).WillOnce(DoAll(SetArgPointee<3>(0u), Return(0)));
  EXPECT_FALSE(f.wait(std::chrono::microseconds(1)));
}

TEST_F(ErrorPaths, SubmissionCarriesIbBufferListAndSyncobjs) {
  Device d = open();
  Context ctx(d);
  Queue q(ctx, Ip::Dma, 1);
  Syncobj in(d), out(d);
  EXPECT_CALL(drm, cs_submit_raw2(MockDrm::device(), MockDrm::context(), 0u, 4, _, _))
      .WillOnce([&](amdgpu_device_handle, amdgpu_context_handle, uint32_t, int n, drm_amdgpu_cs_chunk* c,
                    uint64_t* seq) {
        EXPECT_EQ(c[0].chunk_id, uint32_t{AMDGPU_CHUNK_ID_IB});
        auto* ib = reinterpret_cast<const drm_amdgpu_cs_chunk_ib*>(c[0].chunk_data);
        EXPECT_EQ(ib->ip_type, uint32_t{AMDGPU_HW_IP_DMA});
        EXPECT_EQ(ib->ring, 1u);
        EXPECT_EQ(ib->ib_bytes, 4u);
        EXPECT_EQ(c[1].chunk_id, uint32_t{AMDGPU_CHUNK_ID_BO_HANDLES});
        EXPECT_EQ(reinterpret_cast<const drm_amdgpu_bo_list_in*>(c[1].chunk_data)->bo_number, 1u);
        EXPECT_EQ(c[2].chunk_id, uint32_t{AMDGPU_CHUNK_ID_SYNCOBJ_IN});
        EXPECT_EQ(c[3].chunk_id, uint32_t{AMDGPU_CHUNK_ID_SYNCOBJ_OUT});
        EXPECT_EQ(n, 4);
        *seq = 5;
        return 0;
      });
  Fence f = q.submit(SdmaStream(4).nop(), {.wait_syncobjs = {&in}, .signal_syncobjs = {&out}});
  EXPECT_EQ(f.sequence(), 5u);
}

TEST_F(ErrorPaths, QueueOnAMissingRingIsRefused) {
  Device d = open();
  Context ctx(d);
  Error e = error_of([&] { Queue(ctx, Ip::Gfx, 1); });
  EXPECT_EQ(e.errno_value(), EINVAL);
}

TEST_F(ErrorPaths, SyncobjWaitTimeoutIsFalseAndInterruptionsKeepTheDeadline) {
  Device d = open();
  Syncobj s(d);
  int64_t first_deadline = 0;
  EXPECT_CALL(drm, cs_syncobj_wait(_, _, 1u, _, _, _))
      .WillOnce([&](amdgpu_device_handle, uint32_t*, unsigned, int64_t t, unsigned, uint32_t*) {
        first_deadline = t;
        return -EINTR;
      })
      .WillOnce([&](amdgpu_device_handle, uint32_t*, unsigned, int64_t t, unsigned, uint32_t*) {
        EXPECT_EQ(t, first_deadline);
        return -ETIME;
      })
      .WillOnce(Return(0));
  EXPECT_FALSE(s.wait(std::chrono::milliseconds(5)));
  EXPECT_TRUE(s.wait(std::chrono::milliseconds(5)));
}

TEST_F(ErrorPaths, SyncobjFailuresAreErrors) {
  Device d = open();
  EXPECT_CALL(drm, cs_create_syncobj2(_, _, _)).WillOnce(Return(-ENOMEM)).WillRepeatedly(DoDefault());
  Error e = error_of([&] { Syncobj s(d); });
  EXPECT_EQ(e.errno_value(), ENOMEM);
  Syncobj s(d);
  EXPECT_CALL(drm, cs_syncobj_wait(_, _, _, _, _, _)).WillOnce(Return(-EINVAL));
  e = error_of([&] { s.wait(std::chrono::seconds(0)); });
  EXPECT_EQ(e.errno_value(), EINVAL);
}

TEST_F(ErrorPaths, ExecuteNeedsALoadedKernel) {
  ComputeDevice gpu(open());
  std::byte code[4]{};
  Error e = error_of([&] { gpu.load(code); });
  EXPECT_EQ(e.errno_value(), ENOEXEC);
  EXPECT_EQ(e.call(), "CodeObject::parse");
  e = error_of([&] { gpu.execute("saxpy", {}, {1, 1, 1}, {64, 1, 1}); });
  EXPECT_EQ(e.errno_value(), ENOENT);
  EXPECT_EQ(e.call(), "ComputeDevice::execute");
}

TEST_F(ErrorPaths, ComputeDeviceRejectsRangesOutsideAllocations) {
  ComputeDevice gpu(open());
  DeviceMemory m = gpu.allocate(4096);
  char host[8192]{};
  EXPECT_EQ(error_of([&] { gpu.memcpy(host, DeviceMemory{m.address, 8192}, 8192); }).errno_value(), EFAULT);
  EXPECT_EQ(error_of([&] { gpu.memcpy(host, DeviceMemory{m.address - 1, 1}, 1); }).errno_value(), EFAULT);
  EXPECT_EQ(error_of([&] { gpu.deallocate(DeviceMemory{m.address + 4, 4}); }).errno_value(), EINVAL);
}

TEST(GfxTarget, FromFamilyAndExternalRevision) {
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_AI, 0x01), "gfx900");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_AI, 0x15), "gfx904");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_AI, 0x28), "gfx906");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_RV, 0x81), "gfx909");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_NV, 0x01), "gfx1010");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_NV, 0x29), "gfx1030");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_NV, 0x32), "gfx1031");
  EXPECT_EQ(gfx_target_name(AMDGPU_FAMILY_VI, 0x01), "");
}

}  // namespace
}  // namespace sporkle::test
