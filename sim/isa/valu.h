// Lane-loop templates for the VALU handlers. Each handler reads its sources, computes into a temporary for the
// wave's lanes (32 in a wave32), and writes the destination under EXEC; the loops have no per-lane branches so
// they vectorize.
#pragma once

#include <cstdint>

#include "sim/isa/float.h"
#include "sim/isa/handlers.h"
#include "sim/isa/operands.h"

namespace sporkle::sim::isa::valu {

// Lane-aligned temporary.
struct alignas(64) L32 {
  uint32_t v[kLanes];
};
struct alignas(64) L64 {
  uint64_t v[kLanes];
};

template <typename F>
Flow u32_1(Wave& w, const DecodedInst& in, F f) {
  L32 t0, r;
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  each_lane(w, [&](int i) { r.v[i] = f(a[i]); });
  write_vdst(w, in, r.v);
  return Flow::Next;
}

// An SGPR or constant source has one value for every lane. Taken as a loop invariant, it lets operations such as
// shifts by it vectorize, which they do not with a per-lane amount (no variable shifts below AVX2).
inline bool uniform(const Operand& o) { return o.kind != OperandKind::Vgpr; }
inline uint32_t uniform32(const Wave& w, const Operand& o) {
  uint32_t s = scalar32(w, o);
  return o.sel == spec::isa::DWORD ? s : sdwa_select(s, o.sel, o.mods & kModSext);
}

// With EXEC full and a plain destination, results go straight to the VGPR: a lane's sources are read at its own
// index only, so a destination that is also a source is safe.
inline uint32_t* direct_vdst(Wave& w, const DecodedInst& in) {
  return !(in.flags & kFlagSdwa) && (w.exec() & w.lane_mask) == w.lane_mask ? w.vgpr[in.vdst & 255] : nullptr;
}

template <typename F>
Flow u32_2(Wave& w, const DecodedInst& in, F f) {
  L32 t0, t1, r;
  uint32_t* d = direct_vdst(w, in);
  uint32_t* out = d ? d : r.v;
  if (uniform(in.src[0])) {
    const uint32_t s = uniform32(w, in.src[0]);
    const uint32_t* b = lanes32(w, in.src[1], t1.v);
    each_lane(w, [&](int i) { out[i] = f(s, b[i]); });
  } else if (uniform(in.src[1])) {
    const uint32_t* a = lanes32(w, in.src[0], t0.v);
    const uint32_t s = uniform32(w, in.src[1]);
    each_lane(w, [&](int i) { out[i] = f(a[i], s); });
  } else {
    const uint32_t* a = lanes32(w, in.src[0], t0.v);
    const uint32_t* b = lanes32(w, in.src[1], t1.v);
    each_lane(w, [&](int i) { out[i] = f(a[i], b[i]); });
  }
  if (!d) write_vdst(w, in, r.v);
  return Flow::Next;
}

// Uniform forms for a uniform src1 (the shift or field operand of most three-source integer operations).
template <typename F>
Flow u32_3(Wave& w, const DecodedInst& in, F f) {
  L32 t0, t1, t2, r;
  uint32_t* d = direct_vdst(w, in);
  uint32_t* out = d ? d : r.v;
  const bool u0 = uniform(in.src[0]), u1 = uniform(in.src[1]), u2 = uniform(in.src[2]);
  if (u1 && u0) {
    const uint32_t s0 = uniform32(w, in.src[0]), s1 = uniform32(w, in.src[1]);
    const uint32_t* c = lanes32(w, in.src[2], t2.v);
    each_lane(w, [&](int i) { out[i] = f(s0, s1, c[i]); });
  } else if (u1 && u2) {
    const uint32_t* a = lanes32(w, in.src[0], t0.v);
    const uint32_t s1 = uniform32(w, in.src[1]), s2 = uniform32(w, in.src[2]);
    each_lane(w, [&](int i) { out[i] = f(a[i], s1, s2); });
  } else if (u1) {
    const uint32_t* a = lanes32(w, in.src[0], t0.v);
    const uint32_t s1 = uniform32(w, in.src[1]);
    const uint32_t* c = lanes32(w, in.src[2], t2.v);
    each_lane(w, [&](int i) { out[i] = f(a[i], s1, c[i]); });
  } else {
    const uint32_t* a = lanes32(w, in.src[0], t0.v);
    const uint32_t* b = lanes32(w, in.src[1], t1.v);
    const uint32_t* c = lanes32(w, in.src[2], t2.v);
    each_lane(w, [&](int i) { out[i] = f(a[i], b[i], c[i]); });
  }
  if (!d) write_vdst(w, in, r.v);
  return Flow::Next;
}

// 16-bit integer operations on the low halves (VOP3 OP_SEL may pick high halves).
template <typename F>
Flow u16_2(Wave& w, const DecodedInst& in, F f) {
  L32 t0, t1, r;
  const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, false, false);
  const uint32_t* b = lanes16(w, in.src[1], t1.v, in.imm2 & 2, false, false);
  each_lane(w, [&](int i) { r.v[i] = f(a[i], b[i]) & 0xFFFF; });
  write_vdst16(w, in, r.v);
  return Flow::Next;
}

