// Chip identification from DEV_INFO: within a family, each chip's external revisions start at a known value
// (the ranges Mesa's ac_gpu_info and the kernel's display code use), and each chip has one gfx target.
#include <amdgpu_drm.h>

#include <cstdint>
#include <iterator>

#include "sporkle/device.h"

namespace sporkle {

namespace {

struct Chip {
  uint32_t family;
  uint32_t first_external_rev;
  const char* gfx_target;
};

// Per family, ordered by first external revision.
constexpr Chip kChips[] = {
    {AMDGPU_FAMILY_AI, 0x01, "gfx900"},  // Vega10
    {AMDGPU_FAMILY_AI, 0x14, "gfx904"},  // Vega12
    {AMDGPU_FAMILY_AI, 0x28, "gfx906"},  // Vega20
    {AMDGPU_FAMILY_AI, 0x32, "gfx908"},  // Arcturus
    {AMDGPU_FAMILY_AI, 0x3C, "gfx90a"},  // Aldebaran
    {AMDGPU_FAMILY_RV, 0x01, "gfx902"},  // Raven, Picasso
    {AMDGPU_FAMILY_RV, 0x81, "gfx909"},  // Raven2
    {AMDGPU_FAMILY_RV, 0x91, "gfx90c"},  // Renoir
    {AMDGPU_FAMILY_NV, 0x01, "gfx1010"},  // Navi10
    {AMDGPU_FAMILY_NV, 0x0A, "gfx1011"},  // Navi12
    {AMDGPU_FAMILY_NV, 0x14, "gfx1012"},  // Navi14
    {AMDGPU_FAMILY_NV, 0x28, "gfx1030"},  // Sienna Cichlid (Navi21)
    {AMDGPU_FAMILY_NV, 0x32, "gfx1031"},  // Navy Flounder (Navi22)
    {AMDGPU_FAMILY_NV, 0x3C, "gfx1032"},  // Dimgrey Cavefish (Navi23)
    {AMDGPU_FAMILY_NV, 0x46, "gfx1034"},  // Beige Goby (Navi24)
    {AMDGPU_FAMILY_VGH, 0x01, "gfx1033"},  // Van Gogh
};

}  // namespace

std::string gfx_target_name(uint32_t family, uint32_t external_rev) {
  const char* found = nullptr;
  for (const Chip& c : kChips)
    if (c.family == family && external_rev >= c.first_external_rev) found = c.gfx_target;
  return found ? found : "";
}

}  // namespace sporkle
