// Reading sources for all lanes and writing results under EXEC. VGPR sources are used in place; scalar sources,
// constants and modified operands (SDWA selects, neg/abs, denormal flushing) go through a 64-lane temporary
// (filled for all 64 lanes even in a wave32). Results are taken from the wave's lanes only.
#pragma once

#include <cstdint>
#include <cstring>

#include "sim/isa/decoded.h"
#include "sim/isa/float.h"
#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

// Runs body(i) for the lanes the wave has: 32 for a wave32, 64 otherwise. Both counts are constants, so the loops
// vectorize as fixed-size ones do.
template <typename Body>
inline void each_lane(const Wave& w, Body&& body) {
  if (w.lanes == kLanes) {
    for (int i = 0; i < kLanes; ++i) body(i);
  } else {
    for (int i = 0; i < kLanes / 2; ++i) body(i);
  }
}

// VCCZ, EXECZ, SCC and the flat aperture registers.
uint64_t read_special(const Wave& w, uint16_t code, bool wide);

inline uint32_t scalar32(const Wave& w, const Operand& o) {
  switch (o.kind) {
    case OperandKind::Sgpr: return w.sgpr[o.reg & kSgprMask];
    case OperandKind::Const: return static_cast<uint32_t>(o.value);
    case OperandKind::Special: return static_cast<uint32_t>(read_special(w, o.reg, false));
    default: return 0;
  }
}

inline uint64_t scalar64(const Wave& w, const Operand& o) {
  switch (o.kind) {
    case OperandKind::Sgpr: return w.sgpr64(o.reg);
    case OperandKind::Const: return o.value;
    case OperandKind::Special: return read_special(w, o.reg, true);
    default: return 0;
  }
}

inline uint32_t sdwa_select(uint32_t v, uint8_t sel, bool sext) {
  using namespace spec::isa;
  switch (sel) {
    case BYTE_0: case BYTE_1: case BYTE_2: case BYTE_3: {
      uint32_t b = (v >> (8 * sel)) & 0xFF;
      return sext ? static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(b))) : b;
    }
    case WORD_0: case WORD_1: {
      uint32_t h = (v >> (16 * (sel - WORD_0))) & 0xFFFF;
      return sext ? static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(h))) : h;
    }
    default: return v;
  }
}

inline const uint32_t* lanes32(const Wave& w, const Operand& o, uint32_t* tmp) {
  if (o.kind == OperandKind::Vgpr) {
    const uint32_t* v = w.vgpr[o.reg & 255];
    if (o.sel == spec::isa::DWORD) return v;
    bool sext = o.mods & kModSext;
    for (int i = 0; i < kLanes; ++i) tmp[i] = sdwa_select(v[i], o.sel, sext);
    return tmp;
  }
  uint32_t s = scalar32(w, o);
  if (o.sel != spec::isa::DWORD) s = sdwa_select(s, o.sel, o.mods & kModSext);
  for (int i = 0; i < kLanes; ++i) tmp[i] = s;
  return tmp;
}

// A float source with neg/abs applied and denormals flushed when the mode does not keep input denormals.
inline const uint32_t* lanes_f32(const Wave& w, const Operand& o, uint32_t* tmp, bool flush) {
  const uint32_t* p = lanes32(w, o, tmp);
  uint32_t keep = (o.mods & kModAbs) ? 0x7FFFFFFFu : 0xFFFFFFFFu;
  uint32_t flip = (o.mods & kModNeg) ? 0x80000000u : 0u;
  if (keep == 0xFFFFFFFFu && !flip && !flush) return p;
  for (int i = 0; i < kLanes; ++i) tmp[i] = ((flush ? flush_f32(p[i]) : p[i]) & keep) ^ flip;
  return tmp;
}

// A 16-bit source in the low half of each element; opsel_hi picks the register's high half (VOP3 OP_SEL).
inline const uint32_t* lanes16(const Wave& w, const Operand& o, uint32_t* tmp, bool opsel_hi, bool is_float,
                               bool flush) {
  const uint32_t* p = lanes32(w, o, tmp);
  uint32_t keep = (is_float && (o.mods & kModAbs)) ? 0x7FFFu : 0xFFFFu;
  uint32_t flip = (is_float && (o.mods & kModNeg)) ? 0x8000u : 0u;
  int shift = opsel_hi ? 16 : 0;
  for (int i = 0; i < kLanes; ++i) {
    uint32_t h = (p[i] >> shift) & 0xFFFF;
    if (flush) h = flush_f16(static_cast<uint16_t>(h));
    tmp[i] = (h & keep) ^ flip;
  }
  return tmp;
}

inline void lanes64(const Wave& w, const Operand& o, uint64_t* out) {
  if (o.kind == OperandKind::Vgpr) {
    const uint32_t* lo = w.vgpr[o.reg & 255];
    const uint32_t* hi = w.vgpr[(o.reg + 1) & 255];
    for (int i = 0; i < kLanes; ++i) out[i] = lo[i] | uint64_t(hi[i]) << 32;
    return;
  }
  uint64_t s = scalar64(w, o);
  for (int i = 0; i < kLanes; ++i) out[i] = s;
}

