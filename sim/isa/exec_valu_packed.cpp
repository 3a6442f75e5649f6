// VOP3P operations: packed 16-bit integer and f16 arithmetic (v_pk_*), where OP_SEL picks the half of each source
// that feeds the low result and OP_SEL_HI the one that feeds the high result, NEG (neg_lo) and NEG_HI negate f16
// halves, and CLAMP saturates; and the mixed-precision multiply-adds (v_mad_mix* on gfx9, v_fma_mix* on gfx10),
// whose OP_SEL_HI says which sources are f16 (taken from the half OP_SEL names) and whose NEG_HI field is ABS.
// f16 arithmetic follows MODE's f64/f16 denormal field and the host rounding mode like the other f16 operations.
#include <algorithm>
#include <cmath>

#include "sim/isa/valu.h"

namespace sporkle::sim::isa {

namespace {

using namespace valu;
using W = Wave;
using I = DecodedInst;

struct Halves {
  L32 lo, hi;  // 16-bit values in the low half of each element
};

// The halves of source k that feed the low and the high result.
void packed_source(const W& w, const I& in, int k, bool is_float, bool flush, Halves& h) {
  L32 t;
  const uint32_t* p = lanes32(w, in.src[k], t.v);
  const int shift_lo = (in.imm2 >> k) & 1 ? 16 : 0, shift_hi = (in.imm2 >> (kOpSelHiShift + k)) & 1 ? 16 : 0;
  const uint32_t neg_lo = is_float && (in.src[k].mods & kModNeg) ? 0x8000u : 0;
  const uint32_t neg_hi = is_float && ((in.imm2 >> (kNegHiShift + k)) & 1) ? 0x8000u : 0;
  for (int i = 0; i < kLanes; ++i) {
    uint16_t a = uint16_t(p[i] >> shift_lo), b = uint16_t(p[i] >> shift_hi);
    if (flush) a = flush_f16(a), b = flush_f16(b);
    h.lo.v[i] = a ^ neg_lo;
    h.hi.v[i] = b ^ neg_hi;
  }
}

void write_packed(W& w, const I& in, const Halves& r) {
  L32 d;
  for (int i = 0; i < kLanes; ++i) d.v[i] = (r.lo.v[i] & 0xFFFF) | r.hi.v[i] << 16;
  write_vdst(w, in, d.v);
}

// Integer operations on n sources; f gets (a, b, c, clamp) and returns the 16-bit result.
template <typename F>
Flow pk_int(W& w, const I& in, int n, F f) {
  Halves s[3], r;
  for (int k = 0; k < n; ++k) packed_source(w, in, k, false, false, s[k]);
  const bool clamp = in.flags & kFlagClamp;
  for (int i = 0; i < kLanes; ++i) {
    r.lo.v[i] = f(s[0].lo.v[i], s[1].lo.v[i], s[2].lo.v[i], clamp) & 0xFFFF;
    r.hi.v[i] = f(s[0].hi.v[i], s[1].hi.v[i], s[2].hi.v[i], clamp) & 0xFFFF;
  }
  write_packed(w, in, r);
  return Flow::Next;
}

int32_t s16(uint32_t v) { return int16_t(uint16_t(v)); }
uint32_t sat_u16(int64_t v, bool clamp) { return clamp ? uint32_t(std::clamp<int64_t>(v, 0, 0xFFFF)) : uint32_t(v); }
uint32_t sat_i16(int64_t v, bool clamp) { return clamp ? uint32_t(std::clamp<int64_t>(v, -32768, 32767)) : uint32_t(v); }

// f16 operations on n sources; f gets f16 bit patterns and returns one. CLAMP and output denormals per MODE.
template <typename F>
Flow pk_f16(W& w, const I& in, int n, F f) {
  const DenormMode dm = denorm_f64_f16(w);
  Halves s[3], r;
  for (int k = 0; k < n; ++k) packed_source(w, in, k, true, !dm.keep_in, s[k]);
  for (int i = 0; i < kLanes; ++i) {
    r.lo.v[i] = f(uint16_t(s[0].lo.v[i]), uint16_t(s[1].lo.v[i]), uint16_t(s[2].lo.v[i]));
    r.hi.v[i] = f(uint16_t(s[0].hi.v[i]), uint16_t(s[1].hi.v[i]), uint16_t(s[2].hi.v[i]));
  }
  finish_f16(w, in, r.lo.v, !dm.keep_out);
  finish_f16(w, in, r.hi.v, !dm.keep_out);
  write_packed(w, in, r);
  return Flow::Next;
}

template <typename F>
Flow pk_f16_arith(W& w, const I& in, int n, F f) {
  return pk_f16(w, in, n, [f](uint16_t a, uint16_t b, uint16_t c) {
    return uint32_t(f64_to_f16(f(f16_to_f32(a), f16_to_f32(b), f16_to_f32(c))));
  });
}

// One rounding to f16: the f16 product is exact in double and the sum is rounded to odd first.
double fma_f16_exact(float a, float b, float c) { return add_round_odd(double(a) * double(b), double(c)); }

// Mixed-precision sources as f32: f16 halves (exact) or whole f32 registers, with ABS (NEG_HI) then NEG.
void mix_sources(const W& w, const I& in, bool flush_f32_in, bool flush_f16_in, L32 (&s)[3]) {
  for (int k = 0; k < 3; ++k) {
    const Operand& o = in.src[k];
    const bool half = (in.imm2 >> (kOpSelHiShift + k)) & 1, high = (in.imm2 >> k) & 1;
    const bool abs = (in.imm2 >> (kNegHiShift + k)) & 1, neg = o.mods & kModNeg;
    L32 t;
    const uint32_t* p = lanes32(w, o, t.v);
    // A float inline constant read as f16 is the f16 pattern (in the low half).
    const bool f16_const = half && o.kind == OperandKind::Const && o.code >= spec::isa::src::FLOAT_FIRST &&
                           o.code <= spec::isa::src::FLOAT_LAST;
    for (int i = 0; i < kLanes; ++i) {
      uint32_t v;
      if (half) {
        uint16_t h = f16_const ? (high ? 0 : spec::isa::kInlineF16[o.code - spec::isa::src::FLOAT_FIRST])
                               : uint16_t(p[i] >> (high ? 16 : 0));
        if (flush_f16_in) h = flush_f16(h);
        v = as_u32(f16_to_f32(h));
      } else {
        v = flush_f32_in ? flush_f32(p[i]) : p[i];
      }
      if (abs) v &= 0x7FFFFFFFu;
      if (neg) v ^= 0x80000000u;
      s[k].v[i] = v;
    }
  }
}

// The f16 result of a mix operation to the low or high half of the destination; the other half is kept.
void write_mix_half(W& w, const I& in, L32& r, bool high) {
  const uint32_t* old = w.vgpr[in.vdst & 255];
  for (int i = 0; i < kLanes; ++i)
    r.v[i] = high ? (old[i] & 0xFFFFu) | (r.v[i] & 0xFFFF) << 16 : (old[i] & 0xFFFF0000u) | (r.v[i] & 0xFFFF);
  store32(w, in.vdst, r.v, w.exec());
}

Flow fma_mix_f32(W& w, const I& in) {
  const DenormMode d32 = denorm_f32(w);
  L32 s[3], r;
  mix_sources(w, in, !d32.keep_in, !denorm_f64_f16(w).keep_in, s);
  for (int i = 0; i < kLanes; ++i) r.v[i] = as_u32(std::fma(as_f32(s[0].v[i]), as_f32(s[1].v[i]), as_f32(s[2].v[i])));
  finish_f32(w, in, r.v, !d32.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

template <bool kHigh>
Flow fma_mix_f16(W& w, const I& in) {
  const DenormMode d16 = denorm_f64_f16(w);
  L32 s[3], r;
  mix_sources(w, in, !denorm_f32(w).keep_in, !d16.keep_in, s);
  for (int i = 0; i < kLanes; ++i) {
    const double p = double(as_f32(s[0].v[i])) * double(as_f32(s[1].v[i]));  // exact: 24-bit factors
    r.v[i] = f64_to_f16(add_round_odd(p, double(as_f32(s[2].v[i]))));
  }
  finish_f16(w, in, r.v, !d16.keep_out);
  write_mix_half(w, in, r, kHigh);
  return Flow::Next;
}

// v_mad_mix: like v_mad_f32, an unfused multiply-add that never keeps f32 denormals (the product is rounded to
// f32 and flushed). The f16 forms round the sum once to f16.
float mad_product(float a, float b) {
  volatile float p = a * b;
  return as_f32(flush_f32(as_u32(p)));
}

Flow mad_mix_f32(W& w, const I& in) {
  L32 s[3], r;
  mix_sources(w, in, true, !denorm_f64_f16(w).keep_in, s);
  for (int i = 0; i < kLanes; ++i) {
    volatile float sum = mad_product(as_f32(s[0].v[i]), as_f32(s[1].v[i])) + as_f32(s[2].v[i]);
    r.v[i] = as_u32(sum);
  }
  finish_f32(w, in, r.v, true);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

template <bool kHigh>
Flow mad_mix_f16(W& w, const I& in) {
  const DenormMode d16 = denorm_f64_f16(w);
  L32 s[3], r;
  mix_sources(w, in, true, !d16.keep_in, s);
  for (int i = 0; i < kLanes; ++i) {
    const double p = mad_product(as_f32(s[0].v[i]), as_f32(s[1].v[i]));
    r.v[i] = f64_to_f16(add_round_odd(p, double(as_f32(s[2].v[i]))));
  }
  finish_f16(w, in, r.v, !d16.keep_out);
  write_mix_half(w, in, r, kHigh);
  return Flow::Next;
}

constexpr HandlerDef kDefs[] = {
    // 16-bit integers
    {"v_pk_add_u16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool c) { return sat_u16(int64_t(a) + b, c); }); }},
    {"v_pk_sub_u16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool c) { return sat_u16(int64_t(a) - b, c); }); }},
    {"v_pk_add_i16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool c) { return sat_i16(int64_t(s16(a)) + s16(b), c); }); }},
    {"v_pk_sub_i16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool c) { return sat_i16(int64_t(s16(a)) - s16(b), c); }); }},
    {"v_pk_mul_lo_u16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return a * b; }); }},
    {"v_pk_mad_u16", [](W& w, const I& in) { return pk_int(w, in, 3, [](uint32_t a, uint32_t b, uint32_t d, bool c) { return sat_u16(int64_t(a) * b + d, c); }); }},
    {"v_pk_mad_i16", [](W& w, const I& in) { return pk_int(w, in, 3, [](uint32_t a, uint32_t b, uint32_t d, bool c) { return sat_i16(int64_t(s16(a)) * s16(b) + s16(d), c); }); }},
    {"v_pk_lshlrev_b16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return b << (a & 15); }); }},
    {"v_pk_lshrrev_b16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return b >> (a & 15); }); }},
    {"v_pk_ashrrev_i16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return uint32_t(s16(b) >> (a & 15)); }); }},
    {"v_pk_max_u16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return std::max(a, b); }); }},
    {"v_pk_min_u16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return std::min(a, b); }); }},
    {"v_pk_max_i16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return uint32_t(std::max(s16(a), s16(b))); }); }},
    {"v_pk_min_i16", [](W& w, const I& in) { return pk_int(w, in, 2, [](uint32_t a, uint32_t b, uint32_t, bool) { return uint32_t(std::min(s16(a), s16(b))); }); }},
    // f16 pairs
    {"v_pk_add_f16", [](W& w, const I& in) { return pk_f16_arith(w, in, 2, [](float a, float b, float) { return double(a + b); }); }},
    {"v_pk_mul_f16", [](W& w, const I& in) { return pk_f16_arith(w, in, 2, [](float a, float b, float) { return double(a * b); }); }},
    {"v_pk_fma_f16", [](W& w, const I& in) { return pk_f16_arith(w, in, 3, fma_f16_exact); }},
    {"v_pk_fmac_f16", [](W& w, const I& in) { return pk_f16_arith(w, in, 3, fma_f16_exact); }},
    {"v_pk_min_f16", [](W& w, const I& in) { bool ieee = ieee_mode(w); return pk_f16(w, in, 2, [ieee](uint16_t a, uint16_t b, uint16_t) { return uint32_t(hw_min_f16(a, b, ieee)); }); }},
    {"v_pk_max_f16", [](W& w, const I& in) { bool ieee = ieee_mode(w); return pk_f16(w, in, 2, [ieee](uint16_t a, uint16_t b, uint16_t) { return uint32_t(hw_max_f16(a, b, ieee)); }); }},
    // mixed precision
    {"v_fma_mix_f32", fma_mix_f32},
    {"v_fma_mixlo_f16", fma_mix_f16<false>},
    {"v_fma_mixhi_f16", fma_mix_f16<true>},
    {"v_mad_mix_f32", mad_mix_f32},
    {"v_mad_mixlo_f16", mad_mix_f16<false>},
    {"v_mad_mixhi_f16", mad_mix_f16<true>},
};

}  // namespace

std::span<const HandlerDef> valu_packed_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
