// The architectural state of one wave64: the SGPR file (addressed by operand code, so VCC, EXEC and M0 are
// ordinary slots), VGPRs stored register-major with 64 lanes each so lane loops are contiguous, PC, SCC, MODE.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/gpu/vm.h"
#include "sporkle/spec/isa.h"

namespace sporkle::sim::isa {

inline constexpr int kLanes = 64;
inline constexpr int kMaxVgprs = 256;
inline constexpr int kSgprCodes = 128;

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
  alignas(8) uint32_t sgpr[kSgprCodes];
  uint64_t pc = 0;
  uint32_t mode = 0;
  uint32_t trapsts = 0;
  bool scc = false;
  bool gpr_idx_on = false;  // s_set_gpr_idx_on: M0[7:0] is added to the VGPR operands selected by M0[15:12]
  uint16_t num_vgprs = 0;   // allocated (RSRC1.VGPRS)
  uint32_t wave_in_group = 0;
  WaveStatus status = WaveStatus::Running;
  std::optional<gpu::Fault> fault;
  std::string diagnostic;
  WorkgroupContext* wg = nullptr;

  uint64_t exec() const { return sgpr[spec::isa::src::EXEC_LO] | uint64_t(sgpr[spec::isa::src::EXEC_HI]) << 32; }
  void set_exec(uint64_t v) { set_sgpr64(spec::isa::src::EXEC_LO, v); }
  uint64_t vcc() const { return sgpr64(spec::isa::src::VCC_LO); }
  uint64_t sgpr64(uint16_t code) const { return sgpr[code & 127] | uint64_t(sgpr[(code + 1) & 127]) << 32; }
  void set_sgpr64(uint16_t code, uint64_t v) {
    sgpr[code & 127] = uint32_t(v);
    sgpr[(code + 1) & 127] = uint32_t(v >> 32);
  }
  uint32_t m0() const { return sgpr[spec::isa::src::M0]; }
};

}  // namespace sporkle::sim::isa
