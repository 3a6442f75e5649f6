// VOPC (and their VOP3 forms): per-lane comparisons into a lane mask; v_cmpx also writes EXEC. Float compares
// follow IEEE ordering: the "n" forms are true for unordered operands. v_cmp_class tests the class bits.
#include <cmath>

#include "sim/isa/valu.h"

namespace sporkle::sim::isa {

namespace {

using namespace valu;
using W = Wave;
using I = DecodedInst;

enum Cmp : uint8_t { F, LT, EQ, LE, GT, LG, GE, O, U, NGE, NLG, NGT, NLE, NEQ, NLT, TRU };

template <typename T>
bool fcmp(Cmp c, T a, T b) {
  bool un = std::isnan(a) || std::isnan(b);
  switch (c) {
    case F: return false;
    case LT: return a < b;
    case EQ: return a == b;
    case LE: return a <= b;
    case GT: return a > b;
    case LG: return !un && a != b;
    case GE: return a >= b;
    case O: return !un;
    case U: return un;
    case NGE: return !(a >= b);
    case NLG: return un || a == b;
    case NGT: return !(a > b);
    case NLE: return !(a <= b);
    case NEQ: return !(a == b);
    case NLT: return !(a < b);
    case TRU: return true;
  }
  return false;
}

// Integer compares use codes F LT EQ LE GT NE GE T.
template <typename T>
bool icmp(Cmp c, T a, T b) {
  switch (c) {
    case F: return false;
    case LT: return a < b;
    case EQ: return a == b;
    case LE: return a <= b;
    case GT: return a > b;
    case LG: return a != b;
    case GE: return a >= b;
    default: return true;
  }
}

// gfx9 v_cmpx writes the mask and EXEC; gfx10 v_cmpx writes only EXEC.
Flow finish(W& w, const I& in, const uint8_t* c, bool cmpx) {
  if (!(in.flags & kFlagExecOnly)) write_lane_mask(w, in.sdst, c);
  if (cmpx) {
    uint64_t m = 0;
    for (int i = 0; i < kLanes; ++i) m |= uint64_t(c[i] & 1) << i;
    w.set_exec(m & w.exec());
  }
  return Flow::Next;
}

template <Cmp C, bool X>
Flow cmp_f32(W& w, const I& in) {
  bool flush = !denorm_f32(w).keep_in;
  L32 t0, t1;
  uint8_t c[kLanes];
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, flush);
  const uint32_t* b = lanes_f32(w, in.src[1], t1.v, flush);
  for (int i = 0; i < kLanes; ++i) c[i] = fcmp(C, as_f32(a[i]), as_f32(b[i]));
  return finish(w, in, c, X);
}

template <Cmp C, bool X>
Flow cmp_f64(W& w, const I& in) {
  bool flush = !denorm_f64_f16(w).keep_in;
  L64 a, b;
  uint8_t c[kLanes];
  lanes_f64(w, in.src[0], a.v, flush);
  lanes_f64(w, in.src[1], b.v, flush);
  for (int i = 0; i < kLanes; ++i) c[i] = fcmp(C, as_f64(a.v[i]), as_f64(b.v[i]));
  return finish(w, in, c, X);
}

template <Cmp C, bool X>
Flow cmp_f16(W& w, const I& in) {
  bool flush = !denorm_f64_f16(w).keep_in;
  L32 t0, t1;
  uint8_t c[kLanes];
  const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, true, flush);
  const uint32_t* b = lanes16(w, in.src[1], t1.v, in.imm2 & 2, true, flush);
  for (int i = 0; i < kLanes; ++i) c[i] = fcmp(C, f16_to_f32(uint16_t(a[i])), f16_to_f32(uint16_t(b[i])));
  return finish(w, in, c, X);
}

template <typename T, Cmp C, bool X>
Flow cmp_int32(W& w, const I& in) {
  L32 t0, t1;
  uint8_t c[kLanes];
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  for (int i = 0; i < kLanes; ++i) c[i] = icmp(C, T(a[i]), T(b[i]));
  return finish(w, in, c, X);
}

template <typename T, Cmp C, bool X>
Flow cmp_int16(W& w, const I& in) {
  L32 t0, t1;
  uint8_t c[kLanes];
  const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, false, false);
  const uint32_t* b = lanes16(w, in.src[1], t1.v, in.imm2 & 2, false, false);
  for (int i = 0; i < kLanes; ++i) c[i] = icmp(C, T(a[i]), T(b[i]));
  return finish(w, in, c, X);
}

template <typename T, Cmp C, bool X>
Flow cmp_int64(W& w, const I& in) {
  L64 a, b;
  uint8_t c[kLanes];
  lanes64(w, in.src[0], a.v);
  lanes64(w, in.src[1], b.v);
  for (int i = 0; i < kLanes; ++i) c[i] = icmp(C, T(a.v[i]), T(b.v[i]));
  return finish(w, in, c, X);
}

