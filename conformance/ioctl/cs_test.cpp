// AMDGPU_CS (kernel-uapi.md 2.11): submissions on every GFX / COMPUTE / DMA ring, their sequence numbers and
// effects (memory written by the IB, user fence, syncobj signals), then every validation failure in order.
#include <cstring>

#include "conformance/framework/cs.h"
#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

constexpr int64_t kSeconds = 1000000000ll;

// ---- success paths, per ring ----

class CsRing : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    std::vector<uint32_t> nops(8, nop());
    ASSERT_NO_FATAL_FAILURE(make_ib(nop_ib_, ip(), nops));
  }
  int submit_nop(uint64_t* seq, uint32_t ctx_id = 0) {
    return submit_ib(ctx_id ? ctx_id : ctx_, ip(), ring(), nop_ib_, {}, seq);
  }
  uint32_t ctx_ = 0;
  Buffer nop_ib_;
};

TEST_P(CsRing, NopIbSequenceNumbersStartAtOneAndIncrease) {
  for (uint64_t expected = 1; expected <= 5; ++expected) {
    uint64_t seq = 0;
    ASSERT_EQ(submit_nop(&seq), 0);
    EXPECT_EQ(seq, expected);
  }
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), 5));
}

TEST_P(CsRing, SequenceNumbersArePerContext) {
  uint64_t seq = 0;
  ASSERT_EQ(submit_nop(&seq), 0);
  ASSERT_EQ(submit_nop(&seq), 0);
  uint32_t other = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&other));
  ASSERT_EQ(submit_nop(&seq, other), 0);
  EXPECT_EQ(seq, 1u) << "a new context starts its own sequence";
  ASSERT_NO_FATAL_FAILURE(wait_idle(other, ip(), ring(), 1));
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), 2));
}

TEST_P(CsRing, IbWritesMemoryThatTheCpuSeesAfterTheWait) {
  Buffer target;
  ASSERT_NO_FATAL_FAILURE(create_mapped(target, 4096));
  const uint32_t data[] = {0xDEADBEEF, 0x01234567, 0x89ABCDEF, 0xFEEDF00D};
  Buffer ib;
  ASSERT_NO_FATAL_FAILURE(make_ib(ib, ip(), write_packets(target.va + 256, data)));
  uint64_t seq = 0;
  ASSERT_EQ(submit_ib(ctx_, ip(), ring(), ib, {target.handle}, &seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(target.words()[64 + i], data[i]) << "dword " << i;
  EXPECT_EQ(target.words()[63], 0u) << "nothing written before the target";
  EXPECT_EQ(target.words()[68], 0u) << "nothing written after the target";
}

TEST_P(CsRing, JobsOnOneRingRunInSubmissionOrder) {
  Buffer target;
  ASSERT_NO_FATAL_FAILURE(create_mapped(target, 4096));
  uint64_t seq = 0;
  Buffer ibs[3];
  for (uint32_t i = 0; i < 3; ++i) {
    const uint32_t value[] = {i + 1};
    ASSERT_NO_FATAL_FAILURE(make_ib(ibs[i], ip(), write_packets(target.va, value)));
    ASSERT_EQ(submit_ib(ctx_, ip(), ring(), ibs[i], {target.handle}, &seq), 0);
  }
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_EQ(target.words()[0], 3u);
}

TEST_P(CsRing, SubmissionWithoutAnyBoListIsAccepted) {
  CsRequest request;
  request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes);
  uint64_t seq = 0;
  ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0);
  EXPECT_EQ(seq, 1u);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
}

TEST_P(CsRing, BoListHandleIsAccepted) {
  uint32_t list = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {nop_ib_.handle}, &list), 0);
  CsRequest request;
  request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes);
  uint64_t seq = 0;
  ASSERT_EQ(request.submit(fd(), ctx_, &seq, list), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
}

