// Fetching an indirect buffer for a CP or SDMA engine. Engines fetch IBs as plain reads (the EXECUTABLE page flag
// concerns shader code, not command buffers). The whole IB is fetched at once: a host view of the pages when the
// IB lies in one device-memory mapping, otherwise a copy. A fault part-way leaves the readable prefix usable, so
// packets before the faulting page still execute, as the CP's prefetcher would allow.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/gpu/vm.h"

namespace sporkle::sim::gpu {

struct FetchedIb {
  uint64_t va = 0;
  uint32_t size = 0;           // dwords
  uint32_t available = 0;      // dwords readable from the start
  const uint32_t* dw = nullptr;
  std::optional<Fault> fault;  // why the dwords from `available` on could not be read
  std::vector<uint32_t> buffer;  // reused between fetches

  void fetch(Vm& vm, Unit unit, uint64_t ib_va, uint32_t size_dw);
};

}  // namespace sporkle::sim::gpu
