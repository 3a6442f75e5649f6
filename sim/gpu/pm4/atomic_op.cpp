#include "sim/gpu/pm4/atomic_op.h"

#include <atomic>
#include <type_traits>

#include "sporkle/spec/pm4.h"

namespace sporkle::sim::gpu {

namespace tc = spec::pm4::tc_op;

namespace {
// The operation of a code with its size and return bits removed (the 32-bit _RTN numbering).
uint8_t base_op(uint8_t code) { return code & 0x1F; }

bool known_base(uint8_t base) {
  return base == tc::SWAP_RTN_32 || base == tc::CMPSWAP_RTN_32 || (base >= tc::ADD_RTN_32 && base <= tc::DEC_RTN_32);
}

template <typename T>
T combine(uint8_t base, T old, T src, T cmp) {
  using S = std::make_signed_t<T>;
  switch (base) {
    case tc::SWAP_RTN_32: return src;
    case tc::CMPSWAP_RTN_32: return old == cmp ? src : old;
    case tc::ADD_RTN_32: return old + src;
    case tc::SUB_RTN_32: return old - src;
    case tc::SMIN_RTN_32: return static_cast<S>(src) < static_cast<S>(old) ? src : old;
    case tc::UMIN_RTN_32: return src < old ? src : old;
    case tc::SMAX_RTN_32: return static_cast<S>(src) > static_cast<S>(old) ? src : old;
    case tc::UMAX_RTN_32: return src > old ? src : old;
    case tc::AND_RTN_32: return old & src;
    case tc::OR_RTN_32: return old | src;
    case tc::XOR_RTN_32: return old ^ src;
    case tc::INC_RTN_32: return old >= src ? 0 : old + 1;
    case tc::DEC_RTN_32: return (old == 0 || old > src) ? src : old - 1;
  }
  return old;
}

template <typename T>
AtomicResult run(Vm& vm, Unit unit, uint8_t base, uint64_t va, T src, T cmp) {
  AtomicResult r;
  if (const uint8_t* host = vm.direct(va, sizeof(T), kWrite)) {
    std::atomic_ref<T> ref(*reinterpret_cast<T*>(const_cast<uint8_t*>(host)));
    T old = ref.load();
    T next;
    do {
      next = combine(base, old, src, cmp);
    } while (next != old && !ref.compare_exchange_weak(old, next));
    r.old_value = old;
    r.compare_failed = base == tc::CMPSWAP_RTN_32 && old != cmp;
    return r;
  }
  // PRT or user memory: no host view to operate on atomically; go through checked accesses.
  T old = 0;
  if ((r.fault = vm.read(va, &old, sizeof old, unit))) return r;
  T next = combine(base, old, src, cmp);
  if ((r.fault = vm.write(va, &next, sizeof next, unit))) return r;
  r.old_value = old;
  r.compare_failed = base == tc::CMPSWAP_RTN_32 && old != cmp;
  return r;
}
}  // namespace

unsigned atomic_size(uint8_t code) {
  if (code & 0x80 || !known_base(base_op(code))) return 0;
  return (code & 0x20) ? 8 : 4;
}

AtomicResult apply_atomic(Vm& vm, Unit unit, uint8_t code, uint64_t va, uint64_t src, uint64_t cmp) {
  unsigned size = atomic_size(code);
  if (size == 0) return AtomicResult{.supported = false};
  va &= ~uint64_t{size - 1};
  if (size == 4)
    return run<uint32_t>(vm, unit, base_op(code), va, static_cast<uint32_t>(src), static_cast<uint32_t>(cmp));
  return run<uint64_t>(vm, unit, base_op(code), va, src, cmp);
}

}  // namespace sporkle::sim::gpu
