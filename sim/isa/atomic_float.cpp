// gfx10.3's float atomics on memory (buffer_, global_ and flat_atomic_fcmpswap / fmin / fmax and their _x2 forms):
// - fcmpswap stores DATA where the memory value equals CMP as a float: -0 equals +0, a NaN equals nothing.
// - fmin / fmax are IEEE-754 minNum / maxNum as the VALU's IEEE-mode v_min / v_max: a quiet NaN loses to a
//   number, a signalling NaN gives its quietened self, -0 is below +0.
// Denormal inputs (memory value, DATA, CMP) and results follow the wave's MODE field for the width
// (FP_DENORM_F32, FP_DENORM_F64_F16); fcmpswap stores DATA as it is. The handlers return the memory value from
// before the operation (GLC).
#include <atomic>
#include <bit>

#include "sim/isa/context.h"
#include "sim/isa/float.h"
#include "sim/isa/memory.h"

namespace sporkle::sim::isa {

namespace {

uint32_t flush(uint32_t v) { return flush_f32(v); }
uint64_t flush(uint64_t v) { return flush_f64(v); }

// F is the float type, U its bit pattern.
template <typename F, typename U>
U float_result(FloatAtomicOp op, U old, U data, U cmp, DenormMode dm) {
  auto in = [&](U v) { return dm.keep_in ? v : flush(v); };
  const F a = std::bit_cast<F>(in(old)), d = std::bit_cast<F>(in(data));
  U r = old;
  switch (op) {
    case FloatAtomicOp::CmpSwap: return a == std::bit_cast<F>(in(cmp)) ? data : old;
    case FloatAtomicOp::Min: r = std::bit_cast<U>(hw_min(a, d, true)); break;
    case FloatAtomicOp::Max: r = std::bit_cast<U>(hw_max(a, d, true)); break;
  }
  return dm.keep_out ? r : flush(r);
}

template <typename F, typename U>
U update_host(U* p, FloatAtomicOp op, U data, U cmp, DenormMode dm) {
  std::atomic_ref<U> ref(*p);
  U old = ref.load(std::memory_order_relaxed);
  while (!ref.compare_exchange_weak(old, float_result<F, U>(op, old, data, cmp, dm), std::memory_order_acq_rel)) {
  }
  return old;
}

}  // namespace

uint64_t atomic_result(const Wave& w, FloatAtomicOp op, uint64_t old, uint64_t data, uint64_t cmp, bool is64) {
  if (is64) return float_result<double, uint64_t>(op, old, data, cmp, denorm_f64_f16(w));
  return float_result<float, uint32_t>(op, uint32_t(old), uint32_t(data), uint32_t(cmp), denorm_f32(w));
}

// As atomic_at for the integer operations: atomic against other host threads where the memory is device memory.
std::optional<gpu::Fault> atomic_at(const Wave& w, uint64_t addr, FloatAtomicOp op, bool is64, uint64_t data,
                                    uint64_t cmp, uint64_t& old) {
  gpu::Vm& vm = *w.wg->vm;
  const uint32_t size = is64 ? 8 : 4;
  if (addr % size == 0) {
    const gpu::Vm::DirectSpan s = vm.direct_span(addr, gpu::kRead | gpu::kWrite);
    if (s.host && s.size >= size && addr - s.va <= s.size - size) {
      uint8_t* p = s.host + (addr - s.va);
      old = is64 ? update_host<double>(reinterpret_cast<uint64_t*>(p), op, data, cmp, denorm_f64_f16(w))
                 : update_host<float>(reinterpret_cast<uint32_t*>(p), op, uint32_t(data), uint32_t(cmp),
                                      denorm_f32(w));
      return std::nullopt;
    }
  }
  uint64_t cur = 0;
  if (auto f = vm.read(addr, &cur, size, gpu::Unit::Shader)) return f;
  const uint64_t next = atomic_result(w, op, cur, data, cmp, is64);
  if (auto f = vm.write(addr, &next, size, gpu::Unit::Shader)) return f;
  old = cur;
  return std::nullopt;
}

}  // namespace sporkle::sim::isa
