// SOPP: program control. Memory is synchronous in the simulator, so s_waitcnt (and the gfx10 per-counter SOPK
// forms) have nothing to wait for; instruction-fetch hints (s_clause, s_inst_prefetch) change nothing either.
#include "sim/isa/context.h"
#include "sim/isa/handlers.h"
#include "sim/isa/scalar.h"
#include "sim/isa/interpreter.h"
#include "sporkle/spec/isa_gfx10.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa {

namespace {

using W = Wave;
using I = DecodedInst;

Flow branch_if(W& w, const I& in, bool taken) {
  if (!taken) return Flow::Next;
  w.pc = w.pc + 4 + int64_t(in.imm) * 4;
  return Flow::Jump;
}

Flow nop(W&, const I&) { return Flow::Next; }

Flow endpgm(W& w, const I&) {
  w.status = WaveStatus::Ended;
  return Flow::Stop;
}

// s_round_mode / s_denorm_mode (gfx10): SIMM16[3:0] replaces MODE.FP_ROUND / MODE.FP_DENORM.
Flow set_mode_field(W& w, const I& in, spec::isa::Field f) {
  uint32_t mask = ((1u << f.width) - 1) << f.lo;
  w.mode = (w.mode & ~mask) | ((uint32_t(in.imm) << f.lo) & mask);
  if (!apply_rounding(w.mode))
    return illegal(w, in, "MODE rounds f32 and f64/f16 differently, which the simulator does not support");
  return Flow::Next;
}

constexpr HandlerDef kDefs[] = {
    {"s_nop", nop},
    {"s_endpgm", endpgm},
    {"s_endpgm_saved", endpgm},
    {"s_branch", [](W& w, const I& in) { return branch_if(w, in, true); }},
    {"s_cbranch_scc0", [](W& w, const I& in) { return branch_if(w, in, !w.scc); }},
    {"s_cbranch_scc1", [](W& w, const I& in) { return branch_if(w, in, w.scc); }},
    {"s_cbranch_vccz", [](W& w, const I& in) { return branch_if(w, in, w.vcc() == 0); }},
    {"s_cbranch_vccnz", [](W& w, const I& in) { return branch_if(w, in, w.vcc() != 0); }},
    {"s_cbranch_execz", [](W& w, const I& in) { return branch_if(w, in, w.exec() == 0); }},
    {"s_cbranch_execnz", [](W& w, const I& in) { return branch_if(w, in, w.exec() != 0); }},
    // No debugger is attached: the debug branch conditions are false.
    {"s_cbranch_cdbgsys", nop},
    {"s_cbranch_cdbguser", nop},
    {"s_cbranch_cdbgsys_or_user", nop},
    {"s_cbranch_cdbgsys_and_user", nop},
    // The scheduler resumes the wave after the barrier once every live wave of the group has arrived.
    {"s_barrier", [](W& w, const I& in) {
       w.pc += in.length;
       w.status = WaveStatus::AtBarrier;
       return Flow::Stop;
     }},
    {"s_waitcnt", nop},
    {"s_waitcnt_vscnt", nop},
    {"s_waitcnt_vmcnt", nop},
    {"s_waitcnt_expcnt", nop},
    {"s_waitcnt_lgkmcnt", nop},
    {"s_waitcnt_depctr", nop},
    {"s_wait_idle", nop},
    {"s_clause", nop},
    {"s_inst_prefetch", nop},
    {"s_code_end", nop},
    {"s_version", nop},
    {"s_ttracedata_imm", nop},
    {"s_round_mode", [](W& w, const I& in) { return set_mode_field(w, in, spec::isa::gfx10::mode::FP_ROUND); }},
    {"s_denorm_mode", [](W& w, const I& in) { return set_mode_field(w, in, spec::isa::gfx10::mode::FP_DENORM); }},
    {"s_sleep", nop},
    {"s_setprio", nop},
    {"s_wakeup", nop},
    {"s_icache_inv", nop},
    {"s_incperflevel", nop},
    {"s_decperflevel", nop},
    {"s_ttracedata", nop},
    {"s_set_gpr_idx_off", [](W& w, const I&) {
       w.gpr_idx_on = false;
       return Flow::Next;
     }},
    {"s_set_gpr_idx_mode", [](W& w, const I& in) {
       w.sgpr[spec::isa::src::M0] = (w.m0() & ~0xF000u) | (uint32_t(in.imm) & 0xF) << 12;
       return Flow::Next;
     }},
    // Without a trap handler (compute dispatches have none) a trap halts the wave and the job fails.
    {"s_trap", [](W& w, const I& in) {
       return stop(w, WaveStatus::Trap, "s_trap " + std::to_string(in.imm & 0xFF) + " with no trap handler");
     }},
    {"s_sendmsg", [](W& w, const I& in) {
       return stop(w, WaveStatus::Trap, "s_sendmsg " + std::to_string(in.imm & 0xFFFF) + " has no receiver in a compute dispatch");
     }},
    {"s_sendmsghalt", [](W& w, const I& in) {
       return stop(w, WaveStatus::Trap, "s_sendmsghalt " + std::to_string(in.imm & 0xFFFF));
     }},
    {"s_sethalt", [](W& w, const I& in) {
       if ((in.imm & 1) == 0) return Flow::Next;
       return stop(w, WaveStatus::Trap, "s_sethalt: the wave halted itself");
     }},
};

}  // namespace

