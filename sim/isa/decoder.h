// GFX9 instruction decoding: length from the first dword, then the full decode into a DecodedInst.
#pragma once

#include <cstdint>

#include "sim/isa/decoded.h"

namespace sporkle::sim::isa::gfx9 {

// Bytes of the instruction whose first dword is w0 (literal, SDWA and DPP dwords included).
uint8_t instruction_length(uint32_t w0);

// Decodes the instruction in words[0 .. instruction_length(words[0]) / 4). VGPR operands at or beyond num_vgprs
// make the instruction illegal, as they are outside the wave's allocation.
DecodedInst decode(const uint32_t* words, uint16_t num_vgprs);

}  // namespace sporkle::sim::isa::gfx9
