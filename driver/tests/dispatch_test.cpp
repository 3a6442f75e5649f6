// The dispatch helper: kernel arguments laid out from the metadata, the HSA dispatch packet, and the PM4 stream
// (COMPUTE_* registers, user SGPRs in their fixed order, DISPATCH_DIRECT), read back packet by packet.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "error_of.h"
#include "kernel_files.h"
#include "sporkle/dispatch.h"
#include "sporkle/error.h"
#include "sporkle/spec/registers.h"

namespace sporkle::test {
namespace {

namespace pm4 = spec::pm4;
namespace reg = spec::reg;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

constexpr uint64_t kBase = 0x7F0000000000;  // where the code object is loaded
constexpr DispatchAddresses kAt{.kernarg = 0x10000040, .packet = 0x10000000, .scratch = 0x20000000,
                                .dispatch_id = 7};

DeviceInfo device(const char* target) {
  DeviceInfo d;
  d.gfx_target = target;
  d.cu_count = 4;
  return d;
}

// What a stream does: the SH registers it sets (last value wins) and its other packets in order.
struct Decoded {
  std::map<uint32_t, uint32_t> sh;
  std::vector<std::pair<uint8_t, std::vector<uint32_t>>> packets;  // opcode, body

  uint32_t at(uint32_t r) const {
    auto it = sh.find(r);
    EXPECT_NE(it, sh.end()) << "register 0x" << std::hex << r << " not written";
    return it == sh.end() ? 0 : it->second;
  }
  std::vector<uint32_t> user_data(size_t n) const {
    std::vector<uint32_t> u;
    for (uint32_t i = 0; i < n; ++i) u.push_back(at(reg::COMPUTE_USER_DATA_0 + i));
    return u;
  }
};

Decoded decode(const Pm4Stream& s) {
  Decoded d;
  std::span<const uint32_t> dw = s.dwords();
  for (size_t i = 0; i < dw.size();) {
    const uint32_t h = dw[i];
    if (h == pm4::kNopPad) {
      ++i;
      continue;
    }
    EXPECT_EQ(pm4::packet_type(h), 3u);
    const uint32_t body = pm4::packet_count(h) + 1;
    std::vector<uint32_t> b(dw.begin() + static_cast<ptrdiff_t>(i + 1),
                            dw.begin() + static_cast<ptrdiff_t>(i + 1 + body));
    if (pm4::packet_opcode(h) == pm4::SET_SH_REG) {
      for (uint32_t k = 1; k < body; ++k) d.sh[reg::kShSpace.start + b[0] + k - 1] = b[k];
    } else {
      d.packets.emplace_back(pm4::packet_opcode(h), std::move(b));
    }
    i += 1 + body;
  }
  return d;
}

struct Loaded {
  CodeObject co;
  const KernelInfo& kernel(std::string_view name) const { return co.kernel(name); }
};
Loaded load(const std::string& file) { return {CodeObject::parse(read_kernel_file(file))}; }

template <typename T>
T read(const std::vector<std::byte>& b, size_t offset) {
  T t;
  std::memcpy(&t, b.data() + offset, sizeof t);
  return t;
}

TEST(Dispatch, VaddOnGfx900) {
  Loaded l = load("vadd-gfx900.co");
  const KernelInfo& k = l.kernel("vadd");
  const KernelArg args[] = {KernelArg::pointer(0x1000), KernelArg::pointer(0x2000), KernelArg::pointer(0x3000),
                            256u};
  KernelDispatch d(device("gfx900"), kBase, k, {4, 1, 1}, {64, 1, 1}, args);

  ASSERT_EQ(d.kernarg_bytes(), 32u);
  std::vector<std::byte> ka(d.kernarg_bytes());
  d.write_kernargs(ka);
  EXPECT_EQ(read<uint64_t>(ka, 0), 0x1000u);
  EXPECT_EQ(read<uint64_t>(ka, 8), 0x2000u);
  EXPECT_EQ(read<uint64_t>(ka, 16), 0x3000u);
  EXPECT_EQ(read<uint32_t>(ka, 24), 256u);

  std::vector<std::byte> packet(64, std::byte{0xEE});
  d.write_dispatch_packet(packet, kAt);
  EXPECT_EQ(read<uint16_t>(packet, 0), 0x1502u);  // KERNEL_DISPATCH, barrier, system-scope fences
  EXPECT_EQ(read<uint16_t>(packet, 2), 1u);       // dimensions
  EXPECT_EQ(read<uint16_t>(packet, 4), 64u);      // workgroup_size_x, where the kernel reads it
  EXPECT_EQ(read<uint16_t>(packet, 6), 1u);
  EXPECT_EQ(read<uint16_t>(packet, 8), 1u);
  EXPECT_EQ(read<uint32_t>(packet, 12), 256u);    // grid_size_x in work-items
  EXPECT_EQ(read<uint32_t>(packet, 16), 1u);
  EXPECT_EQ(read<uint64_t>(packet, 32), kBase + k.descriptor_offset);
  EXPECT_EQ(read<uint64_t>(packet, 40), kAt.kernarg);
  EXPECT_EQ(read<uint64_t>(packet, 56), 0u);

  Pm4Stream s(spec::GfxLevel::Gfx9);
  d.emit(s, kAt);
  Decoded dec = decode(s);
  const uint64_t entry = kBase + k.entry_offset;
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_LO), static_cast<uint32_t>(entry >> 8));
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_HI), static_cast<uint32_t>(entry >> 40));
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_RSRC1), 0x00AF0041u);
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_RSRC2), 0x90u);
  EXPECT_EQ(dec.sh.count(reg::COMPUTE_PGM_RSRC3), 0u);  // SE7's CU mask on gfx9, not RSRC3
  EXPECT_EQ(dec.at(reg::COMPUTE_TMPRING_SIZE), 0u);
  EXPECT_EQ(dec.at(reg::COMPUTE_NUM_THREAD_X), 64u);
  EXPECT_EQ(dec.at(reg::COMPUTE_NUM_THREAD_X + 1), 1u);
  EXPECT_EQ(dec.at(reg::COMPUTE_NUM_THREAD_X + 2), 1u);
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(dec.at(reg::COMPUTE_START_X + i), 0u);
  // PSB (no scratch: zero), dispatch packet, kernarg segment.
  EXPECT_THAT(dec.user_data(8), ElementsAre(0, 0, 0, 0, 0x10000000, 0, 0x10000040, 0));
  EXPECT_EQ(dec.sh.count(reg::COMPUTE_USER_DATA_0 + 8), 0u);
  ASSERT_EQ(dec.packets.size(), 1u);
  EXPECT_EQ(dec.packets[0].first, pm4::DISPATCH_DIRECT);
  // SHADER_EN | FORCE_START_AT_000 | ORDER_MODE, no CS_W32_EN on gfx9.
  EXPECT_THAT(dec.packets[0].second, ElementsAre(4, 1, 1, 0x45));
}

