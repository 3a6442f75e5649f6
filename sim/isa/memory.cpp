#include "sim/isa/memory.h"

#include <atomic>
#include <bit>
#include <cstring>

#include "sim/isa/context.h"

namespace sporkle::sim::isa {

namespace {

using Span = gpu::Vm::DirectSpan;

uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
void store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }

// One lane's data: the sizes vector memory uses become a few moves instead of a library call.
void copy_lane(uint8_t* dst, const uint8_t* src, uint32_t bytes) {
  switch (bytes) {
    case 1: std::memcpy(dst, src, 1); return;
    case 2: std::memcpy(dst, src, 2); return;
    case 4: std::memcpy(dst, src, 4); return;
    case 8: std::memcpy(dst, src, 8); return;
    case 12: std::memcpy(dst, src, 12); return;
    case 16: std::memcpy(dst, src, 16); return;
    default: std::memcpy(dst, src, bytes);
  }
}

// Lanes 0..n-1 all set (and no others): loops over them need no per-lane test.
bool dense(uint64_t mask) { return (mask & (mask + 1)) == 0; }
int lane_end(uint64_t mask) { return 64 - std::countl_zero(mask); }

// OR of (addr[i] - addr[i-1]) ^ bytes over lanes 1..n-1: zero when the lanes form one block. Differences of
// neighbours (not products of i) vectorize, twice as wide where the host has AVX2.
__attribute__((target_clones("avx2", "default"))) uint64_t neighbour_gaps(const uint64_t* addr, int n,
                                                                          uint64_t bytes) {
  uint64_t gaps = 0;
  for (int i = 1; i < n; ++i) gaps |= (addr[i] - addr[i - 1]) ^ bytes;
  return gaps;
}

struct LaneSpan {
  Span span;               // host null: some lane is outside the mapping of the first one, or it refuses the access
  bool contiguous = false;  // dense mask, lane i at addr[0] + i * bytes
  uint8_t* host(uint64_t va) const { return span.host + (va - span.va); }
};

// The mapping that holds va, from the context's cache while the VM has not changed since it was looked up.
Span cached_span(WorkgroupContext& ctx, uint64_t va, uint8_t accesses) {
  CachedSpan& c = ctx.spans[accesses & 3];
  const uint64_t generation = ctx.vm->generation();  // read first: a change during the lookup invalidates it
  if (c.generation == generation && c.span.host && va - c.span.va < c.span.size) return c.span;
  c.span = ctx.vm->direct_span(va, accesses);
  c.generation = generation;
  return c.span;
}

// The host address of [va, va + total) when it lies in one device-memory mapping that permits the access.
uint8_t* block_host(WorkgroupContext& ctx, uint64_t va, uint64_t total, uint8_t accesses) {
  const Span s = cached_span(ctx, va, accesses);
  if (!s.host || s.size < total || va - s.va > s.size - total) return nullptr;
  return s.host + (va - s.va);
}

// One VM lookup for the first active lane, then every lane's [addr, addr + bytes) checked against that mapping.
// A lane below the mapping, past it, or wrapping past 2^64 makes the difference addr - va exceed the limit.
LaneSpan lane_span(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes, uint8_t accesses) {
  LaneSpan r;
  const uint64_t first = addr[std::countr_zero(mask)];
  Span s = cached_span(*w.wg, first, accesses);
  if (!s.host) return r;
  if (dense(mask)) {
    const int n = lane_end(mask);
    if (neighbour_gaps(addr, n, bytes) == 0) {  // one block: its ends decide
      const uint64_t total = uint64_t(n) * bytes;
      if (s.size >= total && first - s.va <= s.size - total) r.span = s, r.contiguous = true;
      return r;
    }
  }
  if (s.size < bytes) return r;
  const uint64_t limit = s.size - bytes;
  bool outside = false;
  for (uint64_t m = mask; m; m &= m - 1) outside |= addr[std::countr_zero(m)] - s.va > limit;
  if (!outside) r.span = s;
  return r;
}

// Whole blocks (lane-major, as memory holds them) to VGPR rows and back: n lanes of D dwords, a transpose. Four
// lanes at a time go through 16-byte vectors: two (dwordx2) or four (dwordx4) lanes' data per vector, unpacked
// into dword k of each lane.
using V4 = uint32_t __attribute__((vector_size(16)));

V4 load_v4(const void* p) {
  V4 v;
  std::memcpy(&v, p, 16);
  return v;
}
void store_v4(void* p, V4 v) { std::memcpy(p, &v, 16); }

// The 4x4 transpose of rows a..d (its own inverse).
[[gnu::always_inline]] inline void transpose4(V4& a, V4& b, V4& c, V4& d) {
  const V4 ab_lo = __builtin_shufflevector(a, b, 0, 4, 1, 5), ab_hi = __builtin_shufflevector(a, b, 2, 6, 3, 7);
  const V4 cd_lo = __builtin_shufflevector(c, d, 0, 4, 1, 5), cd_hi = __builtin_shufflevector(c, d, 2, 6, 3, 7);
  a = __builtin_shufflevector(ab_lo, cd_lo, 0, 1, 4, 5);
  b = __builtin_shufflevector(ab_lo, cd_lo, 2, 3, 6, 7);
  c = __builtin_shufflevector(ab_hi, cd_hi, 0, 1, 4, 5);
  d = __builtin_shufflevector(ab_hi, cd_hi, 2, 3, 6, 7);
}

// dwordx4 eight lanes at a time where the host has AVX2: 32-byte vectors, lanes i..i+3 in the low halves and
// i+4..i+7 in the high ones, transposed within each half. Returns the lanes done (a multiple of 8; none without
// AVX2).
using V8 = uint32_t __attribute__((vector_size(32)));

[[gnu::always_inline]] inline void transpose4_halves(V8& a, V8& b, V8& c, V8& d) {
  const V8 ab_lo = __builtin_shufflevector(a, b, 0, 8, 1, 9, 4, 12, 5, 13);
  const V8 ab_hi = __builtin_shufflevector(a, b, 2, 10, 3, 11, 6, 14, 7, 15);
  const V8 cd_lo = __builtin_shufflevector(c, d, 0, 8, 1, 9, 4, 12, 5, 13);
  const V8 cd_hi = __builtin_shufflevector(c, d, 2, 10, 3, 11, 6, 14, 7, 15);
  a = __builtin_shufflevector(ab_lo, cd_lo, 0, 1, 8, 9, 4, 5, 12, 13);
  b = __builtin_shufflevector(ab_lo, cd_lo, 2, 3, 10, 11, 6, 7, 14, 15);
  c = __builtin_shufflevector(ab_hi, cd_hi, 0, 1, 8, 9, 4, 5, 12, 13);
  d = __builtin_shufflevector(ab_hi, cd_hi, 2, 3, 10, 11, 6, 7, 14, 15);
}

__attribute__((target("avx2"))) int block_to_rows4_wide(uint32_t* const* v, const uint8_t* p, int n) {
  uint32_t *v0 = v[0], *v1 = v[1], *v2 = v[2], *v3 = v[3];
  int i = 0;
  for (; i + 8 <= n; i += 8, p += 128) {
    V8 r[4];
    for (int j = 0; j < 4; ++j)
      r[j] = __builtin_shufflevector(load_v4(p + 16 * j), load_v4(p + 16 * (j + 4)), 0, 1, 2, 3, 4, 5, 6, 7);
    transpose4_halves(r[0], r[1], r[2], r[3]);
    std::memcpy(v0 + i, &r[0], 32), std::memcpy(v1 + i, &r[1], 32), std::memcpy(v2 + i, &r[2], 32),
        std::memcpy(v3 + i, &r[3], 32);
  }
  return i;
}
__attribute__((target("default"))) int block_to_rows4_wide(uint32_t* const*, const uint8_t*, int) { return 0; }

__attribute__((target("avx2"))) int rows_to_block4_wide(const uint32_t* const* v, uint8_t* p, int n) {
  const uint32_t *v0 = v[0], *v1 = v[1], *v2 = v[2], *v3 = v[3];
  int i = 0;
  for (; i + 8 <= n; i += 8, p += 128) {
    V8 r[4];
    std::memcpy(&r[0], v0 + i, 32), std::memcpy(&r[1], v1 + i, 32), std::memcpy(&r[2], v2 + i, 32),
        std::memcpy(&r[3], v3 + i, 32);
    transpose4_halves(r[0], r[1], r[2], r[3]);
    for (int j = 0; j < 4; ++j) {
      store_v4(p + 16 * j, __builtin_shufflevector(r[j], r[j], 0, 1, 2, 3));
      store_v4(p + 16 * (j + 4), __builtin_shufflevector(r[j], r[j], 4, 5, 6, 7));
    }
  }
  return i;
}
__attribute__((target("default"))) int rows_to_block4_wide(const uint32_t* const*, uint8_t*, int) { return 0; }

template <int D>
[[gnu::always_inline]] inline void block_to_rows_of(uint32_t* const* v, const uint8_t* p, int n) {
  int i = 0;
  if constexpr (D == 4) {
    i = block_to_rows4_wide(v, p, n);
    for (; i + 4 <= n; i += 4) {
      V4 a = load_v4(p + 16 * i), b = load_v4(p + 16 * i + 16), c = load_v4(p + 16 * i + 32),
         d = load_v4(p + 16 * i + 48);
      transpose4(a, b, c, d);
      store_v4(v[0] + i, a), store_v4(v[1] + i, b), store_v4(v[2] + i, c), store_v4(v[3] + i, d);
    }
  } else if constexpr (D == 2) {
    for (; i + 4 <= n; i += 4) {
      const V4 a = load_v4(p + 8 * i), b = load_v4(p + 8 * i + 16);
      store_v4(v[0] + i, __builtin_shufflevector(a, b, 0, 2, 4, 6));
      store_v4(v[1] + i, __builtin_shufflevector(a, b, 1, 3, 5, 7));
    }
  }
  for (; i < n; ++i)
    for (int k = 0; k < D; ++k) v[k][i] = load32(p + 4 * (i * D + k));
}
template <int D>
[[gnu::always_inline]] inline void rows_to_block_of(const uint32_t* const* v, uint8_t* p, int n) {
  int i = 0;
  if constexpr (D == 4) {
    i = rows_to_block4_wide(v, p, n);
    for (; i + 4 <= n; i += 4) {
      V4 a = load_v4(v[0] + i), b = load_v4(v[1] + i), c = load_v4(v[2] + i), d = load_v4(v[3] + i);
      transpose4(a, b, c, d);
      store_v4(p + 16 * i, a), store_v4(p + 16 * i + 16, b), store_v4(p + 16 * i + 32, c), store_v4(p + 16 * i + 48, d);
    }
  } else if constexpr (D == 2) {
    for (; i + 4 <= n; i += 4) {
      const V4 a = load_v4(v[0] + i), b = load_v4(v[1] + i);
      store_v4(p + 8 * i, __builtin_shufflevector(a, b, 0, 4, 1, 5));
      store_v4(p + 8 * i + 16, __builtin_shufflevector(a, b, 2, 6, 3, 7));
    }
  }
  for (; i < n; ++i)
    for (int k = 0; k < D; ++k) store32(p + 4 * (i * D + k), v[k][i]);
}
void block_to_rows(uint32_t* const* v, int d, const uint8_t* p, int n) {
  switch (d) {
    case 1: std::memcpy(v[0], p, 4 * size_t(n)); return;
    case 2: return block_to_rows_of<2>(v, p, n);
    case 3: return block_to_rows_of<3>(v, p, n);
    case 4: return block_to_rows_of<4>(v, p, n);
  }
}
void rows_to_block(const uint32_t* const* v, int d, uint8_t* p, int n) {
  switch (d) {
    case 1: std::memcpy(p, v[0], 4 * size_t(n)); return;
    case 2: return rows_to_block_of<2>(v, p, n);
    case 3: return rows_to_block_of<3>(v, p, n);
    case 4: return rows_to_block_of<4>(v, p, n);
  }
}

template <int D>
void load_dwords(Wave& w, const LaneSpan& ls, const uint64_t* addr, uint64_t mask, uint16_t vdst) {
  uint32_t* v[D];
  for (int k = 0; k < D; ++k) v[k] = w.vgpr[(vdst + k) & 255];
  if (ls.contiguous) return block_to_rows(v, D, ls.host(addr[0]), lane_end(mask));
  for (uint64_t m = mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    const uint8_t* p = ls.host(addr[i]);
    for (int k = 0; k < D; ++k) v[k][i] = load32(p + 4 * k);
  }
}

template <int D>
void store_dwords(const Wave& w, const LaneSpan& ls, const uint64_t* addr, uint64_t mask, uint16_t vdata) {
  const uint32_t* v[D];
  for (int k = 0; k < D; ++k) v[k] = w.vgpr[(vdata + k) & 255];
  if (ls.contiguous) return rows_to_block(v, D, ls.host(addr[0]), lane_end(mask));
  for (uint64_t m = mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    uint8_t* p = ls.host(addr[i]);
    for (int k = 0; k < D; ++k) store32(p + 4 * k, v[k][i]);
  }
}

template <typename T>
uint64_t apply(AtomicOp op, T old, T data, T cmp) {
  using S = std::make_signed_t<T>;
  switch (op) {
    case AtomicOp::Swap: return data;
    case AtomicOp::CmpSwap: return old == cmp ? data : old;
    case AtomicOp::Add: return T(old + data);
    case AtomicOp::Sub: return T(old - data);
    case AtomicOp::RSub: return T(data - old);
    case AtomicOp::SMin: return S(data) < S(old) ? data : old;
    case AtomicOp::UMin: return data < old ? data : old;
    case AtomicOp::SMax: return S(data) > S(old) ? data : old;
    case AtomicOp::UMax: return data > old ? data : old;
    case AtomicOp::And: return old & data;
    case AtomicOp::Or: return old | data;
    case AtomicOp::Xor: return old ^ data;
    case AtomicOp::Inc: return old >= data ? T(0) : T(old + 1);
    case AtomicOp::Dec: return (old == 0 || old > data) ? data : T(old - 1);
    case AtomicOp::MskOr: return (old & ~cmp) | data;
  }
  return old;
}

template <typename T>
T atomic_host(T* p, AtomicOp op, T data, T cmp) {
  std::atomic_ref<T> ref(*p);
  T old = ref.load(std::memory_order_relaxed);
  while (!ref.compare_exchange_weak(old, T(apply<T>(op, old, data, cmp)), std::memory_order_acq_rel)) {
  }
  return old;
}

}  // namespace

