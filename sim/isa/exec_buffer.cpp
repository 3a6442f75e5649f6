// MUBUF and MTBUF: memory through a buffer resource (V#). Addresses follow the gfx9 / gfx10.3 rules: index/offset VGPRs
// per IDXEN/OFFEN, ADD_TID, the swizzled layout scratch uses, and NUM_RECORDS bounds (out-of-range loads read
// zero, out-of-range stores are dropped). Format loads/stores convert through the 32-bit per-component formats.
#include <algorithm>
#include <bit>
#include <cstring>

#include "sim/isa/buffer_resource.h"
#include "sim/isa/context.h"
#include "sim/isa/memory.h"
#include "sim/isa/operands.h"

namespace sporkle::sim::isa {

namespace {

using W = Wave;
using I = DecodedInst;

// Per-lane addresses; lanes out of bounds are removed from mask. Multi-dword accesses of a swizzled buffer are
// split per element by the caller (see element_addresses).
struct BufferAccess {
  BufferResource rsrc;
  uint64_t addr[kLanes];
  uint64_t mask;
};

// Byte offset from base + soffset of (index, offset) in the swizzled layout.
uint64_t swizzled(const BufferResource& r, uint32_t index, uint32_t offset) {
  uint32_t index_msb = index / r.index_stride, index_lsb = index % r.index_stride;
  uint32_t offset_msb = offset / r.element_size, offset_lsb = offset % r.element_size;
  return (uint64_t(index_msb) * r.stride + uint64_t(offset_msb) * r.element_size) * r.index_stride +
         uint64_t(index_lsb) * r.element_size + offset_lsb;
}

// Address of byte `extra` of each lane's access.
void addresses(const W& w, const I& in, const BufferResource& r, uint32_t bytes, uint32_t extra, BufferAccess& a) {
  uint64_t e = w.exec();
  uint64_t soffset = scalar32(w, in.src[2]);
  bool idxen = in.flags & kFlagIdxen, offen = in.flags & kFlagOffen;
  const uint32_t* vidx = idxen ? w.vgpr[in.src[0].reg & 255] : nullptr;
  const uint32_t* voff = offen ? w.vgpr[(in.src[0].reg + (idxen ? 1 : 0)) & 255] : nullptr;
  a.rsrc = r;
  a.mask = 0;
  for (uint64_t m = e; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    uint32_t index = (vidx ? vidx[i] : 0) + (r.add_tid ? uint32_t(i) : 0);
    uint32_t offset = uint32_t(in.imm) + (voff ? voff[i] : 0) + extra;
    uint64_t swz = r.swizzle ? swizzled(r, index, offset) : 0;
    if (!r.in_range(index, offset, bytes, swz)) continue;
    a.addr[i] = r.swizzle ? r.base + soffset + swz : r.base + soffset + uint64_t(index) * r.stride + offset;
    a.mask |= 1ull << i;
  }
}

BufferResource resource(const W& w, const I& in) { return BufferResource::from(&w.sgpr[in.sdst & 124], w.gfx); }

// A linear (unswizzled) access of whole dwords whose first and last dwords are in range for every lane, without
// the offset wrapping between them, has every dword in range (each OOB_SELECT check grows with the offset) at
// consecutive addresses: it goes VGPRs <-> memory in one pass when the lanes share a mapping. False: not done.
template <MemOp Op>
bool buffer_direct(W& w, const I& in, const BufferResource& r, uint64_t e) {
  BufferAccess first, last;
  addresses(w, in, r, 4, 0, first);
  if (first.mask != e) return false;
  if (Op.bytes > 4) {
    addresses(w, in, r, 4, Op.bytes - 4, last);
    if (last.mask != e) return false;
    for (uint64_t m = e; m; m &= m - 1) {
      const int i = std::countr_zero(m);
      if (last.addr[i] - first.addr[i] != Op.bytes - 4) return false;
    }
  }
  return Op.kind == MemKind::Store ? store_direct(w, first.addr, e, Op.bytes, in.vdst)
                                   : load_direct(w, first.addr, e, Op.bytes, in.vdst);
}

// Otherwise loads and stores go element by element (4 bytes, or the access size if smaller) so swizzled layouts
// and per-element bounds work for multi-dword accesses.
template <MemOp Op>
Flow buffer_mem(W& w, const I& in) {
  BufferResource r = resource(w, in);
  uint32_t elem = Op.bytes < 4 ? Op.bytes : 4;
  uint64_t e = w.exec();
  if constexpr (Op.bytes % 4 == 0) {
    if (!r.swizzle && buffer_direct<Op>(w, in, r, e)) return Flow::Next;
  }
  BufferAccess a;
  LaneData data;
  if (Op.kind == MemKind::Store) {
    gather_vgprs(w, in.vdst, Op.bytes, e, data);
    if (Op.d16 == 2)
      for (int i = 0; i < kLanes; ++i) std::memmove(data.b[i], data.b[i] + 2, 2);
  } else {
    std::memset(&data, 0, sizeof data);
  }
  for (uint32_t off = 0; off < Op.bytes; off += elem) {
    addresses(w, in, r, elem, off, a);
    LaneData part;
    if (Op.kind == MemKind::Store) {
      for (int i = 0; i < kLanes; ++i) std::memcpy(part.b[i], data.b[i] + off, elem);
      if (auto f = write_lanes(w, a.addr, a.mask, elem, part)) return vm_fault(w, *f);
    } else {
      if (auto f = read_lanes(w, a.addr, a.mask, elem, part)) return vm_fault(w, *f);
      for (int i = 0; i < kLanes; ++i)
        if ((a.mask >> i) & 1) std::memcpy(data.b[i] + off, part.b[i], elem);
    }
  }
  if (Op.kind == MemKind::Load) scatter_vgprs(w, in.vdst, Op.bytes, e, data, Op.sign, Op.d16);
  return Flow::Next;
}

// Atomics: VDATA holds the operand (cmpswap: {new, compare}); with GLC the pre-op value comes back in VDATA.
template <auto A, bool Is64>  // AtomicOp, or FloatAtomicOp (atomic_float.cpp)
Flow buffer_atomic(W& w, const I& in) {
  BufferResource r = resource(w, in);
  uint32_t size = Is64 ? 8 : 4;
  BufferAccess a;
  addresses(w, in, r, size, 0, a);
  uint64_t e = w.exec();
  bool rtn = in.flags & kFlagGlc;
  int n = Is64 ? 2 : 1;
  for (int i = 0; i < kLanes; ++i) {
    if (!((e >> i) & 1)) continue;
    auto reg = [&](int k) { return uint64_t(w.vgpr[(in.vdst + k) & 255][i]); };
    uint64_t data = Is64 ? reg(0) | reg(1) << 32 : reg(0);
    uint64_t cmp = has_compare(A) ? (Is64 ? reg(2) | reg(3) << 32 : reg(1)) : 0;
    uint64_t old = 0;
    if ((a.mask >> i) & 1) {
      if (auto f = atomic_at(w, a.addr[i], A, Is64, data, cmp, old)) return vm_fault(w, *f);
    }
    if (rtn)
      for (int k = 0; k < n; ++k) w.vgpr[(in.vdst + k) & 255][i] = uint32_t(old >> (32 * k));
  }
  return Flow::Next;
}

// Components per DATA_FORMAT for the 32-bit formats; 0 for formats the simulator does not convert.
int format_components(uint32_t dfmt) {
  switch (dfmt) {
    case 4: return 1;   // 32
    case 11: return 2;  // 32_32
    case 13: return 3;  // 32_32_32
    case 14: return 4;  // 32_32_32_32
    default: return 0;
  }
}
// NUM_FORMAT UINT 4, SINT 5, FLOAT 7: 32-bit components pass through unchanged.
bool identity_num_format(uint32_t nfmt) { return nfmt == 4 || nfmt == 5 || nfmt == 7; }

template <int Count, bool Store, bool Typed>
Flow buffer_format(W& w, const I& in) {
  BufferResource r = resource(w, in);
  uint32_t dfmt = Typed ? (in.imm2 & 0xF) : r.data_format;
  uint32_t nfmt = Typed ? (in.imm2 >> 4) : r.num_format;
  int comps = format_components(dfmt);
  if (comps == 0 || !identity_num_format(nfmt)) return illegal(w, in, "buffer data format not implemented");
  uint64_t e = w.exec();
  int n = std::min(comps, Count);
  if (Store) {
    LaneData data;
    gather_vgprs(w, in.vdst, 4 * n, e, data);
    BufferAccess a;
    for (int c = 0; c < n; ++c) {
      addresses(w, in, r, 4, 4 * c, a);
      LaneData part;
      for (int i = 0; i < kLanes; ++i) std::memcpy(part.b[i], data.b[i] + 4 * c, 4);
      if (auto f = write_lanes(w, a.addr, a.mask, 4, part)) return vm_fault(w, *f);
    }
    return Flow::Next;
  }
  // Load the format's components (missing ones are 0, W defaults to 1), then apply DST_SEL (typed loads use
  // the identity selection).
  uint32_t comp[4][kLanes] = {};
  uint32_t one = nfmt == 7 ? 0x3F800000u : 1u;
  for (int i = 0; i < kLanes; ++i) comp[3][i] = one;
  BufferAccess a;
  for (int c = 0; c < comps; ++c) {
    addresses(w, in, r, 4, 4 * c, a);
    LaneData part;
    if (auto f = read_lanes(w, a.addr, a.mask, 4, part)) return vm_fault(w, *f);
    for (int i = 0; i < kLanes; ++i) {
      uint32_t v = 0;
      if ((a.mask >> i) & 1) std::memcpy(&v, part.b[i], 4);
      comp[c][i] = v;
    }
  }
  for (int c = 0; c < Count; ++c) {
    uint32_t sel = Typed ? 4 + c : r.dst_sel[c];
    uint32_t* d = w.vgpr[(in.vdst + c) & 255];
    for (int i = 0; i < kLanes; ++i) {
      if (!((e >> i) & 1)) continue;
      d[i] = sel >= 4 ? comp[sel - 4][i] : sel == 1 ? one : 0;
    }
  }
  return Flow::Next;
}

Flow cache_op(W&, const I&) { return Flow::Next; }

constexpr MemOp load(uint8_t bytes, bool sign = false, uint8_t d16 = 0) { return {MemKind::Load, bytes, sign, d16}; }
constexpr MemOp store(uint8_t bytes, uint8_t d16 = 0) { return {MemKind::Store, bytes, false, d16}; }

#define BUF_ATOMIC(NAME, OP) \
  {"buffer_atomic_" NAME, buffer_atomic<AtomicOp::OP, false>}, {"buffer_atomic_" NAME "_x2", buffer_atomic<AtomicOp::OP, true>}

const HandlerDef kDefs[] = {
    {"buffer_load_ubyte", buffer_mem<load(1)>},
    {"buffer_load_sbyte", buffer_mem<load(1, true)>},
    {"buffer_load_ushort", buffer_mem<load(2)>},
    {"buffer_load_sshort", buffer_mem<load(2, true)>},
    {"buffer_load_dword", buffer_mem<load(4)>},
    {"buffer_load_dwordx2", buffer_mem<load(8)>},
    {"buffer_load_dwordx3", buffer_mem<load(12)>},
    {"buffer_load_dwordx4", buffer_mem<load(16)>},
    {"buffer_load_ubyte_d16", buffer_mem<load(1, false, 1)>},
    {"buffer_load_ubyte_d16_hi", buffer_mem<load(1, false, 2)>},
    {"buffer_load_sbyte_d16", buffer_mem<load(1, true, 1)>},
    {"buffer_load_sbyte_d16_hi", buffer_mem<load(1, true, 2)>},
    {"buffer_load_short_d16", buffer_mem<load(2, false, 1)>},
    {"buffer_load_short_d16_hi", buffer_mem<load(2, false, 2)>},
    {"buffer_store_byte", buffer_mem<store(1)>},
    {"buffer_store_byte_d16_hi", buffer_mem<store(1, 2)>},
    {"buffer_store_short", buffer_mem<store(2)>},
    {"buffer_store_short_d16_hi", buffer_mem<store(2, 2)>},
    {"buffer_store_dword", buffer_mem<store(4)>},
    {"buffer_store_dwordx2", buffer_mem<store(8)>},
    {"buffer_store_dwordx3", buffer_mem<store(12)>},
    {"buffer_store_dwordx4", buffer_mem<store(16)>},
    {"buffer_load_format_x", buffer_format<1, false, false>},
    {"buffer_load_format_xy", buffer_format<2, false, false>},
    {"buffer_load_format_xyz", buffer_format<3, false, false>},
    {"buffer_load_format_xyzw", buffer_format<4, false, false>},
    {"buffer_store_format_x", buffer_format<1, true, false>},
    {"buffer_store_format_xy", buffer_format<2, true, false>},
    {"buffer_store_format_xyz", buffer_format<3, true, false>},
    {"buffer_store_format_xyzw", buffer_format<4, true, false>},
    {"tbuffer_load_format_x", buffer_format<1, false, true>},
    {"tbuffer_load_format_xy", buffer_format<2, false, true>},
    {"tbuffer_load_format_xyz", buffer_format<3, false, true>},
    {"tbuffer_load_format_xyzw", buffer_format<4, false, true>},
    {"tbuffer_store_format_x", buffer_format<1, true, true>},
    {"tbuffer_store_format_xy", buffer_format<2, true, true>},
    {"tbuffer_store_format_xyz", buffer_format<3, true, true>},
    {"tbuffer_store_format_xyzw", buffer_format<4, true, true>},
    BUF_ATOMIC("swap", Swap),
    BUF_ATOMIC("cmpswap", CmpSwap),
    BUF_ATOMIC("add", Add),
    BUF_ATOMIC("sub", Sub),
    BUF_ATOMIC("smin", SMin),
    BUF_ATOMIC("umin", UMin),
    BUF_ATOMIC("smax", SMax),
    BUF_ATOMIC("umax", UMax),
    BUF_ATOMIC("and", And),
    BUF_ATOMIC("or", Or),
    BUF_ATOMIC("xor", Xor),
    BUF_ATOMIC("inc", Inc),
    BUF_ATOMIC("dec", Dec),
    {"buffer_atomic_fcmpswap", buffer_atomic<FloatAtomicOp::CmpSwap, false>},
    {"buffer_atomic_fcmpswap_x2", buffer_atomic<FloatAtomicOp::CmpSwap, true>},
    {"buffer_atomic_fmin", buffer_atomic<FloatAtomicOp::Min, false>},
    {"buffer_atomic_fmin_x2", buffer_atomic<FloatAtomicOp::Min, true>},
    {"buffer_atomic_fmax", buffer_atomic<FloatAtomicOp::Max, false>},
    {"buffer_atomic_fmax_x2", buffer_atomic<FloatAtomicOp::Max, true>},
    {"buffer_wbinvl1", cache_op},
    {"buffer_wbinvl1_vol", cache_op},
    {"buffer_gl0_inv", cache_op},
    {"buffer_gl1_inv", cache_op},
};

#undef BUF_ATOMIC

}  // namespace

std::span<const HandlerDef> buffer_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
