// The vector memory path's edges: whole-wave accesses that are coalesced, strided, sparse, split across two
// mappings, straddling into an unmapped page, wrapping past 2^64, or aimed at a read-only page; atomics on a
// write-only page; a buffer access cut by NUM_RECORDS inside a lane; an unmap between two accesses; wave32; and
// the block path of an SGPR base with consecutive offsets (every width and lane count, offsets wrapping past
// 2^32, a block split across mappings or reaching a guard gap). The handlers run on a hand-built wave so every
// lane address can be chosen.
#include <gtest/gtest.h>

#include <functional>

#include "harness.h"
#include "sim/isa/context.h"
#include "sim/isa/handlers.h"

namespace sporkle::sim::isa::test {
namespace {

using spec::isa::Encoding;

constexpr uint16_t kAddr = 0, kData = 8;  // VGPRs: v[0:1] addresses, v[8:11] data
constexpr uint16_t kBase = 4;              // s[4:5]: the SGPR base of the saddr forms
constexpr uint32_t kPoison = 0xDEADBEEF;

class MemoryPath : public ::testing::Test {
 protected:
  void SetUp() override {
    wave = std::make_unique<Wave>();
    std::memset(wave->vgpr, 0, sizeof wave->vgpr);
    std::memset(wave->sgpr, 0, sizeof wave->sgpr);
    ctx.vm = &mem.vm();
    wave->wg = &ctx;
    wave->num_vgprs = 16;
    wave->set_exec(~0ull);
  }
  void wave32() {
    wave->lanes = 32;
    wave->lane_mask = 0xFFFFFFFFull;
    wave->set_exec(0xFFFFFFFFull);
  }
  void addresses(const std::function<uint64_t(int)>& va) {
    for (int i = 0; i < kLanes; ++i) {
      wave->vgpr[kAddr][i] = uint32_t(va(i));
      wave->vgpr[kAddr + 1][i] = uint32_t(va(i) >> 32);
    }
  }
  void fill_data(uint32_t base) {
    for (int k = 0; k < 4; ++k)
      for (int i = 0; i < kLanes; ++i) wave->vgpr[kData + k][i] = base + 0x100 * k + i;
  }
  // 32-bit offsets in v[kAddr] for an SGPR base in s[kBase:kBase+1].
  void offsets(uint64_t base, const std::function<uint32_t(int)>& off) {
    wave->set_sgpr64(kBase, base);
    for (int i = 0; i < kLanes; ++i) wave->vgpr[kAddr][i] = off(i);
  }
  // global_<op> v[kData..], v[kAddr:kAddr+1], off; with saddr: v[kAddr], s[kBase:kBase+1] offset:imm.
  Flow global(std::string_view op, bool saddr = false, int32_t imm = 0) {
    DecodedInst in;
    in.enc = Encoding::GLOBAL;
    in.src[0] = {.reg = kAddr, .kind = OperandKind::Vgpr};
    in.src[1] = {.reg = kData, .kind = OperandKind::Vgpr};
    if (saddr) in.src[2] = {.reg = kBase, .kind = OperandKind::Sgpr};
    in.imm = imm;
    in.vdst = kData;
    in.handler = handler_index(std::string("global_") + std::string(op));
    EXPECT_NE(in.handler, kIllegalHandler) << op;
    return handler_at(in.handler)(*wave, in);
  }
  void expect_fault(Flow f, uint64_t va, gpu::Access access, bool unmapped = true) {
    ASSERT_EQ(f, Flow::Stop);
    ASSERT_EQ(wave->status, WaveStatus::VmFault) << wave->diagnostic;
    ASSERT_TRUE(wave->fault);
    EXPECT_EQ(wave->fault->va, va);
    EXPECT_EQ(wave->fault->access, access);
    EXPECT_EQ(wave->fault->unit, gpu::Unit::Shader);
    EXPECT_EQ(wave->fault->unmapped, unmapped);
  }