TEST(Dispatch, Wave32OnGfx1030SetsCsW32EnAndRsrc3) {
  Loaded l = load("vadd-gfx1030.co");
  const KernelArg args[] = {KernelArg::pointer(0), KernelArg::pointer(0), KernelArg::pointer(0), 1u};
  KernelDispatch d(device("gfx1030"), kBase, l.kernel("vadd"), {1, 1, 1}, {32, 1, 1}, args);
  EXPECT_EQ(d.wave_size(), 32u);
  Pm4Stream s(spec::GfxLevel::Gfx10_3);
  d.emit(s, kAt);
  Decoded dec = decode(s);
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_RSRC3), l.kernel("vadd").descriptor.rsrc3);
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_RSRC1), l.kernel("vadd").descriptor.rsrc1);
  ASSERT_EQ(dec.packets.size(), 1u);
  EXPECT_EQ(dec.packets[0].second[3], 0x45u | 1u << 15);
  // The same wave32 kernel cannot run on a gfx9 stream or device.
  Pm4Stream gfx9(spec::GfxLevel::Gfx9);
  EXPECT_EQ(error_of([&] { d.emit(gfx9, kAt); }).errno_value(), EINVAL);
  EXPECT_EQ(error_of([&] { KernelDispatch(device("gfx900"), kBase, l.kernel("vadd"), {1}, {32}, args); })
                .errno_value(),
            ENOEXEC);
}

