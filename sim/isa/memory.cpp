#include "sim/isa/memory.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace sporkle::sim::isa {

namespace {

// Lanes usually touch a small window: one VM lookup covers all of them if it is below this size.
constexpr uint64_t kDirectWindow = 1ull << 20;

bool window(const uint64_t* addr, uint64_t mask, uint32_t bytes, uint64_t& lo, uint64_t& hi) {
  lo = ~0ull;
  hi = 0;
  for (int i = 0; i < kLanes; ++i) {
    if (!((mask >> i) & 1)) continue;
    lo = std::min(lo, addr[i]);
    hi = std::max(hi, addr[i] + bytes);
  }
  return hi > lo && hi - lo <= kDirectWindow;
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

std::optional<gpu::Fault> read_lanes(gpu::Vm& vm, const uint64_t* addr, uint64_t mask, uint32_t bytes, LaneData& out) {
  uint64_t lo, hi;
  if (mask && window(addr, mask, bytes, lo, hi)) {
    if (const uint8_t* p = vm.direct(lo, hi - lo, gpu::kRead)) {
      for (int i = 0; i < kLanes; ++i)
        if ((mask >> i) & 1) std::memcpy(out.b[i], p + (addr[i] - lo), bytes);
      return std::nullopt;
    }
  }
  for (int i = 0; i < kLanes; ++i) {
    if (!((mask >> i) & 1)) continue;
    if (auto f = vm.read(addr[i], out.b[i], bytes, gpu::Unit::Shader)) return f;
  }
  return std::nullopt;
}

std::optional<gpu::Fault> write_lanes(gpu::Vm& vm, const uint64_t* addr, uint64_t mask, uint32_t bytes,
                                      const LaneData& in) {
  uint64_t lo, hi;
  if (mask && window(addr, mask, bytes, lo, hi)) {
    if (uint8_t* p = const_cast<uint8_t*>(vm.direct(lo, hi - lo, gpu::kWrite))) {
      for (int i = 0; i < kLanes; ++i)
        if ((mask >> i) & 1) std::memcpy(p + (addr[i] - lo), in.b[i], bytes);
      return std::nullopt;
    }
  }
  for (int i = 0; i < kLanes; ++i) {
    if (!((mask >> i) & 1)) continue;
    if (auto f = vm.write(addr[i], in.b[i], bytes, gpu::Unit::Shader)) return f;
  }
  return std::nullopt;
}

std::optional<gpu::Fault> atomic_at(gpu::Vm& vm, uint64_t addr, AtomicOp op, bool is64, uint64_t data, uint64_t cmp,
                                    uint64_t& old) {
  uint32_t size = is64 ? 8 : 4;
  if (addr % size == 0) {
    // Readable and writeable: direct() checks one access type, the write check implies the mapping.
    if (vm.direct(addr, size, gpu::kRead)) {
      if (auto* p = const_cast<uint8_t*>(vm.direct(addr, size, gpu::kWrite))) {
        old = is64 ? atomic_host<uint64_t>(reinterpret_cast<uint64_t*>(p), op, data, cmp)
                   : atomic_host<uint32_t>(reinterpret_cast<uint32_t*>(p), op, uint32_t(data), uint32_t(cmp));
        return std::nullopt;
      }
    }
  }
  uint64_t cur = 0;
  if (auto f = vm.read(addr, &cur, size, gpu::Unit::Shader)) return f;
  uint64_t next = atomic_result(op, cur, data, cmp, is64);
  if (auto f = vm.write(addr, &next, size, gpu::Unit::Shader)) return f;
  old = cur;
  return std::nullopt;
}

void gather_vgprs(const Wave& w, uint16_t base, uint32_t bytes, uint64_t mask, LaneData& out) {
  uint32_t dwords = (bytes + 3) / 4;
  for (uint32_t k = 0; k < dwords; ++k) {
    const uint32_t* v = w.vgpr[(base + k) & 255];
    for (int i = 0; i < kLanes; ++i)
      if ((mask >> i) & 1) std::memcpy(out.b[i] + 4 * k, &v[i], 4);
  }
}

void scatter_vgprs(Wave& w, uint16_t base, uint32_t bytes, uint64_t mask, const LaneData& in, bool sign, int d16) {
  if (bytes >= 4) {
    for (uint32_t k = 0; k < bytes / 4; ++k) {
      uint32_t* v = w.vgpr[(base + k) & 255];
      for (int i = 0; i < kLanes; ++i)
        if ((mask >> i) & 1) std::memcpy(&v[i], in.b[i] + 4 * k, 4);
    }
    return;
  }
  uint32_t* v = w.vgpr[base & 255];
  for (int i = 0; i < kLanes; ++i) {
    if (!((mask >> i) & 1)) continue;
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
