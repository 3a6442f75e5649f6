// AMDGPU_CTX (kernel-uapi.md 2.9): ids, ops, flags, priorities, reset queries, stable pstate.
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

bool has_cap_sys_nice() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  return data[CAP_SYS_NICE / 32].effective & (1u << (CAP_SYS_NICE % 32));
}

class Ctx : public DeviceTest {};

TEST_P(Ctx, AllocIdsStartAtOneAndReuseTheLowestFree) {
  uint32_t id = 0;
  for (uint32_t expected = 1; expected <= 3; ++expected) {
    ASSERT_EQ(ctx_alloc(fd(), &id), 0);
    EXPECT_EQ(id, expected);
  }
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, 2, 0), 0);
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  EXPECT_EQ(id, 2u);
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  EXPECT_EQ(id, 4u);
}

TEST_P(Ctx, IdsArePerFile) {
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t a = 0, b = 0;
  ASSERT_EQ(ctx_alloc(fd(), &a), 0);
  ASSERT_EQ(ctx_alloc(other, &b), 0);
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 1u);
  EXPECT_EQ(ctx_op(other, AMDGPU_CTX_OP_FREE_CTX, 1, 0), 0);
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_QUERY_STATE, 1, 0), 0) << "freeing in one file leaves the other's ctx";
}

TEST_P(Ctx, AllocReturnsTheIdInOutAllocCtxId) {
  drm_amdgpu_ctx args{};
  args.in.op = AMDGPU_CTX_OP_ALLOC_CTX;
  args.in.ctx_id = 1234;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CTX, &args), 0);
  EXPECT_EQ(args.out.alloc.ctx_id, 1u);
}

TEST_P(Ctx, FreeOfUnknownIdIsEinval) {
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, 1, 0), EINVAL);
  uint32_t id = 0;
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, id, 0), 0);
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, id, 0), EINVAL) << "double free";
}

TEST_P(Ctx, UnknownOpIsEinval) {
  for (uint32_t op : {0u, 7u, 100u}) EXPECT_EQ(ctx_op(fd(), op, 0, 0), EINVAL) << "op " << op;
}

TEST_P(Ctx, NonzeroFlagsAreEinvalForOpsOneToFive) {
  uint32_t id = 0;
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  for (uint32_t op : {AMDGPU_CTX_OP_ALLOC_CTX, AMDGPU_CTX_OP_FREE_CTX, AMDGPU_CTX_OP_QUERY_STATE,
                      AMDGPU_CTX_OP_QUERY_STATE2, AMDGPU_CTX_OP_GET_STABLE_PSTATE}) {
    EXPECT_EQ(ctx_op(fd(), op, id, 1), EINVAL) << "op " << op;
  }
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_QUERY_STATE, id, 0), 0) << "the ctx was not freed by the failed FREE";
}

TEST_P(Ctx, QueriesOfUnknownIdAreEinval) {
  for (uint32_t op : {AMDGPU_CTX_OP_QUERY_STATE, AMDGPU_CTX_OP_QUERY_STATE2, AMDGPU_CTX_OP_GET_STABLE_PSTATE}) {
    EXPECT_EQ(ctx_op(fd(), op, 3, 0), EINVAL) << "op " << op;
  }
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, 3, AMDGPU_CTX_STABLE_PSTATE_NONE), EINVAL);
}

TEST_P(Ctx, QueryStateOfAFreshContextReportsNoReset) {
  uint32_t id = 0;
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  drm_amdgpu_ctx_out out{};
  out.state.flags = out.state.hangs = out.state.reset_status = 0xFFFFFFFF;
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_QUERY_STATE, id, 0, &out), 0);
  EXPECT_EQ(out.state.flags, 0u);
  EXPECT_EQ(out.state.hangs, 0u);
  EXPECT_EQ(out.state.reset_status, uint32_t(AMDGPU_CTX_NO_RESET));
}

TEST_P(Ctx, QueryState2OfAFreshContextReportsNoFlags) {
  uint32_t id = 0;
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  drm_amdgpu_ctx_out out{};
  out.state.flags = out.state.hangs = 0xFFFFFFFF;
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_QUERY_STATE2, id, 0, &out), 0);
  EXPECT_EQ(out.state.flags & (AMDGPU_CTX_QUERY2_FLAGS_RESET | AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST |
                               AMDGPU_CTX_QUERY2_FLAGS_GUILTY),
            0u);
  EXPECT_EQ(out.state.hangs, 0u);
}

TEST_P(Ctx, InvalidPrioritiesAreSilentlyNormal) {
  for (int32_t priority : {AMDGPU_CTX_PRIORITY_UNSET, 1, -1, 511, 100000, INT32_MIN, INT32_MAX}) {
    uint32_t id = 0;
    EXPECT_EQ(ctx_alloc(fd(), &id, priority), 0) << "priority " << priority;
  }
}

