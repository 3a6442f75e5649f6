// AMDGPU_BO_LIST (kernel-uapi.md 2.10): create / update / destroy, handle allocation, the entry array copy
// that happens for every op, strides, and errno order.
#include <sys/mman.h>

#include <cstring>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

class BoList : public DeviceTest {
 protected:
  uint32_t bo() {
    uint32_t h = 0;
    EXPECT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
    return h;
  }
  int raw(uint32_t op, uint32_t list, uint32_t number, uint32_t entry_size, uint64_t entries,
          drm_amdgpu_bo_list* out = nullptr) {
    drm_amdgpu_bo_list args{};
    args.in.operation = op;
    args.in.list_handle = list;
    args.in.bo_number = number;
    args.in.bo_info_size = entry_size;
    args.in.bo_info_ptr = entries;
    int err = xioctl(fd(), DRM_IOCTL_AMDGPU_BO_LIST, &args);
    if (out) *out = args;
    return err;
  }
};

TEST_P(BoList, CreateReturnsLowestFreeHandlesFromOne) {
  uint32_t a = bo(), b = bo();
  uint32_t l = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a, b}, &l), 0);
  EXPECT_EQ(l, 1u);
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a}, &l), 0);
  EXPECT_EQ(l, 2u);
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_DESTROY, 1, {}, nullptr), 0);
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {b}, &l), 0);
  EXPECT_EQ(l, 1u);
}

TEST_P(BoList, CreateZeroesTheUnionAroundTheListHandle) {
  uint32_t a = bo();
  drm_amdgpu_bo_list_entry e{a, 0};
  drm_amdgpu_bo_list out{};
  ASSERT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 77, 1, sizeof(e), ptr(&e), &out), 0);
  EXPECT_EQ(out.out.list_handle, 1u);
  EXPECT_EQ(out.in.bo_number, 0u);
  EXPECT_EQ(out.in.bo_info_ptr, 0u);
}

TEST_P(BoList, CreateWithNoEntriesIsAllowed) {
  drm_amdgpu_bo_list out{};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 0, 8, 0, &out), 0);
  EXPECT_EQ(out.out.list_handle, 1u);
}

TEST_P(BoList, DuplicateEntriesAreAllowed) {
  uint32_t a = bo();
  uint32_t l = 0;
  EXPECT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a, a, a}, &l), 0);
}

TEST_P(BoList, UnknownBoIsEnoent) {
  uint32_t a = bo();
  EXPECT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a, 99}, nullptr), ENOENT);
  uint32_t l = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a}, &l), 0);
  EXPECT_EQ(l, 1u) << "the failed create did not consume a handle";
  EXPECT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_UPDATE, l, {99}, nullptr), ENOENT);
}

TEST_P(BoList, UpdateReplacesTheListAndKeepsItsHandle) {
  uint32_t a = bo(), b = bo();
  uint32_t l = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a}, &l), 0);
  uint32_t out = 0;
  EXPECT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_UPDATE, l, {a, b}, &out), 0);
  EXPECT_EQ(out, l);
}

TEST_P(BoList, UpdateOfUnknownListIsEnoent) {
  uint32_t a = bo();
  EXPECT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_UPDATE, 5, {a}, nullptr), ENOENT);
}

TEST_P(BoList, DestroyOfUnknownListSucceedsAndReportsHandleZero) {
  drm_amdgpu_bo_list out{};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_DESTROY, 42, 0, 8, 0, &out), 0);
  EXPECT_EQ(out.out.list_handle, 0u);
}

TEST_P(BoList, DestroyThenUpdateIsEnoent) {
  uint32_t a = bo();
  uint32_t l = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a}, &l), 0);
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_DESTROY, l, {}, nullptr), 0);
  EXPECT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_UPDATE, l, {a}, nullptr), ENOENT);
}

