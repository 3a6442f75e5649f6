// SOP2, SOPK, SOP1 and SOPC: scalar ALU operations. SCC results follow the gfx9 ISA: carries for unsigned
// add/sub, signed overflow for the _i32 forms, "result != 0" for bit operations.
#include <bit>

#include "sim/isa/handlers.h"
#include "sim/isa/interpreter.h"
#include "sim/isa/scalar.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa {

namespace {

using W = Wave;
using I = DecodedInst;

template <typename F>
Flow bin32(W& w, const I& in, F f) {
  uint32_t r = f(s0(w, in), s1(w, in));
  set_d(w, in, r);
  return Flow::Next;
}
template <typename F>
Flow bin32_scc(W& w, const I& in, F f) {
  uint32_t r = f(s0(w, in), s1(w, in));
  set_d(w, in, r);
  w.scc = r != 0;
  return Flow::Next;
}
template <typename F>
Flow bin64_scc(W& w, const I& in, F f) {
  uint64_t r = f(s0_64(w, in), s1_64(w, in));
  set_d64(w, in, r);
  w.scc = r != 0;
  return Flow::Next;
}
// Shifts and field operations: 64-bit first operand, 32-bit second.
template <typename F>
Flow shift64_scc(W& w, const I& in, F f) {
  uint64_t r = f(s0_64(w, in), s1(w, in));
  set_d64(w, in, r);
  w.scc = r != 0;
  return Flow::Next;
}
template <typename F>
Flow cmp32(W& w, const I& in, F f) {
  w.scc = f(s0(w, in), s1(w, in));
  return Flow::Next;
}
template <typename F>
Flow cmpk(W& w, const I& in, F f) {
  w.scc = f(w.sgpr[in.sdst & kSgprMask], static_cast<uint32_t>(in.imm));
  return Flow::Next;
}
template <typename F>
Flow un32_scc(W& w, const I& in, F f) {
  uint32_t r = f(s0(w, in));
  set_d(w, in, r);
  w.scc = r != 0;
  return Flow::Next;
}
template <typename F>
Flow un64_scc(W& w, const I& in, F f) {
  uint64_t r = f(s0_64(w, in));
  set_d64(w, in, r);
  w.scc = r != 0;
  return Flow::Next;
}
template <typename F>
Flow count_scc(W& w, const I& in, F f) {  // 32-bit result of a 32- or 64-bit source
  uint32_t r = f(w, in);
  set_d(w, in, r);
  w.scc = r != 0;
  return Flow::Next;
}
// s_*_saveexec_b64: D = EXEC; EXEC = f(S0, EXEC); SCC = EXEC != 0.
template <typename F>
Flow saveexec(W& w, const I& in, F f) {
  uint64_t s = s0_64(w, in), e = w.exec();
  uint64_t n = f(s, e);
  set_d64(w, in, e);
  w.set_exec(n);
  w.scc = n != 0;
  return Flow::Next;
}
// s_*_wrexec_b64: EXEC = f(S0, EXEC); D = EXEC; SCC = EXEC != 0.
template <typename F>
Flow wrexec(W& w, const I& in, F f) {
  uint64_t n = f(s0_64(w, in), w.exec());
  w.set_exec(n);
  set_d64(w, in, n);
  w.scc = n != 0;
  return Flow::Next;
}

// The _b32 forms (gfx10) work on EXEC_LO, the whole mask of a wave32.
template <typename F>
Flow saveexec32(W& w, const I& in, F f) {
  uint32_t e = w.sgpr[spec::isa::src::EXEC_LO], n = f(s0(w, in), e);
  set_d(w, in, e);
  w.sgpr[spec::isa::src::EXEC_LO] = n;
  w.scc = n != 0;
  return Flow::Next;
}
template <typename F>
Flow wrexec32(W& w, const I& in, F f) {
  uint32_t n = f(s0(w, in), w.sgpr[spec::isa::src::EXEC_LO]);
  w.sgpr[spec::isa::src::EXEC_LO] = n;
  set_d(w, in, n);
  w.scc = n != 0;
  return Flow::Next;
}

bool add_overflows(uint32_t a, uint32_t b, uint32_t r) { return ((~(a ^ b) & (a ^ r)) >> 31) != 0; }
bool sub_overflows(uint32_t a, uint32_t b, uint32_t r) { return (((a ^ b) & (a ^ r)) >> 31) != 0; }
int32_t i32(uint32_t v) { return static_cast<int32_t>(v); }

uint32_t bfe_u32(uint32_t v, uint32_t ctl) {
  uint32_t off = ctl & 31, width = (ctl >> 16) & 0x7F;
  if (width == 0) return 0;
  uint32_t r = v >> off;
  return width >= 32 ? r : r & ((1u << width) - 1);
}
uint32_t bfe_i32(uint32_t v, uint32_t ctl) {
  uint32_t off = ctl & 31, width = (ctl >> 16) & 0x7F;
  if (width == 0) return 0;
  uint32_t r = v >> off;
  if (width >= 32) return r;
  return static_cast<uint32_t>(static_cast<int32_t>(r << (32 - width)) >> (32 - width));
}
uint64_t bfe_u64(uint64_t v, uint32_t ctl) {
  uint32_t off = ctl & 63, width = (ctl >> 16) & 0x7F;
  if (width == 0) return 0;
  uint64_t r = v >> off;
  return width >= 64 ? r : r & ((1ull << width) - 1);
}
uint64_t bfe_i64(uint64_t v, uint32_t ctl) {
  uint32_t off = ctl & 63, width = (ctl >> 16) & 0x7F;
  if (width == 0) return 0;
  uint64_t r = v >> off;
  if (width >= 64) return r;
  return static_cast<uint64_t>(static_cast<int64_t>(r << (64 - width)) >> (64 - width));
}
// First set/clear bit from the LSB, or -1.
uint32_t ff1_64(uint64_t v) { return v ? static_cast<uint32_t>(std::countr_zero(v)) : ~0u; }
// Leading zeros from the MSB, or -1 for 0.
uint32_t flbit_64(uint64_t v, int bits) {
  return v ? static_cast<uint32_t>(std::countl_zero(v) - (64 - bits)) : ~0u;
}
// Leading bits equal to the sign bit, or -1 for 0 and -1.
uint32_t flbit_signed(int64_t v, int bits) {
  uint64_t magnitude = static_cast<uint64_t>(v < 0 ? ~v : v);
  if (magnitude == 0) return ~0u;
  return static_cast<uint32_t>(std::countl_zero(magnitude << (64 - bits)));
}

Flow s_getreg(W& w, const I& in) {
  namespace h = spec::isa::gfx9::hwreg;
  uint32_t s = static_cast<uint16_t>(in.imm);
  uint32_t id = h::ID.get(s), off = h::OFFSET.get(s), size = h::SIZE_M1.get(s) + 1;
  uint32_t v = read_hwreg(w, id) >> off;
  set_d(w, in, size >= 32 ? v : v & ((1u << size) - 1));
  return Flow::Next;
}

Flow setreg(W& w, const I& in, uint32_t value) {
  namespace h = spec::isa::gfx9::hwreg;
  uint32_t s = static_cast<uint16_t>(in.imm);
  uint32_t id = h::ID.get(s), off = h::OFFSET.get(s), size = h::SIZE_M1.get(s) + 1;
  uint32_t field = (size >= 32 ? ~0u : (1u << size) - 1) << off;
  if (!write_hwreg(w, id, value << off, field)) return illegal(w, in, "s_setreg of a read-only hardware register");
  if (id == h::MODE && !apply_rounding(w.mode))
    return illegal(w, in, "MODE rounds f32 and f64/f16 differently, which the simulator does not support");
  return Flow::Next;
}

// M0-relative SGPR moves (s_movrels: source indexed, s_movreld: destination indexed).
Flow movrel(W& w, const I& in, bool dst_indexed, bool wide) {
  uint32_t m0 = w.m0();
  uint32_t src = in.src[0].reg + (dst_indexed ? 0 : m0);
  uint32_t dst = in.sdst + (dst_indexed ? m0 : 0);
  if (in.src[0].kind != OperandKind::Sgpr && !dst_indexed) return illegal(w, in, "s_movrels needs an SGPR source");
  if (src + (wide ? 1 : 0) > w.sgpr_last() || dst + (wide ? 1 : 0) > w.sgpr_last())
    return illegal(w, in, "M0-relative SGPR index out of range");
  uint64_t v = dst_indexed ? scalar64(w, in.src[0]) : w.sgpr64(static_cast<uint16_t>(src));
  if (!wide && dst_indexed) v = scalar32(w, in.src[0]);
  if (wide) w.set_sgpr64(static_cast<uint16_t>(dst), v);
  else w.sgpr[dst] = static_cast<uint32_t>(v);
  return Flow::Next;
}

constexpr HandlerDef kDefs[] = {
    // SOP2
    {"s_add_u32", [](W& w, const I& in) {
       uint64_t r = uint64_t(s0(w, in)) + s1(w, in);
       set_d(w, in, uint32_t(r));
       w.scc = r >> 32;
       return Flow::Next;
     }},
    {"s_sub_u32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in);
       set_d(w, in, a - b);
       w.scc = b > a;
       return Flow::Next;
     }},
    {"s_add_i32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in), r = a + b;
       set_d(w, in, r);
       w.scc = add_overflows(a, b, r);
       return Flow::Next;
     }},
    {"s_sub_i32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in), r = a - b;
       set_d(w, in, r);
       w.scc = sub_overflows(a, b, r);
       return Flow::Next;
     }},
    {"s_addc_u32", [](W& w, const I& in) {
       uint64_t r = uint64_t(s0(w, in)) + s1(w, in) + (w.scc ? 1 : 0);
       set_d(w, in, uint32_t(r));
       w.scc = r >> 32;
       return Flow::Next;
     }},
    {"s_subb_u32", [](W& w, const I& in) {
       uint64_t a = s0(w, in), b = uint64_t(s1(w, in)) + (w.scc ? 1 : 0);
       set_d(w, in, uint32_t(a - b));
       w.scc = b > a;
       return Flow::Next;
     }},
    {"s_min_i32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in);
       w.scc = i32(a) < i32(b);
       set_d(w, in, w.scc ? a : b);
       return Flow::Next;
     }},
    {"s_min_u32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in);
       w.scc = a < b;
       set_d(w, in, w.scc ? a : b);
       return Flow::Next;
     }},
    {"s_max_i32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in);
       w.scc = i32(a) > i32(b);
       set_d(w, in, w.scc ? a : b);
       return Flow::Next;
     }},
    {"s_max_u32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), b = s1(w, in);
       w.scc = a > b;
       set_d(w, in, w.scc ? a : b);
       return Flow::Next;
     }},
    {"s_cselect_b32", [](W& w, const I& in) { return bin32(w, in, [&](uint32_t a, uint32_t b) { return w.scc ? a : b; }); }},
    {"s_cselect_b64", [](W& w, const I& in) {
       set_d64(w, in, w.scc ? s0_64(w, in) : s1_64(w, in));
       return Flow::Next;
     }},
    {"s_and_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a & b; }); }},
    {"s_and_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return a & b; }); }},
    {"s_or_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a | b; }); }},
    {"s_or_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return a | b; }); }},
    {"s_xor_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a ^ b; }); }},
    {"s_xor_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return a ^ b; }); }},
    {"s_andn2_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a & ~b; }); }},
    {"s_andn2_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return a & ~b; }); }},
    {"s_orn2_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a | ~b; }); }},
    {"s_orn2_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return a | ~b; }); }},
    {"s_nand_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return ~(a & b); }); }},
    {"s_nand_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return ~(a & b); }); }},
    {"s_nor_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return ~(a | b); }); }},
    {"s_nor_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return ~(a | b); }); }},
    {"s_xnor_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return ~(a ^ b); }); }},
    {"s_xnor_b64", [](W& w, const I& in) { return bin64_scc(w, in, [](uint64_t a, uint64_t b) { return ~(a ^ b); }); }},
    {"s_lshl_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a << (b & 31); }); }},
    {"s_lshl_b64", [](W& w, const I& in) { return shift64_scc(w, in, [](uint64_t a, uint32_t b) { return a << (b & 63); }); }},
    {"s_lshr_b32", [](W& w, const I& in) { return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return a >> (b & 31); }); }},
    {"s_lshr_b64", [](W& w, const I& in) { return shift64_scc(w, in, [](uint64_t a, uint32_t b) { return a >> (b & 63); }); }},
    {"s_ashr_i32", [](W& w, const I& in) {
       return bin32_scc(w, in, [](uint32_t a, uint32_t b) { return uint32_t(i32(a) >> (b & 31)); });
     }},
    {"s_ashr_i64", [](W& w, const I& in) {
       return shift64_scc(w, in, [](uint64_t a, uint32_t b) { return uint64_t(int64_t(a) >> (b & 63)); });
     }},
    {"s_bfm_b32", [](W& w, const I& in) {
       return bin32(w, in, [](uint32_t a, uint32_t b) { return ((a & 31) ? (1u << (a & 31)) - 1 : 0u) << (b & 31); });
     }},
    {"s_bfm_b64", [](W& w, const I& in) {
       uint32_t a = s0(w, in) & 63, b = s1(w, in) & 63;
       set_d64(w, in, (a ? (1ull << a) - 1 : 0ull) << b);
       return Flow::Next;
     }},
    {"s_mul_i32", [](W& w, const I& in) { return bin32(w, in, [](uint32_t a, uint32_t b) { return a * b; }); }},
    {"s_mul_hi_u32", [](W& w, const I& in) {
       return bin32(w, in, [](uint32_t a, uint32_t b) { return uint32_t((uint64_t(a) * b) >> 32); });
     }},
    {"s_mul_hi_i32", [](W& w, const I& in) {
       return bin32(w, in, [](uint32_t a, uint32_t b) { return uint32_t(uint64_t(int64_t(i32(a)) * i32(b)) >> 32); });
     }},
    {"s_bfe_u32", [](W& w, const I& in) { return bin32_scc(w, in, bfe_u32); }},
    {"s_bfe_i32", [](W& w, const I& in) { return bin32_scc(w, in, bfe_i32); }},
    {"s_bfe_u64", [](W& w, const I& in) { return shift64_scc(w, in, bfe_u64); }},
    {"s_bfe_i64", [](W& w, const I& in) { return shift64_scc(w, in, bfe_i64); }},
    {"s_absdiff_i32", [](W& w, const I& in) {
       return bin32_scc(w, in, [](uint32_t a, uint32_t b) {
         int64_t d = int64_t(i32(a)) - i32(b);
         return uint32_t(d < 0 ? -d : d);
       });
     }},
    {"s_lshl1_add_u32", [](W& w, const I& in) {
       uint64_t r = (uint64_t(s0(w, in)) << 1) + s1(w, in);
       set_d(w, in, uint32_t(r));
       w.scc = r >> 32;
       return Flow::Next;
     }},
    {"s_lshl2_add_u32", [](W& w, const I& in) {
       uint64_t r = (uint64_t(s0(w, in)) << 2) + s1(w, in);
       set_d(w, in, uint32_t(r));
       w.scc = r >> 32;
       return Flow::Next;
     }},
    {"s_lshl3_add_u32", [](W& w, const I& in) {
       uint64_t r = (uint64_t(s0(w, in)) << 3) + s1(w, in);
       set_d(w, in, uint32_t(r));
       w.scc = r >> 32;
       return Flow::Next;
     }},
    {"s_lshl4_add_u32", [](W& w, const I& in) {
       uint64_t r = (uint64_t(s0(w, in)) << 4) + s1(w, in);
       set_d(w, in, uint32_t(r));
       w.scc = r >> 32;
       return Flow::Next;
     }},
    {"s_pack_ll_b32_b16", [](W& w, const I& in) { return bin32(w, in, [](uint32_t a, uint32_t b) { return (a & 0xFFFF) | b << 16; }); }},
    {"s_pack_lh_b32_b16", [](W& w, const I& in) { return bin32(w, in, [](uint32_t a, uint32_t b) { return (a & 0xFFFF) | (b & 0xFFFF0000u); }); }},
    {"s_pack_hh_b32_b16", [](W& w, const I& in) { return bin32(w, in, [](uint32_t a, uint32_t b) { return a >> 16 | (b & 0xFFFF0000u); }); }},

    // SOPK
    {"s_movk_i32", [](W& w, const I& in) { set_d(w, in, uint32_t(in.imm)); return Flow::Next; }},
    {"s_cmovk_i32", [](W& w, const I& in) { if (w.scc) set_d(w, in, uint32_t(in.imm)); return Flow::Next; }},
    {"s_cmpk_eq_i32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a == b; }); }},
    {"s_cmpk_lg_i32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a != b; }); }},
    {"s_cmpk_gt_i32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return i32(a) > i32(b); }); }},
    {"s_cmpk_ge_i32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return i32(a) >= i32(b); }); }},
    {"s_cmpk_lt_i32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return i32(a) < i32(b); }); }},
    {"s_cmpk_le_i32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return i32(a) <= i32(b); }); }},
    // The unsigned forms compare against the zero-extended SIMM16.
    {"s_cmpk_eq_u32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a == (b & 0xFFFF); }); }},
    {"s_cmpk_lg_u32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a != (b & 0xFFFF); }); }},
    {"s_cmpk_gt_u32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a > (b & 0xFFFF); }); }},
    {"s_cmpk_ge_u32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a >= (b & 0xFFFF); }); }},
    {"s_cmpk_lt_u32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a < (b & 0xFFFF); }); }},
    {"s_cmpk_le_u32", [](W& w, const I& in) { return cmpk(w, in, [](uint32_t a, uint32_t b) { return a <= (b & 0xFFFF); }); }},
    {"s_addk_i32", [](W& w, const I& in) {
       uint32_t a = w.sgpr[in.sdst & kSgprMask], b = uint32_t(in.imm), r = a + b;
       set_d(w, in, r);
       w.scc = add_overflows(a, b, r);
       return Flow::Next;
     }},
    {"s_mulk_i32", [](W& w, const I& in) { set_d(w, in, w.sgpr[in.sdst & kSgprMask] * uint32_t(in.imm)); return Flow::Next; }},
    {"s_getreg_b32", s_getreg},
    {"s_setreg_b32", [](W& w, const I& in) { return setreg(w, in, w.sgpr[in.sdst & kSgprMask]); }},
    {"s_setreg_imm32_b32", [](W& w, const I& in) { return setreg(w, in, in.literal); }},
    {"s_call_b64", [](W& w, const I& in) {
       set_d64(w, in, w.pc + 4);
       w.pc = w.pc + 4 + int64_t(in.imm) * 4;
       return Flow::Jump;
     }},

    // SOP1
    {"s_mov_b32", [](W& w, const I& in) { set_d(w, in, s0(w, in)); return Flow::Next; }},
    {"s_mov_b64", [](W& w, const I& in) { set_d64(w, in, s0_64(w, in)); return Flow::Next; }},
    {"s_cmov_b32", [](W& w, const I& in) { if (w.scc) set_d(w, in, s0(w, in)); return Flow::Next; }},
    {"s_cmov_b64", [](W& w, const I& in) { if (w.scc) set_d64(w, in, s0_64(w, in)); return Flow::Next; }},
    {"s_not_b32", [](W& w, const I& in) { return un32_scc(w, in, [](uint32_t a) { return ~a; }); }},
    {"s_not_b64", [](W& w, const I& in) { return un64_scc(w, in, [](uint64_t a) { return ~a; }); }},
    {"s_wqm_b32", [](W& w, const I& in) {
       return un32_scc(w, in, [](uint32_t a) {
         uint32_t r = 0;
         for (int q = 0; q < 8; ++q) r |= ((a >> (4 * q)) & 0xF) ? 0xFu << (4 * q) : 0;
         return r;
       });
     }},
    {"s_wqm_b64", [](W& w, const I& in) {
       return un64_scc(w, in, [](uint64_t a) {
         uint64_t r = 0;
         for (int q = 0; q < 16; ++q) r |= ((a >> (4 * q)) & 0xF) ? 0xFull << (4 * q) : 0;
         return r;
       });
     }},
    {"s_brev_b32", [](W& w, const I& in) {
       uint32_t a = s0(w, in), r = 0;
       for (int i = 0; i < 32; ++i) r |= ((a >> i) & 1) << (31 - i);
       set_d(w, in, r);
       return Flow::Next;
     }},
    {"s_brev_b64", [](W& w, const I& in) {
       uint64_t a = s0_64(w, in), r = 0;
       for (int i = 0; i < 64; ++i) r |= ((a >> i) & 1) << (63 - i);
       set_d64(w, in, r);
       return Flow::Next;
     }},
    {"s_bcnt0_i32_b32", [](W& w, const I& in) { return count_scc(w, in, [](W& w, const I& in) { return uint32_t(std::popcount(~s0(w, in))); }); }},
    {"s_bcnt0_i32_b64", [](W& w, const I& in) { return count_scc(w, in, [](W& w, const I& in) { return uint32_t(std::popcount(~s0_64(w, in))); }); }},
    {"s_bcnt1_i32_b32", [](W& w, const I& in) { return count_scc(w, in, [](W& w, const I& in) { return uint32_t(std::popcount(s0(w, in))); }); }},
    {"s_bcnt1_i32_b64", [](W& w, const I& in) { return count_scc(w, in, [](W& w, const I& in) { return uint32_t(std::popcount(s0_64(w, in))); }); }},
    {"s_ff0_i32_b32", [](W& w, const I& in) { set_d(w, in, ff1_64(~s0(w, in) & 0xFFFFFFFFull)); return Flow::Next; }},
    {"s_ff0_i32_b64", [](W& w, const I& in) { set_d(w, in, ff1_64(~s0_64(w, in))); return Flow::Next; }},
    {"s_ff1_i32_b32", [](W& w, const I& in) { set_d(w, in, ff1_64(s0(w, in))); return Flow::Next; }},
    {"s_ff1_i32_b64", [](W& w, const I& in) { set_d(w, in, ff1_64(s0_64(w, in))); return Flow::Next; }},
    {"s_flbit_i32_b32", [](W& w, const I& in) { set_d(w, in, flbit_64(s0(w, in), 32)); return Flow::Next; }},
    {"s_flbit_i32_b64", [](W& w, const I& in) { set_d(w, in, flbit_64(s0_64(w, in), 64)); return Flow::Next; }},
    {"s_flbit_i32", [](W& w, const I& in) { set_d(w, in, flbit_signed(i32(s0(w, in)), 32)); return Flow::Next; }},
    {"s_flbit_i32_i64", [](W& w, const I& in) { set_d(w, in, flbit_signed(int64_t(s0_64(w, in)), 64)); return Flow::Next; }},
    {"s_sext_i32_i8", [](W& w, const I& in) { set_d(w, in, uint32_t(int32_t(int8_t(s0(w, in))))); return Flow::Next; }},
    {"s_sext_i32_i16", [](W& w, const I& in) { set_d(w, in, uint32_t(int32_t(int16_t(s0(w, in))))); return Flow::Next; }},
    {"s_bitset0_b32", [](W& w, const I& in) { set_d(w, in, w.sgpr[in.sdst & kSgprMask] & ~(1u << (s0(w, in) & 31))); return Flow::Next; }},
    {"s_bitset0_b64", [](W& w, const I& in) { set_d64(w, in, w.sgpr64(in.sdst) & ~(1ull << (s0(w, in) & 63))); return Flow::Next; }},
    {"s_bitset1_b32", [](W& w, const I& in) { set_d(w, in, w.sgpr[in.sdst & kSgprMask] | (1u << (s0(w, in) & 31))); return Flow::Next; }},
    {"s_bitset1_b64", [](W& w, const I& in) { set_d64(w, in, w.sgpr64(in.sdst) | (1ull << (s0(w, in) & 63))); return Flow::Next; }},
    {"s_getpc_b64", [](W& w, const I& in) { set_d64(w, in, w.pc + 4); return Flow::Next; }},
    {"s_setpc_b64", [](W& w, const I& in) { w.pc = s0_64(w, in) & ~3ull; return Flow::Jump; }},
    {"s_swappc_b64", [](W& w, const I& in) {
       uint64_t target = s0_64(w, in) & ~3ull;
       set_d64(w, in, w.pc + 4);
       w.pc = target;
       return Flow::Jump;
     }},
    {"s_and_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return s & e; }); }},
    {"s_or_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return s | e; }); }},
    {"s_xor_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return s ^ e; }); }},
    {"s_andn2_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return s & ~e; }); }},
    {"s_orn2_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return s | ~e; }); }},
    {"s_nand_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return ~(s & e); }); }},
    {"s_nor_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return ~(s | e); }); }},
    {"s_xnor_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return ~(s ^ e); }); }},
    {"s_andn1_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return ~s & e; }); }},
    {"s_orn1_saveexec_b64", [](W& w, const I& in) { return saveexec(w, in, [](uint64_t s, uint64_t e) { return ~s | e; }); }},
    {"s_andn1_wrexec_b64", [](W& w, const I& in) { return wrexec(w, in, [](uint64_t s, uint64_t e) { return ~s & e; }); }},
    {"s_andn2_wrexec_b64", [](W& w, const I& in) { return wrexec(w, in, [](uint64_t s, uint64_t e) { return s & ~e; }); }},
    {"s_and_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return s & e; }); }},
    {"s_or_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return s | e; }); }},
    {"s_xor_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return s ^ e; }); }},
    {"s_andn2_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return s & ~e; }); }},
    {"s_orn2_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return s | ~e; }); }},
    {"s_nand_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return ~(s & e); }); }},
    {"s_nor_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return ~(s | e); }); }},
    {"s_xnor_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return ~(s ^ e); }); }},
    {"s_andn1_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return ~s & e; }); }},
    {"s_orn1_saveexec_b32", [](W& w, const I& in) { return saveexec32(w, in, [](uint32_t s, uint32_t e) { return ~s | e; }); }},
    {"s_andn1_wrexec_b32", [](W& w, const I& in) { return wrexec32(w, in, [](uint32_t s, uint32_t e) { return ~s & e; }); }},
    {"s_andn2_wrexec_b32", [](W& w, const I& in) { return wrexec32(w, in, [](uint32_t s, uint32_t e) { return s & ~e; }); }},
    {"s_quadmask_b32", [](W& w, const I& in) {
       return un32_scc(w, in, [](uint32_t a) {
         uint32_t r = 0;
         for (int q = 0; q < 8; ++q) r |= ((a >> (4 * q)) & 0xF) ? 1u << q : 0;
         return r;
       });
     }},
    {"s_quadmask_b64", [](W& w, const I& in) {
       return un64_scc(w, in, [](uint64_t a) {
         uint64_t r = 0;
         for (int q = 0; q < 16; ++q) r |= ((a >> (4 * q)) & 0xF) ? 1ull << q : 0;
         return r;
       });
     }},
    {"s_movrels_b32", [](W& w, const I& in) { return movrel(w, in, false, false); }},
    {"s_movrels_b64", [](W& w, const I& in) { return movrel(w, in, false, true); }},
    {"s_movreld_b32", [](W& w, const I& in) { return movrel(w, in, true, false); }},
    {"s_movreld_b64", [](W& w, const I& in) { return movrel(w, in, true, true); }},
    {"s_abs_i32", [](W& w, const I& in) { return un32_scc(w, in, [](uint32_t a) { return i32(a) < 0 ? 0u - a : a; }); }},
    {"s_set_gpr_idx_idx", [](W& w, const I& in) {
       w.sgpr[spec::isa::src::M0] = (w.m0() & ~0xFFu) | (s0(w, in) & 0xFF);
       return Flow::Next;
     }},
    {"s_bitreplicate_b64_b32", [](W& w, const I& in) {
       uint32_t a = s0(w, in);
       uint64_t r = 0;
       for (int i = 0; i < 32; ++i) r |= uint64_t((a >> i) & 1) * 3 << (2 * i);
       set_d64(w, in, r);
       return Flow::Next;
     }},

    // SOPC
    {"s_cmp_eq_i32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a == b; }); }},
    {"s_cmp_lg_i32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a != b; }); }},
    {"s_cmp_gt_i32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return i32(a) > i32(b); }); }},
    {"s_cmp_ge_i32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return i32(a) >= i32(b); }); }},
    {"s_cmp_lt_i32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return i32(a) < i32(b); }); }},
    {"s_cmp_le_i32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return i32(a) <= i32(b); }); }},
    {"s_cmp_eq_u32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a == b; }); }},
    {"s_cmp_lg_u32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a != b; }); }},
    {"s_cmp_gt_u32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a > b; }); }},
    {"s_cmp_ge_u32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a >= b; }); }},
    {"s_cmp_lt_u32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a < b; }); }},
    {"s_cmp_le_u32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return a <= b; }); }},
    {"s_bitcmp0_b32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return ((a >> (b & 31)) & 1) == 0; }); }},
    {"s_bitcmp1_b32", [](W& w, const I& in) { return cmp32(w, in, [](uint32_t a, uint32_t b) { return ((a >> (b & 31)) & 1) == 1; }); }},
    {"s_bitcmp0_b64", [](W& w, const I& in) { w.scc = ((s0_64(w, in) >> (s1(w, in) & 63)) & 1) == 0; return Flow::Next; }},
    {"s_bitcmp1_b64", [](W& w, const I& in) { w.scc = ((s0_64(w, in) >> (s1(w, in) & 63)) & 1) == 1; return Flow::Next; }},
    {"s_cmp_eq_u64", [](W& w, const I& in) { w.scc = s0_64(w, in) == s1_64(w, in); return Flow::Next; }},
    {"s_cmp_lg_u64", [](W& w, const I& in) { w.scc = s0_64(w, in) != s1_64(w, in); return Flow::Next; }},
    // SSRC1 holds the index-mode bits (src0, src1, src2, dst) as a 4-bit immediate, not an operand.
    {"s_set_gpr_idx_on", [](W& w, const I& in) {
       uint32_t modes = in.src[1].code & 0xF;
       w.sgpr[spec::isa::src::M0] = (w.m0() & ~0xF0FFu) | (s0(w, in) & 0xFF) | modes << 12;
       w.gpr_idx_on = true;
       return Flow::Next;
     }},
};

}  // namespace

std::span<const HandlerDef> sop_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
