// DS: the workgroup's LDS. Accesses outside the LDS allocation read zero and drop writes, as the hardware's
// bounds check does. The waves of a group run on one thread, so LDS atomics need no host atomics.
#include <cstring>

#include "sim/isa/context.h"
#include "sim/isa/memory.h"
#include "sim/isa/operands.h"

namespace sporkle::sim::isa {

namespace {

using W = Wave;
using I = DecodedInst;

bool in_lds(const W& w, uint32_t addr, uint32_t bytes) {
  return uint64_t(addr) + bytes <= w.wg->lds_size;
}

void lds_read(const W& w, uint32_t addr, void* dst, uint32_t bytes) {
  if (in_lds(w, addr, bytes)) std::memcpy(dst, w.wg->lds + addr, bytes);
  else std::memset(dst, 0, bytes);
}
void lds_write(W& w, uint32_t addr, const void* src, uint32_t bytes) {
  if (in_lds(w, addr, bytes)) std::memcpy(w.wg->lds + addr, src, bytes);
}

uint32_t lane_addr(const W& w, const I& in, int i) { return w.vgpr[in.src[0].reg & 255][i]; }
uint32_t offset16(const I& in) { return uint32_t(in.imm) | in.imm2 << 8; }

uint64_t vgpr_value(const W& w, uint16_t reg, int i, bool is64) {
  uint64_t v = w.vgpr[reg & 255][i];
  if (is64) v |= uint64_t(w.vgpr[(reg + 1) & 255][i]) << 32;
  return v;
}
void set_vgpr_value(W& w, uint16_t reg, int i, uint64_t v, bool is64) {
  w.vgpr[reg & 255][i] = uint32_t(v);
  if (is64) w.vgpr[(reg + 1) & 255][i] = uint32_t(v >> 32);
}

template <uint32_t Bytes>
Flow ds_write(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t data[4];
    for (uint32_t k = 0; k < (Bytes + 3) / 4; ++k) data[k] = w.vgpr[(in.src[1].reg + k) & 255][i];
    lds_write(w, lane_addr(w, in, i) + off, data, Bytes);
  }
  return Flow::Next;
}

// ds_write_b8/b16 (and _d16_hi: the register's high half).
template <uint32_t Bytes, bool Hi>
Flow ds_write_small(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t v = w.vgpr[in.src[1].reg & 255][i] >> (Hi ? 16 : 0);
    lds_write(w, lane_addr(w, in, i) + off, &v, Bytes);
  }
  return Flow::Next;
}

template <uint32_t Bytes>
Flow ds_read(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t data[4];
    lds_read(w, lane_addr(w, in, i) + off, data, Bytes);
    for (uint32_t k = 0; k < Bytes / 4; ++k) w.vgpr[(in.vdst + k) & 255][i] = data[k];
  }
  return Flow::Next;
}

// Sub-dword reads: D16 forms write one half of the register and keep the other.
template <uint32_t Bytes, bool Sign, int D16>
Flow ds_read_small(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t x = 0;
    lds_read(w, lane_addr(w, in, i) + off, &x, Bytes);
    if (Sign) x = Bytes == 1 ? uint32_t(int32_t(int8_t(x))) : uint32_t(int32_t(int16_t(x)));
    uint32_t& d = w.vgpr[in.vdst & 255][i];
    d = D16 == 1 ? (d & 0xFFFF0000u) | (x & 0xFFFF) : D16 == 2 ? (d & 0xFFFF) | (x << 16) : x;
  }
  return Flow::Next;
}

// write2/read2: two elements at OFFSET0 and OFFSET1, in units of the element size (x64 for the st64 forms).
template <bool Is64, bool St64>
Flow ds_write2(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t size = Is64 ? 8 : 4, scale = size * (St64 ? 64 : 1);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t a = lane_addr(w, in, i);
    uint64_t d0 = vgpr_value(w, in.src[1].reg, i, Is64), d1 = vgpr_value(w, in.src[2].reg, i, Is64);
    lds_write(w, a + uint32_t(in.imm) * scale, &d0, size);
    lds_write(w, a + in.imm2 * scale, &d1, size);
  }
  return Flow::Next;
}

template <bool Is64, bool St64>
Flow ds_read2(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t size = Is64 ? 8 : 4, scale = size * (St64 ? 64 : 1);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t a = lane_addr(w, in, i);
    uint64_t d0 = 0, d1 = 0;
    lds_read(w, a + uint32_t(in.imm) * scale, &d0, size);
    lds_read(w, a + in.imm2 * scale, &d1, size);
    set_vgpr_value(w, in.vdst, i, d0, Is64);
    set_vgpr_value(w, in.vdst + (Is64 ? 2 : 1), i, d1, Is64);
  }
  return Flow::Next;
}