uint64_t atomic_result(AtomicOp op, uint64_t old, uint64_t data, uint64_t cmp, bool is64) {
  if (is64) return apply<uint64_t>(op, old, data, cmp);
  return apply<uint32_t>(op, uint32_t(old), uint32_t(data), uint32_t(cmp));
}

std::optional<gpu::Fault> read_lanes(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes,
                                     LaneData& out) {
  if (!mask) return std::nullopt;
  gpu::Vm& vm = *w.wg->vm;
  if (LaneSpan ls = lane_span(w, addr, mask, bytes, gpu::kRead); ls.span.host) {
    for (uint64_t m = mask; m; m &= m - 1) {
      const int i = std::countr_zero(m);
      copy_lane(out.b[i], ls.host(addr[i]), bytes);
    }
    return std::nullopt;
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    if (auto f = vm.read(addr[i], out.b[i], bytes, gpu::Unit::Shader)) return f;
  }
  return std::nullopt;
}

std::optional<gpu::Fault> write_lanes(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes,
                                      const LaneData& in) {
  if (!mask) return std::nullopt;
  gpu::Vm& vm = *w.wg->vm;
  if (LaneSpan ls = lane_span(w, addr, mask, bytes, gpu::kWrite); ls.span.host) {
    for (uint64_t m = mask; m; m &= m - 1) {
      const int i = std::countr_zero(m);
      copy_lane(ls.host(addr[i]), in.b[i], bytes);
    }
    return std::nullopt;
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    if (auto f = vm.write(addr[i], in.b[i], bytes, gpu::Unit::Shader)) return f;
  }
  return std::nullopt;
}

