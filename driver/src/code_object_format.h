// AMDHSA code object facts (AMDGPUUsage; LLVM's BinaryFormat/ELF.h and AMDHSAKernelDescriptor.h; pm4-isa.md §5):
// the ELF identity, the kernel descriptor layout, the HSA dispatch packet layout and the register fields a
// dispatcher fills.
#pragma once

#include <cstdint>
#include <string_view>

#include "sporkle/spec/registers.h"

namespace sporkle::detail::amdhsa {

using spec::Field;

inline constexpr uint8_t kOsAbiAmdgpuHsa = 64;
// EI_ABIVERSION under ELFOSABI_AMDGPU_HSA, and the code object version each stands for.
inline constexpr uint8_t kAbiV3 = 1, kAbiV4 = 2, kAbiV5 = 3;

inline constexpr uint32_t kMachMask = 0xFF;  // e_flags EF_AMDGPU_MACH
struct Mach {
  uint32_t value;
  std::string_view target;
};
inline constexpr Mach kMachs[] = {
    {0x2C, "gfx900"}, {0x2D, "gfx902"}, {0x2E, "gfx904"},   {0x2F, "gfx906"},   {0x30, "gfx908"},
    {0x31, "gfx909"}, {0x32, "gfx90c"}, {0x3F, "gfx90a"},   {0x33, "gfx1010"},  {0x34, "gfx1011"},
    {0x35, "gfx1012"}, {0x36, "gfx1030"}, {0x37, "gfx1031"}, {0x38, "gfx1032"}, {0x39, "gfx1033"},
    {0x3E, "gfx1034"},
};

// The NT_AMDGPU_METADATA note (code object v3+): owner "AMDGPU", a msgpack map.
inline constexpr std::string_view kNoteOwner = "AMDGPU";
inline constexpr uint32_t kNoteMetadata = 32;

// The 64-byte kernel descriptor.
namespace kd {
inline constexpr uint32_t kSize = 64;
inline constexpr uint32_t kAlign = 64;
inline constexpr uint32_t GROUP_SEGMENT_FIXED_SIZE = 0;
inline constexpr uint32_t PRIVATE_SEGMENT_FIXED_SIZE = 4;
inline constexpr uint32_t KERNARG_SIZE = 8;
inline constexpr uint32_t KERNEL_CODE_ENTRY_BYTE_OFFSET = 16;  // int64, from the descriptor's own address
inline constexpr uint32_t COMPUTE_PGM_RSRC3 = 44;
inline constexpr uint32_t COMPUTE_PGM_RSRC1 = 48;
inline constexpr uint32_t COMPUTE_PGM_RSRC2 = 52;
inline constexpr uint32_t KERNEL_CODE_PROPERTIES = 56;  // uint16
// Reserved byte ranges [begin, end): zero in every v3/v4 descriptor.
inline constexpr struct {
  uint32_t begin, end;
} kReserved[] = {{12, 16}, {24, 44}, {58, 64}};
}  // namespace kd

// kernel_code_properties bits no v3/v4 descriptor sets (KernelDescriptor::Property has the others).
inline constexpr uint16_t kReservedProperties = 0x7u << 7 | 0x1Fu << 11;

// The swizzled private-segment buffer resource (V#) clang's scratch accesses use (pm4-isa.md §4.4-4.5).
namespace scratch_rsrc {
inline constexpr Field BASE_HI{"BASE_ADDRESS_HI", 1, 0, 16};
inline constexpr Field SWIZZLE_EN{"SWIZZLE_ENABLE", 1, 31, 1};
inline constexpr uint32_t kDstSelXyzw = 0xFAC;  // DST_SEL_X/Y/Z/W = X, Y, Z, W
inline constexpr Field GFX9_DATA_FORMAT{"DATA_FORMAT", 3, 15, 4};
inline constexpr uint32_t kGfx9DataFormat32 = 4;
inline constexpr Field GFX9_ELEMENT_SIZE{"ELEMENT_SIZE", 3, 19, 2};  // 2 << n bytes
inline constexpr uint32_t kElementSize4 = 1;
inline constexpr Field GFX10_FORMAT{"FORMAT", 3, 12, 7};
inline constexpr uint32_t kGfx10Format32Float = 22;  // BUF_FMT_32_FLOAT
inline constexpr Field GFX10_RESOURCE_LEVEL{"RESOURCE_LEVEL", 3, 24, 1};
inline constexpr Field GFX10_OOB_SELECT{"OOB_SELECT", 3, 28, 2};
inline constexpr uint32_t kOobRaw = 3;
inline constexpr Field INDEX_STRIDE{"INDEX_STRIDE", 3, 21, 2};  // 8 << n lanes: 2 = 32, 3 = 64
inline constexpr Field ADD_TID_ENABLE{"ADD_TID_ENABLE", 3, 23, 1};
}  // namespace scratch_rsrc

// hsa_kernel_dispatch_packet_t (64 bytes, 64-byte aligned).
namespace dispatch_packet {
inline constexpr uint32_t kSize = 64;
inline constexpr uint32_t HEADER = 0, SETUP = 2, WORKGROUP_SIZE_X = 4, WORKGROUP_SIZE_Y = 6, WORKGROUP_SIZE_Z = 8,
                          GRID_SIZE_X = 12, GRID_SIZE_Y = 16, GRID_SIZE_Z = 20, PRIVATE_SEGMENT_SIZE = 24,
                          GROUP_SEGMENT_SIZE = 28, KERNEL_OBJECT = 32, KERNARG_ADDRESS = 40, COMPLETION_SIGNAL = 56;
// header: type KERNEL_DISPATCH (2) in [7:0], BARRIER bit 8, acquire fence scope [10:9], release [12:11] (SYSTEM 2).
inline constexpr uint16_t kHeader = 2 | 1u << 8 | 2u << 9 | 2u << 11;
}  // namespace dispatch_packet

}  // namespace sporkle::detail::amdhsa