inline void lanes_f64(const Wave& w, const Operand& o, uint64_t* out, bool flush) {
  lanes64(w, o, out);
  uint64_t keep = (o.mods & kModAbs) ? ~(1ull << 63) : ~0ull;
  uint64_t flip = (o.mods & kModNeg) ? 1ull << 63 : 0;
  if (keep == ~0ull && !flip && !flush) return;
  for (int i = 0; i < kLanes; ++i) out[i] = ((flush ? flush_f64(out[i]) : out[i]) & keep) ^ flip;
}

// Per-lane all-ones / zero masks from an EXEC value, so masked stores become branch-free blends.
void expand_mask(uint64_t exec, uint32_t* mask);

// Results are written for the wave's lanes only (r need not hold more).
inline void store32(Wave& w, uint16_t vdst, const uint32_t* r, uint64_t exec) {
  uint32_t* d = w.vgpr[vdst & 255];
  if ((exec & w.lane_mask) == w.lane_mask) {
    each_lane(w, [&](int i) { d[i] = r[i]; });
    return;
  }
  alignas(64) uint32_t m[kLanes];
  expand_mask(exec, m);
  each_lane(w, [&](int i) { d[i] = (r[i] & m[i]) | (d[i] & ~m[i]); });
}

inline void store64(Wave& w, uint16_t vdst, const uint64_t* r, uint64_t exec) {
  uint32_t* lo = w.vgpr[vdst & 255];
  uint32_t* hi = w.vgpr[(vdst + 1) & 255];
  each_lane(w, [&](int i) {
    if ((exec >> i) & 1) {
      lo[i] = static_cast<uint32_t>(r[i]);
      hi[i] = static_cast<uint32_t>(r[i] >> 32);
    }
  });
}

// SDWA destination select: the result's low bits go to the selected field; the rest is zero, the sign
// extension or the old value.
inline uint32_t sdwa_place(uint32_t old, uint32_t r, uint8_t sel, uint8_t unused) {
  using namespace spec::isa;
  if (sel >= DWORD) return r;
  uint32_t shift = sel <= BYTE_3 ? 8 * sel : 16 * (sel - WORD_0);
  uint32_t bits = sel <= BYTE_3 ? 8 : 16;
  uint32_t field = ((1u << bits) - 1) << shift;
  uint32_t v = (r << shift) & field;
  if (unused == UNUSED_PRESERVE) return (old & ~field) | v;
  if (unused == UNUSED_SEXT && ((r >> (bits - 1)) & 1) && shift + bits < 32) v |= ~0u << (shift + bits);
  return v;
}

// Writes a 32-bit result to the instruction's VGPR destination under EXEC, with the SDWA destination select.
inline void write_vdst(Wave& w, const DecodedInst& in, uint32_t* r) {
  if ((in.flags & kFlagSdwa) && in.dst_sel != spec::isa::DWORD) {
    const uint32_t* old = w.vgpr[in.vdst & 255];
    each_lane(w, [&](int i) { r[i] = sdwa_place(old[i], r[i], in.dst_sel, in.dst_unused); });
  }
  store32(w, in.vdst, r, w.exec());
}

// 16-bit results: gfx9 zeroes the high half, gfx10 keeps it; with OP_SEL[3] the result goes to the high half and
// the low one is kept.
inline void write_vdst16(Wave& w, const DecodedInst& in, uint32_t* r) {
  if ((in.imm2 >> 3) & 1) {
    const uint32_t* old = w.vgpr[in.vdst & 255];
    each_lane(w, [&](int i) { r[i] = (old[i] & 0xFFFF) | (r[i] << 16); });
  } else if (in.flags & kFlagPreserveHi16) {
    const uint32_t* old = w.vgpr[in.vdst & 255];
    each_lane(w, [&](int i) { r[i] = (old[i] & 0xFFFF0000u) | (r[i] & 0xFFFF); });
  } else if (!(in.flags & kFlagSdwa)) {
    each_lane(w, [&](int i) { r[i] &= 0xFFFF; });
  }
  write_vdst(w, in, r);
}

// Lane mask results (VOPC, carry-outs): inactive lanes read as 0; a wave32 writes one SGPR.
inline void write_mask(Wave& w, uint16_t sdst, uint64_t bits) { w.set_mask(sdst, bits & w.exec()); }

// Output modifiers for f32 results: OMOD, CLAMP, then denormal flushing per MODE.
void finish_f32(const Wave& w, const DecodedInst& in, uint32_t* r, bool flush_out);
void finish_f64(const Wave& w, const DecodedInst& in, uint64_t* r, bool flush_out);
void finish_f16(const Wave& w, const DecodedInst& in, uint32_t* r, bool flush_out);

}  // namespace sporkle::sim::isa
