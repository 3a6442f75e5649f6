#include "sim/gpu/pm4/ib_fetch.h"

#include <algorithm>

namespace sporkle::sim::gpu {

void FetchedIb::fetch(Vm& vm, Unit unit, uint64_t ib_va, uint32_t size_dw) {
  va = ib_va;
  size = size_dw;
  fault.reset();
  uint64_t bytes = uint64_t{size_dw} * 4;
  if (size_dw == 0) {
    available = 0;
    dw = nullptr;
    return;
  }
  const uint8_t* host = vm.direct(ib_va, bytes, kRead);
  if (host && reinterpret_cast<uintptr_t>(host) % alignof(uint32_t) == 0) {
    dw = reinterpret_cast<const uint32_t*>(host);
    available = size_dw;
    return;
  }
  // An IB that runs out of its mapping into memory it cannot read: the readable part is a host view too.
  Vm::DirectSpan span = vm.direct_span(ib_va, kRead);
  if (span.host && reinterpret_cast<uintptr_t>(span.host) % alignof(uint32_t) == 0) {
    uint8_t probe;
    if (auto f = vm.read(span.va + span.size, &probe, 1, unit)) {
      fault = f;
      dw = reinterpret_cast<const uint32_t*>(span.host + (ib_va - span.va));
      available = static_cast<uint32_t>((span.va + span.size - ib_va) / 4);
      return;
    }
  }
  // Page by page, so an IB whose size runs far past its mapping costs what is readable, not what it claims. The
  // buffer only grows: value-initialising it for every fetch would cost more than the copy.
  uint64_t done = 0;
  while (done < bytes) {
    uint64_t at = ib_va + done;
    uint64_t chunk = std::min(bytes - done, kPageSize - (at & (kPageSize - 1)));
    if (buffer.size() < (done + chunk + 3) / 4) buffer.resize((done + chunk + 3) / 4);
    fault = vm.read(at, reinterpret_cast<uint8_t*>(buffer.data()) + done, chunk, unit);
    if (fault) break;
    done += chunk;
  }
  dw = buffer.data();
  available = fault ? static_cast<uint32_t>((fault->va - ib_va) / 4) : size_dw;
}

}  // namespace sporkle::sim::gpu
