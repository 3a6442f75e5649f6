// TC_OP memory atomics as the CP (ATOMIC_MEM) and SDMA (ATOMIC) perform them in L2: one read-modify-write of a
// naturally aligned 32- or 64-bit word, atomic with respect to the CPU and other engines.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/gpu/vm.h"

namespace sporkle::sim::gpu {

struct AtomicResult {
  bool supported = true;   // false: a TC_OP code that is not a memory atomic the engines accept
  std::optional<Fault> fault;
  uint64_t old_value = 0;  // the pre-operation value (what the _RTN forms return)
  bool compare_failed = false;  // CMPSWAP found a value other than the compare data
};

// Operand size of a supported code: 4 or 8 bytes, 0 if unsupported.
unsigned atomic_size(uint8_t tc_op);
AtomicResult apply_atomic(Vm& vm, Unit unit, uint8_t tc_op, uint64_t va, uint64_t src, uint64_t cmp);

}  // namespace sporkle::sim::gpu