TEST_P(CsRing, UserFenceReceivesTheSequenceNumber) {
  Buffer fence;
  ASSERT_NO_FATAL_FAILURE(create(fence, 4096));
  ASSERT_NO_FATAL_FAILURE(map_cpu(fence));
  std::memset(fence.cpu, 0xFF, 4096);
  uint64_t seq = 0;
  for (int i = 0; i < 2; ++i) {
    CsRequest request;
    request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes).bo_handles({nop_ib_.handle}).user_fence(fence.handle, 64);
    ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0);
  }
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  uint64_t written = 0;
  std::memcpy(&written, static_cast<char*>(fence.cpu) + 64, 8);
  EXPECT_EQ(written, seq);
}

TEST_P(CsRing, SyncobjOutGetsTheJobsFence) {
  uint32_t syncobj = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &syncobj), 0);
  CsRequest request;
  request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes).bo_handles({nop_ib_.handle}).syncobj_out({syncobj});
  uint64_t seq = 0;
  ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0);
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, monotonic_ns() + 20 * kSeconds, 0), 0);
}

TEST_P(CsRing, TimelineSignalAddsThePoint) {
  uint32_t syncobj = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &syncobj), 0);
  CsRequest request;
  request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes).bo_handles({nop_ib_.handle}).timeline_signal(syncobj, 7);
  uint64_t seq = 0;
  ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {syncobj}, {7}, monotonic_ns() + 20 * kSeconds, 0), 0);
  std::vector<uint64_t> points{0};
  ASSERT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_QUERY, {syncobj}, &points), 0);
  EXPECT_EQ(points[0], 7u);
}

TEST_P(CsRing, SignalledSyncobjInAndTimelineWaitAreAccepted) {
  uint32_t binary = 0, timeline = 0;
  ASSERT_EQ(syncobj_create(fd(), DRM_SYNCOBJ_CREATE_SIGNALED, &binary), 0);
  ASSERT_EQ(syncobj_create(fd(), 0, &timeline), 0);
  std::vector<uint64_t> points{3};
  ASSERT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {timeline}, &points), 0);
  CsRequest request;
  request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes)
      .bo_handles({nop_ib_.handle})
      .syncobj_in({binary})
      .timeline_wait(timeline, 2);
  uint64_t seq = 0;
  ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
}

TEST_P(CsRing, DependenciesOnEarlierSubmissionsAreAccepted) {
  uint64_t first = 0;
  ASSERT_EQ(submit_nop(&first), 0);
  for (uint32_t chunk : {AMDGPU_CHUNK_ID_DEPENDENCIES, AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES}) {
    CsRequest request;
    request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes)
        .bo_handles({nop_ib_.handle})
        .dependency(chunk, ctx_, ip(), ring(), first);
    uint64_t seq = 0;
    ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0) << "chunk " << chunk;
    ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  }
}

TEST_P(CsRing, DependencyOnAFutureSequenceNumberIsEinval) {
  CsRequest request;
  request.ib(ip(), ring(), nop_ib_.va, nop_ib_.ib_bytes).dependency(AMDGPU_CHUNK_ID_DEPENDENCIES, ctx_, ip(),
                                                                    ring(), 1);
  EXPECT_EQ(request.submit(fd(), ctx_), EINVAL);
}