// Atomics: DATA0 is the operand; cmpst compares with DATA0 and stores DATA1; mskor clears DATA0's bits and ors
// in DATA1. The _rtn forms return the old value.
template <AtomicOp Op, bool Is64, bool Rtn>
Flow ds_atomic(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in), size = Is64 ? 8 : 4;
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t a = lane_addr(w, in, i) + off;
    uint64_t d0 = vgpr_value(w, in.src[1].reg, i, Is64), d1 = vgpr_value(w, in.src[2].reg, i, Is64);
    uint64_t data = d0, cmp = 0;
    if (Op == AtomicOp::CmpSwap) data = d1, cmp = d0;
    if (Op == AtomicOp::MskOr) data = d1, cmp = d0;
    uint64_t old = 0;
    lds_read(w, a, &old, size);
    uint64_t next = atomic_result(Op, old, data, cmp, Is64);
    lds_write(w, a, &next, size);
    if (Rtn) set_vgpr_value(w, in.vdst, i, old, Is64);
  }
  return Flow::Next;
}

// Float atomics (min/max/add) compare and add as floats.
template <int Kind, bool Rtn>
Flow ds_atomic_f32(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    uint32_t a = lane_addr(w, in, i) + off;
    float d = as_f32(w.vgpr[in.src[1].reg & 255][i]);
    uint32_t old = 0;
    lds_read(w, a, &old, 4);
    float o = as_f32(old);
    float n = Kind == 0 ? o + d : Kind == 1 ? hw_min(o, d, true) : hw_max(o, d, true);
    uint32_t nb = as_u32(n);
    lds_write(w, a, &nb, 4);
    if (Rtn) w.vgpr[in.vdst & 255][i] = old;
  }
  return Flow::Next;
}

// Lane i reads lane (address + offset) / 4 (modulo the wave size) of DATA0; inactive source lanes give 0.
Flow ds_bpermute(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  uint32_t r[kLanes];
  const uint32_t* data = w.vgpr[in.src[1].reg & 255];
  for (int i = 0; i < kLanes; ++i) {
    uint32_t src = ((lane_addr(w, in, i) + off) >> 2) & (w.lanes - 1);
    r[i] = (e >> src) & 1 ? data[src] : 0;
  }
  store32(w, in.vdst, r, e);
  return Flow::Next;
}

// Lane i writes its DATA0 to lane (address + offset) / 4; lanes nobody writes get 0.
Flow ds_permute(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  uint32_t r[kLanes] = {};
  const uint32_t* data = w.vgpr[in.src[1].reg & 255];
  for (int i = 0; i < kLanes; ++i)
    if ((e >> i) & 1) r[((lane_addr(w, in, i) + off) >> 2) & (w.lanes - 1)] = data[i];
  store32(w, in.vdst, r, e);
  return Flow::Next;
}

// OFFSET[15] = 1: quad permute, lane j of each quad reads quad lane OFFSET[2j+1:2j]. Otherwise bit masks within
// 32-lane halves: and OFFSET[4:0], or OFFSET[9:5], xor OFFSET[14:10].
Flow ds_swizzle(W& w, const I& in) {
  uint64_t e = w.exec();
  uint32_t off = offset16(in);
  uint32_t r[kLanes];
  const uint32_t* data = w.vgpr[in.src[0].reg & 255];
  for (int i = 0; i < kLanes; ++i) {
    int src;
    if (off & 0x8000) {
      src = (i & ~3) | ((off >> (2 * (i & 3))) & 3);
    } else {
      int and_m = off & 0x1F, or_m = (off >> 5) & 0x1F, xor_m = (off >> 10) & 0x1F;
      src = (i & 32) | ((((i & 31) & and_m) | or_m) ^ xor_m);
    }
    r[i] = (e >> src) & 1 ? data[src] : 0;
  }
  store32(w, in.vdst, r, e);
  return Flow::Next;
}

Flow ds_nop(W&, const I&) { return Flow::Next; }

#define DS_ATOMIC(NAME, OP)                                                                                  \
  {"ds_" NAME "_u32", ds_atomic<AtomicOp::OP, false, false>}, {"ds_" NAME "_rtn_u32", ds_atomic<AtomicOp::OP, false, true>}, \
      {"ds_" NAME "_u64", ds_atomic<AtomicOp::OP, true, false>}, {"ds_" NAME "_rtn_u64", ds_atomic<AtomicOp::OP, true, true>}