std::span<const HandlerDef> sopp_handlers() { return kDefs; }

namespace {

uint32_t read_hwreg_gfx9(const Wave& w, uint32_t id) {
  namespace h = spec::isa::gfx9::hwreg;
  switch (id) {
    case h::MODE: return w.mode | (w.gpr_idx_on ? 1u << 27 : 0);
    // STATUS: SCC [0], EXECZ [9], VCCZ [10], IN_BARRIER [11]... only the condition bits mean something here.
    case h::STATUS: return (w.scc ? 1u : 0) | (w.exec() == 0 ? 1u << 9 : 0) | (w.vcc() == 0 ? 1u << 10 : 0);
    case h::TRAPSTS: return w.trapsts;
    // HW_ID: WAVE_ID [3:0]; the simulator runs every group on SE0/SH0/CU0/SIMD0.
    case h::HW_ID: return w.wave_in_group & 0xF;
    // GPR_ALLOC: VGPR_SIZE [13:8] in 4-register granules minus one, SGPR_SIZE [27:24] in 16-register granules.
    case h::GPR_ALLOC: return uint32_t((w.num_vgprs / 4 - 1) & 0x3F) << 8 | 6u << 24;
    case h::LDS_ALLOC: return (w.wg ? (w.wg->lds_size / 512) & 0x1FF : 0) << 12;
    case h::IB_STS: return 0;
    case h::SH_MEM_BASES:
      return w.wg ? uint32_t((w.wg->apertures.shared_base >> 48) << 16 | (w.wg->apertures.private_base >> 48)) : 0;
    default: return 0;
  }
}

uint32_t read_hwreg_gfx10(const Wave& w, uint32_t id) {
  namespace h = spec::isa::gfx10::hwreg;
  switch (id) {
    case h::MODE: return w.mode;
    case h::STATUS: return (w.scc ? 1u : 0) | (w.exec() == 0 ? 1u << 9 : 0) | (w.vcc() == 0 ? 1u << 10 : 0);
    case h::TRAPSTS: return w.trapsts;
    // GPR_ALLOC: VGPR_SIZE [13:8] in allocation granules (8 registers in wave32, 4 in wave64) minus one.
    case h::GPR_ALLOC: return uint32_t((w.num_vgprs / spec::isa::gfx10::vgpr_granule(w.wave32()) - 1) & 0x3F) << 8;
    case h::LDS_ALLOC: return (w.wg ? (w.wg->lds_size / 512) & 0x1FF : 0) << 12;
    case h::IB_STS: return 0;
    case h::SH_MEM_BASES:
      return w.wg ? uint32_t((w.wg->apertures.shared_base >> 48) << 16 | (w.wg->apertures.private_base >> 48)) : 0;
    case h::FLAT_SCR_LO: return uint32_t(w.flat_scratch);
    case h::FLAT_SCR_HI: return uint32_t(w.flat_scratch >> 32);
    // HW_ID1: WAVE_ID [4:0]; every group runs on SE0/SA0/WGP0/SIMD0.
    case h::HW_ID1: return w.wave_in_group & 0x1F;
    default: return 0;
  }
}

}  // namespace

uint32_t read_hwreg(const Wave& w, uint32_t id) {
  return w.gfx == spec::GfxLevel::Gfx9 ? read_hwreg_gfx9(w, id) : read_hwreg_gfx10(w, id);
}

bool write_hwreg(Wave& w, uint32_t id, uint32_t value, uint32_t mask) {
  if (w.gfx != spec::GfxLevel::Gfx9) {
    namespace h = spec::isa::gfx10::hwreg;
    switch (id) {
      case h::MODE:
        w.mode = (w.mode & ~mask) | (value & mask);
        return true;
      case h::TRAPSTS:
        w.trapsts = (w.trapsts & ~mask) | (value & mask);
        return true;
      case h::FLAT_SCR_LO:
        w.flat_scratch = (w.flat_scratch & ~uint64_t(mask)) | (value & mask);
        return true;
      case h::FLAT_SCR_HI:
        w.flat_scratch = (w.flat_scratch & ~(uint64_t(mask) << 32)) | uint64_t(value & mask) << 32;
        return true;
      default: return false;
    }
  }
  namespace h = spec::isa::gfx9::hwreg;
  switch (id) {
    case h::MODE:
      w.mode = (w.mode & ~mask) | (value & mask);
      if (mask & (1u << 27)) w.gpr_idx_on = (value >> 27) & 1;
      w.mode &= ~(1u << 27);
      return true;
    case h::TRAPSTS:
      w.trapsts = (w.trapsts & ~mask) | (value & mask);
      return true;
    default: return false;
  }
}

}  // namespace sporkle::sim::isa