bool load_direct(Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes, uint16_t vdst) {
  if (!mask) return true;
  LaneSpan ls = lane_span(w, addr, mask, bytes, gpu::kRead);
  if (!ls.span.host) return false;
  switch (bytes) {
    case 4: load_dwords<1>(w, ls, addr, mask, vdst); return true;
    case 8: load_dwords<2>(w, ls, addr, mask, vdst); return true;
    case 12: load_dwords<3>(w, ls, addr, mask, vdst); return true;
    case 16: load_dwords<4>(w, ls, addr, mask, vdst); return true;
  }
  return false;
}

bool store_direct(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes, uint16_t vdata) {
  if (!mask) return true;
  LaneSpan ls = lane_span(w, addr, mask, bytes, gpu::kWrite);
  if (!ls.span.host) return false;
  switch (bytes) {
    case 4: store_dwords<1>(w, ls, addr, mask, vdata); return true;
    case 8: store_dwords<2>(w, ls, addr, mask, vdata); return true;
    case 12: store_dwords<3>(w, ls, addr, mask, vdata); return true;
    case 16: store_dwords<4>(w, ls, addr, mask, vdata); return true;
  }
  return false;
}

int dense_lanes(uint64_t mask) { return dense(mask) ? lane_end(mask) : 0; }

// Every lane compared with off[0] + i * bytes (lanes past n masked off), so the loops have a fixed trip count.
__attribute__((target_clones("avx2", "default"))) bool consecutive_offsets(const uint32_t* off, int n,
                                                                           uint32_t bytes) {
  const uint32_t first = off[0];
  uint32_t gaps = 0;
  if (n == kLanes) {
    for (int i = 0; i < kLanes; ++i) gaps |= off[i] - first - uint32_t(i) * bytes;
  } else {
    for (int i = 0; i < kLanes; ++i) gaps |= i < n ? off[i] - first - uint32_t(i) * bytes : 0;
  }
  return gaps == 0 && uint64_t(first) + uint64_t(n - 1) * bytes <= 0xFFFFFFFFull;
}