TEST_P(CsRing, TwoIbsInOneSubmissionRunInOrder) {
  Buffer target;
  ASSERT_NO_FATAL_FAILURE(create_mapped(target, 4096));
  const uint32_t one[] = {1}, two[] = {2};
  Buffer a, b;
  ASSERT_NO_FATAL_FAILURE(make_ib(a, ip(), write_packets(target.va, one)));
  ASSERT_NO_FATAL_FAILURE(make_ib(b, ip(), write_packets(target.va, two)));
  CsRequest request;
  request.ib(ip(), ring(), a.va, a.ib_bytes).ib(ip(), ring(), b.va, b.ib_bytes).bo_handles(
      {a.handle, b.handle, target.handle});
  uint64_t seq = 0;
  ASSERT_EQ(request.submit(fd(), ctx_, &seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_EQ(target.words()[0], 2u);
}

SPORKLE_RING_SUITE(ioctl, CsRing, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA);

// ---- validation, on the GFX ring ----

class Cs : public DeviceTest {
 protected:
  void SetUp() override {
    DeviceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    std::vector<uint32_t> nops(8, kPm4Nop);
    ASSERT_NO_FATAL_FAILURE(make_ib(ib_, AMDGPU_HW_IP_GFX, nops));
  }
  CsRequest& with_ib(CsRequest& r, uint32_t ip = AMDGPU_HW_IP_GFX, uint32_t ring = 0, uint32_t instance = 0) {
    return r.ib(ip, ring, ib_.va, ib_.ib_bytes, instance);
  }
  int submit_nop(uint64_t* seq = nullptr) {
    CsRequest r;
    return with_ib(r).submit(fd(), ctx_, seq);
  }
  uint32_t ctx_ = 0;
  Buffer ib_;
};

TEST_P(Cs, ZeroChunksIsEinvalEvenForAnUnknownContext) {
  CsRequest r;
  EXPECT_EQ(r.submit(fd(), ctx_), EINVAL);
  EXPECT_EQ(r.submit(fd(), 999), EINVAL);
}

TEST_P(Cs, UnknownContextIsEinval) {
  CsRequest r;
  with_ib(r);
  EXPECT_EQ(r.submit(fd(), 999), EINVAL);
  EXPECT_EQ(r.submit(fd(), 0), EINVAL);
}

TEST_P(Cs, FreedContextIsEinval) {
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, ctx_, 0), 0);
  EXPECT_EQ(submit_nop(), EINVAL);
}

TEST_P(Cs, UnknownChunkIdIsEinval) {
  const uint32_t junk[8] = {};
  for (uint32_t id : {0u, 0x0Bu, 0x100u, 0xFFFFFFFFu}) {
    CsRequest r;
    with_ib(r).raw(id, 2, junk, sizeof(junk));
    EXPECT_EQ(r.submit(fd(), ctx_), EINVAL) << "chunk id " << id;
  }
}

TEST_P(Cs, CpGfxShadowChunkIsUnknownOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  const uint32_t junk[8] = {};
  CsRequest r;
  with_ib(r).raw(0x0A, 8, junk, sizeof(junk));
  EXPECT_EQ(r.submit(fd(), ctx_), EINVAL);
}

TEST_P(Cs, NoIbChunkIsEinval) {
  CsRequest r;
  r.bo_handles({ib_.handle});
  EXPECT_EQ(r.submit(fd(), ctx_), EINVAL);
  uint32_t s = 0;
  ASSERT_EQ(syncobj_create(fd(), DRM_SYNCOBJ_CREATE_SIGNALED, &s), 0);
  CsRequest only_sync;
  only_sync.syncobj_in({s});
  EXPECT_EQ(only_sync.submit(fd(), ctx_), EINVAL);
}

TEST_P(Cs, IbChunkShorterThanTheIbStructIsEinval) {
  drm_amdgpu_cs_chunk_ib ib{};
  ib.va_start = ib_.va;
  ib.ib_bytes = ib_.ib_bytes;
  CsRequest r;
  r.raw(AMDGPU_CHUNK_ID_IB, 7, &ib, sizeof(ib));
  EXPECT_EQ(r.submit(fd(), ctx_), EINVAL);
}

TEST_P(Cs, IbChunkLongerThanTheIbStructIsAccepted) {
  uint32_t data[10] = {};
  drm_amdgpu_cs_chunk_ib ib{};
  ib.va_start = ib_.va;
  ib.ib_bytes = ib_.ib_bytes;
  std::memcpy(data, &ib, sizeof(ib));
  CsRequest r;
  r.raw(AMDGPU_CHUNK_ID_IB, 10, data, sizeof(data));
  EXPECT_EQ(r.submit(fd(), ctx_), 0);
}

