// Floating-point VALU operations in f32, f64 and f16, conversions, and the division helpers (div_scale,
// div_fmas, div_fixup) that compilers expand fdiv into. Rounding follows the host FPU, which the interpreter sets
// from MODE; denormals follow MODE per operation.
#include <algorithm>
#include <cfenv>
#include <climits>
#include <cmath>

#include "sim/isa/fma_lanes.h"
#include "sim/isa/valu.h"

namespace sporkle::sim::isa {

namespace {

using namespace valu;
using W = Wave;
using I = DecodedInst;

constexpr double kTwoPi = 6.283185307179586476925286766559;

int exponent_f32(float x) { return int((as_u32(x) >> 23) & 0xFF); }
int exponent_f64(double x) { return int((as_u64(x) >> 52) & 0x7FF); }

template <typename T>
uint32_t cvt_to_u32(T x) {
  if (std::isnan(x) || x <= T(0)) return 0;
  if (x >= T(4294967295.0)) return UINT32_MAX;
  return uint32_t(x);
}
template <typename T>
uint32_t cvt_to_i32(T x) {
  if (std::isnan(x)) return 0;
  if (x <= T(-2147483648.0)) return uint32_t(INT32_MIN);
  if (x >= T(2147483647.0)) return uint32_t(INT32_MAX);
  return uint32_t(int32_t(x));
}

// Legacy multiply: 0 times anything (even inf or NaN) is 0.
float mul_legacy(float a, float b) { return (a == 0.0f || b == 0.0f) ? 0.0f : a * b; }

// v_mad_f32 / v_mac_f32 round the product before the add and never keep denormals.
float mad_f32(float a, float b, float c) {
  a = as_f32(flush_f32(as_u32(a)));
  b = as_f32(flush_f32(as_u32(b)));
  c = as_f32(flush_f32(as_u32(c)));
  volatile float p = a * b;
  return as_f32(flush_f32(as_u32(p + c)));
}

template <typename T>
T med3f(T a, T b, T c, bool ieee) {
  return hw_max(hw_min(a, b, ieee), hw_min(hw_max(a, b, ieee), c, ieee), ieee);
}

template <typename T>
T fract(T x) {
  if (std::isinf(x)) return std::isnan(x) ? x : T(0);
  T f = x - std::floor(x);
  // The largest value below 1, as the hardware clamps.
  return std::min(f, std::nextafter(T(1), T(0)));
}

// v_div_scale: S0 is the value to scale, S1 the denominator, S2 the numerator. VCC tells v_div_fmas to undo a
// scaling that applied to one side only.
template <typename T>
T div_scale(T s0, T den, T num, bool& vcc) {
  constexpr bool is_f64 = sizeof(T) == 8;
  constexpr int kScale = is_f64 ? 128 : 64;
  constexpr int kExpGap = is_f64 ? 768 : 96;
  constexpr int kTinyExp = is_f64 ? 53 : 23;
  auto exponent = [](T x) { return is_f64 ? exponent_f64(double(x)) : exponent_f32(float(x)); };
  auto denorm = [](T x) { return std::fpclassify(x) == FP_SUBNORMAL; };
  vcc = false;
  if (std::isnan(den) || std::isnan(num)) return std::numeric_limits<T>::quiet_NaN();
  if (den == T(0) || num == T(0)) return std::numeric_limits<T>::quiet_NaN();
  if (std::isinf(den) || std::isinf(num)) return s0;
  if (exponent(num) - exponent(den) >= kExpGap) {
    vcc = true;
    return s0 == den ? std::ldexp(s0, kScale) : s0;
  }
  if (denorm(den)) return std::ldexp(s0, kScale);
  T inv = T(1) / den, quot = num / den;
  if (denorm(inv) && denorm(quot)) {
    vcc = true;
    return s0 == den ? std::ldexp(s0, -kScale) : s0;
  }
  if (denorm(inv)) return std::ldexp(s0, -kScale);
  if (denorm(quot)) {
    vcc = true;
    return s0 == num ? std::ldexp(s0, kScale) : s0;
  }
  if (exponent(num) <= kTinyExp) return std::ldexp(s0, kScale);
  return s0;
}

template <typename T>
T div_fixup(T q, T den, T num) {
  bool neg = std::signbit(den) != std::signbit(num);
  T inf = std::numeric_limits<T>::infinity();
  if (std::isnan(num)) return quiet(num);
  if (std::isnan(den)) return quiet(den);
  if ((den == T(0) && num == T(0)) || (std::isinf(den) && std::isinf(num))) return std::numeric_limits<T>::quiet_NaN();
  if (den == T(0) || std::isinf(num)) return neg ? -inf : inf;
  if (std::isinf(den) || num == T(0)) return neg ? -T(0) : T(0);
  if (std::isnan(q)) return neg ? -inf : inf;
  return neg ? -std::fabs(q) : std::fabs(q);
}

template <typename T>
Flow div_scale_op(W& w, const I& in) {
  bool is_f64 = sizeof(T) == 8;
  uint8_t flag[kLanes];
  if (is_f64) {
    DenormMode dm = denorm_f64_f16(w);
    L64 a, b, c, r;
    lanes_f64(w, in.src[0], a.v, !dm.keep_in);
    lanes_f64(w, in.src[1], b.v, !dm.keep_in);
    lanes_f64(w, in.src[2], c.v, !dm.keep_in);
    for (int i = 0; i < kLanes; ++i) {
      bool v;
      r.v[i] = as_u64(div_scale<double>(as_f64(a.v[i]), as_f64(b.v[i]), as_f64(c.v[i]), v));
      flag[i] = v;
    }
    store64(w, in.vdst, r.v, w.exec());
  } else {
    DenormMode dm = denorm_f32(w);
    L32 t0, t1, t2, r;
    const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
    const uint32_t* b = lanes_f32(w, in.src[1], t1.v, !dm.keep_in);
    const uint32_t* c = lanes_f32(w, in.src[2], t2.v, !dm.keep_in);
    for (int i = 0; i < kLanes; ++i) {
      bool v;
      r.v[i] = as_u32(div_scale<float>(as_f32(a[i]), as_f32(b[i]), as_f32(c[i]), v));
      flag[i] = v;
    }
    write_vdst(w, in, r.v);
  }
  write_lane_mask(w, in.sdst, flag);
  return Flow::Next;
}

// v_div_fmas: fma, then where VCC is set, undo div_scale's one-sided scaling in the direction the quotient's
// exponent shows.
Flow div_fmas_f32(W& w, const I& in) {
  uint64_t vcc = w.vcc();
  DenormMode dm = denorm_f32(w);
  L32 t0, t1, t2, r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
  const uint32_t* b = lanes_f32(w, in.src[1], t1.v, !dm.keep_in);
  const uint32_t* c = lanes_f32(w, in.src[2], t2.v, !dm.keep_in);
  for (int i = 0; i < kLanes; ++i) {
    float v = std::fma(as_f32(a[i]), as_f32(b[i]), as_f32(c[i]));
    if ((vcc >> i) & 1) v = std::ldexp(v, exponent_f32(as_f32(c[i])) > 127 ? 64 : -64);
    r.v[i] = as_u32(v);
  }
  finish_f32(w, in, r.v, !dm.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

Flow div_fmas_f64(W& w, const I& in) {
  uint64_t vcc = w.vcc();
  DenormMode dm = denorm_f64_f16(w);
  L64 a, b, c, r;
  lanes_f64(w, in.src[0], a.v, !dm.keep_in);
  lanes_f64(w, in.src[1], b.v, !dm.keep_in);
  lanes_f64(w, in.src[2], c.v, !dm.keep_in);
  for (int i = 0; i < kLanes; ++i) {
    double v = std::fma(as_f64(a.v[i]), as_f64(b.v[i]), as_f64(c.v[i]));
    if ((vcc >> i) & 1) v = std::ldexp(v, exponent_f64(as_f64(c.v[i])) > 1023 ? 128 : -128);
    r.v[i] = as_u64(v);
  }
  finish_f64(w, in, r.v, !dm.keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

// Results of a 32-bit integer from a float source (no output modifiers apply).
template <typename F>
Flow f32_to_int(W& w, const I& in, F f) {
  DenormMode dm = denorm_f32(w);
  L32 t0, r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
  for (int i = 0; i < kLanes; ++i) r.v[i] = f(as_f32(a[i]));
  write_vdst(w, in, r.v);
  return Flow::Next;
}
template <typename F>
Flow f64_to_int(W& w, const I& in, F f) {
  DenormMode dm = denorm_f64_f16(w);
  L64 a;
  L32 r;
  lanes_f64(w, in.src[0], a.v, !dm.keep_in);
  for (int i = 0; i < kLanes; ++i) r.v[i] = f(as_f64(a.v[i]));
  write_vdst(w, in, r.v);
  return Flow::Next;
}
// f64 results from 32-bit sources.
template <typename F>
Flow to_f64(W& w, const I& in, F f) {
  L32 t0;
  L64 r;
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  for (int i = 0; i < kLanes; ++i) r.v[i] = as_u64(f(a[i]));
  finish_f64(w, in, r.v, !denorm_f64_f16(w).keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

Flow cvt_f32_f64(W& w, const I& in) {
  L64 a;
  L32 r;
  lanes_f64(w, in.src[0], a.v, !denorm_f64_f16(w).keep_in);
  for (int i = 0; i < kLanes; ++i) r.v[i] = as_u32(float(as_f64(a.v[i])));
  finish_f32(w, in, r.v, !denorm_f32(w).keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

Flow cvt_f64_f32(W& w, const I& in) {
  L32 t0;
  L64 r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !denorm_f32(w).keep_in);
  for (int i = 0; i < kLanes; ++i) r.v[i] = as_u64(double(as_f32(a[i])));
  finish_f64(w, in, r.v, !denorm_f64_f16(w).keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

Flow cvt_f16_f32(W& w, const I& in) {
  L32 t0, r;
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !denorm_f32(w).keep_in);
  for (int i = 0; i < kLanes; ++i) r.v[i] = f32_to_f16(as_f32(a[i]));
  finish_f16(w, in, r.v, !denorm_f64_f16(w).keep_out);
  write_vdst16(w, in, r.v);
  return Flow::Next;
}

Flow cvt_f32_f16(W& w, const I& in) {
  L32 t0, r;
  const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, true, !denorm_f64_f16(w).keep_in);
  for (int i = 0; i < kLanes; ++i) r.v[i] = as_u32(f16_to_f32(uint16_t(a[i])));
  finish_f32(w, in, r.v, !denorm_f32(w).keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

// f16 helpers: results are f16 bit patterns in the low half.
template <typename F>
Flow h1(W& w, const I& in, F f) {
  return f16_n(w, in, 1, [f](float a, float, float) { return uint32_t(f32_to_f16(f(a))); });
}
template <typename F>
Flow h2(W& w, const I& in, F f) {
  return f16_n(w, in, 2, [f](float a, float b, float) { return uint32_t(f32_to_f16(f(a, b))); });
}
template <typename F>
Flow h3(W& w, const I& in, F f) {
  return f16_n(w, in, 3, [f](float a, float b, float c) { return uint32_t(f64_to_f16(f(a, b, c))); });
}

Flow fma_f32(W& w, const I& in) {
  DenormMode dm = denorm_f32(w);
  L32 t0, t1, t2, r;
  fma_lanes_f32(lanes_f32(w, in.src[0], t0.v, !dm.keep_in), lanes_f32(w, in.src[1], t1.v, !dm.keep_in),
                lanes_f32(w, in.src[2], t2.v, !dm.keep_in), r.v);
  finish_f32(w, in, r.v, !dm.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

Flow fma_f64(W& w, const I& in) {
  DenormMode dm = denorm_f64_f16(w);
  L64 a, b, c, r;
  lanes_f64(w, in.src[0], a.v, !dm.keep_in);
  lanes_f64(w, in.src[1], b.v, !dm.keep_in);
  lanes_f64(w, in.src[2], c.v, !dm.keep_in);
  fma_lanes_f64(a.v, b.v, c.v, r.v);
  finish_f64(w, in, r.v, !dm.keep_out);
  store64(w, in.vdst, r.v, w.exec());
  return Flow::Next;
}

Flow fma_f16(W& w, const I& in) {
  return h3(w, in, [](float a, float b, float c) { return std::fma(double(a), double(b), double(c)); });
}

// Legacy fused multiply-add: a zero factor gives a +0 product even with inf or NaN.
Flow fma_legacy_f32(W& w, const I& in) {
  return f32_3(w, in, [](float a, float b, float c) { return (a == 0.0f || b == 0.0f) ? 0.0f + c : std::fma(a, b, c); });
}

// D = S0.lo * S1.lo + S0.hi * S1.hi + S2 over packed f16 pairs: the f16 products are exact in double, the sum is
// formed in double and rounded once to f32.
Flow dot2_f32_f16(W& w, const I& in) {
  DenormMode dm = denorm_f32(w);
  L32 t0, t1, t2, r;
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  const uint32_t* c = lanes_f32(w, in.src[2], t2.v, !dm.keep_in);
  for (int i = 0; i < kLanes; ++i) {
    double lo = double(f16_to_f32(uint16_t(a[i]))) * f16_to_f32(uint16_t(b[i]));
    double hi = double(f16_to_f32(uint16_t(a[i] >> 16))) * f16_to_f32(uint16_t(b[i] >> 16));
    r.v[i] = as_u32(float(lo + hi + double(as_f32(c[i]))));
  }
  finish_f32(w, in, r.v, !dm.keep_out);
  write_vdst(w, in, r.v);
  return Flow::Next;
}

constexpr HandlerDef kDefs[] = {
    // f32
    {"v_add_f32", [](W& w, const I& in) { return f32_2(w, in, [](float a, float b) { return a + b; }); }},
    {"v_sub_f32", [](W& w, const I& in) { return f32_2(w, in, [](float a, float b) { return a - b; }); }},
    {"v_subrev_f32", [](W& w, const I& in) { return f32_2(w, in, [](float a, float b) { return b - a; }); }},
    {"v_mul_f32", [](W& w, const I& in) { return f32_2(w, in, [](float a, float b) { return a * b; }); }},
    {"v_mul_legacy_f32", [](W& w, const I& in) { return f32_2(w, in, mul_legacy); }},
    {"v_min_f32", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f32_2(w, in, [ieee](float a, float b) { return hw_min(a, b, ieee); }); }},
    {"v_max_f32", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f32_2(w, in, [ieee](float a, float b) { return hw_max(a, b, ieee); }); }},
    {"v_ldexp_f32", [](W& w, const I& in) {
       DenormMode dm = denorm_f32(w);
       L32 t0, t1, r;
       const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
       const uint32_t* b = lanes32(w, in.src[1], t1.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = as_u32(std::ldexp(as_f32(a[i]), int32_t(b[i])));
       finish_f32(w, in, r.v, !dm.keep_out);
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},
    {"v_mac_f32", [](W& w, const I& in) { return f32_3(w, in, mad_f32); }},
    {"v_mad_f32", [](W& w, const I& in) { return f32_3(w, in, mad_f32); }},
    {"v_madmk_f32", [](W& w, const I& in) { return f32_3(w, in, mad_f32); }},
    {"v_madak_f32", [](W& w, const I& in) { return f32_3(w, in, mad_f32); }},
    {"v_mad_legacy_f32", [](W& w, const I& in) { return f32_3(w, in, [](float a, float b, float c) { return mul_legacy(a, b) + c; }); }},
    {"v_fma_f32", fma_f32},
    {"v_fmac_f32", fma_f32},
    {"v_fmamk_f32", fma_f32},
    {"v_fmaak_f32", fma_f32},
    {"v_fma_legacy_f32", fma_legacy_f32},
    {"v_fmac_legacy_f32", fma_legacy_f32},
    {"v_dot2_f32_f16", dot2_f32_f16},
    {"v_dot2c_f32_f16", dot2_f32_f16},
    {"v_min3_f32", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f32_3(w, in, [ieee](float a, float b, float c) { return hw_min(hw_min(a, b, ieee), c, ieee); }); }},
    {"v_max3_f32", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f32_3(w, in, [ieee](float a, float b, float c) { return hw_max(hw_max(a, b, ieee), c, ieee); }); }},
    {"v_med3_f32", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f32_3(w, in, [ieee](float a, float b, float c) { return med3f(a, b, c, ieee); }); }},
    {"v_div_scale_f32", div_scale_op<float>},
    {"v_div_fmas_f32", div_fmas_f32},
    {"v_div_fixup_f32", [](W& w, const I& in) { return f32_3(w, in, div_fixup<float>); }},
    {"v_fract_f32", [](W& w, const I& in) { return f32_1(w, in, fract<float>); }},
    {"v_trunc_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::trunc(a); }); }},
    {"v_ceil_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::ceil(a); }); }},
    {"v_rndne_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::nearbyint(a); }); }},
    {"v_floor_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::floor(a); }); }},
    {"v_exp_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::exp2(a); }); }},
    {"v_log_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::log2(a); }); }},
    {"v_rcp_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return 1.0f / a; }); }},
    {"v_rcp_iflag_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return 1.0f / a; }); }},
    {"v_rsq_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return 1.0f / std::sqrt(a); }); }},
    {"v_sqrt_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return std::sqrt(a); }); }},
    {"v_sin_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return float(std::sin(double(a) * kTwoPi)); }); }},
    {"v_cos_f32", [](W& w, const I& in) { return f32_1(w, in, [](float a) { return float(std::cos(double(a) * kTwoPi)); }); }},
    {"v_frexp_mant_f32", [](W& w, const I& in) {
       return f32_1(w, in, [](float a) { int e; return (std::isinf(a) || std::isnan(a)) ? a : std::frexp(a, &e); });
     }},
    {"v_frexp_exp_i32_f32", [](W& w, const I& in) {
       return f32_to_int(w, in, [](float a) { int e = 0; if (std::isfinite(a)) std::frexp(a, &e); return uint32_t(e); });
     }},
    {"v_cvt_f32_i32", [](W& w, const I& in) {
       L32 t0, r;
       const uint32_t* a = lanes32(w, in.src[0], t0.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = as_u32(float(int32_t(a[i])));
       finish_f32(w, in, r.v, false);
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},
    {"v_cvt_f32_u32", [](W& w, const I& in) {
       L32 t0, r;
       const uint32_t* a = lanes32(w, in.src[0], t0.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = as_u32(float(a[i]));
       finish_f32(w, in, r.v, false);
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},
    {"v_cvt_u32_f32", [](W& w, const I& in) { return f32_to_int(w, in, cvt_to_u32<float>); }},
    {"v_cvt_i32_f32", [](W& w, const I& in) { return f32_to_int(w, in, cvt_to_i32<float>); }},
    {"v_cvt_rpi_i32_f32", [](W& w, const I& in) { return f32_to_int(w, in, [](float a) { return cvt_to_i32(std::floor(double(a) + 0.5)); }); }},
    {"v_cvt_flr_i32_f32", [](W& w, const I& in) { return f32_to_int(w, in, [](float a) { return cvt_to_i32(std::floor(a)); }); }},
    {"v_cvt_off_f32_i4", [](W& w, const I& in) {
       return u32_1(w, in, [](uint32_t a) { return as_u32(float(int32_t(a << 28) >> 28) / 16.0f); });
     }},
    {"v_cvt_f16_f32", cvt_f16_f32},
    {"v_cvt_f32_f16", cvt_f32_f16},
    {"v_cvt_pkrtz_f16_f32", [](W& w, const I& in) {
       DenormMode dm = denorm_f32(w);
       L32 t0, t1, r;
       const uint32_t* a = lanes_f32(w, in.src[0], t0.v, !dm.keep_in);
       const uint32_t* b = lanes_f32(w, in.src[1], t1.v, !dm.keep_in);
       int saved = std::fegetround();
       std::fesetround(FE_TOWARDZERO);
       for (int i = 0; i < kLanes; ++i) r.v[i] = f32_to_f16(as_f32(a[i])) | uint32_t(f32_to_f16(as_f32(b[i]))) << 16;
       std::fesetround(saved);
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},
    {"v_cvt_pk_u8_f32", [](W& w, const I& in) {
       L32 t0, t1, t2, r;
       const uint32_t* a = lanes_f32(w, in.src[0], t0.v, false);
       const uint32_t* b = lanes32(w, in.src[1], t1.v);
       const uint32_t* c = lanes32(w, in.src[2], t2.v);
       for (int i = 0; i < kLanes; ++i) {
         uint32_t byte = (b[i] & 3) * 8;
         float v = std::nearbyint(as_f32(a[i]));
         uint32_t u = std::isnan(v) || v < 0 ? 0 : v > 255 ? 255 : uint32_t(v);
         r.v[i] = (c[i] & ~(0xFFu << byte)) | u << byte;
       }
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},

    // f64
    {"v_add_f64", [](W& w, const I& in) { return f64_2(w, in, [](double a, double b) { return a + b; }); }},
    {"v_mul_f64", [](W& w, const I& in) { return f64_2(w, in, [](double a, double b) { return a * b; }); }},
    {"v_min_f64", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f64_2(w, in, [ieee](double a, double b) { return hw_min(a, b, ieee); }); }},
    {"v_max_f64", [](W& w, const I& in) { bool ieee = ieee_mode(w); return f64_2(w, in, [ieee](double a, double b) { return hw_max(a, b, ieee); }); }},
    {"v_ldexp_f64", [](W& w, const I& in) {
       DenormMode dm = denorm_f64_f16(w);
       L64 a, r;
       L32 t1;
       lanes_f64(w, in.src[0], a.v, !dm.keep_in);
       const uint32_t* b = lanes32(w, in.src[1], t1.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = as_u64(std::ldexp(as_f64(a.v[i]), int32_t(b[i])));
       finish_f64(w, in, r.v, !dm.keep_out);
       store64(w, in.vdst, r.v, w.exec());
       return Flow::Next;
     }},
    {"v_fma_f64", fma_f64},
    {"v_div_scale_f64", div_scale_op<double>},
    {"v_div_fmas_f64", div_fmas_f64},
    {"v_div_fixup_f64", [](W& w, const I& in) { return f64_3(w, in, div_fixup<double>); }},
    {"v_trunc_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return std::trunc(a); }); }},
    {"v_ceil_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return std::ceil(a); }); }},
    {"v_rndne_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return std::nearbyint(a); }); }},
    {"v_floor_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return std::floor(a); }); }},
    {"v_fract_f64", [](W& w, const I& in) { return f64_1(w, in, fract<double>); }},
    {"v_rcp_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return 1.0 / a; }); }},
    {"v_rsq_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return 1.0 / std::sqrt(a); }); }},
    {"v_sqrt_f64", [](W& w, const I& in) { return f64_1(w, in, [](double a) { return std::sqrt(a); }); }},
    {"v_frexp_mant_f64", [](W& w, const I& in) {
       return f64_1(w, in, [](double a) { int e; return (std::isinf(a) || std::isnan(a)) ? a : std::frexp(a, &e); });
     }},
    {"v_frexp_exp_i32_f64", [](W& w, const I& in) {
       return f64_to_int(w, in, [](double a) { int e = 0; if (std::isfinite(a)) std::frexp(a, &e); return uint32_t(e); });
     }},
    {"v_cvt_f64_i32", [](W& w, const I& in) { return to_f64(w, in, [](uint32_t a) { return double(int32_t(a)); }); }},
    {"v_cvt_f64_u32", [](W& w, const I& in) { return to_f64(w, in, [](uint32_t a) { return double(a); }); }},
    {"v_cvt_i32_f64", [](W& w, const I& in) { return f64_to_int(w, in, cvt_to_i32<double>); }},
    {"v_cvt_u32_f64", [](W& w, const I& in) { return f64_to_int(w, in, cvt_to_u32<double>); }},
    {"v_cvt_f32_f64", cvt_f32_f64},
    {"v_cvt_f64_f32", cvt_f64_f32},

    // f16
    {"v_add_f16", [](W& w, const I& in) { return h2(w, in, [](float a, float b) { return a + b; }); }},
    {"v_sub_f16", [](W& w, const I& in) { return h2(w, in, [](float a, float b) { return a - b; }); }},
    {"v_subrev_f16", [](W& w, const I& in) { return h2(w, in, [](float a, float b) { return b - a; }); }},
    {"v_mul_f16", [](W& w, const I& in) { return h2(w, in, [](float a, float b) { return a * b; }); }},
    {"v_max_f16", [](W& w, const I& in) { bool ieee = ieee_mode(w); return h2(w, in, [ieee](float a, float b) { return hw_max(a, b, ieee); }); }},
    {"v_min_f16", [](W& w, const I& in) { bool ieee = ieee_mode(w); return h2(w, in, [ieee](float a, float b) { return hw_min(a, b, ieee); }); }},
    {"v_fma_f16", fma_f16},
    {"v_fmac_f16", fma_f16},
    {"v_fmamk_f16", fma_f16},
    {"v_fmaak_f16", fma_f16},
    {"v_mad_f16", [](W& w, const I& in) { return h3(w, in, [](float a, float b, float c) { return double(f16_to_f32(f32_to_f16(a * b))) + c; }); }},
    {"v_mac_f16", [](W& w, const I& in) { return h3(w, in, [](float a, float b, float c) { return double(f16_to_f32(f32_to_f16(a * b))) + c; }); }},
    {"v_rcp_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return 1.0f / a; }); }},
    {"v_sqrt_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::sqrt(a); }); }},
    {"v_rsq_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return 1.0f / std::sqrt(a); }); }},
    {"v_log_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::log2(a); }); }},
    {"v_exp_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::exp2(a); }); }},
    {"v_floor_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::floor(a); }); }},
    {"v_ceil_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::ceil(a); }); }},
    {"v_trunc_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::trunc(a); }); }},
    {"v_rndne_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return std::nearbyint(a); }); }},
    {"v_fract_f16", [](W& w, const I& in) {
       return h1(w, in, [](float a) { return std::min(fract(a), f16_to_f32(0x3BFF)); });
     }},
    {"v_sin_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return float(std::sin(double(a) * kTwoPi)); }); }},
    {"v_cos_f16", [](W& w, const I& in) { return h1(w, in, [](float a) { return float(std::cos(double(a) * kTwoPi)); }); }},
    {"v_cvt_f16_u16", [](W& w, const I& in) {
       return u16_2(w, in, [](uint32_t a, uint32_t) { return uint32_t(f32_to_f16(float(a & 0xFFFF))); });
     }},
    {"v_cvt_f16_i16", [](W& w, const I& in) {
       return u16_2(w, in, [](uint32_t a, uint32_t) { return uint32_t(f32_to_f16(float(int16_t(a)))); });
     }},
    {"v_cvt_u16_f16", [](W& w, const I& in) {
       return u16_2(w, in, [](uint32_t a, uint32_t) {
         float f = f16_to_f32(uint16_t(a));
         return std::isnan(f) || f <= 0 ? 0u : f >= 65535.0f ? 0xFFFFu : uint32_t(f);
       });
     }},
    {"v_cvt_i16_f16", [](W& w, const I& in) {
       return u16_2(w, in, [](uint32_t a, uint32_t) {
         float f = f16_to_f32(uint16_t(a));
         return std::isnan(f) ? 0u : uint32_t(int32_t(std::clamp(std::trunc(f), -32768.0f, 32767.0f)));
       });
     }},
};

}  // namespace

std::span<const HandlerDef> valu_float_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
