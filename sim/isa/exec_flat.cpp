// FLAT, GLOBAL and SCRATCH. Global addresses are a 64-bit VGPR pair, or an SGPR pair plus a 32-bit VGPR offset,
// plus the signed instruction offset. FLAT addresses in the shared aperture go to LDS and those in the private
// aperture to the wave's scratch; scratch is swizzled per lane in dwords (FLAT_SCRATCH holds the wave's base).
#include <bit>
#include <cstring>

#include "sim/isa/context.h"
#include "sim/isa/memory.h"
#include "sim/isa/operands.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa {

namespace {

using W = Wave;
using I = DecodedInst;
using spec::isa::Encoding;

constexpr uint64_t kApertureMask = ~0xFFFFFFFFull;

struct FlatAccess {
  uint64_t addr[kLanes];  // VA (global, private after swizzling per dword) or LDS offset
  uint64_t global_mask = 0, lds_mask = 0, private_mask = 0;
};

// Swizzled scratch: dword d of lane i at base + (d * wave size + i) * 4 (4-byte elements). FLAT_SCRATCH is SGPRs
// 102/103 on gfx9 and a hardware register on gfx10.
uint64_t private_va(const W& w, uint32_t offset, int lane) {
  uint64_t base = w.gfx == spec::GfxLevel::Gfx9 ? w.sgpr64(spec::isa::gfx9::src::FLAT_SCRATCH_LO) : w.flat_scratch;
  return base + (uint64_t(offset / 4) * w.lanes + lane) * 4 + offset % 4;
}

// Addresses are computed for every lane of the wave (branch-free, so the loops vectorize, with AVX2 where the host
// has it); only the lanes in the masks are used.
__attribute__((target_clones("avx2", "default"))) void flat_addresses(const W& w, const I& in, FlatAccess& a) {
  const uint64_t e = w.exec();
  const int n = w.lanes;
  const uint32_t* v0 = w.vgpr[in.src[0].reg & 255];
  const bool saddr = in.src[2].kind == OperandKind::Sgpr;
  if (in.enc == Encoding::SCRATCH) {
    if (saddr) {
      const uint64_t off = uint32_t(w.sgpr[in.src[2].reg & kSgprMask] + in.imm);
      for (int i = 0; i < n; ++i) a.addr[i] = off;
    } else {
      for (int i = 0; i < n; ++i) a.addr[i] = uint32_t(v0[i] + in.imm);
    }
    a.private_mask = e;
    return;
  }
  if (saddr) {
    const uint64_t base = w.sgpr64(in.src[2].reg) + int64_t(in.imm);
    for (int i = 0; i < n; ++i) a.addr[i] = base + v0[i];
  } else {
    const uint32_t* v1 = w.vgpr[(in.src[0].reg + 1) & 255];
    const uint64_t imm = uint64_t(int64_t(in.imm));
    for (int i = 0; i < n; ++i) a.addr[i] = (v0[i] | uint64_t(v1[i]) << 32) + imm;
  }
  if (in.enc != Encoding::FLAT) {
    a.global_mask = e;
    return;
  }
  const Apertures& ap = w.wg->apertures;
  const uint64_t shared = ap.shared_base & kApertureMask, priv = ap.private_base & kApertureMask;
  uint64_t lds = 0, prv = 0;
  for (int i = 0; i < n; ++i) {
    const uint64_t hi = a.addr[i] & kApertureMask;
    lds |= uint64_t(hi == shared) << i;
    prv |= uint64_t(hi != shared && hi == priv) << i;
  }
  a.lds_mask = lds & e;
  a.private_mask = prv & e;
  a.global_mask = e & ~(lds | prv);
  for (uint64_t m = a.lds_mask | a.private_mask; m; m &= m - 1) a.addr[std::countr_zero(m)] &= 0xFFFFFFFFull;
}

// LDS and private accesses go lane by lane, dword by dword.
bool access_lds(W& w, uint32_t off, uint8_t* data, uint32_t bytes, bool store) {
  if (uint64_t(off) + bytes > w.wg->lds_size) {
    if (!store) std::memset(data, 0, bytes);
    return true;
  }
  if (store) std::memcpy(w.wg->lds + off, data, bytes);
  else std::memcpy(data, w.wg->lds + off, bytes);
  return true;
}

std::optional<gpu::Fault> access_private(W& w, uint32_t off, int lane, uint8_t* data, uint32_t bytes, bool store) {
  for (uint32_t done = 0; done < bytes;) {
    uint32_t o = off + done;
    uint32_t n = std::min(bytes - done, 4 - o % 4);
    uint64_t va = private_va(w, o, lane);
    auto f = store ? w.wg->vm->write(va, data + done, n, gpu::Unit::Shader)
                   : w.wg->vm->read(va, data + done, n, gpu::Unit::Shader);
    if (f) return f;
    done += n;
  }
  return std::nullopt;
}

// GLOBAL with an SGPR base whose active lanes are 0..n-1 with VGPR offsets stepping by the access size: the wave
// touches one block, checked against its mapping as a whole (no per-lane addresses). False when the lanes are
// not such a block or the block is not inside one mapping: the per-lane path then decides (and faults).
template <MemOp Op>
bool global_block(W& w, const I& in) {
  if (in.enc != Encoding::GLOBAL || in.src[2].kind != OperandKind::Sgpr) return false;
  const int n = dense_lanes(w.exec());
  const uint32_t* off = w.vgpr[in.src[0].reg & 255];
  if (n == 0 || !consecutive_offsets(off, n, Op.bytes)) return false;
  const uint64_t va = w.sgpr64(in.src[2].reg) + int64_t(in.imm) + off[0];
  return Op.kind == MemKind::Store ? store_block(w, va, n, Op.bytes, in.src[1].reg)
                                   : load_block(w, va, n, Op.bytes, in.vdst);
}

template <MemOp Op>
Flow flat_mem(W& w, const I& in) {
  if constexpr (Op.bytes % 4 == 0 && Op.d16 == 0)
    if (global_block<Op>(w, in)) return Flow::Next;
  FlatAccess a;
  flat_addresses(w, in, a);
  const uint64_t e = w.exec();
  constexpr bool store = Op.kind == MemKind::Store;
  // Whole dwords to global memory only: VGPRs <-> memory in one pass when the lanes share a mapping.
  if constexpr (Op.bytes % 4 == 0) {
    if (a.global_mask == e &&
        (store ? store_direct(w, a.addr, e, Op.bytes, in.src[1].reg) : load_direct(w, a.addr, e, Op.bytes, in.vdst)))
      return Flow::Next;
  }
  LaneData data;
  if (store) {
    gather_vgprs(w, in.src[1].reg, Op.bytes, e, data);
    if (Op.d16 == 2)
      for (uint64_t m = e; m; m &= m - 1) {
        uint8_t* lane = data.b[std::countr_zero(m)];
        std::memmove(lane, lane + 2, 2);
      }
    if (auto f = write_lanes(w, a.addr, a.global_mask, Op.bytes, data)) return vm_fault(w, *f);
  } else {
    if (auto f = read_lanes(w, a.addr, a.global_mask, Op.bytes, data)) return vm_fault(w, *f);
  }
  for (uint64_t m = a.lds_mask | a.private_mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    if ((a.lds_mask >> i) & 1) {
      access_lds(w, uint32_t(a.addr[i]), data.b[i], Op.bytes, store);
    } else if (auto f = access_private(w, uint32_t(a.addr[i]), i, data.b[i], Op.bytes, store)) {
      return vm_fault(w, *f);
    }
  }
  if (!store) scatter_vgprs(w, in.vdst, Op.bytes, e, data, Op.sign, Op.d16);
  return Flow::Next;
}

// DATA holds the operand (cmpswap: {new, compare}); with GLC the old value is returned to VDST.
template <auto A, bool Is64>  // AtomicOp, or FloatAtomicOp (atomic_float.cpp)
Flow flat_atomic(W& w, const I& in) {
  FlatAccess a;
  flat_addresses(w, in, a);
  uint64_t e = w.exec();
  bool rtn = in.flags & kFlagGlc;
  uint32_t size = Is64 ? 8 : 4;
  for (uint64_t m = e; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    auto reg = [&](int k) { return uint64_t(w.vgpr[(in.src[1].reg + k) & 255][i]); };
    uint64_t data = Is64 ? reg(0) | reg(1) << 32 : reg(0);
    uint64_t cmp = has_compare(A) ? (Is64 ? reg(2) | reg(3) << 32 : reg(1)) : 0;
    uint64_t old = 0;
    const bool lds = (a.lds_mask >> i) & 1;
    if ((a.global_mask >> i) & 1) {
      if (auto f = atomic_at(w, a.addr[i], A, Is64, data, cmp, old)) return vm_fault(w, *f);
    } else {
      uint8_t buf[8] = {};
      if (lds) {
        access_lds(w, uint32_t(a.addr[i]), buf, size, false);
      } else if (auto f = access_private(w, uint32_t(a.addr[i]), i, buf, size, false)) {
        return vm_fault(w, *f);
      }
      std::memcpy(&old, buf, size);
      uint64_t next = atomic_result(w, A, old, data, cmp, Is64);
      std::memcpy(buf, &next, size);
      if (lds) {
        access_lds(w, uint32_t(a.addr[i]), buf, size, true);
      } else if (auto f = access_private(w, uint32_t(a.addr[i]), i, buf, size, true)) {
        return vm_fault(w, *f);
      }
    }
    if (rtn) {
      w.vgpr[in.vdst & 255][i] = uint32_t(old);
      if (Is64) w.vgpr[(in.vdst + 1) & 255][i] = uint32_t(old >> 32);
    }
  }
  return Flow::Next;
}

constexpr MemOp load(uint8_t bytes, bool sign = false, uint8_t d16 = 0) { return {MemKind::Load, bytes, sign, d16}; }
constexpr MemOp store(uint8_t bytes, uint8_t d16 = 0) { return {MemKind::Store, bytes, false, d16}; }

#define FLAT_MEM(P)                                                                                                  \
  {P "load_ubyte", flat_mem<load(1)>}, {P "load_sbyte", flat_mem<load(1, true)>}, {P "load_ushort", flat_mem<load(2)>}, \
      {P "load_sshort", flat_mem<load(2, true)>}, {P "load_dword", flat_mem<load(4)>},                              \
      {P "load_dwordx2", flat_mem<load(8)>}, {P "load_dwordx3", flat_mem<load(12)>},                                \
      {P "load_dwordx4", flat_mem<load(16)>}, {P "load_ubyte_d16", flat_mem<load(1, false, 1)>},                    \
      {P "load_ubyte_d16_hi", flat_mem<load(1, false, 2)>}, {P "load_sbyte_d16", flat_mem<load(1, true, 1)>},       \
      {P "load_sbyte_d16_hi", flat_mem<load(1, true, 2)>}, {P "load_short_d16", flat_mem<load(2, false, 1)>},       \
      {P "load_short_d16_hi", flat_mem<load(2, false, 2)>}, {P "store_byte", flat_mem<store(1)>},                   \
      {P "store_byte_d16_hi", flat_mem<store(1, 2)>}, {P "store_short", flat_mem<store(2)>},                        \
      {P "store_short_d16_hi", flat_mem<store(2, 2)>}, {P "store_dword", flat_mem<store(4)>},                       \
      {P "store_dwordx2", flat_mem<store(8)>}, {P "store_dwordx3", flat_mem<store(12)>},                            \
      {P "store_dwordx4", flat_mem<store(16)>}
#define FLAT_ATOMIC(P, NAME, OP) \
  {P "atomic_" NAME, flat_atomic<AtomicOp::OP, false>}, {P "atomic_" NAME "_x2", flat_atomic<AtomicOp::OP, true>}
#define FLAT_FLOAT_ATOMIC(P, NAME, OP)                   \
  {P "atomic_" NAME, flat_atomic<FloatAtomicOp::OP, false>}, \
      {P "atomic_" NAME "_x2", flat_atomic<FloatAtomicOp::OP, true>}
#define FLAT_ATOMICS(P)                                                                                      \
  FLAT_ATOMIC(P, "swap", Swap), FLAT_ATOMIC(P, "cmpswap", CmpSwap), FLAT_ATOMIC(P, "add", Add),               \
      FLAT_ATOMIC(P, "sub", Sub), FLAT_ATOMIC(P, "smin", SMin), FLAT_ATOMIC(P, "umin", UMin),                 \
      FLAT_ATOMIC(P, "smax", SMax), FLAT_ATOMIC(P, "umax", UMax), FLAT_ATOMIC(P, "and", And),                 \
      FLAT_ATOMIC(P, "or", Or), FLAT_ATOMIC(P, "xor", Xor), FLAT_ATOMIC(P, "inc", Inc), FLAT_ATOMIC(P, "dec", Dec), \
      FLAT_FLOAT_ATOMIC(P, "fcmpswap", CmpSwap), FLAT_FLOAT_ATOMIC(P, "fmin", Min), FLAT_FLOAT_ATOMIC(P, "fmax", Max)

const HandlerDef kDefs[] = {
    FLAT_MEM("flat_"), FLAT_MEM("global_"), FLAT_MEM("scratch_"), FLAT_ATOMICS("flat_"), FLAT_ATOMICS("global_"),
};

#undef FLAT_MEM
#undef FLAT_ATOMIC
#undef FLAT_ATOMICS
#undef FLAT_FLOAT_ATOMIC

}  // namespace

std::span<const HandlerDef> flat_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