TEST_P(Cs, BadIpTypeInstanceOrRingIsEinval) {
  struct Case {
    uint32_t ip, ring, instance;
  } cases[] = {
      {AMDGPU_HW_IP_NUM, 0, 0},     {0xFFFFFFFF, 0, 0},         {AMDGPU_HW_IP_GFX, 0, 1},
      {AMDGPU_HW_IP_GFX, 1, 0},     {AMDGPU_HW_IP_COMPUTE, 4, 0}, {AMDGPU_HW_IP_DMA, 2, 0},
      {AMDGPU_HW_IP_GFX, 0xFFFFFFFF, 0},
  };
  for (const Case& c : cases) {
    CsRequest r;
    with_ib(r, c.ip, c.ring, c.instance);
    EXPECT_EQ(r.submit(fd(), ctx_), EINVAL) << "ip " << c.ip << " ring " << c.ring << " instance " << c.instance;
  }
}

TEST_P(Cs, IbLargerThan0xFFFFFDwordsIsEinval) {
  CsRequest r;
  r.ib(AMDGPU_HW_IP_GFX, 0, ib_.va, 0x100000 * 4);
  EXPECT_EQ(r.submit(fd(), ctx_), EINVAL);
}

TEST_P(Cs, IbAlignmentAndSizeZeroAreNotChecked) {
  CsRequest r;
  r.ib(AMDGPU_HW_IP_GFX, 0, ib_.va, 0);
  uint64_t seq = 0;
  EXPECT_EQ(r.submit(fd(), ctx_, &seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
}

TEST_P(Cs, MoreThanFourEntitiesInOneSubmissionIsEinval) {
  drm_amdgpu_info_hw_ip compute{};
  ASSERT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &compute, sizeof(compute), AMDGPU_HW_IP_COMPUTE), 0);
  if (compute.available_rings != 0xF) GTEST_SKIP() << "needs four compute rings";
  CsRequest r;
  for (uint32_t ring = 0; ring < 4; ++ring) with_ib(r, AMDGPU_HW_IP_COMPUTE, ring);
  with_ib(r, AMDGPU_HW_IP_GFX, 0);
  EXPECT_EQ(r.submit(fd(), ctx_), EINVAL);
}

TEST_P(Cs, FenceChunkChecks) {
  Buffer page, big;
  ASSERT_NO_FATAL_FAILURE(create(page, 4096));
  ASSERT_NO_FATAL_FAILURE(create(big, 8192));
  struct Case {
    const char* what;
    uint32_t handle, offset;
  } cases[] = {
      {"unknown BO is EINVAL, not ENOENT", 999, 0},
      {"BO not exactly 4096 bytes", big.handle, 0},
      {"offset past size - 8", page.handle, 4092},
  };
  for (const Case& c : cases) {
    CsRequest r;
    with_ib(r).user_fence(c.handle, c.offset);
    EXPECT_EQ(r.submit(fd(), ctx_), EINVAL) << c.what;
  }
  CsRequest last;
  with_ib(last).user_fence(page.handle, 4088);
  uint64_t seq = 0;
  EXPECT_EQ(last.submit(fd(), ctx_, &seq), 0) << "the last 8 bytes of the page";
}

TEST_P(Cs, ShortOrSecondFenceChunkIsEinval) {
  Buffer page;
  ASSERT_NO_FATAL_FAILURE(create(page, 4096));
  drm_amdgpu_cs_chunk_fence f{page.handle, 0};
  CsRequest short_chunk;
  with_ib(short_chunk).raw(AMDGPU_CHUNK_ID_FENCE, 1, &f, sizeof(f));
  EXPECT_EQ(short_chunk.submit(fd(), ctx_), EINVAL);
  CsRequest twice;
  with_ib(twice).user_fence(page.handle, 0).user_fence(page.handle, 8);
  EXPECT_EQ(twice.submit(fd(), ctx_), EINVAL);
}

