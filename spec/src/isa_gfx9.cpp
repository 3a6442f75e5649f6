#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::spec::isa {

std::string_view encoding_name(Encoding e) {
  static constexpr std::string_view kNames[] = {"SOP2", "SOPK",  "SOP1",  "SOPC", "SOPP", "SMEM",   "VOP2",
                                                "VOP1", "VOPC",  "VOP3",  "VOP3P", "VINTRP", "DS", "MUBUF",
                                                "MTBUF", "MIMG", "EXP", "FLAT", "GLOBAL", "SCRATCH", "invalid"};
  return kNames[static_cast<size_t>(e)];
}

namespace gfx9 {

// pm4-isa.md §4.1 decode order.
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
    case 0b110000: return Encoding::SMEM;
    case 0b110100: return ((w >> 23) & 7) == 0b111 ? Encoding::VOP3P : Encoding::VOP3;
    case 0b110101: return Encoding::VINTRP;
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
    case 0b110001: return Encoding::EXP;
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
    case Encoding::VOP3: case Encoding::VOP3P: return vop3_opcodes();
    case Encoding::DS: return ds_opcodes();
    case Encoding::MUBUF: return mubuf_opcodes();
    case Encoding::MTBUF: return mtbuf_opcodes();
    case Encoding::FLAT: return flat_opcodes();
    case Encoding::GLOBAL: return global_opcodes();
    case Encoding::SCRATCH: return scratch_opcodes();
    default: return {};
  }
}

}  // namespace gfx9
}  // namespace sporkle::spec::isa
