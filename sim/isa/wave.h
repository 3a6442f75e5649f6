// The architectural state of one wave: the SGPR file (addressed by operand code, so VCC, EXEC and M0 are
// ordinary slots), VGPRs stored register-major with 64 lanes each so lane loops are contiguous, PC, SCC, MODE.
// A wave32 (gfx10 CS_W32_EN) uses lanes 0-31 of the same arrays: its lane masks are the low SGPR of each pair
// (EXEC_LO, VCC_LO), and exec()/vcc() never report lanes past the wave size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/gpu/vm.h"
#include "sporkle/spec/isa.h"
#include "sporkle/spec/isa_gfx10.h"
#include "sporkle/spec/isa_gfx9.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::isa {

inline constexpr int kLanes = 64;
inline constexpr int kMaxVgprs = 256;
inline constexpr int kSgprCodes = 128;
// Slots of the SGPR array: the 128 operand codes, then a sink that gfx10 NULL destinations are decoded to (a
// 64-bit write to NULL must not reach EXEC_LO, which follows it).
inline constexpr int kSgprSlots = 256;
inline constexpr uint16_t kSgprMask = kSgprSlots - 1;
inline constexpr uint16_t kNullSink = 128;

struct WorkgroupContext;

enum class WaveStatus : uint8_t {
  Running,
  AtBarrier,           // waiting at s_barrier for the rest of the workgroup
  Ended,               // s_endpgm
  VmFault,             // a memory access (or instruction fetch) faulted
  IllegalInstruction,  // unknown or unimplemented opcode, or an operand the hardware does not allow
  Trap,                // s_trap / s_sendmsg with no trap handler: the wave is halted as the hardware does
};
const char* wave_status_name(WaveStatus s);

struct Wave {
  alignas(64) uint32_t vgpr[kMaxVgprs][kLanes];
  alignas(8) uint32_t sgpr[kSgprSlots];
  uint64_t pc = 0;
  uint32_t mode = 0;
  uint32_t trapsts = 0;
  bool scc = false;
  bool gpr_idx_on = false;  // s_set_gpr_idx_on: M0[7:0] is added to the VGPR operands selected by M0[15:12]
  uint16_t num_vgprs = 0;   // allocated (RSRC1.VGPRS)
  spec::GfxLevel gfx = spec::GfxLevel::Gfx9;
  uint8_t lanes = kLanes;           // wave size: 64, or 32 for a gfx10 wave32
  uint64_t lane_mask = ~0ull;       // the lanes that exist
  uint64_t flat_scratch = 0;        // gfx10 FLAT_SCRATCH (hwreg FLAT_SCR_LO/HI); gfx9 keeps it in SGPRs 102/103
  uint32_t wave_in_group = 0;
  WaveStatus status = WaveStatus::Running;
  std::optional<gpu::Fault> fault;
  std::string diagnostic;
  WorkgroupContext* wg = nullptr;

  bool wave32() const { return lanes == 32; }
  uint64_t exec() const { return sgpr64(spec::isa::src::EXEC_LO) & lane_mask; }
  void set_exec(uint64_t v) { set_mask(spec::isa::src::EXEC_LO, v); }
  uint64_t vcc() const { return sgpr64(spec::isa::src::VCC_LO) & lane_mask; }
  // A lane mask destination: one SGPR in wave32, a pair in wave64.
  void set_mask(uint16_t code, uint64_t v) {
    if (wave32()) sgpr[code & kSgprMask] = uint32_t(v);
    else set_sgpr64(code, v);
  }
  uint16_t sgpr_last() const {
    return gfx == spec::GfxLevel::Gfx9 ? spec::isa::gfx9::src::SGPR_LAST : spec::isa::gfx10::src::SGPR_LAST;
  }
  uint64_t sgpr64(uint16_t code) const { return sgpr[code & kSgprMask] | uint64_t(sgpr[(code + 1) & kSgprMask]) << 32; }
  void set_sgpr64(uint16_t code, uint64_t v) {
    sgpr[code & kSgprMask] = uint32_t(v);
    sgpr[(code + 1) & kSgprMask] = uint32_t(v >> 32);
  }
  uint32_t m0() const { return sgpr[spec::isa::src::M0]; }
};

}  // namespace sporkle::sim::isa