// Class mask bits: 0 sNaN, 1 qNaN, 2 -inf, 3 -normal, 4 -denormal, 5 -0, 6 +0, 7 +denormal, 8 +normal, 9 +inf.
template <typename T>
bool in_class(T v, uint32_t mask, bool snan) {
  int bit;
  bool neg = std::signbit(v);
  switch (std::fpclassify(v)) {
    case FP_NAN: bit = snan ? 0 : 1; break;
    case FP_INFINITE: bit = neg ? 2 : 9; break;
    case FP_NORMAL: bit = neg ? 3 : 8; break;
    case FP_SUBNORMAL: bit = neg ? 4 : 7; break;
    default: bit = neg ? 5 : 6; break;
  }
  return (mask >> bit) & 1;
}

template <bool X>
Flow class_f32(W& w, const I& in) {
  L32 t0, t1;
  uint8_t c[kLanes];
  const uint32_t* a = lanes_f32(w, in.src[0], t0.v, false);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  for (int i = 0; i < kLanes; ++i) c[i] = in_class(as_f32(a[i]), b[i], is_snan_f32(a[i]));
  return finish(w, in, c, X);
}

template <bool X>
Flow class_f64(W& w, const I& in) {
  L64 a;
  L32 t1;
  uint8_t c[kLanes];
  lanes_f64(w, in.src[0], a.v, false);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  for (int i = 0; i < kLanes; ++i) c[i] = in_class(as_f64(a.v[i]), b[i], is_snan_f64(a.v[i]));
  return finish(w, in, c, X);
}

template <bool X>
Flow class_f16(W& w, const I& in) {
  L32 t0, t1;
  uint8_t c[kLanes];
  const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, true, false);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  for (int i = 0; i < kLanes; ++i) {
    uint16_t h = uint16_t(a[i]);
    bool snan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) && !(h & 0x200);
    c[i] = in_class(f16_to_f32(h), b[i], snan);
  }
  return finish(w, in, c, X);
}

#define FCMP(T, NAME, C)                              \
  {"v_cmp_" #NAME "_" #T, cmp_##T<C, false>}, {       \
    "v_cmpx_" #NAME "_" #T, cmp_##T<C, true>          \
  }
#define FCMPS(T)                                                                                         \
  FCMP(T, f, F), FCMP(T, lt, LT), FCMP(T, eq, EQ), FCMP(T, le, LE), FCMP(T, gt, GT), FCMP(T, lg, LG),    \
      FCMP(T, ge, GE), FCMP(T, o, O), FCMP(T, u, U), FCMP(T, nge, NGE), FCMP(T, nlg, NLG),              \
      FCMP(T, ngt, NGT), FCMP(T, nle, NLE), FCMP(T, neq, NEQ), FCMP(T, nlt, NLT), FCMP(T, tru, TRU)
#define ICMP(FN, CT, SUFFIX, NAME, C)                       \
  {"v_cmp_" #NAME "_" SUFFIX, FN<CT, C, false>}, {          \
    "v_cmpx_" #NAME "_" SUFFIX, FN<CT, C, true>             \
  }
#define ICMPS(FN, CT, SUFFIX)                                                                          \
  ICMP(FN, CT, SUFFIX, f, F), ICMP(FN, CT, SUFFIX, lt, LT), ICMP(FN, CT, SUFFIX, eq, EQ),              \
      ICMP(FN, CT, SUFFIX, le, LE), ICMP(FN, CT, SUFFIX, gt, GT), ICMP(FN, CT, SUFFIX, ne, LG),        \
      ICMP(FN, CT, SUFFIX, ge, GE), ICMP(FN, CT, SUFFIX, t, TRU)

const HandlerDef kDefs[] = {
    FCMPS(f16),
    FCMPS(f32),
    FCMPS(f64),
    ICMPS(cmp_int16, int16_t, "i16"),
    ICMPS(cmp_int16, uint16_t, "u16"),
    ICMPS(cmp_int32, int32_t, "i32"),
    ICMPS(cmp_int32, uint32_t, "u32"),
    ICMPS(cmp_int64, int64_t, "i64"),
    ICMPS(cmp_int64, uint64_t, "u64"),
    {"v_cmp_class_f32", class_f32<false>},
    {"v_cmpx_class_f32", class_f32<true>},
    {"v_cmp_class_f64", class_f64<false>},
    {"v_cmpx_class_f64", class_f64<true>},
    {"v_cmp_class_f16", class_f16<false>},
    {"v_cmpx_class_f16", class_f16<true>},
};

#undef FCMP
#undef FCMPS
#undef ICMP
#undef ICMPS

}  // namespace

std::span<const HandlerDef> valu_cmp_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
