// Per-lane memory access for the vector memory handlers: every access goes through the VM (as the shader unit).
// The common case, every active lane inside one device-memory mapping, takes one VM lookup for the whole wave and
// moves dwords between host memory and the VGPRs directly; otherwise lanes go one by one in lane order, so the
// first faulting lane raises the fault and nothing past it is accessed. Atomic read-modify-writes are atomic
// against other host threads where the memory is device memory.
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

// Through the VM of the wave's workgroup (w.wg).
std::optional<gpu::Fault> read_lanes(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes,
                                     LaneData& out);
std::optional<gpu::Fault> write_lanes(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes,
                                      const LaneData& in);
// One lane's atomic at addr; old receives the value before the operation.
std::optional<gpu::Fault> atomic_at(const Wave& w, uint64_t addr, AtomicOp op, bool is64, uint64_t data,
                                    uint64_t cmp, uint64_t& old);

// The whole-wave path for accesses of whole dwords (bytes = 4..16): when every lane of mask lies in one
// device-memory mapping that permits the access, loads into VGPRs vdst.. (or stores from VGPRs vdata..) and
// returns true. Otherwise returns false having touched nothing: the caller goes lane by lane, and so raises the
// fault of the first bad lane.
bool load_direct(Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes, uint16_t vdst);
bool store_direct(const Wave& w, const uint64_t* addr, uint64_t mask, uint32_t bytes, uint16_t vdata);

// Lanes 0..n-1 (n > 0) at va + i * bytes, whole dwords (bytes = 4..16): one check of the block
// [va, va + n * bytes) against one device-memory mapping, then VGPRs <-> memory as load_direct/store_direct.
// False having touched nothing when the block is not inside one mapping that permits the access.
bool load_block(Wave& w, uint64_t va, int n, uint32_t bytes, uint16_t vdst);
bool store_block(const Wave& w, uint64_t va, int n, uint32_t bytes, uint16_t vdata);
// n when mask is lanes 0..n-1 (n > 0), else 0.
int dense_lanes(uint64_t mask);
// Whether a VGPR row of 32-bit offsets has off[i] = off[0] + i * bytes for lanes i < n, none wrapping past 2^32.
bool consecutive_offsets(const uint32_t* off, int n, uint32_t bytes);

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

// Float atomics (gfx10.3 fcmpswap, fmin, fmax; atomic_float.cpp): their result depends on the wave's MODE, so the
// handlers pass the wave. has_compare: the operation reads a compare value after its data (cmpswap forms).
enum class FloatAtomicOp : uint8_t { CmpSwap, Min, Max };
constexpr bool has_compare(AtomicOp op) { return op == AtomicOp::CmpSwap; }
constexpr bool has_compare(FloatAtomicOp op) { return op == FloatAtomicOp::CmpSwap; }
inline uint64_t atomic_result(const Wave&, AtomicOp op, uint64_t old, uint64_t data, uint64_t cmp, bool is64) {
  return atomic_result(op, old, data, cmp, is64);
}
uint64_t atomic_result(const Wave& w, FloatAtomicOp op, uint64_t old, uint64_t data, uint64_t cmp, bool is64);
std::optional<gpu::Fault> atomic_at(const Wave& w, uint64_t addr, FloatAtomicOp op, bool is64, uint64_t data,
                                    uint64_t cmp, uint64_t& old);

}  // namespace sporkle::sim::isa
