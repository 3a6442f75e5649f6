#include "sporkle/spec/isa_gfx10.h"

namespace sporkle::spec::isa::gfx10 {

// pm4-isa.md §4.1 decode order with the gfx10 prefixes of bits [31:26].
Encoding classify(uint32_t w) {
  if ((w >> 31) == 0) {
    uint32_t top7 = w >> 25;
    if (top7 == 0x3F) return Encoding::VOP1;
    if (top7 == 0x3E) return Encoding::VOPC;
    return Encoding::VOP2;
  }
  if ((w >> 30) == 0b10) {
    switch (w >> 23) {
      case 0x17D: return Encoding::SOP1;
      case 0x17E: return Encoding::SOPC;
      case 0x17F: return Encoding::SOPP;
      default: break;
    }
    return (w >> 28) == 0b1011 ? Encoding::SOPK : Encoding::SOP2;
  }
  switch (w >> 26) {
    case 0b111101: return Encoding::SMEM;
    case 0b110101: return Encoding::VOP3;
    case 0b110011: return (w >> 23) == 0x198 ? Encoding::VOP3P : Encoding::Invalid;
    case 0b110010: return Encoding::VINTRP;
    case 0b110110: return Encoding::DS;
    case 0b110111:
      switch (flat::SEG.get(w)) {
        case flat::SEG_FLAT: return Encoding::FLAT;
        case flat::SEG_SCRATCH: return Encoding::SCRATCH;
        case flat::SEG_GLOBAL: return Encoding::GLOBAL;
        default: return Encoding::Invalid;
      }
    case 0b111000: return Encoding::MUBUF;
    case 0b111010: return Encoding::MTBUF;
    case 0b111100: return Encoding::MIMG;
    case 0b111110: return Encoding::EXP;
    default: return Encoding::Invalid;
  }
}

std::span<const OpcodeInfo> opcodes(Encoding e) {
  switch (e) {
    case Encoding::SOP2: return sop2_opcodes();
    case Encoding::SOPK: return sopk_opcodes();
    case Encoding::SOP1: return sop1_opcodes();
    case Encoding::SOPC: return sopc_opcodes();
    case Encoding::SOPP: return sopp_opcodes();
    case Encoding::SMEM: return smem_opcodes();
    case Encoding::VOP2: return vop2_opcodes();
    case Encoding::VOP1: return vop1_opcodes();
    case Encoding::VOPC: return vopc_opcodes();
    case Encoding::VOP3: return vop3_opcodes();
    case Encoding::VOP3P: return vop3p_opcodes();
    case Encoding::DS: return ds_opcodes();
    case Encoding::MUBUF: return mubuf_opcodes();
    case Encoding::MTBUF: return mtbuf_opcodes();
    case Encoding::FLAT: return flat_opcodes();
    case Encoding::GLOBAL: return global_opcodes();
    case Encoding::SCRATCH: return scratch_opcodes();
    default: return {};
  }
}

}  // namespace sporkle::spec::isa::gfx10
