// The personality tables: lookup, and the invariants the kernel's own derivations impose on the values
// (counts that must agree with masks, VA layout, ring masks), so a typo in a table fails here.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "sporkle/spec/personality.h"

namespace sporkle::spec {
namespace {

TEST(PersonalityLookup, ByTargetOrChipCaseInsensitive) {
  ASSERT_EQ(personalities().size(), 2u);
  const Personality* vega = find_personality("gfx900");
  const Personality* navi = find_personality("gfx1030");
  ASSERT_NE(vega, nullptr);
  ASSERT_NE(navi, nullptr);
  EXPECT_EQ(find_personality("GFX900"), vega);
  EXPECT_EQ(find_personality("vega10"), vega);
  EXPECT_EQ(find_personality("Navi21"), navi);
  EXPECT_EQ(vega->board, "Radeon RX Vega 64");
  EXPECT_EQ(navi->board, "Radeon RX 6900 XT");
  EXPECT_EQ(find_personality("gfx906"), nullptr);
  EXPECT_EQ(find_personality(""), nullptr);
  EXPECT_EQ(find_personality("gfx9000"), nullptr);
}

TEST(PersonalityBoards, IdentityOfTheNamedBoards) {
  const Personality& vega = *find_personality("gfx900");
  EXPECT_EQ(vega.pci.device, 0x687f);
  EXPECT_EQ(vega.pci.revision, 0xc1);
  EXPECT_EQ(vega.dev_info.family, uint32_t{AMDGPU_FAMILY_AI});
  EXPECT_EQ(vega.dev_info.vram_type, uint32_t{AMDGPU_VRAM_TYPE_HBM});
  EXPECT_EQ(vega.dev_info.vram_bit_width, 2048u);
  const Personality& navi = *find_personality("gfx1030");
  EXPECT_EQ(navi.pci.device, 0x73bf);
  EXPECT_EQ(navi.pci.revision, 0xc0);
  EXPECT_EQ(navi.dev_info.family, uint32_t{AMDGPU_FAMILY_NV});
  EXPECT_EQ(navi.dev_info.external_rev, navi.dev_info.chip_rev + 0x28);
  EXPECT_EQ(navi.dev_info.vram_type, uint32_t{AMDGPU_VRAM_TYPE_GDDR6});
}

class PersonalityInvariants : public ::testing::TestWithParam<const Personality*> {};

TEST_P(PersonalityInvariants, IdentityAgreesWithPci) {
  const Personality& p = *GetParam();
  EXPECT_EQ(p.pci.vendor, 0x1002);
  EXPECT_EQ(p.dev_info.device_id, p.pci.device);
  EXPECT_EQ(p.dev_info.pci_rev, p.pci.revision);
}

TEST_P(PersonalityInvariants, CuAndRbCountsMatchTheirMasks) {
  const drm_amdgpu_info_device& d = GetParam()->dev_info;
  uint32_t cus = 0;
  for (const auto& se : d.cu_bitmap)
    for (uint32_t sh : se) {
      cus += std::popcount(sh);
      EXPECT_LE(std::bit_width(sh), static_cast<int>(d.num_cu_per_sh));
    }
  EXPECT_EQ(cus, d.cu_active_number);
  EXPECT_EQ(d.num_shader_engines * d.num_shader_arrays_per_engine * d.num_cu_per_sh, d.cu_active_number);
  EXPECT_EQ(static_cast<uint32_t>(std::popcount(d.enabled_rb_pipes_mask)), d.num_rb_pipes);
  EXPECT_EQ(std::memcmp(d.cu_ao_bitmap, d.cu_bitmap, sizeof(d.cu_bitmap)), 0);
}

TEST_P(PersonalityInvariants, VirtualAddressLayoutOfLinux61) {
  const drm_amdgpu_info_device& d = GetParam()->dev_info;
  EXPECT_EQ(d.virtual_address_offset, 0x200000u);
  EXPECT_EQ(d.virtual_address_max, 0x800000000000u);
  EXPECT_EQ(d.high_va_offset, 0xffff800000000000u);
  EXPECT_EQ(d.high_va_max, 0xffffffffffe00000u);
}

TEST_P(PersonalityInvariants, ExposedRingsFitReadyRingsAndContextEntities) {
  const Personality& p = *GetParam();
  constexpr uint32_t kEntities[AMDGPU_HW_IP_NUM] = {1, 4, 2, 1, 1, 1, 1, 1, 1};  // amdgpu_ctx_num_entities
  for (uint32_t ip = 0; ip < AMDGPU_HW_IP_NUM; ++ip) {
    uint32_t exposed = std::min(p.num_rings[ip], kEntities[ip]);
    EXPECT_EQ(p.hw_ip[ip].available_rings, (1u << exposed) - 1) << ip;
    EXPECT_EQ(p.hw_ip[ip].hw_ip_version_major != 0, p.num_rings[ip] != 0) << ip;
  }
  EXPECT_EQ(p.hw_ip[AMDGPU_HW_IP_DMA].hw_ip_version_major, p.sdma_version_major);
  EXPECT_EQ(p.num_rings[AMDGPU_HW_IP_DMA], p.num_sdma_instances);
}

TEST_P(PersonalityInvariants, MemorySizes) {
  const Personality& p = *GetParam();
  EXPECT_LE(p.visible_vram_size, p.vram_size);
  EXPECT_GE(p.gtt_size, 3ull << 30);  // amdgpu_ttm_init never goes below 3 GiB
}

TEST_P(PersonalityInvariants, GbAddrConfigIsReadable) {
  const Personality& p = *GetParam();
  bool found = false;
  for (const MmrRegister& r : p.mmr_registers) found |= r.dword_offset == 0x263e;
  EXPECT_TRUE(found);
}

INSTANTIATE_TEST_SUITE_P(All, PersonalityInvariants, ::testing::ValuesIn(personalities()),
                         [](const auto& param) { return std::string(param.param->name); });

}  // namespace
}  // namespace sporkle::spec