TEST_P(Cs, BoHandlesChunkChecks) {
  CsRequest unknown;
  with_ib(unknown).bo_handles({ib_.handle, 999});
  EXPECT_EQ(unknown.submit(fd(), ctx_), ENOENT);

  CsRequest twice;
  with_ib(twice).bo_handles({ib_.handle}).bo_handles({ib_.handle});
  EXPECT_EQ(twice.submit(fd(), ctx_), EINVAL);

  drm_amdgpu_bo_list_entry e{ib_.handle, 0};
  drm_amdgpu_bo_list_in in{};
  in.bo_number = 1;
  in.bo_info_size = 8;
  in.bo_info_ptr = ptr(&e);
  CsRequest short_chunk;
  with_ib(short_chunk).raw(AMDGPU_CHUNK_ID_BO_HANDLES, 5, &in, sizeof(in));
  EXPECT_EQ(short_chunk.submit(fd(), ctx_), EINVAL);

  in.bo_number = 128 * 1024 + 1;
  CsRequest too_many;
  with_ib(too_many).raw(AMDGPU_CHUNK_ID_BO_HANDLES, 6, &in, sizeof(in));
  EXPECT_EQ(too_many.submit(fd(), ctx_), EINVAL);

  in.bo_number = 1;
  in.bo_info_ptr = 0x10;
  CsRequest bad_pointer;
  with_ib(bad_pointer).raw(AMDGPU_CHUNK_ID_BO_HANDLES, 6, &in, sizeof(in));
  EXPECT_EQ(bad_pointer.submit(fd(), ctx_), EFAULT);
}

TEST_P(Cs, BoListHandleAndBoHandlesChunkTogetherAreEinval) {
  uint32_t list = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {ib_.handle}, &list), 0);
  CsRequest r;
  with_ib(r).bo_handles({ib_.handle});
  EXPECT_EQ(r.submit(fd(), ctx_, nullptr, list), EINVAL);
}

TEST_P(Cs, UnknownBoListHandleIsEnoent) {
  CsRequest r;
  with_ib(r);
  EXPECT_EQ(r.submit(fd(), ctx_, nullptr, 42), ENOENT);
}

TEST_P(Cs, SyncobjInChecks) {
  CsRequest unknown;
  with_ib(unknown).syncobj_in({77});
  EXPECT_EQ(unknown.submit(fd(), ctx_), ENOENT);
  uint32_t empty = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &empty), 0);
  CsRequest no_fence;
  with_ib(no_fence).syncobj_in({empty});
  EXPECT_EQ(no_fence.submit(fd(), ctx_), EINVAL) << "a syncobj without a fence";
}

TEST_P(Cs, TimelineWaitChecks) {
  CsRequest unknown;
  with_ib(unknown).timeline_wait(77, 1);
  EXPECT_EQ(unknown.submit(fd(), ctx_), ENOENT);
  uint32_t timeline = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &timeline), 0);
  std::vector<uint64_t> points{2};
  ASSERT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {timeline}, &points), 0);
  CsRequest future;
  with_ib(future).timeline_wait(timeline, 3);
  EXPECT_EQ(future.submit(fd(), ctx_), EINVAL) << "point 3 was never submitted";
}

TEST_P(Cs, TimelineWaitForSubmitGivesUpAfterFiveSecondsWithEtime) {
  uint32_t timeline = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &timeline), 0);
  CsRequest r;
  with_ib(r).timeline_wait(timeline, 1, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT);
  EXPECT_EQ(r.submit(fd(), ctx_), ETIME);
}

TEST_P(Cs, SignalChunkChecks) {
  CsRequest unknown_out;
  with_ib(unknown_out).syncobj_out({77});
  EXPECT_EQ(unknown_out.submit(fd(), ctx_), EINVAL) << "unknown SYNCOBJ_OUT handle is EINVAL, not ENOENT";
  CsRequest unknown_signal;
  with_ib(unknown_signal).timeline_signal(77, 1);
  EXPECT_EQ(unknown_signal.submit(fd(), ctx_), EINVAL);
  uint32_t a = 0, b = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &a), 0);
  ASSERT_EQ(syncobj_create(fd(), 0, &b), 0);
  CsRequest two_chunks;
  with_ib(two_chunks).syncobj_out({a}).timeline_signal(b, 1);
  EXPECT_EQ(two_chunks.submit(fd(), ctx_), EINVAL) << "only one signal chunk per submission";
}

