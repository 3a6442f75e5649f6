// What the waves of one workgroup share: the VM their memory accesses go through, the LDS, and the flat
// apertures.
#pragma once

#include <cstdint>

#include "sim/gpu/vm.h"

namespace sporkle::sim::isa {

struct Apertures {
  uint64_t shared_base = 0;   // flat addresses [base, base + 4 GiB) are LDS
  uint64_t private_base = 0;  // flat addresses [base, base + 4 GiB) are the wave's scratch
};

struct WorkgroupContext {
  gpu::Vm* vm = nullptr;
  uint8_t* lds = nullptr;
  uint32_t lds_size = 0;
  Apertures apertures;
};

}  // namespace sporkle::sim::isa
