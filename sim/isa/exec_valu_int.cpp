// Integer VALU operations (VOP1/VOP2/VOP3): 32-, 16- and 64-bit arithmetic, carries into lane masks, shifts, bit
// fields, and the multi-operand VOP3 forms compilers use for address arithmetic.
#include <algorithm>
#include <bit>
#include <climits>

#include "sim/isa/valu.h"

namespace sporkle::sim::isa {

namespace {

using namespace valu;
using W = Wave;
using I = DecodedInst;

int32_t s32(uint32_t v) { return static_cast<int32_t>(v); }
int32_t sext24(uint32_t v) { return static_cast<int32_t>(v << 8) >> 8; }
int16_t s16(uint32_t v) { return static_cast<int16_t>(v); }

// With CLAMP, unsigned adds saturate instead of wrapping.
template <bool Sub, bool Rev>
Flow add_nc(W& w, const I& in) {
  bool clamp = in.flags & kFlagClamp;
  return u32_2(w, in, [clamp](uint32_t a, uint32_t b) {
    if (Rev) std::swap(a, b);
    uint64_t r = Sub ? uint64_t(a) - b : uint64_t(a) + b;
    if (clamp && (r >> 32)) return Sub ? 0u : 0xFFFFFFFFu;
    return uint32_t(r);
  });
}

template <bool Sub>
Flow add_i32(W& w, const I& in) {
  bool clamp = in.flags & kFlagClamp;
  return u32_2(w, in, [clamp](uint32_t a, uint32_t b) {
    int64_t r = Sub ? int64_t(s32(a)) - s32(b) : int64_t(s32(a)) + s32(b);
    if (clamp) r = r > INT32_MAX ? INT32_MAX : r < INT32_MIN ? INT32_MIN : r;
    return uint32_t(r);
  });
}

// v_add_co / v_sub_co / v_subrev_co and the carry-in forms: the carry (or borrow) of each lane goes to the lane
// mask destination (VCC in VOP2, SDST in VOP3b).
template <bool Sub, bool Rev, bool CarryIn>
Flow add_co(W& w, const I& in) {
  L32 t0, t1, r;
  uint8_t carry[kLanes];
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  uint64_t cin = CarryIn ? mask_source(w, in.src[2]) : 0;
  for (int i = 0; i < kLanes; ++i) {
    uint64_t x = Rev ? b[i] : a[i], y = Rev ? a[i] : b[i], c = (cin >> i) & 1;
    uint64_t v = Sub ? x - y - c : x + y + c;
    r.v[i] = uint32_t(v);
    carry[i] = Sub ? (y + c > x) : (v >> 32) != 0;
  }
  write_vdst(w, in, r.v);
  write_lane_mask(w, in.sdst, carry);
  return Flow::Next;
}

uint32_t bfe_u(uint32_t v, uint32_t off, uint32_t width) {
  off &= 31;
  width &= 31;
  if (width == 0) return 0;
  return (v >> off) & ((1u << width) - 1);
}
uint32_t bfe_i(uint32_t v, uint32_t off, uint32_t width) {
  off &= 31;
  width &= 31;
  if (width == 0) return 0;
  uint32_t f = (v >> off) & ((1u << width) - 1);
  return uint32_t(s32(f << (32 - width)) >> (32 - width));
}

template <typename T>
T med3(T a, T b, T c) {
  T lo = std::min(a, b), hi = std::max(a, b);
  return std::max(lo, std::min(hi, c));
}

uint32_t sad_u8(uint32_t a, uint32_t b) {
  uint32_t s = 0;
  for (int k = 0; k < 4; ++k) {
    int x = (a >> (8 * k)) & 0xFF, y = (b >> (8 * k)) & 0xFF;
    s += uint32_t(x > y ? x - y : y - x);
  }
  return s;
}

// v_perm_b32 byte selector: 0-3 bytes of S1, 4-7 bytes of S0, 8-11 sign replication, 12 = 0x00, >= 13 = 0xFF.
uint32_t perm_byte(uint64_t both, uint32_t sel) {
  sel &= 0xFF;
  if (sel < 8) return (both >> (8 * sel)) & 0xFF;
  if (sel >= 13) return 0xFF;
  if (sel == 12) return 0;
  uint32_t src_byte = ((sel - 8) * 2) + 1;  // sign of bytes 1, 3, 5, 7
  return ((both >> (8 * src_byte + 7)) & 1) ? 0xFF : 0;
}

Flow mad_64_32(W& w, const I& in, bool is_signed) {
  L32 t0, t1;
  L64 c, r;
  uint8_t carry[kLanes];
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  lanes64(w, in.src[2], c.v);
  for (int i = 0; i < kLanes; ++i) {
    if (is_signed) {
      __int128 p = __int128(int64_t(s32(a[i])) * s32(b[i])) + int64_t(c.v[i]);
      r.v[i] = uint64_t(p);
      carry[i] = p != __int128(int64_t(r.v[i]));
    } else {
      unsigned __int128 p = (unsigned __int128)(uint64_t(a[i]) * b[i]) + c.v[i];
      r.v[i] = uint64_t(p);
      carry[i] = (p >> 64) != 0;
    }
  }
  store64(w, in.vdst, r.v, w.exec());
  write_lane_mask(w, in.sdst, carry);
  return Flow::Next;
}

Flow mbcnt(W& w, const I& in, int base) {
  L32 t0, t1, r;
  const uint32_t* a = lanes32(w, in.src[0], t0.v);
  const uint32_t* b = lanes32(w, in.src[1], t1.v);
  for (int i = 0; i < kLanes; ++i) {
    // Bits of the mask below this lane, within the 32 lanes the _lo/_hi form covers.
    int below = i - base;
    uint32_t m = below <= 0 ? 0 : below >= 32 ? a[i] : a[i] & ((1u << below) - 1);
    r.v[i] = uint32_t(std::popcount(m)) + b[i];
  }
  write_vdst(w, in, r.v);
  return Flow::Next;
}

Flow swap(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t* a = w.vgpr[in.vdst & 255];
  uint32_t* b = w.vgpr[in.src[0].reg & 255];
  for (int i = 0; i < kLanes; ++i)
    if ((e >> i) & 1) std::swap(a[i], b[i]);
  return Flow::Next;
}

// 16-bit adds: CLAMP saturates (unsigned or signed). gfx10 names them _nc.
Flow add_u16(W& w, const I& in) {
  bool clamp = in.flags & kFlagClamp;
  return u16_2(w, in, [clamp](uint32_t a, uint32_t b) { uint32_t r = a + b; return clamp && r > 0xFFFF ? 0xFFFFu : r; });
}
Flow sub_u16(W& w, const I& in) {
  bool clamp = in.flags & kFlagClamp;
  return u16_2(w, in, [clamp](uint32_t a, uint32_t b) { return clamp && b > a ? 0u : a - b; });
}
template <bool Sub>
Flow add_sub_i16(W& w, const I& in) {
  bool clamp = in.flags & kFlagClamp;
  return u16_2(w, in, [clamp](uint32_t a, uint32_t b) {
    int32_t r = Sub ? s16(a) - s16(b) : s16(a) + s16(b);
    if (clamp) r = std::clamp(r, -32768, 32767);
    return uint32_t(r);
  });
}

// Integer dot products (gfx10 VOP3P v_dot*, VOP2 v_dot4c): D = S2 + sum of the products of the N-bit elements of
// S0 and S1; CLAMP saturates the signed or unsigned 32-bit result.
template <int Bits, bool Signed>
Flow dot(W& w, const I& in) {
  bool clamp = in.flags & kFlagClamp;
  return u32_3(w, in, [clamp](uint32_t a, uint32_t b, uint32_t c) {
    int64_t sum = Signed ? int64_t(int32_t(c)) : int64_t(c);
    for (int k = 0; k < 32 / Bits; ++k) {
      uint32_t x = (a >> (k * Bits)) & ((1u << Bits) - 1), y = (b >> (k * Bits)) & ((1u << Bits) - 1);
      if (Signed) sum += int64_t(int32_t(x << (32 - Bits)) >> (32 - Bits)) * (int32_t(y << (32 - Bits)) >> (32 - Bits));
      else sum += int64_t(x) * y;
    }
    if (clamp) sum = Signed ? std::clamp<int64_t>(sum, INT32_MIN, INT32_MAX) : std::clamp<int64_t>(sum, 0, UINT32_MAX);
    return uint32_t(sum);
  });
}

constexpr HandlerDef kDefs[] = {
    {"v_nop", [](W&, const I&) { return Flow::Next; }},
    // Instructions complete in order here, so there is no VALU pipeline to drain.
    {"v_pipeflush", [](W&, const I&) { return Flow::Next; }},
    {"v_mov_b32", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return a; }); }},
    {"v_not_b32", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return ~a; }); }},
    {"v_bfrev_b32", [](W& w, const I& in) {
       return u32_1(w, in, [](uint32_t a) {
         uint32_t r = 0;
         for (int k = 0; k < 32; ++k) r |= ((a >> k) & 1) << (31 - k);
         return r;
       });
     }},
    {"v_ffbh_u32", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return a ? uint32_t(std::countl_zero(a)) : ~0u; }); }},
    {"v_ffbl_b32", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return a ? uint32_t(std::countr_zero(a)) : ~0u; }); }},
    {"v_ffbh_i32", [](W& w, const I& in) {
       return u32_1(w, in, [](uint32_t a) {
         uint32_t m = s32(a) < 0 ? ~a : a;
         return m ? uint32_t(std::countl_zero(m)) : ~0u;
       });
     }},
    {"v_swap_b32", swap},
    {"v_cndmask_b32", [](W& w, const I& in) {
       uint64_t m = mask_source(w, in.src[2]);
       L32 t0, t1, r;
       const uint32_t* a = lanes32(w, in.src[0], t0.v);
       const uint32_t* b = lanes32(w, in.src[1], t1.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = ((m >> i) & 1) ? b[i] : a[i];
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},
    {"v_mul_i32_i24", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(int64_t(sext24(a)) * sext24(b)); }); }},
    {"v_mul_hi_i32_i24", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(uint64_t(int64_t(sext24(a)) * sext24(b)) >> 32); }); }},
    {"v_mul_u32_u24", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return (a & 0xFFFFFF) * (b & 0xFFFFFF); }); }},
    {"v_mul_hi_u32_u24", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t((uint64_t(a & 0xFFFFFF) * (b & 0xFFFFFF)) >> 32); }); }},
    {"v_min_i32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return s32(a) < s32(b) ? a : b; }); }},
    {"v_max_i32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return s32(a) > s32(b) ? a : b; }); }},
    {"v_min_u32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return a < b ? a : b; }); }},
    {"v_max_u32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return a > b ? a : b; }); }},
    {"v_lshrrev_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return b >> (a & 31); }); }},
    {"v_ashrrev_i32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(s32(b) >> (a & 31)); }); }},
    {"v_lshlrev_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return b << (a & 31); }); }},
    {"v_and_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return a & b; }); }},
    {"v_or_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return a | b; }); }},
    {"v_xor_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return a ^ b; }); }},
    {"v_xnor_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return ~(a ^ b); }); }},
    {"v_xor3_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return a ^ b ^ c; }); }},
    {"v_add_u32", add_nc<false, false>},
    {"v_add_nc_u32", add_nc<false, false>},
    {"v_sub_nc_u32", add_nc<true, false>},
    {"v_subrev_nc_u32", add_nc<true, true>},
    {"v_add_nc_i32", add_i32<false>},
    {"v_sub_nc_i32", add_i32<true>},
    {"v_add_co_ci_u32", add_co<false, false, true>},
    {"v_sub_co_ci_u32", add_co<true, false, true>},
    {"v_subrev_co_ci_u32", add_co<true, true, true>},
    {"v_dot2_i32_i16", dot<16, true>},
    {"v_dot2_u32_u16", dot<16, false>},
    {"v_dot4_i32_i8", dot<8, true>},
    {"v_dot4c_i32_i8", dot<8, true>},
    {"v_dot4_u32_u8", dot<8, false>},
    {"v_dot8_i32_i4", dot<4, true>},
    {"v_dot8_u32_u4", dot<4, false>},
    {"v_sub_u32", add_nc<true, false>},
    {"v_subrev_u32", add_nc<true, true>},
    {"v_add_i32", add_i32<false>},
    {"v_sub_i32", add_i32<true>},
    {"v_add_co_u32", add_co<false, false, false>},
    {"v_sub_co_u32", add_co<true, false, false>},
    {"v_subrev_co_u32", add_co<true, true, false>},
    {"v_addc_co_u32", add_co<false, false, true>},
    {"v_subb_co_u32", add_co<true, false, true>},
    {"v_subbrev_co_u32", add_co<true, true, true>},
    {"v_bfm_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return ((a & 31) ? (1u << (a & 31)) - 1 : 0u) << (b & 31); }); }},
    {"v_bcnt_u32_b32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(std::popcount(a)) + b; }); }},
    {"v_mbcnt_lo_u32_b32", [](W& w, const I& in) { return mbcnt(w, in, 0); }},
    {"v_mbcnt_hi_u32_b32", [](W& w, const I& in) { return mbcnt(w, in, 32); }},
    {"v_mul_lo_u32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return a * b; }); }},
    {"v_mul_hi_u32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t((uint64_t(a) * b) >> 32); }); }},
    {"v_mul_hi_i32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(uint64_t(int64_t(s32(a)) * s32(b)) >> 32); }); }},
    {"v_cvt_pk_u16_u32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return (a & 0xFFFF) | (b & 0xFFFF) << 16; }); }},
    {"v_cvt_pk_i16_i32", [](W& w, const I& in) { return u32_2(w, in, [](uint32_t a, uint32_t b) { return (a & 0xFFFF) | (b & 0xFFFF) << 16; }); }},
    {"v_pack_b32_f16", [](W& w, const I& in) {
       L32 t0, t1, r;
       const uint32_t* a = lanes16(w, in.src[0], t0.v, in.imm2 & 1, true, false);
       const uint32_t* b = lanes16(w, in.src[1], t1.v, in.imm2 & 2, true, false);
       for (int i = 0; i < kLanes; ++i) r.v[i] = (a[i] & 0xFFFF) | b[i] << 16;
       write_vdst(w, in, r.v);
       return Flow::Next;
     }},
    {"v_cvt_f32_ubyte0", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return as_u32(float(a & 0xFF)); }); }},
    {"v_cvt_f32_ubyte1", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return as_u32(float((a >> 8) & 0xFF)); }); }},
    {"v_cvt_f32_ubyte2", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return as_u32(float((a >> 16) & 0xFF)); }); }},
    {"v_cvt_f32_ubyte3", [](W& w, const I& in) { return u32_1(w, in, [](uint32_t a) { return as_u32(float(a >> 24)); }); }},

    // VOP3-only three-operand forms.
    {"v_mad_i32_i24", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(int64_t(sext24(a)) * sext24(b)) + c; }); }},
    {"v_mad_u32_u24", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a & 0xFFFFFF) * (b & 0xFFFFFF) + c; }); }},
    {"v_bfe_u32", [](W& w, const I& in) { return u32_3(w, in, bfe_u); }},
    {"v_bfe_i32", [](W& w, const I& in) { return u32_3(w, in, bfe_i); }},
    {"v_bfi_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a & b) | (~a & c); }); }},
    {"v_alignbit_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(((uint64_t(a) << 32) | b) >> (c & 31)); }); }},
    {"v_alignbyte_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(((uint64_t(a) << 32) | b) >> (8 * (c & 3))); }); }},
    {"v_min3_i32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(std::min({s32(a), s32(b), s32(c)})); }); }},
    {"v_min3_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return std::min({a, b, c}); }); }},
    {"v_max3_i32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(std::max({s32(a), s32(b), s32(c)})); }); }},
    {"v_max3_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return std::max({a, b, c}); }); }},
    {"v_med3_i32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(med3(s32(a), s32(b), s32(c))); }); }},
    {"v_med3_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return med3(a, b, c); }); }},
    {"v_sad_u8", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return sad_u8(a, b) + c; }); }},
    {"v_sad_hi_u8", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (sad_u8(a, b) << 16) + c; }); }},
    {"v_sad_u16", [](W& w, const I& in) {
       return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) {
         uint32_t s = 0;
         for (int k = 0; k < 2; ++k) {
           int x = (a >> (16 * k)) & 0xFFFF, y = (b >> (16 * k)) & 0xFFFF;
           s += uint32_t(x > y ? x - y : y - x);
         }
         return s + c;
       });
     }},
    {"v_sad_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a > b ? a - b : b - a) + c; }); }},
    {"v_lerp_u8", [](W& w, const I& in) {
       return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) {
         uint32_t r = 0;
         for (int k = 0; k < 4; ++k) {
           uint32_t x = (a >> (8 * k)) & 0xFF, y = (b >> (8 * k)) & 0xFF, rnd = (c >> (8 * k)) & 1;
           r |= ((x + y + rnd) >> 1) << (8 * k);
         }
         return r;
       });
     }},
    {"v_perm_b32", [](W& w, const I& in) {
       return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) {
         uint64_t both = uint64_t(a) << 32 | b;
         uint32_t r = 0;
         for (int k = 0; k < 4; ++k) r |= perm_byte(both, c >> (8 * k)) << (8 * k);
         return r;
       });
     }},
    {"v_xad_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a ^ b) + c; }); }},
    {"v_lshl_add_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a << (b & 31)) + c; }); }},
    {"v_add_lshl_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a + b) << (c & 31); }); }},
    {"v_add3_u32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return a + b + c; }); }},
    {"v_lshl_or_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a << (b & 31)) | c; }); }},
    {"v_and_or_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a & b) | c; }); }},
    {"v_or3_b32", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return a | b | c; }); }},
    {"v_mad_u32_u16", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return (a & 0xFFFF) * (b & 0xFFFF) + c; }); }},
    {"v_mad_i32_i16", [](W& w, const I& in) { return u32_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(int32_t(s16(a)) * s16(b)) + c; }); }},
    {"v_mad_u64_u32", [](W& w, const I& in) { return mad_64_32(w, in, false); }},
    {"v_mad_i64_i32", [](W& w, const I& in) { return mad_64_32(w, in, true); }},

    // 64-bit shifts: the shift amount is the first operand.
    {"v_lshlrev_b64", [](W& w, const I& in) {
       L32 t0;
       L64 b, r;
       const uint32_t* a = lanes32(w, in.src[0], t0.v);
       lanes64(w, in.src[1], b.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = b.v[i] << (a[i] & 63);
       store64(w, in.vdst, r.v, w.exec());
       return Flow::Next;
     }},
    {"v_lshrrev_b64", [](W& w, const I& in) {
       L32 t0;
       L64 b, r;
       const uint32_t* a = lanes32(w, in.src[0], t0.v);
       lanes64(w, in.src[1], b.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = b.v[i] >> (a[i] & 63);
       store64(w, in.vdst, r.v, w.exec());
       return Flow::Next;
     }},
    {"v_ashrrev_i64", [](W& w, const I& in) {
       L32 t0;
       L64 b, r;
       const uint32_t* a = lanes32(w, in.src[0], t0.v);
       lanes64(w, in.src[1], b.v);
       for (int i = 0; i < kLanes; ++i) r.v[i] = uint64_t(int64_t(b.v[i]) >> (a[i] & 63));
       store64(w, in.vdst, r.v, w.exec());
       return Flow::Next;
     }},

    // 16-bit integer operations.
    {"v_add_u16", add_u16},
    {"v_add_nc_u16", add_u16},
    {"v_sub_u16", sub_u16},
    {"v_sub_nc_u16", sub_u16},
    {"v_subrev_u16", [](W& w, const I& in) {
       bool clamp = in.flags & kFlagClamp;
       return u16_2(w, in, [clamp](uint32_t a, uint32_t b) { return clamp && a > b ? 0u : b - a; });
     }},
    {"v_add_i16", add_sub_i16<false>},
    {"v_add_nc_i16", add_sub_i16<false>},
    {"v_sub_i16", add_sub_i16<true>},
    {"v_sub_nc_i16", add_sub_i16<true>},
    {"v_mul_lo_u16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return a * b; }); }},
    {"v_lshlrev_b16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return b << (a & 15); }); }},
    {"v_lshrrev_b16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return (b & 0xFFFF) >> (a & 15); }); }},
    {"v_ashrrev_i16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(s16(b) >> (a & 15)); }); }},
    {"v_max_u16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return std::max(a, b); }); }},
    {"v_min_u16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return std::min(a, b); }); }},
    {"v_max_i16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(std::max(s16(a), s16(b))); }); }},
    {"v_min_i16", [](W& w, const I& in) { return u16_2(w, in, [](uint32_t a, uint32_t b) { return uint32_t(std::min(s16(a), s16(b))); }); }},
    {"v_mad_u16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return a * b + c; }); }},
    {"v_mad_i16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(s16(a) * s16(b) + s16(c)); }); }},
    {"v_min3_u16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return std::min({a, b, c}); }); }},
    {"v_max3_u16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return std::max({a, b, c}); }); }},
    {"v_med3_u16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return med3(a, b, c); }); }},
    {"v_min3_i16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(std::min({s16(a), s16(b), s16(c)})); }); }},
    {"v_max3_i16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(std::max({s16(a), s16(b), s16(c)})); }); }},
    {"v_med3_i16", [](W& w, const I& in) { return u16_3(w, in, [](uint32_t a, uint32_t b, uint32_t c) { return uint32_t(med3(s16(a), s16(b), s16(c))); }); }},
};

}  // namespace

std::span<const HandlerDef> valu_int_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
