// IEEE helpers for the VALU: bit casts, half precision, denormal control per MODE and the hardware's min/max and
// NaN rules.
#pragma once

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>

#include "sim/isa/wave.h"
#include "sporkle/spec/isa_gfx10.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa {

inline float as_f32(uint32_t v) { return std::bit_cast<float>(v); }
inline uint32_t as_u32(float v) { return std::bit_cast<uint32_t>(v); }
inline double as_f64(uint64_t v) { return std::bit_cast<double>(v); }
inline uint64_t as_u64(double v) { return std::bit_cast<uint64_t>(v); }

// Half-precision conversions in software (clang 14, the fuzz preset's compiler, has no _Float16 on x86-64),
// rounding per the host's current rounding mode as hardware conversions do; NaNs are quieted.
inline float f16_to_f32(uint16_t h) {
  const uint32_t sign = uint32_t(h >> 15) << 31, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
  if (exp == 0) return std::bit_cast<float>(sign) + (sign ? -1.0f : 1.0f) * std::ldexp(float(mant), -24);
  if (exp == 0x1F) return std::bit_cast<float>(sign | 0x7F800000u | (mant ? 0x400000u | mant << 13 : 0));
  return std::bit_cast<float>(sign | (exp + 112) << 23 | mant << 13);
}
inline uint16_t f64_to_f16(double d) {
  const uint64_t bits = std::bit_cast<uint64_t>(d);
  const uint16_t sign = uint16_t(bits >> 63) << 15;
  const double a = std::fabs(d);
  if (std::isnan(d)) return sign | 0x7E00 | uint16_t((bits >> 42) & 0x1FF);
  if (a < 0x1p-14) return sign | uint16_t(std::nearbyint(std::copysign(a * 0x1p24, d)) * (sign ? -1 : 1));
  int e = std::isinf(a) ? 16 : std::ilogb(a);
  double r = e > 15 ? 2048 : std::nearbyint(std::copysign(std::ldexp(a, 10 - e), d)) * (sign ? -1 : 1);
  if (r == 2048) r = 1024, ++e;
  if (e > 15) {
    // Overflow: infinity, or the largest finite value when rounding towards zero or away from infinity's sign.
    const int mode = std::fegetround();
    const bool to_max = !std::isinf(a) && (mode == FE_TOWARDZERO || (mode == FE_UPWARD && sign) ||
                                           (mode == FE_DOWNWARD && !sign));
    return sign | (to_max ? 0x7BFF : 0x7C00);
  }
  return sign | uint16_t((e + 15) << 10 | (uint32_t(r) - 1024));
}
inline uint16_t f32_to_f16(float f) { return f64_to_f16(f); }  // f32 -> f64 is exact: one rounding

inline bool is_denorm_f32(uint32_t v) { return (v & 0x7F800000u) == 0 && (v & 0x007FFFFFu) != 0; }
inline bool is_denorm_f64(uint64_t v) { return (v & 0x7FF0000000000000ull) == 0 && (v & 0x000FFFFFFFFFFFFFull) != 0; }
inline bool is_denorm_f16(uint16_t v) { return (v & 0x7C00u) == 0 && (v & 0x03FFu) != 0; }
inline uint32_t flush_f32(uint32_t v) { return is_denorm_f32(v) ? v & 0x80000000u : v; }
inline uint64_t flush_f64(uint64_t v) { return is_denorm_f64(v) ? v & 0x8000000000000000ull : v; }
inline uint16_t flush_f16(uint16_t v) { return is_denorm_f16(v) ? v & 0x8000u : v; }

