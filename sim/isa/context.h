// What the waves of one workgroup share: the VM their memory accesses go through, the LDS, and the flat
// apertures. It belongs to one thread (the workgroup runner's).
#pragma once

#include <cstdint>

#include "sim/gpu/vm.h"

namespace sporkle::sim::isa {

struct Apertures {
  uint64_t shared_base = 0;   // flat addresses [base, base + 4 GiB) are LDS
  uint64_t private_base = 0;  // flat addresses [base, base + 4 GiB) are the wave's scratch
};

// The mapping the last vector memory access of an access kind went to (gpu::Vm::direct_span), kept while the
// VM's generation is unchanged: consecutive accesses to the same buffers need no VM lookup.
struct CachedSpan {
  gpu::Vm::DirectSpan span;
  uint64_t generation = ~0ull;
};

struct WorkgroupContext {
  gpu::Vm* vm = nullptr;
  uint8_t* lds = nullptr;
  uint32_t lds_size = 0;
  Apertures apertures;
  CachedSpan spans[4];  // by Access bits: read, write, read-write (atomics)
};

}  // namespace sporkle::sim::isa