bool load_block(Wave& w, uint64_t va, int n, uint32_t bytes, uint16_t vdst) {
  const uint8_t* p = block_host(*w.wg, va, uint64_t(n) * bytes, gpu::kRead);
  if (!p) return false;
  uint32_t* v[4];
  for (uint32_t k = 0; k < bytes / 4; ++k) v[k] = w.vgpr[(vdst + k) & 255];
  block_to_rows(v, int(bytes / 4), p, n);
  return true;
}

bool store_block(const Wave& w, uint64_t va, int n, uint32_t bytes, uint16_t vdata) {
  uint8_t* p = block_host(*w.wg, va, uint64_t(n) * bytes, gpu::kWrite);
  if (!p) return false;
  const uint32_t* v[4];
  for (uint32_t k = 0; k < bytes / 4; ++k) v[k] = w.vgpr[(vdata + k) & 255];
  rows_to_block(v, int(bytes / 4), p, n);
  return true;
}

std::optional<gpu::Fault> atomic_at(const Wave& w, uint64_t addr, AtomicOp op, bool is64, uint64_t data, uint64_t cmp,
                                    uint64_t& old) {
  gpu::Vm& vm = *w.wg->vm;
  uint32_t size = is64 ? 8 : 4;
  if (addr % size == 0) {
    Span s = cached_span(*w.wg, addr, gpu::kRead | gpu::kWrite);
    if (s.host && s.size >= size && addr - s.va <= s.size - size) {
      uint8_t* p = s.host + (addr - s.va);
      old = is64 ? atomic_host<uint64_t>(reinterpret_cast<uint64_t*>(p), op, data, cmp)
                 : atomic_host<uint32_t>(reinterpret_cast<uint32_t*>(p), op, uint32_t(data), uint32_t(cmp));
      return std::nullopt;
    }
  }
  uint64_t cur = 0;
  if (auto f = vm.read(addr, &cur, size, gpu::Unit::Shader)) return f;
  uint64_t next = atomic_result(op, cur, data, cmp, is64);
  if (auto f = vm.write(addr, &next, size, gpu::Unit::Shader)) return f;
  old = cur;
  return std::nullopt;
}