TEST_P(Ctx, NormalAndLowerPrioritiesNeedNoPrivilege) {
  for (int32_t priority : {AMDGPU_CTX_PRIORITY_VERY_LOW, AMDGPU_CTX_PRIORITY_LOW, AMDGPU_CTX_PRIORITY_NORMAL}) {
    uint32_t id = 0;
    EXPECT_EQ(ctx_alloc(fd(), &id, priority), 0) << "priority " << priority;
  }
}

TEST_P(Ctx, HighPrioritiesNeedCapSysNice) {
  const bool privileged = has_cap_sys_nice();
  for (int32_t priority : {AMDGPU_CTX_PRIORITY_HIGH, AMDGPU_CTX_PRIORITY_VERY_HIGH}) {
    drm_amdgpu_ctx args{};
    args.in.op = AMDGPU_CTX_OP_ALLOC_CTX;
    args.in.priority = priority;
    args.in.ctx_id = 55;
    if (privileged) {
      EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CTX, &args), 0) << "priority " << priority << " with CAP_SYS_NICE";
    } else {
      EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CTX, &args), EACCES) << "priority " << priority;
      EXPECT_EQ(args.out.alloc.ctx_id, 0u) << "the id is written back as 0 on failure";
    }
  }
}

TEST_P(Ctx, AllocBeyond4095ContextsIsEnospcAndEchoesTheInputId) {
  uint32_t id = 0;
  for (uint32_t i = 1; i <= 4095; ++i) {
    ASSERT_EQ(ctx_alloc(fd(), &id), 0) << "context " << i;
    ASSERT_EQ(id, i);
  }
  drm_amdgpu_ctx args{};
  args.in.op = AMDGPU_CTX_OP_ALLOC_CTX;
  args.in.ctx_id = 0x77;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CTX, &args), ENOSPC);
  EXPECT_EQ(args.out.alloc.ctx_id, 0x77u) << "the id variable starts as in.ctx_id and is copied out unchanged";
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, 100, 0), 0);
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  EXPECT_EQ(id, 100u);
}

TEST_P(Ctx, GetStablePstateOfAFreshContextIsNone) {
  uint32_t id = 0;
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  drm_amdgpu_ctx_out out{};
  out.pstate.flags = 0xFF;
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_GET_STABLE_PSTATE, id, 0, &out), 0);
  EXPECT_EQ(out.pstate.flags, uint32_t(AMDGPU_CTX_STABLE_PSTATE_NONE));
}

TEST_P(Ctx, SetStablePstateRejectsValuesAbovePeakAndUnknownBits) {
  uint32_t id = 0;
  ASSERT_EQ(ctx_alloc(fd(), &id), 0);
  for (uint32_t flags : {5u, 0xFu, 0x10u, 0x11u, 0x80000000u}) {
    EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, id, flags), EINVAL) << "flags " << flags;
  }
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, 999, 0x10), EINVAL)
      << "the value is checked before the ctx lookup";
}

TEST_P(Ctx, StablePstateIsOwnedByOneContextAtATime) {
  uint32_t a = 0, b = 0;
  ASSERT_EQ(ctx_alloc(fd(), &a), 0);
  ASSERT_EQ(ctx_alloc(fd(), &b), 0);
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, a, AMDGPU_CTX_STABLE_PSTATE_STANDARD), 0);
  drm_amdgpu_ctx_out out{};
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_GET_STABLE_PSTATE, b, 0, &out), 0);
  EXPECT_EQ(out.pstate.flags, uint32_t(AMDGPU_CTX_STABLE_PSTATE_STANDARD)) << "the level is device-wide";
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, b, AMDGPU_CTX_STABLE_PSTATE_PEAK), EBUSY);
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_FREE_CTX, a, 0), 0);
  ASSERT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_GET_STABLE_PSTATE, b, 0, &out), 0);
  EXPECT_EQ(out.pstate.flags, uint32_t(AMDGPU_CTX_STABLE_PSTATE_NONE))
      << "freeing the owner restores the level it found";
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, b, AMDGPU_CTX_STABLE_PSTATE_PEAK), 0)
      << "freeing the owner releases the stable pstate";
  EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_SET_STABLE_PSTATE, b, AMDGPU_CTX_STABLE_PSTATE_NONE), 0);
}

TEST_P(Ctx, BadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CTX, reinterpret_cast<void*>(0x10)), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_CTX, no_access_page()), EFAULT);
}

SPORKLE_DEVICE_SUITE(ioctl, Ctx);

}  // namespace
}  // namespace sporkle::conformance
