#include "sim/isa/interpreter.h"

#include <cfenv>

#include "sim/isa/handlers.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa {

namespace {

constexpr uint64_t kCancelPollInterval = 256;

bool is_valu(spec::isa::Encoding e) {
  using spec::isa::Encoding;
  return e == Encoding::VOP1 || e == Encoding::VOP2 || e == Encoding::VOPC || e == Encoding::VOP3 ||
         e == Encoding::VOP3P;
}

// s_set_gpr_idx_on: M0[7:0] is added to the VGPR numbers of the operands enabled by M0[15:12] (src0, src1,
// src2, dst).
Flow run_indexed(Wave& w, const DecodedInst& in, Handler fn) {
  DecodedInst x = in;
  uint32_t m0 = w.m0(), idx = m0 & 0xFF, modes = (m0 >> 12) & 0xF;
  for (int i = 0; i < 3; ++i) {
    if ((modes >> i) & 1 && x.src[i].kind == OperandKind::Vgpr) x.src[i].reg += idx;
    if (x.src[i].kind == OperandKind::Vgpr && x.src[i].reg >= w.num_vgprs)
      return illegal(w, in, "indexed VGPR beyond the wave's allocation");
  }
  if ((modes >> 3) & 1) x.vdst += idx;
  if (x.vdst >= w.num_vgprs) return illegal(w, in, "indexed VGPR beyond the wave's allocation");
  return fn(w, x);
}

int host_rounding(uint32_t field) {
  switch (field) {
    case 1: return FE_UPWARD;
    case 2: return FE_DOWNWARD;
    case 3: return FE_TOWARDZERO;
    default: return FE_TONEAREST;
  }
}

}  // namespace

bool apply_rounding(uint32_t mode) {
  namespace m = spec::isa::gfx9::mode;
  uint32_t r32 = m::FP_ROUND_F32.get(mode), r64 = m::FP_ROUND_F64_F16.get(mode);
  std::fesetround(host_rounding(r32));
  return r32 == r64;
}

RunEnd run_wave(Wave& w, DecodeCache& cache, Budget& budget) {
  namespace m = spec::isa::gfx9::mode;
  bool rounded = m::FP_ROUND_F32.get(w.mode) || m::FP_ROUND_F64_F16.get(w.mode);
  if (rounded && !apply_rounding(w.mode)) {
    std::fesetround(FE_TONEAREST);
    w.status = WaveStatus::IllegalInstruction;
    w.diagnostic = "MODE rounds f32 and f64/f16 differently, which the simulator does not support";
    return RunEnd::Stopped;
  }
  w.status = WaveStatus::Running;
  RunEnd end = RunEnd::Stopped;
  static const std::span<const Handler> handlers = handler_table();
  // Handlers cannot reach the budget: the count lives in a register until the wave stops.
  uint64_t remaining = budget.remaining;
  for (;;) {
    if (remaining == 0) {
      end = RunEnd::BudgetExhausted;
      break;
    }
    // Counted on the shared budget, not per call: waves that stop at a barrier every few instructions are
    // polled too.
    if (remaining % kCancelPollInterval == 0 &&
        ((budget.cancel && budget.cancel->load(std::memory_order_relaxed)) ||
         (budget.kill && budget.kill->load(std::memory_order_relaxed)))) {
      end = RunEnd::Cancelled;
      break;
    }
    const DecodedInst* in = cache.at(w.pc);
    if (!in) {
      std::optional<gpu::Fault> fault;
      in = cache.fetch(w.pc, fault);
      if (!in) {
        w.status = WaveStatus::VmFault;
        w.fault = fault;
        w.diagnostic = "instruction fetch: " + fault->describe();
        break;
      }
    }
    --remaining;
    Handler fn = handlers[in->handler];
    Flow f = (w.gpr_idx_on && is_valu(in->enc)) ? run_indexed(w, *in, fn) : fn(w, *in);
    if (f == Flow::Next) {
      w.pc += in->length;
    } else if (f == Flow::Stop) {
      break;
    }
  }
  budget.remaining = remaining;
  if (rounded || std::fegetround() != FE_TONEAREST) std::fesetround(FE_TONEAREST);
  return end;
}

}  // namespace sporkle::sim::isa
