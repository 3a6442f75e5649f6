#include "sim/gpu/vm.h"

#include <gtest/gtest.h>

#include <cstring>

namespace sporkle::sim::gpu {
namespace {

constexpr uint32_t kRW = kPageReadable | kPageWriteable;

class VmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store = BackingStore::create(16 << 20);
    mem = store->allocate(4 * kPageSize);
  }
  Mapping mapping(uint64_t va, uint64_t size, uint64_t offset = 0, uint32_t flags = kRW, uint64_t owner = 1) {
    return Mapping{va, size, mem, offset, flags, owner};
  }
  std::shared_ptr<BackingStore> store;
  std::shared_ptr<Allocation> mem;
  Vm vm;
};

TEST_F(VmTest, ReadsAndWritesReachTheBackingPages) {
  vm.map(mapping(0x10000, 2 * kPageSize, kPageSize));
  uint32_t v = 0xfeedf00d;
  ASSERT_FALSE(vm.write(0x10008, &v, 4, Unit::CommandProcessor));
  uint32_t seen;
  std::memcpy(&seen, mem->host() + kPageSize + 8, 4);
  EXPECT_EQ(seen, v);
  uint32_t back = 0;
  ASSERT_FALSE(vm.read(0x10008, &back, 4, Unit::Sdma));
  EXPECT_EQ(back, v);
}

TEST_F(VmTest, UnmappedAccessFaultsWithTheFirstBadAddress) {
  vm.map(mapping(0x10000, kPageSize));
  uint8_t buf[32];
  auto f = vm.read(0x10000 + kPageSize - 16, buf, sizeof buf, Unit::Sdma);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->va, 0x10000 + kPageSize);
  EXPECT_TRUE(f->unmapped);
  EXPECT_EQ(f->unit, Unit::Sdma);
  EXPECT_EQ(vm.fault_count(), 1u);
}

TEST_F(VmTest, PermissionsAreEnforced) {
  vm.map(mapping(0x10000, kPageSize, 0, kPageReadable));
  uint32_t v = 1;
  auto f = vm.write(0x10000, &v, 4, Unit::CommandProcessor);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->unmapped);
  EXPECT_EQ(f->access, kWrite);
  EXPECT_TRUE(vm.read(0x10000, &v, 4, Unit::Shader, kExecute));
  EXPECT_EQ(vm.direct(0x10000, 4, kWrite), nullptr);
  EXPECT_NE(vm.direct(0x10000, 4, kRead), nullptr);
}

TEST_F(VmTest, UnmapRangeSplitsMappings) {
  vm.map(mapping(0x10000, 4 * kPageSize));
  auto removed = vm.unmap_range(0x10000 + kPageSize, kPageSize);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0].va, 0x10000 + kPageSize);
  EXPECT_EQ(removed[0].offset, kPageSize);
  auto left = vm.mappings();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].size, kPageSize);
  EXPECT_EQ(left[1].va, 0x10000 + 2 * kPageSize);
  EXPECT_EQ(left[1].offset, 2 * kPageSize);
  uint32_t v = 0;
  EXPECT_TRUE(vm.read(0x10000 + kPageSize, &v, 4, Unit::CommandProcessor));
  EXPECT_FALSE(vm.read(0x10000 + 2 * kPageSize, &v, 4, Unit::CommandProcessor));
}

TEST_F(VmTest, OwnedUnmapMatchesTheStartOnly) {
  vm.map(mapping(0x10000, 2 * kPageSize, 0, kRW, 7));
  EXPECT_FALSE(vm.unmap_owned(7, 0x10000 + kPageSize));
  EXPECT_FALSE(vm.unmap_owned(8, 0x10000));
  EXPECT_TRUE(vm.unmap_owned(7, 0x10000));
  EXPECT_TRUE(vm.mappings().empty());
}

TEST_F(VmTest, OverlapDetection) {
  vm.map(mapping(0x10000, kPageSize));
  EXPECT_TRUE(vm.overlaps(0x10000, kPageSize));
  EXPECT_TRUE(vm.overlaps(0xF000, 2 * kPageSize));
  EXPECT_FALSE(vm.overlaps(0xF000, kPageSize));
  EXPECT_FALSE(vm.overlaps(0x11000, kPageSize));
}

TEST_F(VmTest, PrtReadsZeroAndDropsWrites) {
  vm.map(Mapping{0x20000, kPageSize, nullptr, 0, kPagePrt, 2});
  uint32_t v = 5;
  EXPECT_FALSE(vm.write(0x20000, &v, 4, Unit::Shader));
  EXPECT_FALSE(vm.read(0x20000, &v, 4, Unit::Shader));
  EXPECT_EQ(v, 0u);
}

TEST_F(VmTest, CopyAcrossMappings) {
  vm.map(mapping(0x10000, kPageSize, 0));
  vm.map(mapping(0x11000, kPageSize, 2 * kPageSize));  // contiguous VA, discontiguous pages
  std::memset(mem->host(), 0x5A, kPageSize);
  ASSERT_FALSE(vm.copy(0x10800, 0x10000, kPageSize, Unit::Sdma));
  EXPECT_EQ(mem->host()[2 * kPageSize + 0x7FF], 0x5A);
  EXPECT_EQ(mem->host()[2 * kPageSize + 0x800], 0);
}

TEST_F(VmTest, WriteFromDeviceMemoryOverlappingTheDestination) {
  // A packet's payload lives in its IB, and the packet may write over that very IB.
  vm.map(mapping(0x10000, kPageSize));
  for (int i = 0; i < 32; ++i) mem->host()[i] = uint8_t(i);
  ASSERT_FALSE(vm.write(0x10004, mem->host(), 16, Unit::Sdma));
  for (int i = 0; i < 16; ++i) EXPECT_EQ(mem->host()[4 + i], i) << i;
}

TEST_F(VmTest, UserMemoryThatVanishesFaults) {
  auto user = BackingStore::wrap_user(reinterpret_cast<void*>(0x1000), kPageSize);  // never mapped
  vm.map(Mapping{0x30000, kPageSize, user, 0, kRW, 3});
  uint32_t v;
  EXPECT_TRUE(vm.read(0x30000, &v, 4, Unit::Sdma));
  EXPECT_TRUE(vm.write(0x30000, &v, 4, Unit::Sdma));
}

}  // namespace
}  // namespace sporkle::sim::gpu