#define DS_ATOMIC_T(NAME, T, OP)                                                                            \
  {"ds_" NAME "_" T "32", ds_atomic<AtomicOp::OP, false, false>},                                          \
      {"ds_" NAME "_rtn_" T "32", ds_atomic<AtomicOp::OP, false, true>},                                  \
      {"ds_" NAME "_" T "64", ds_atomic<AtomicOp::OP, true, false>}, {"ds_" NAME "_rtn_" T "64", ds_atomic<AtomicOp::OP, true, true>}

const HandlerDef kDefs[] = {
    DS_ATOMIC("add", Add),
    DS_ATOMIC("sub", Sub),
    DS_ATOMIC("rsub", RSub),
    DS_ATOMIC("inc", Inc),
    DS_ATOMIC("dec", Dec),
    DS_ATOMIC_T("min", "i", SMin),
    DS_ATOMIC_T("max", "i", SMax),
    DS_ATOMIC_T("min", "u", UMin),
    DS_ATOMIC_T("max", "u", UMax),
    DS_ATOMIC_T("and", "b", And),
    DS_ATOMIC_T("or", "b", Or),
    DS_ATOMIC_T("xor", "b", Xor),
    DS_ATOMIC_T("mskor", "b", MskOr),
    DS_ATOMIC_T("cmpst", "b", CmpSwap),
    {"ds_wrxchg_rtn_b32", ds_atomic<AtomicOp::Swap, false, true>},
    {"ds_wrxchg_rtn_b64", ds_atomic<AtomicOp::Swap, true, true>},
    {"ds_add_f32", ds_atomic_f32<0, false>},
    {"ds_add_rtn_f32", ds_atomic_f32<0, true>},
    {"ds_min_f32", ds_atomic_f32<1, false>},
    {"ds_min_rtn_f32", ds_atomic_f32<1, true>},
    {"ds_max_f32", ds_atomic_f32<2, false>},
    {"ds_max_rtn_f32", ds_atomic_f32<2, true>},
    {"ds_write_b8", ds_write_small<1, false>},
    {"ds_write_b16", ds_write_small<2, false>},
    {"ds_write_b8_d16_hi", ds_write_small<1, true>},
    {"ds_write_b16_d16_hi", ds_write_small<2, true>},
    {"ds_write_b32", ds_write<4>},
    {"ds_write_b64", ds_write<8>},
    {"ds_write_b96", ds_write<12>},
    {"ds_write_b128", ds_write<16>},
    {"ds_write2_b32", ds_write2<false, false>},
    {"ds_write2st64_b32", ds_write2<false, true>},
    {"ds_write2_b64", ds_write2<true, false>},
    {"ds_write2st64_b64", ds_write2<true, true>},
    {"ds_read_b32", ds_read<4>},
    {"ds_read_b64", ds_read<8>},
    {"ds_read_b96", ds_read<12>},
    {"ds_read_b128", ds_read<16>},
    {"ds_read_i8", ds_read_small<1, true, 0>},
    {"ds_read_u8", ds_read_small<1, false, 0>},
    {"ds_read_i16", ds_read_small<2, true, 0>},
    {"ds_read_u16", ds_read_small<2, false, 0>},
    {"ds_read_u8_d16", ds_read_small<1, false, 1>},
    {"ds_read_u8_d16_hi", ds_read_small<1, false, 2>},
    {"ds_read_i8_d16", ds_read_small<1, true, 1>},
    {"ds_read_i8_d16_hi", ds_read_small<1, true, 2>},
    {"ds_read_u16_d16", ds_read_small<2, false, 1>},
    {"ds_read_u16_d16_hi", ds_read_small<2, false, 2>},
    {"ds_read2_b32", ds_read2<false, false>},
    {"ds_read2st64_b32", ds_read2<false, true>},
    {"ds_read2_b64", ds_read2<true, false>},
    {"ds_read2st64_b64", ds_read2<true, true>},
    {"ds_swizzle_b32", ds_swizzle},
    {"ds_permute_b32", ds_permute},
    {"ds_bpermute_b32", ds_bpermute},
    {"ds_nop", ds_nop},
};

#undef DS_ATOMIC
#undef DS_ATOMIC_T

}  // namespace

std::span<const HandlerDef> ds_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