// Every lane below the highest one in mask is gathered: the data of inactive lanes is never written anywhere.
void gather_vgprs(const Wave& w, uint16_t base, uint32_t bytes, uint64_t mask, LaneData& out) {
  const uint32_t dwords = (bytes + 3) / 4;
  const int n = lane_end(mask);
  for (uint32_t k = 0; k < dwords; ++k) {
    const uint32_t* v = w.vgpr[(base + k) & 255];
    for (int i = 0; i < n; ++i) std::memcpy(out.b[i] + 4 * k, &v[i], 4);
  }
}

void scatter_vgprs(Wave& w, uint16_t base, uint32_t bytes, uint64_t mask, const LaneData& in, bool sign, int d16) {
  if (bytes >= 4) {
    const bool all = dense(mask);
    const int n = lane_end(mask);
    for (uint32_t k = 0; k < bytes / 4; ++k) {
      uint32_t* v = w.vgpr[(base + k) & 255];
      if (all) {
        for (int i = 0; i < n; ++i) std::memcpy(&v[i], in.b[i] + 4 * k, 4);
      } else {
        for (uint64_t m = mask; m; m &= m - 1) {
          const int i = std::countr_zero(m);
          std::memcpy(&v[i], in.b[i] + 4 * k, 4);
        }
      }
    }
    return;
  }
  uint32_t* v = w.vgpr[base & 255];
  for (uint64_t m = mask; m; m &= m - 1) {
    const int i = std::countr_zero(m);
    uint32_t x = bytes == 1 ? in.b[i][0] : uint32_t(in.b[i][0] | in.b[i][1] << 8);
    if (sign) x = bytes == 1 ? uint32_t(int32_t(int8_t(x))) : uint32_t(int32_t(int16_t(x)));
    if (d16 == 1) v[i] = (v[i] & 0xFFFF0000u) | (x & 0xFFFF);
    else if (d16 == 2) v[i] = (v[i] & 0xFFFF) | (x << 16);
    else v[i] = x;
  }
}

Flow vm_fault(Wave& w, const gpu::Fault& f) {
  w.fault = f;
  return stop(w, WaveStatus::VmFault, f.describe());
}

}  // namespace sporkle::sim::isa
