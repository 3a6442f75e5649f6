// Instruction decoding per generation: length from the first dword(s), then the full decode into a DecodedInst.
// The decode cache and the interpreter see a generation only through the Decoder it selects.
#pragma once

#include <cstdint>

#include "sim/isa/decoded.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::isa {

struct Decoder {
  // Bytes the family of w0 has before literals and SDWA/DPP dwords (4 or 8): words[0, base / 4) must be read
  // before length() is asked.
  uint8_t (*base_length)(uint32_t w0);
  // Bytes of the instruction (literal, SDWA and DPP dwords included).
  uint8_t (*length)(const uint32_t* words);
  // Decodes words[0 .. length / 4). VGPR operands at or beyond num_vgprs make the instruction illegal, as they
  // are outside the wave's allocation.
  DecodedInst (*decode)(const uint32_t* words, uint16_t num_vgprs);
};

const Decoder& decoder_for(spec::GfxLevel gfx);

namespace gfx9 {
// gfx9 lengths depend on the first dword only.
uint8_t instruction_length(uint32_t w0);
DecodedInst decode(const uint32_t* words, uint16_t num_vgprs);
}  // namespace gfx9

namespace gfx10 {
// VOP3/VOP3P may carry a literal on gfx10, so their length needs dword 1 as well.
uint8_t instruction_length(const uint32_t* words);
DecodedInst decode(const uint32_t* words, uint16_t num_vgprs);
}  // namespace gfx10

}  // namespace sporkle::sim::isa