TEST(Dispatch, DynamicLdsGoesAfterTheStaticSegment) {
  Loaded l = load("block_sum-gfx900.co");
  const KernelInfo& k = l.kernel("block_sum");
  const KernelArg args[] = {KernelArg::pointer(0x1000), KernelArg::pointer(0x2000), KernelArg::local(256 * 4)};
  KernelDispatch d(device("gfx900"), kBase, k, {2}, {256}, args);
  std::vector<std::byte> ka(d.kernarg_bytes());
  d.write_kernargs(ka);
  EXPECT_EQ(read<uint32_t>(ka, k.args[2].offset), 16u);  // 4 static bytes, aligned up to 16
  EXPECT_EQ(d.lds_bytes(), 16u + 1024u);
  EXPECT_EQ(d.rsrc2() >> 15 & 0x1FF, 3u);  // LDS_SIZE: ceil(1040 / 512) granules
  EXPECT_EQ(d.rsrc2() & ~(0x1FFu << 15), k.descriptor.rsrc2);
  std::vector<std::byte> packet(64);
  d.write_dispatch_packet(packet, kAt);
  EXPECT_EQ(read<uint32_t>(packet, 28), 1040u);  // group_segment_size

  const KernelArg too_much[] = {KernelArg::pointer(0), KernelArg::pointer(0), KernelArg::local(64 * 1024)};
  EXPECT_THAT(error_of([&] { KernelDispatch(device("gfx900"), kBase, k, {1}, {64}, too_much); }).what(),
              HasSubstr("LDS"));
}

TEST(Dispatch, ScratchKernelGetsSwizzledBufferFlatScratchAndTmpring) {
  Loaded l = load("private_array-gfx900.co");
  const KernelInfo& k = l.kernel("private_array");
  const KernelArg args[] = {KernelArg::pointer(0x1000), 3};
  KernelDispatch d(device("gfx900"), kBase, k, {1000}, {64}, args);
  const uint32_t wave_kib = (k.private_segment_fixed_size * 64 + 1023) / 1024;
  // 1000 waves, but 4 CUs x 32 slots.
  EXPECT_EQ(d.scratch_bytes(), 128u * wave_kib * 1024);
  EXPECT_EQ(d.tmpring_size(), 128u | wave_kib << 12);

  Pm4Stream s(spec::GfxLevel::Gfx9);
  d.emit(s, kAt);
  Decoded dec = decode(s);
  EXPECT_EQ(dec.at(reg::COMPUTE_TMPRING_SIZE), d.tmpring_size());
  EXPECT_EQ(dec.at(reg::COMPUTE_PGM_RSRC2), k.descriptor.rsrc2);
  EXPECT_EQ(dec.at(0x2E10), 0x20000000u >> 8);  // COMPUTE_DISPATCH_SCRATCH_BASE_LO
  // PSB: base, SWIZZLE_ENABLE; NUM_RECORDS max; DST_SEL xyzw, 32-bit, ELEMENT_SIZE 4, INDEX_STRIDE 64, ADD_TID.
  // Then the dispatch packet, the kernargs and flat scratch init (the same backing memory).
  const uint32_t v3 = 0xFAC | 4u << 15 | 1u << 19 | 3u << 21 | 1u << 23;
  EXPECT_THAT(dec.user_data(10), ElementsAre(0x20000000u, 1u << 31, 0xFFFFFFFFu, v3, 0x10000000u, 0,
                                             0x10000040u, 0, 0x20000000u, 0));
}

TEST(Dispatch, HandWrittenKernelGetsOnlyItsKernargPointer) {
  Loaded l = load("fill-gfx900.co");
  const KernelArg args[] = {KernelArg::pointer(0x1000), 5u};
  KernelDispatch d(device("gfx900"), kBase, l.kernel("fill"), {3}, {64}, args);
  Pm4Stream s(spec::GfxLevel::Gfx9);
  d.emit(s, {.kernarg = 0x123450, .completion = 0x8000, .completion_value = 9});
  Decoded dec = decode(s);
  EXPECT_THAT(dec.user_data(2), ElementsAre(0x123450u, 0));
  EXPECT_EQ(dec.sh.count(reg::COMPUTE_USER_DATA_0 + 2), 0u);
  ASSERT_EQ(dec.packets.size(), 2u);
  EXPECT_EQ(dec.packets[0].first, pm4::DISPATCH_DIRECT);
  EXPECT_EQ(dec.packets[1].first, pm4::RELEASE_MEM);  // the completion write after the dispatch
  EXPECT_EQ(dec.packets[1].second[2], 0x8000u);
  EXPECT_EQ(dec.packets[1].second[4], 9u);
}