template <typename F>
Flow u16_3(Wave& w, const DecodedInst& in, F f) {
  L32 t0, t1, t2, r;
  const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, false, false);
  const uint32_t* b = lanes16(w, in.src[1], t1.v, in.imm2 & 2, false, false);
  const uint32_t* c = lanes16(w, in.src[2], t2.v, in.imm2 & 4, false, false);
  each_lane(w, [&](int i) { r.v[i] = f(a[i], b[i], c[i]) & 0xFFFF; });
  write_vdst16(w, in, r.v);
  return Flow::Next;
}

template <typename F>
Flow u64_2(Wave& w, const DecodedInst& in, F f) {
  L64 a, b, r;
  lanes64(w, in.src[0], a.v);
  lanes64(w, in.src[1], b.v);
  each_lane(w, [&](int i) { r.v[i] = f(a.v[i], b.v[i]); });
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

// f32 operations: denormal inputs and outputs per MODE, then OMOD and CLAMP.
template <typename F>
Flow f32_1(Wave& w, const DecodedInst& in, F f) {
  DenormMode dm = denorm_f32(w);
  L32 t0, r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
  each_lane(w, [&](int i) { r.v[i] = as_u32(f(as_f32(a[i]))); });
  finish_f32(w, in, r.v, !dm.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

template <typename F>
Flow f32_2(Wave& w, const DecodedInst& in, F f) {
  DenormMode dm = denorm_f32(w);
  L32 t0, t1, r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
  const uint32_t* b = lanes_f32(w, in.src[1], t1.v, !dm.keep_in);
  each_lane(w, [&](int i) { r.v[i] = as_u32(f(as_f32(a[i]), as_f32(b[i]))); });
  finish_f32(w, in, r.v, !dm.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

template <typename F>
Flow f32_3(Wave& w, const DecodedInst& in, F f) {
  DenormMode dm = denorm_f32(w);
  L32 t0, t1, t2, r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
  const uint32_t* b = lanes_f32(w, in.src[1], t1.v, !dm.keep_in);
  const uint32_t* c = lanes_f32(w, in.src[2], t2.v, !dm.keep_in);
  each_lane(w, [&](int i) { r.v[i] = as_u32(f(as_f32(a[i]), as_f32(b[i]), as_f32(c[i]))); });
  finish_f32(w, in, r.v, !dm.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

template <typename F>
Flow f64_1(Wave& w, const DecodedInst& in, F f) {
  DenormMode dm = denorm_f64_f16(w);
  L64 a, r;
  lanes_f64(w, in.src[0], a.v, !dm.keep_in);
  each_lane(w, [&](int i) { r.v[i] = as_u64(f(as_f64(a.v[i]))); });
  finish_f64(w, in, r.v, !dm.keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

template <typename F>
Flow f64_2(Wave& w, const DecodedInst& in, F f) {
  DenormMode dm = denorm_f64_f16(w);
  L64 a, b, r;
  lanes_f64(w, in.src[0], a.v, !dm.keep_in);
  lanes_f64(w, in.src[1], b.v, !dm.keep_in);
  each_lane(w, [&](int i) { r.v[i] = as_u64(f(as_f64(a.v[i]), as_f64(b.v[i]))); });
  finish_f64(w, in, r.v, !dm.keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

template <typename F>
Flow f64_3(Wave& w, const DecodedInst& in, F f) {
  DenormMode dm = denorm_f64_f16(w);
  L64 a, b, c, r;
  lanes_f64(w, in.src[0], a.v, !dm.keep_in);
  lanes_f64(w, in.src[1], b.v, !dm.keep_in);
  lanes_f64(w, in.src[2], c.v, !dm.keep_in);
  each_lane(w, [&](int i) { r.v[i] = as_u64(f(as_f64(a.v[i]), as_f64(b.v[i]), as_f64(c.v[i]))); });
  finish_f64(w, in, r.v, !dm.keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

// f16 operations compute in f32 (exact for +, -, *, / and sqrt before the final rounding to f16).
template <typename F>
Flow f16_n(Wave& w, const DecodedInst& in, int n, F f) {
  DenormMode dm = denorm_f64_f16(w);
  L32 t[3], r;
  const uint32_t* s[3] = {nullptr, nullptr, nullptr};
  for (int k = 0; k < n; ++k) s[k] = lanes16(w, in.src[k], t[k].v, (in.imm2 >> k) & 1, true, !dm.keep_in);
  each_lane(w, [&](int i) {
    float a = f16_to_f32(uint16_t(s[0][i]));
    float b = n > 1 ? f16_to_f32(uint16_t(s[1][i])) : 0.0f;
    float c = n > 2 ? f16_to_f32(uint16_t(s[2][i])) : 0.0f;
    r.v[i] = f(a, b, c);
  });
  finish_f16(w, in, r.v, !dm.keep_out);
  write_vdst16(w, in, r.v);
  return Flow::Next;
}

// Writes per-lane booleans as a lane mask (inactive lanes 0) to the instruction's scalar destination.
inline void write_lane_mask(Wave& w, uint16_t sdst, const uint8_t* c) {
  uint64_t m = 0;
  each_lane(w, [&](int i) { m |= uint64_t(c[i] & 1) << i; });
  write_mask(w, sdst, m);
}

// Lane-mask source (VCC or an SGPR pair) of v_cndmask / v_addc.
inline uint64_t mask_source(const Wave& w, const Operand& o) { return scalar64(w, o); }

}  // namespace sporkle::sim::isa::valu