inline bool is_snan_f32(uint32_t v) { return (v & 0x7F800000u) == 0x7F800000u && (v & 0x007FFFFFu) && !(v & 0x00400000u); }
inline bool is_snan_f64(uint64_t v) {
  return (v & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (v & 0x000FFFFFFFFFFFFFull) &&
         !(v & 0x0008000000000000ull);
}

// The MODE float fields are read with the gfx9 definitions for both generations; gfx10.3 keeps their positions.
static_assert(spec::isa::gfx9::mode::FP_DENORM_F32.lo == spec::isa::gfx10::mode::FP_DENORM_F32.lo &&
              spec::isa::gfx9::mode::FP_DENORM_F64_F16.lo == spec::isa::gfx10::mode::FP_DENORM_F64_F16.lo &&
              spec::isa::gfx9::mode::FP_ROUND_F32.lo == spec::isa::gfx10::mode::FP_ROUND_F32.lo &&
              spec::isa::gfx9::mode::FP_ROUND_F64_F16.lo == spec::isa::gfx10::mode::FP_ROUND_F64_F16.lo &&
              spec::isa::gfx9::mode::IEEE.lo == spec::isa::gfx10::mode::IEEE.lo);

// MODE denormal fields: bit 0 = keep input denormals, bit 1 = keep output denormals.
struct DenormMode {
  bool keep_in, keep_out;
};
inline DenormMode denorm_f32(const Wave& w) {
  uint32_t m = spec::isa::gfx9::mode::FP_DENORM_F32.get(w.mode);
  return {(m & 1) != 0, (m & 2) != 0};
}
inline DenormMode denorm_f64_f16(const Wave& w) {
  uint32_t m = spec::isa::gfx9::mode::FP_DENORM_F64_F16.get(w.mode);
  return {(m & 1) != 0, (m & 2) != 0};
}
inline bool ieee_mode(const Wave& w) { return spec::isa::gfx9::mode::IEEE.get(w.mode) != 0; }

inline bool is_snan(float x) { return is_snan_f32(as_u32(x)); }
inline bool is_snan(double x) { return is_snan_f64(as_u64(x)); }
inline float quiet(float x) { return as_f32(as_u32(x) | 0x00400000u); }
inline double quiet(double x) { return as_f64(as_u64(x) | 0x0008000000000000ull); }

// v_min/v_max: -0 is below +0; a quiet NaN loses to a number; in IEEE mode a signalling NaN wins (quietened).
template <typename T>
inline T hw_min(T a, T b, bool ieee) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) {
    if (ieee && ((na && is_snan(a)) || (nb && is_snan(b)))) return quiet(na && is_snan(a) ? a : b);
    if (na && nb) return quiet(a);
    return na ? b : a;
  }
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}
template <typename T>
inline T hw_max(T a, T b, bool ieee) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return hw_min(a, b, ieee);
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// f16 min/max on bit patterns, with hw_min/hw_max's rules (converting to f32 would quieten signalling NaNs).
inline bool is_nan_f16(uint16_t v) { return (v & 0x7C00u) == 0x7C00u && (v & 0x03FFu); }
inline bool is_snan_f16(uint16_t v) { return is_nan_f16(v) && !(v & 0x0200u); }
inline uint16_t f16_nan_choice(uint16_t a, uint16_t b, bool ieee) {
  const bool na = is_nan_f16(a), nb = is_nan_f16(b);
  if (ieee && (is_snan_f16(a) || is_snan_f16(b))) return uint16_t((is_snan_f16(a) ? a : b) | 0x0200u);
  if (na && nb) return uint16_t(a | 0x0200u);
  return na ? b : a;
}
inline uint16_t hw_min_f16(uint16_t a, uint16_t b, bool ieee) {
  if (is_nan_f16(a) || is_nan_f16(b)) return f16_nan_choice(a, b, ieee);
  const float fa = f16_to_f32(a), fb = f16_to_f32(b);
  if (fa == fb) return (a & 0x8000u) ? a : b;
  return fa < fb ? a : b;
}
inline uint16_t hw_max_f16(uint16_t a, uint16_t b, bool ieee) {
  if (is_nan_f16(a) || is_nan_f16(b)) return f16_nan_choice(a, b, ieee);
  const float fa = f16_to_f32(a), fb = f16_to_f32(b);
  if (fa == fb) return (a & 0x8000u) ? b : a;
  return fa > fb ? a : b;
}

// x + y rounded to odd (truncated, with the last bit set when inexact). Rounding that once more to f32 or f16, in
// any mode, gives the correctly rounded sum: fused operations use it with an exact double product. An exact sum is
// formed in the current mode, which decides the sign of a zero.
inline double add_round_odd(double x, double y) {
  const int mode = std::fegetround();
  std::fesetround(FE_TOWARDZERO);
  std::feclearexcept(FE_INEXACT);
  volatile double vx = x, vy = y;
  volatile double r = vx + vy;
  const bool inexact = std::fetestexcept(FE_INEXACT);
  std::fesetround(mode);
  if (!inexact) return x + y;
  return as_f64(as_u64(r) | 1);
}

}  // namespace sporkle::sim::isa