// Every user SGPR field the descriptor can enable, in the fixed order, padded to RSRC2.USER_SGPR.
TEST(Dispatch, UserSgprOrder) {
  Loaded l = load("fill-gfx900.co");
  KernelInfo k = l.kernel("fill");
  k.descriptor.kernel_code_properties = 0x7B;  // PSB, DP, KA, DID, FSI, PSS
  k.descriptor.rsrc2 = (k.descriptor.rsrc2 & ~(31u << 1)) | 14u << 1;
  k.private_segment_fixed_size = k.descriptor.private_segment_fixed_size = 16;
  const KernelArg args[] = {KernelArg::pointer(0), 0u};
  KernelDispatch d(device("gfx900"), kBase, k, {1}, {64}, args);
  const std::vector<uint32_t> u = d.user_data(kAt);
  ASSERT_EQ(u.size(), 14u);
  EXPECT_EQ(u[0], 0x20000000u);                                    // PSB
  EXPECT_THAT(std::vector(u.begin() + 4, u.end()),
              ElementsAre(0x10000000u, 0, 0x10000040u, 0, 7, 0, 0x20000000u, 0, 16, 0));  // DP KA DID FSI PSS pad

  k.descriptor.kernel_code_properties |= KernelDescriptor::kQueuePtr;
  EXPECT_EQ(error_of([&] { KernelDispatch(device("gfx900"), kBase, k, {1}, {64}, args); }).errno_value(),
            ENOTSUP);
}

TEST(Dispatch, ArgumentsAreCheckedAgainstTheMetadata) {
  Loaded l = load("saxpy-gfx900.co");
  const KernelInfo& k = l.kernel("saxpy");
  auto make = [&](std::vector<KernelArg> a, Dim3 grid = {1}, Dim3 block = {64}) {
    return error_of([&] { KernelDispatch(device("gfx900"), kBase, k, grid, block, a); });
  };
  const KernelArg x = KernelArg::pointer(0x1000), y = KernelArg::pointer(0x2000);
  EXPECT_THAT(make({2.0f, x, y}).what(), HasSubstr("takes 4 arguments, got 3"));
  EXPECT_THAT(make({2.0, x, y, 1u}).what(), HasSubstr("is 4 bytes, got 8"));  // a double for a float
  EXPECT_EQ(make({x, x, y, 1u}).errno_value(), EINVAL);                      // pointer for a value
  EXPECT_THAT(make({2.0f, 7u, y, 1u}).what(), HasSubstr("buffer pointer"));
  EXPECT_THAT(make({2.0f, KernelArg::local(16), y, 1u}).what(), HasSubstr("buffer pointer"));
  EXPECT_THAT(make({2.0f, x, y, 1u}, {1}, {512}).what(), HasSubstr("allows 256"));
  EXPECT_EQ(make({2.0f, x, y, 1u}, {0}, {64}).errno_value(), EINVAL);
  EXPECT_EQ(make({2.0f, x, y, 1u}, {1}, {64, 0}).errno_value(), EINVAL);
  EXPECT_THAT(make({2.0f, x, y, 1u}, {0x4000000}, {128}).what(), HasSubstr("2^32"));

  // A value-by-bytes argument of the right size works; the float's bits land at its offset.
  const float a = 2.5f;
  const KernelArg ok[] = {KernelArg::value(std::as_bytes(std::span(&a, 1))), x, y, 10u};
  KernelDispatch d(device("gfx900"), kBase, k, {1}, {64}, ok);
  std::vector<std::byte> ka(d.kernarg_bytes());
  d.write_kernargs(ka);
  EXPECT_EQ(read<float>(ka, k.args[0].offset), 2.5f);
  EXPECT_EQ(read<uint64_t>(ka, k.args[1].offset), 0x1000u);
}

TEST(Dispatch, HiddenArguments) {
  Loaded l = load("fill-gfx900.co");
  KernelInfo k = l.kernel("fill");
  k.kernarg_segment_size = 40;
  k.args.push_back({.value_kind = "hidden_global_offset_x", .offset = 16, .size = 8});
  k.args.push_back({.value_kind = "hidden_none", .offset = 24, .size = 8});
  const KernelArg args[] = {KernelArg::pointer(0x1000), 5u};
  KernelDispatch d(device("gfx900"), kBase, k, {1}, {64}, args);  // explicit arguments only
  std::vector<std::byte> ka(d.kernarg_bytes(), std::byte{0xEE});
  d.write_kernargs(ka);
  EXPECT_EQ(read<uint64_t>(ka, 16), 0u);
  EXPECT_EQ(read<uint64_t>(ka, 24), 0u);
  k.args.push_back({.value_kind = "hidden_printf_buffer", .offset = 32, .size = 8});
  Error e = error_of([&] { KernelDispatch(device("gfx900"), kBase, k, {1}, {64}, args); });
  EXPECT_EQ(e.errno_value(), ENOTSUP);
  EXPECT_THAT(e.what(), HasSubstr("hidden_printf_buffer"));
}

}  // namespace
}  // namespace sporkle::test