  GpuMemory mem;
  WorkgroupContext ctx;
  std::unique_ptr<Wave> wave;
};

TEST_F(MemoryPath, CoalescedStridedAndSparseAccessesMoveEveryActiveLane) {
  const uint64_t src = mem.alloc(64 * 64), dst = mem.alloc(64 * 64);
  auto* in = mem.ptr<uint32_t>(src);
  for (int i = 0; i < 64 * 16; ++i) in[i] = 0x10000 + i;
  struct Case {
    const char* load;
    const char* store;
    uint32_t dwords, stride;
    uint64_t exec;
  };
  for (const Case& c : {Case{"load_dword", "store_dword", 1, 4, ~0ull}, Case{"load_dwordx4", "store_dwordx4", 4, 16, ~0ull},
                        Case{"load_dwordx2", "store_dwordx2", 2, 8, ~0ull}, Case{"load_dwordx3", "store_dwordx3", 3, 12, ~0ull},
                        Case{"load_dwordx3", "store_dwordx3", 3, 64, ~0ull},  // strided
                        Case{"load_dwordx4", "store_dwordx4", 4, 16, 0xAAAA'5555'0F0F'8001ull},  // sparse
                        Case{"load_dword", "store_dword", 1, 4, (1ull << 40) - 1}}) {  // a partial wave
    SCOPED_TRACE(std::string(c.load) + " stride " + std::to_string(c.stride));
    std::memset(mem.host(dst), 0, 64 * 64);
    fill_data(kPoison);
    wave->set_exec(c.exec);
    addresses([&](int i) { return src + uint64_t(i) * c.stride; });
    ASSERT_EQ(global(c.load), Flow::Next);
    for (int i = 0; i < kLanes; ++i) {
      const bool on = (c.exec >> i) & 1;
      for (uint32_t k = 0; k < 4; ++k) {
        uint32_t want = on && k < c.dwords ? in[(i * c.stride) / 4 + k] : kPoison + 0x100 * k + i;
        ASSERT_EQ(wave->vgpr[kData + k][i], want) << "lane " << i << " dword " << k;
      }
    }
    addresses([&](int i) { return dst + uint64_t(i) * c.stride; });
    ASSERT_EQ(global(c.store), Flow::Next);
    auto* out = mem.ptr<uint32_t>(dst);
    for (int i = 0; i < kLanes; ++i)
      for (uint32_t k = 0; k < c.dwords; ++k)
        ASSERT_EQ(out[(i * c.stride) / 4 + k], (c.exec >> i) & 1 ? in[(i * c.stride) / 4 + k] : 0u) << i;
  }
}

TEST_F(MemoryPath, LanesStraddlingIntoAnUnmappedPageFaultAtItsFirstByte) {
  const uint64_t buf = mem.alloc(gpu::kPageSize);  // an unmapped guard gap follows
  fill_data(kPoison);
  // Lanes 0-31 in the buffer, 32-63 in the gap.
  addresses([&](int i) { return buf + gpu::kPageSize - 32 * 16 + uint64_t(i) * 16; });
  expect_fault(global("load_dwordx4"), buf + gpu::kPageSize, gpu::kRead);
  for (int i = 0; i < kLanes; ++i) ASSERT_EQ(wave->vgpr[kData][i], kPoison + i) << "a faulting load wrote lane " << i;
  wave->status = WaveStatus::Running;
  expect_fault(global("store_dwordx4"), buf + gpu::kPageSize, gpu::kWrite);

  // One lane straddling the edge itself: the fault is at the first unmapped byte, not at the lane's address.
  wave->status = WaveStatus::Running;
  wave->set_exec(1ull << 5);
  addresses([&](int) { return buf + gpu::kPageSize - 8; });
  expect_fault(global("load_dwordx4"), buf + gpu::kPageSize, gpu::kRead);
}

TEST_F(MemoryPath, LaneAddressesWrappingPast2To64FaultWithoutTouchingHostMemory) {
  const uint64_t buf = mem.alloc(gpu::kPageSize);
  // The last lane wraps: the others are a coalesced block inside the buffer.
  addresses([&](int i) { return i == 63 ? ~0ull - 7 : buf + uint64_t(i) * 16; });
  expect_fault(global("load_dwordx4"), ~0ull - 7, gpu::kRead);
  wave->status = WaveStatus::Running;
  expect_fault(global("store_dwordx4"), ~0ull - 7, gpu::kWrite);
  // A contiguous block that runs through 2^64.
  wave->status = WaveStatus::Running;
  addresses([&](int i) { return uint64_t(0) - 32 * 16 + uint64_t(i) * 16; });
  expect_fault(global("load_dwordx4"), uint64_t(0) - 32 * 16, gpu::kRead);
}

TEST_F(MemoryPath, StoreToAReadOnlyPageIsAPermissionFault) {
  const uint64_t buf = mem.alloc(gpu::kPageSize, gpu::kPageReadable);
  addresses([&](int i) { return buf + uint64_t(i) * 4; });
  fill_data(1);
  ASSERT_EQ(global("load_dword"), Flow::Next);  // reading is allowed
  expect_fault(global("store_dword"), buf, gpu::kWrite, false);
  for (int i = 0; i < 64; ++i) ASSERT_EQ(mem.ptr<uint32_t>(buf)[i], 0u);
}

TEST_F(MemoryPath, AtomicsNeedAReadableAndWriteablePage) {
  const uint64_t buf = mem.alloc(gpu::kPageSize), write_only = mem.alloc(gpu::kPageSize, gpu::kPageWriteable);
  addresses([&](int i) { return buf + uint64_t(i % 4) * 4; });  // 16 lanes on each of four dwords
  fill_data(0);
  for (int i = 0; i < kLanes; ++i) wave->vgpr[kData][i] = 1;
  ASSERT_EQ(global("atomic_add"), Flow::Next);
  for (int d = 0; d < 4; ++d) EXPECT_EQ(mem.ptr<uint32_t>(buf)[d], 16u);
  addresses([&](int i) { return write_only + uint64_t(i) * 4; });
  expect_fault(global("atomic_add"), write_only, gpu::kRead, false);
  EXPECT_EQ(mem.ptr<uint32_t>(write_only)[0], 0u);
}

TEST_F(MemoryPath, LanesSplitAcrossTwoAdjacentMappingsReachBoth) {
  auto store = gpu::BackingStore::create(uint64_t(1) << 20);
  auto lo = store->allocate(gpu::kPageSize), hi = store->allocate(gpu::kPageSize);
  const uint64_t va = uint64_t(1) << 40;
  mem.vm().map(gpu::Mapping{va, gpu::kPageSize, lo, 0, kRW, 7});
  mem.vm().map(gpu::Mapping{va + gpu::kPageSize, gpu::kPageSize, hi, 0, kRW, 8});
  for (uint32_t i = 0; i < gpu::kPageSize / 4; ++i) {
    reinterpret_cast<uint32_t*>(lo->host())[i] = i;
    reinterpret_cast<uint32_t*>(hi->host())[i] = 0x80000 + i;
  }
  // Lane 0 straddles the boundary (two dwords in each mapping); the others alternate between the two pages.
  addresses([&](int i) { return i == 0 ? va + gpu::kPageSize - 8 : va + (i % 2) * gpu::kPageSize + uint64_t(i) * 16; });
  ASSERT_EQ(global("load_dwordx4"), Flow::Next);
  const uint32_t lane0[4] = {1022, 1023, 0x80000, 0x80001};
  for (int k = 0; k < 4; ++k) EXPECT_EQ(wave->vgpr[kData + k][0], lane0[k]);
  for (int i = 1; i < kLanes; ++i)
    for (int k = 0; k < 4; ++k) ASSERT_EQ(wave->vgpr[kData + k][i], (i % 2 ? 0x80000u : 0u) + 4 * i + k) << i;
}

TEST_F(MemoryPath, AnUnmapBetweenTwoAccessesMakesTheSecondFault) {
  const uint64_t buf = mem.alloc(gpu::kPageSize);
  addresses([&](int i) { return buf + uint64_t(i) * 16; });
  ASSERT_EQ(global("load_dwordx4"), Flow::Next);
  ASSERT_EQ(global("store_dwordx4"), Flow::Next);
  ASSERT_EQ(mem.vm().unmap_range(buf, gpu::kPageSize).size(), 1u);
  expect_fault(global("load_dwordx4"), buf, gpu::kRead);
  wave->status = WaveStatus::Running;
  expect_fault(global("store_dwordx4"), buf, gpu::kWrite);
}

TEST_F(MemoryPath, BufferRecordsEndingInsideALaneZeroOnlyItsLastDwords) {
  const uint64_t buf = mem.alloc(64 * 16);
  auto* in = mem.ptr<uint32_t>(buf);
  for (int i = 0; i < 64 * 4; ++i) in[i] = 0x1000 + i;
  // Raw gfx9 V#: stride 0, NUM_RECORDS cuts lane 63's dwordx4 after two dwords; DST_SEL/FORMAT as IGT's.
  const uint32_t vsharp[4] = {uint32_t(buf), uint32_t(buf >> 32), 64 * 16 - 8, 0x74FACu};
  std::memcpy(&wave->sgpr[8], vsharp, sizeof vsharp);
  for (int i = 0; i < kLanes; ++i) wave->vgpr[kAddr][i] = 16 * i;
  fill_data(kPoison);
  DecodedInst in_;
  in_.enc = Encoding::MUBUF;
  in_.src[0] = {.reg = kAddr, .kind = OperandKind::Vgpr};
  in_.src[2] = {.kind = OperandKind::Const};  // SOFFSET 0
  in_.vdst = kData;
  in_.sdst = 8;
  in_.flags = kFlagOffen;
  in_.handler = handler_index("buffer_load_dwordx4");
  ASSERT_EQ(handler_at(in_.handler)(*wave, in_), Flow::Next);
  for (int i = 0; i < kLanes; ++i)
    for (int k = 0; k < 4; ++k)
      ASSERT_EQ(wave->vgpr[kData + k][i], i == 63 && k >= 2 ? 0u : in[4 * i + k]) << "lane " << i << " dword " << k;
}

TEST_F(MemoryPath, Wave32AccessesOnlyItsLanes) {
  wave32();
  const uint64_t buf = mem.alloc(64 * 16);
  auto* words = mem.ptr<uint32_t>(buf);
  for (int i = 0; i < 64 * 4; ++i) words[i] = 0x2000 + i;
  fill_data(kPoison);
  addresses([&](int i) { return buf + uint64_t(i) * 16; });
  ASSERT_EQ(global("load_dwordx4"), Flow::Next);
  for (int i = 0; i < kLanes; ++i)
    ASSERT_EQ(wave->vgpr[kData][i], i < 32 ? words[4 * i] : kPoison + i) << i;
  std::memset(words, 0, 64 * 16);
  ASSERT_EQ(global("store_dwordx4"), Flow::Next);
  for (int i = 0; i < 64 * 4; ++i) ASSERT_EQ(words[i], i < 32 * 4 ? 0x2000u + i : 0u) << i;
}

TEST_F(MemoryPath, SgprBaseBlocksMoveEveryActiveLaneForEveryWidthAndLaneCount) {
  const uint64_t src = mem.alloc(64 * 16), dst = mem.alloc(64 * 16);
  auto* in = mem.ptr<uint32_t>(src);
  auto* out = mem.ptr<uint32_t>(dst);
  for (int i = 0; i < 64 * 4; ++i) in[i] = 0x30000 + i;
  const char* widths[] = {"dword", "dwordx2", "dwordx3", "dwordx4"};
  // Dense masks of every size the copy loops treat apart (8-lane and 4-lane steps, a tail), a mask with a hole
  // at lane 0, and a wave32.
  for (uint64_t exec : {~0ull, (1ull << 37) - 1, (1ull << 12) - 1, 1ull, ~1ull, 0xFFFFFFFFull})
    for (uint32_t dwords = 1; dwords <= 4; ++dwords) {
      SCOPED_TRACE(std::string(widths[dwords - 1]) + " exec " + std::to_string(exec));
      const bool w32 = exec == 0xFFFFFFFFull;
      if (w32) wave32();
      else wave->set_exec(exec);
      const uint32_t bytes = 4 * dwords;
      // The instruction offset and the SGPR base both take part in the address.
      offsets(src - 0x100 + 16, [&](int i) { return 0x100 + uint32_t(i) * bytes; });
      fill_data(kPoison);
      ASSERT_EQ(global(std::string("load_") + widths[dwords - 1], true, -16), Flow::Next);
      for (int i = 0; i < kLanes; ++i)
        for (uint32_t k = 0; k < 4; ++k) {
          const bool on = (exec >> i) & 1;
          ASSERT_EQ(wave->vgpr[kData + k][i], on && k < dwords ? in[i * dwords + k] : kPoison + 0x100 * k + i)
              << "lane " << i << " dword " << k;
        }
      std::memset(out, 0, 64 * 16);
      offsets(dst - 0x100 + 16, [&](int i) { return 0x100 + uint32_t(i) * bytes; });
      ASSERT_EQ(global(std::string("store_") + widths[dwords - 1], true, -16), Flow::Next);
      for (int i = 0; i < kLanes; ++i)
        for (uint32_t k = 0; k < dwords; ++k)
          ASSERT_EQ(out[i * dwords + k], (exec >> i) & 1 ? in[i * dwords + k] : 0u) << "lane " << i << " dword " << k;
      for (uint32_t b = 64 * bytes; b < 64 * 16; b += 4) ASSERT_EQ(out[b / 4], 0u) << "past the block: " << b;
    }
}

TEST_F(MemoryPath, SgprBaseOffsetsWrappingPast2To32AreNotOneBlock) {
  // Lane 0 at base + 0xFFFFFFF0 (the end of the low page of `high`), lanes 1-63 wrap to base + 0.. (in `low`); a
  // block from lane 0's address would run on through `high`.
  auto store = gpu::BackingStore::create(uint64_t(1) << 20);
  auto low = store->allocate(gpu::kPageSize), high = store->allocate(2 * gpu::kPageSize);
  const uint64_t base = uint64_t(1) << 40;
  mem.vm().map(gpu::Mapping{base, gpu::kPageSize, low, 0, kRW, 7});
  mem.vm().map(gpu::Mapping{base + (uint64_t(1) << 32) - gpu::kPageSize, 2 * gpu::kPageSize, high, 0, kRW, 8});
  auto* lo = reinterpret_cast<uint32_t*>(low->host());
  auto* hi = reinterpret_cast<uint32_t*>(high->host());
  for (uint32_t i = 0; i < gpu::kPageSize / 4; ++i) lo[i] = i, hi[i] = 0x80000 + i, hi[gpu::kPageSize / 4 + i] = ~i;
  offsets(base, [](int i) { return 0xFFFFFFF0u + 16u * uint32_t(i); });
  ASSERT_EQ(global("load_dwordx4", true), Flow::Next);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(wave->vgpr[kData + k][0], 0x80000u + gpu::kPageSize / 4 - 4 + k);
  for (int i = 1; i < kLanes; ++i)
    for (int k = 0; k < 4; ++k) ASSERT_EQ(wave->vgpr[kData + k][i], uint32_t(4 * (i - 1) + k)) << i;
  fill_data(0x40000);
  ASSERT_EQ(global("store_dwordx4", true), Flow::Next);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(hi[gpu::kPageSize / 4 - 4 + k], 0x40000u + 0x100 * k);
  for (uint32_t i = 0; i < gpu::kPageSize / 4; ++i) ASSERT_EQ(hi[gpu::kPageSize / 4 + i], ~i) << "written past 2^32";
  for (int i = 1; i < kLanes; ++i)
    for (int k = 0; k < 4; ++k) ASSERT_EQ(lo[4 * (i - 1) + k], 0x40000u + 0x100 * k + i) << i;
}

TEST_F(MemoryPath, SgprBaseBlockSplitAcrossTwoAdjacentMappingsReachesBoth) {
  auto store = gpu::BackingStore::create(uint64_t(1) << 20);
  auto lo = store->allocate(gpu::kPageSize), hi = store->allocate(gpu::kPageSize);
  const uint64_t va = uint64_t(1) << 40;
  mem.vm().map(gpu::Mapping{va, gpu::kPageSize, lo, 0, kRW, 7});
  mem.vm().map(gpu::Mapping{va + gpu::kPageSize, gpu::kPageSize, hi, 0, kRW, 8});
  for (uint32_t i = 0; i < gpu::kPageSize / 4; ++i) {
    reinterpret_cast<uint32_t*>(lo->host())[i] = i;
    reinterpret_cast<uint32_t*>(hi->host())[i] = 0x80000 + i;
  }
  // Lanes 0-31 at the end of the first page, 32-63 at the start of the second.
  offsets(va, [](int i) { return gpu::kPageSize - 512 + 16 * uint32_t(i); });
  ASSERT_EQ(global("load_dwordx4", true), Flow::Next);
  for (int i = 0; i < kLanes; ++i)
    for (int k = 0; k < 4; ++k)
      ASSERT_EQ(wave->vgpr[kData + k][i], i < 32 ? gpu::kPageSize / 4 - 128 + 4 * i + k : 0x80000u + 4 * (i - 32) + k)
          << i;
}

TEST_F(MemoryPath, SgprBaseBlockFaultsAsTheLanesDo) {
  // Into the guard gap after a buffer: the fault is at the gap's first byte and a load writes no VGPR.
  const uint64_t buf = mem.alloc(gpu::kPageSize);
  fill_data(kPoison);
  offsets(buf, [](int i) { return gpu::kPageSize - 32 * 16 + 16 * uint32_t(i); });
  expect_fault(global("load_dwordx4", true), buf + gpu::kPageSize, gpu::kRead);
  for (int i = 0; i < kLanes; ++i) ASSERT_EQ(wave->vgpr[kData][i], kPoison + i) << "a faulting load wrote lane " << i;
  wave->status = WaveStatus::Running;
  expect_fault(global("store_dwordx4", true), buf + gpu::kPageSize, gpu::kWrite);

  // A read-only buffer: a permission fault at the first lane, nothing written.
  const uint64_t ro = mem.alloc(gpu::kPageSize, gpu::kPageReadable);
  offsets(ro, [](int i) { return 4 * uint32_t(i); });
  wave->status = WaveStatus::Running;
  ASSERT_EQ(global("load_dword", true), Flow::Next);
  expect_fault(global("store_dword", true), ro, gpu::kWrite, false);
  for (int i = 0; i < kLanes; ++i) ASSERT_EQ(mem.ptr<uint32_t>(ro)[i], 0u);

  // The mapping a block went to is unmapped before the next access.
  const uint64_t gone = mem.alloc(gpu::kPageSize);
  offsets(gone, [](int i) { return 16 * uint32_t(i); });
  wave->status = WaveStatus::Running;
  ASSERT_EQ(global("load_dwordx4", true), Flow::Next);
  ASSERT_EQ(global("store_dwordx4", true), Flow::Next);
  ASSERT_EQ(mem.vm().unmap_range(gone, gpu::kPageSize).size(), 1u);
  expect_fault(global("load_dwordx4", true), gone, gpu::kRead);
  wave->status = WaveStatus::Running;
  expect_fault(global("store_dwordx4", true), gone, gpu::kWrite);
}

}  // namespace
}  // namespace sporkle::sim::isa::test
