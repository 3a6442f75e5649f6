#include "sim/gpu/memory.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstring>

#include "sim/gpu/guarded_copy.h"

namespace sporkle::sim::gpu {
namespace {

TEST(BackingStore, AllocationsDoNotOverlapAndFreedRangesAreReused) {
  auto store = BackingStore::create(1 << 20);
  auto a = store->allocate(2 * kPageSize);
  auto b = store->allocate(kPageSize);
  ASSERT_TRUE(a && b);
  EXPECT_GE(b->store_offset(), a->store_offset() + a->size());
  uint64_t a_offset = a->store_offset();
  a.reset();
  auto c = store->allocate(2 * kPageSize);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->store_offset(), a_offset);
}

TEST(BackingStore, FreedPagesComeBackZeroed) {
  auto store = BackingStore::create(1 << 20);
  auto a = store->allocate(kPageSize);
  std::memset(a->host(), 0xAB, kPageSize);
  a.reset();
  auto b = store->allocate(kPageSize);
  for (uint64_t i = 0; i < kPageSize; ++i) ASSERT_EQ(b->host()[i], 0) << i;
}

TEST(BackingStore, RefusesWhatDoesNotFit) {
  auto store = BackingStore::create(4 * kPageSize);
  EXPECT_EQ(store->allocate(8 * kPageSize), nullptr);
  EXPECT_EQ(store->allocate(100), nullptr);  // not page-sized
  auto a = store->allocate(4 * kPageSize);
  EXPECT_TRUE(a);
  EXPECT_EQ(store->allocate(kPageSize), nullptr);
}

TEST(BackingStore, AMappingOfTheMemfdAliasesTheAllocation) {
  auto store = BackingStore::create(1 << 20);
  auto a = store->allocate(kPageSize);
  void* cpu = mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, a->store_fd(),
                   static_cast<off_t>(a->store_offset()));
  ASSERT_NE(cpu, MAP_FAILED);
  static_cast<uint32_t*>(cpu)[3] = 0x1234;
  uint32_t seen;
  std::memcpy(&seen, a->host() + 12, 4);
  EXPECT_EQ(seen, 0x1234u);
  munmap(cpu, kPageSize);
}

TEST(GuardedCopy, FaultsAreReportedNotFatal) {
  uint8_t buf[16] = {};
  EXPECT_FALSE(guarded_copy(buf, reinterpret_cast<const void*>(0x10), sizeof buf));
  void* none = mmap(nullptr, kPageSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(none, MAP_FAILED);
  EXPECT_FALSE(guarded_copy(buf, none, sizeof buf));
  EXPECT_FALSE(guarded_copy(none, buf, sizeof buf));
  EXPECT_FALSE(guarded_fill(none, 0, sizeof buf));
  munmap(none, kPageSize);
  uint8_t src[16] = {1, 2, 3};
  EXPECT_TRUE(guarded_copy(buf, src, sizeof buf));
  EXPECT_EQ(buf[2], 3);
  // Still works after a fault was caught (the signal is not left blocked).
  EXPECT_FALSE(guarded_copy(buf, reinterpret_cast<const void*>(0x20), 1));
  EXPECT_TRUE(guarded_fill(buf, 7, sizeof buf));
  EXPECT_EQ(buf[15], 7);
}

}  // namespace
}  // namespace sporkle::sim::gpu