TEST_P(BoList, UnknownOperationIsEinvalAfterTheEntryCopy) {
  uint32_t a = bo();
  drm_amdgpu_bo_list_entry e{a, 0};
  EXPECT_EQ(raw(3, 0, 1, sizeof(e), ptr(&e)), EINVAL);
  EXPECT_EQ(raw(3, 0, 1, sizeof(e), 0x10), EFAULT) << "the entry array is copied before the op is looked at";
}

TEST_P(BoList, EntryArrayIsCopiedEvenForDestroy) {
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_DESTROY, 1, 1, 8, 0x10), EFAULT);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_DESTROY, 1, 128 * 1024 + 1, 8, 0), EINVAL);
}

TEST_P(BoList, MoreThan128KiEntriesIsEinvalBeforeTheCopy) {
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 128 * 1024 + 1, 8, 0x10), EINVAL);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 0xFFFFFFFF, 8, 0x10), EINVAL);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 128 * 1024, 8, 0x10), EFAULT) << "exactly 128Ki is allowed";
}

TEST_P(BoList, BadEntryPointerIsEfault) {
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 1, 8, 0x10), EFAULT);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 1, 8, ptr(no_access_page())), EFAULT);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 2, 16, 0x10), EFAULT) << "the strided copy faults too";
}

TEST_P(BoList, EntryArrayRunningIntoAnUnmappedPageIsEfault) {
  uint32_t a = bo();
  char* area = static_cast<char*>(mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(area, MAP_FAILED);
  ASSERT_EQ(mprotect(area + 4096, 4096, PROT_NONE), 0);
  auto* e = reinterpret_cast<drm_amdgpu_bo_list_entry*>(area + 4096 - 8);
  *e = {a, 0};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 1, 8, ptr(e)), 0);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 2, 8, ptr(e)), EFAULT);
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 2, 12, ptr(e)), EFAULT) << "the strided copy faults too";
  munmap(area, 8192);
}

TEST_P(BoList, WiderEntriesAreReadWithTheirStride) {
  uint32_t a = bo(), b = bo();
  struct Wide {
    uint32_t handle, priority, junk[2];
  } wide[2] = {{a, 1, {0xFFFFFFFF, 0xFFFFFFFF}}, {b, 2, {0xFFFFFFFF, 0xFFFFFFFF}}};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 2, sizeof(Wide), ptr(wide)), 0);
}

TEST_P(BoList, NarrowEntriesAreZeroExtended) {
  uint32_t a = bo(), b = bo();
  uint32_t handles[2] = {a, b};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 2, 4, ptr(handles)), 0) << "4-byte entries: handle only";
  uint32_t bad[2] = {a, 77};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 2, 4, ptr(bad)), ENOENT) << "the stride really is 4 bytes";
}

TEST_P(BoList, ZeroEntrySizeMakesEveryHandleZero) {
  uint32_t a = bo();
  drm_amdgpu_bo_list_entry e{a, 0};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 1, 0, ptr(&e)), ENOENT) << "handle 0 never exists";
}

TEST_P(BoList, PrioritiesAboveTheMaximumAreAccepted) {
  uint32_t a = bo();
  drm_amdgpu_bo_list_entry e{a, 0xFFFFFFFF};
  EXPECT_EQ(raw(AMDGPU_BO_LIST_OP_CREATE, 0, 1, sizeof(e), ptr(&e)), 0) << "the priority is clamped, not rejected";
}

TEST_P(BoList, ListHandlesArePerFile) {
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t a = bo();
  uint32_t l = 0;
  ASSERT_EQ(bo_list(fd(), AMDGPU_BO_LIST_OP_CREATE, 0, {a}, &l), 0);
  uint32_t b = 0;
  ASSERT_EQ(gem_create(other, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &b), 0);
  EXPECT_EQ(bo_list(other, AMDGPU_BO_LIST_OP_UPDATE, l, {b}, nullptr), ENOENT);
}

TEST_P(BoList, BadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_BO_LIST, reinterpret_cast<void*>(0x10)), EFAULT);
}

SPORKLE_DEVICE_SUITE(ioctl, BoList);

}  // namespace
}  // namespace sporkle::conformance
