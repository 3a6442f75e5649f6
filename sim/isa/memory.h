// Per-lane memory access for the vector memory handlers: every access goes through the VM (as the shader unit),
// with a fast path when all lanes fall inside one mapping. Atomic read-modify-writes are atomic against other
// host threads where the memory is device memory.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/gpu/vm.h"
#include "sim/isa/decoded.h"
#include "sim/isa/handlers.h"
#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

// Up to 16 bytes of data per lane (dwordx4).
struct LaneData {
  alignas(64) uint8_t b[kLanes][16];
};

enum class AtomicOp : uint8_t { Swap, CmpSwap, Add, Sub, RSub, SMin, UMin, SMax, UMax, And, Or, Xor, Inc, Dec, MskOr };

// new value of a read-modify-write; data is the source operand, cmp the compare value (CmpSwap) or mask (MskOr).
uint64_t atomic_result(AtomicOp op, uint64_t old, uint64_t data, uint64_t cmp, bool is64);

std::optional<gpu::Fault> read_lanes(gpu::Vm& vm, const uint64_t* addr, uint64_t mask, uint32_t bytes, LaneData& out);
std::optional<gpu::Fault> write_lanes(gpu::Vm& vm, const uint64_t* addr, uint64_t mask, uint32_t bytes,
                                      const LaneData& in);
// One lane's atomic at addr; old receives the value before the operation.
std::optional<gpu::Fault> atomic_at(gpu::Vm& vm, uint64_t addr, AtomicOp op, bool is64, uint64_t data, uint64_t cmp,
                                    uint64_t& old);

// VGPRs <-> lane data: dword k of each lane from/to VGPR base + k.
void gather_vgprs(const Wave& w, uint16_t base, uint32_t bytes, uint64_t mask, LaneData& out);
// Loaded data into VGPRs: sub-dword loads extend (sign or zero) into the register, or with d16 write only the low
// (d16 = 1) or high (d16 = 2) half.
void scatter_vgprs(Wave& w, uint16_t base, uint32_t bytes, uint64_t mask, const LaneData& in, bool sign, int d16);

Flow vm_fault(Wave& w, const gpu::Fault& f);

enum class MemKind : uint8_t { Load, Store, Atomic };

// Describes one vector memory operation; handlers are instantiated from these.
struct MemOp {
  MemKind kind;
  uint8_t bytes;   // per lane
  bool sign = false;
  uint8_t d16 = 0;  // loads: 1 writes the low half, 2 the high half; stores: 2 stores the high half
};

}  // namespace sporkle::sim::isa