TEST_P(Cs, DependencyOnUnknownContextOrBadEntityIsEinval) {
  uint64_t seq = 0;
  ASSERT_EQ(submit_nop(&seq), 0);
  CsRequest unknown_ctx;
  with_ib(unknown_ctx).dependency(AMDGPU_CHUNK_ID_DEPENDENCIES, 999, AMDGPU_HW_IP_GFX, 0, seq);
  EXPECT_EQ(unknown_ctx.submit(fd(), ctx_), EINVAL);
  CsRequest bad_ring;
  with_ib(bad_ring).dependency(AMDGPU_CHUNK_ID_DEPENDENCIES, ctx_, AMDGPU_HW_IP_GFX, 5, seq);
  EXPECT_EQ(bad_ring.submit(fd(), ctx_), EINVAL);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
}

TEST_P(Cs, ChunkArrayPointerFaultsAreEfault) {
  CsRequest r;
  with_ib(r);
  drm_amdgpu_cs cs = r.prepare(ctx_);
  cs.in.chunks = 0x10;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CS, &cs), EFAULT);
  cs.in.chunks = ptr(no_access_page());
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CS, &cs), EFAULT);
}

TEST_P(Cs, ChunkHeaderPointerFaultIsEfault) {
  uint64_t pointers[1] = {0x10};
  drm_amdgpu_cs cs{};
  cs.in.ctx_id = ctx_;
  cs.in.num_chunks = 1;
  cs.in.chunks = ptr(pointers);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CS, &cs), EFAULT);
  pointers[0] = ptr(no_access_page());
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CS, &cs), EFAULT);
}

TEST_P(Cs, ChunkDataPointerFaultIsEfault) {
  CsRequest r;
  r.raw_pointer(AMDGPU_CHUNK_ID_IB, 8, 0x10);
  EXPECT_EQ(r.submit(fd(), ctx_), EFAULT);
  CsRequest prot_none;
  prot_none.raw_pointer(AMDGPU_CHUNK_ID_IB, 8, ptr(no_access_page()));
  EXPECT_EQ(prot_none.submit(fd(), ctx_), EFAULT);
  CsRequest syncobj;
  with_ib(syncobj).raw_pointer(AMDGPU_CHUNK_ID_SYNCOBJ_IN, 1, 0x10);
  EXPECT_EQ(syncobj.submit(fd(), ctx_), EFAULT);
}

TEST_P(Cs, HugeChunkCountOrLengthFailsCleanly) {
  CsRequest r;
  with_ib(r);
  drm_amdgpu_cs cs = r.prepare(ctx_);
  cs.in.num_chunks = 0xFFFFFFFF;
  int err = xioctl(fd(), DRM_IOCTL_AMDGPU_CS, &cs);
  EXPECT_TRUE(err == ENOMEM || err == EFAULT) << "errno " << err;

  CsRequest long_chunk;
  drm_amdgpu_cs_chunk_ib ib{};
  long_chunk.raw(AMDGPU_CHUNK_ID_IB, 0xFFFFFFFF, &ib, sizeof(ib));
  err = long_chunk.submit(fd(), ctx_);
  EXPECT_TRUE(err == ENOMEM || err == EFAULT) << "errno " << err;
}

TEST_P(Cs, FlagsAreIgnored) {
  CsRequest r;
  with_ib(r);
  drm_amdgpu_cs cs = r.prepare(ctx_);
  cs.in.flags = 0xFFFFFFFF;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CS, &cs), 0);
  EXPECT_EQ(cs.out.handle, 1u);
}

TEST_P(Cs, BadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CS, reinterpret_cast<void*>(0x10)), EFAULT);
}

SPORKLE_DEVICE_SUITE(ioctl, Cs);

}  // namespace
}  // namespace sporkle::conformance
