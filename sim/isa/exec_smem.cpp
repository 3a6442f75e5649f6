// SMEM: scalar loads and stores through the VM, s_buffer_* through a buffer resource (V#) with its NUM_RECORDS
// bound, cache maintenance (no caches are modelled) and the time counters.
#include <chrono>

#include "sim/isa/buffer_resource.h"
#include "sim/isa/context.h"
#include "sim/isa/handlers.h"
#include "sim/isa/memory.h"
#include "sim/isa/scalar.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa {

namespace {

using W = Wave;
using I = DecodedInst;

// The signed immediate plus the zero-extended SGPR offset (either may be absent).
int64_t smem_offset(const W& w, const I& in) {
  if (!(in.flags & kFlagImm)) return w.sgpr[in.src[1].reg & kSgprMask];
  int64_t off = in.imm;
  if (in.src[1].kind == OperandKind::Sgpr) off += w.sgpr[in.src[1].reg & kSgprMask];
  return off;
}

bool data_in_range(const W& w, const I& in, int dwords) { return in.sdst + dwords <= w.sgpr_last() + 1; }

template <int N>
Flow s_load(W& w, const I& in) {
  if (!data_in_range(w, in, N)) return illegal(w, in, "destination SGPRs out of range");
  uint64_t addr = (w.sgpr64(in.src[0].reg) + smem_offset(w, in)) & ~3ull;
  uint32_t data[N];
  if (auto f = w.wg->vm->read(addr, data, sizeof data, gpu::Unit::Shader)) return vm_fault(w, *f);
  for (int i = 0; i < N; ++i) w.sgpr[in.sdst + i] = data[i];
  return Flow::Next;
}

template <int N>
Flow s_store(W& w, const I& in) {
  if (!data_in_range(w, in, N)) return illegal(w, in, "data SGPRs out of range");
  uint64_t addr = (w.sgpr64(in.src[0].reg) + smem_offset(w, in)) & ~3ull;
  if (auto f = w.wg->vm->write(addr, &w.sgpr[in.sdst], 4 * N, gpu::Unit::Shader)) return vm_fault(w, *f);
  return Flow::Next;
}

// s_buffer_load: dwords at or past NUM_RECORDS bytes read as zero.
template <int N>
Flow s_buffer_load(W& w, const I& in) {
  if (!data_in_range(w, in, N)) return illegal(w, in, "destination SGPRs out of range");
  BufferResource r = BufferResource::from(&w.sgpr[in.src[0].reg & 124], w.gfx);
  uint32_t off = uint32_t(smem_offset(w, in)) & ~3u;
  for (int i = 0; i < N; ++i) {
    uint64_t o = uint64_t(off) + 4 * i;
    uint32_t v = 0;
    if (o + 4 <= r.num_records) {
      if (auto f = w.wg->vm->read(r.base + o, &v, 4, gpu::Unit::Shader)) return vm_fault(w, *f);
    }
    w.sgpr[in.sdst + i] = v;
  }
  return Flow::Next;
}

template <int N>
Flow s_buffer_store(W& w, const I& in) {
  if (!data_in_range(w, in, N)) return illegal(w, in, "data SGPRs out of range");
  BufferResource r = BufferResource::from(&w.sgpr[in.src[0].reg & 124], w.gfx);
  uint32_t off = uint32_t(smem_offset(w, in)) & ~3u;
  for (int i = 0; i < N; ++i) {
    uint64_t o = uint64_t(off) + 4 * i;
    if (o + 4 > r.num_records) continue;
    if (auto f = w.wg->vm->write(r.base + o, &w.sgpr[in.sdst + i], 4, gpu::Unit::Shader)) return vm_fault(w, *f);
  }
  return Flow::Next;
}

// Both counters tick at 100 MHz (the gfx9 reference clock) from the host's monotonic clock.
Flow memtime(W& w, const I& in) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch());
  set_d64(w, in, static_cast<uint64_t>(ns.count()) / 10);
  return Flow::Next;
}

Flow nop(W&, const I&) { return Flow::Next; }

constexpr HandlerDef kDefs[] = {
    {"s_load_dword", s_load<1>},
    {"s_load_dwordx2", s_load<2>},
    {"s_load_dwordx4", s_load<4>},
    {"s_load_dwordx8", s_load<8>},
    {"s_load_dwordx16", s_load<16>},
    {"s_store_dword", s_store<1>},
    {"s_store_dwordx2", s_store<2>},
    {"s_store_dwordx4", s_store<4>},
    {"s_buffer_load_dword", s_buffer_load<1>},
    {"s_buffer_load_dwordx2", s_buffer_load<2>},
    {"s_buffer_load_dwordx4", s_buffer_load<4>},
    {"s_buffer_load_dwordx8", s_buffer_load<8>},
    {"s_buffer_load_dwordx16", s_buffer_load<16>},
    {"s_buffer_store_dword", s_buffer_store<1>},
    {"s_buffer_store_dwordx2", s_buffer_store<2>},
    {"s_buffer_store_dwordx4", s_buffer_store<4>},
    {"s_dcache_inv", nop},
    {"s_gl1_inv", nop},
    {"s_dcache_wb", nop},
    {"s_dcache_inv_vol", nop},
    {"s_dcache_wb_vol", nop},
    {"s_memtime", memtime},
    {"s_memrealtime", memtime},
};

}  // namespace

std::span<const HandlerDef> smem_handlers() { return kDefs; }

}  // namespace sporkle::sim::isa
