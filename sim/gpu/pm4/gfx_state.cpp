// GFX-queue state packets: CONTEXT_CONTROL, CLEAR_STATE, PREAMBLE_CNTL, PFP_SYNC_ME and SET_BASE. With one
// in-order engine there is no PFP/ME split to synchronise and no shadowed state to load, so these only keep the
// state a later packet reads.
#include <algorithm>

#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;
namespace reg = spec::reg;

bool CommandProcessor::gfx_state(const Packet& pkt) {
  switch (pkt.opcode) {
    case pm4::CONTEXT_CONTROL:
      load_control_ = pm4::context_control::LOAD_CONTROL.in(pkt.p);
      shadow_control_ = pm4::context_control::SHADOW_CONTROL.in(pkt.p);
      return true;
    case pm4::CLEAR_STATE: {
      // gfx10 added push/pop of the context state; gfx9's body dword is a dummy.
      uint32_t cmd = pm4::clear_state::CMD.in(pkt.p);
      if (level_ != spec::GfxLevel::Gfx9 && cmd != 0)
        return illegal("CLEAR_STATE command %u (push/pop of context state) is not modelled", cmd);
      // The clear-state buffer's values are the context registers' reset values, which are 0 in this model.
      uint32_t* context = regs_.space(reg::kContextSpace);
      std::fill(context, context + reg::kContextSpace.size(), 0u);
      return true;
    }
    case pm4::PREAMBLE_CNTL: preamble_ = pm4::preamble_cntl::COMMAND.in(pkt.p); return true;
    case pm4::PFP_SYNC_ME: return true;  // the PFP never runs ahead of the ME here
    case pm4::SET_BASE: {
      namespace sb = pm4::set_base;
      bases_[sb::BASE_INDEX.in(pkt.p)] =
          spec::gpu_va((uint64_t{sb::ADDRESS_HI.in(pkt.p)} << 32) | sb::ADDRESS_LO.in(pkt.p));
      return true;
    }
  }
  return illegal("opcode 0x%02x is not a GFX state packet", pkt.opcode);
}

}  // namespace sporkle::sim::gpu
