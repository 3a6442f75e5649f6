// DISPATCH_DIRECT and DISPATCH_INDIRECT: decoded, validated and latched into the COMPUTE_* registers as the CP
// does. Running the waves is the shader core's work; until the simulator has one, a dispatch that would launch
// workgroups stops the job with a diagnostic instead of completing without running anything.
#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;
namespace reg = spec::reg;

bool CommandProcessor::dispatch_direct(const Packet& pkt) {
  namespace dd = pm4::dispatch_direct;
  return launch(dd::DIM_X.in(pkt.p), dd::DIM_Y.in(pkt.p), dd::DIM_Z.in(pkt.p), dd::DISPATCH_INITIATOR.in(pkt.p),
                "DISPATCH_DIRECT");
}

bool CommandProcessor::dispatch_indirect(const Packet& pkt) {
  namespace di = pm4::dispatch_indirect;
  uint64_t va;
  uint32_t initiator;
  if (type_ == RingType::Gfx) {
    uint64_t base = bases_[pm4::set_base::kDispatchIndirectBase];
    va = spec::gpu_va(base + di::DATA_OFFSET.in(pkt.p));
    initiator = di::DISPATCH_INITIATOR_GFX.in(pkt.p);
  } else {
    va = spec::gpu_va((uint64_t{di::ADDR_HI.in(pkt.p)} << 32) | di::ADDR_LO.in(pkt.p));
    initiator = di::DISPATCH_INITIATOR_COMPUTE.in(pkt.p);
  }
  if (va & 3) return illegal("DISPATCH_INDIRECT arguments at 0x%llx are not dword aligned", (unsigned long long)va);
  uint32_t dims[3];
  if (!read_memory(va, dims, sizeof dims)) return false;
  return launch(dims[0], dims[1], dims[2], initiator, "DISPATCH_INDIRECT");
}

bool CommandProcessor::launch(uint32_t x, uint32_t y, uint32_t z, uint32_t initiator, const char* packet) {
  namespace init = pm4::dispatch_initiator;
  uint32_t* sh = regs_.space(reg::kShSpace);
  sh[reg::COMPUTE_DIM_X - reg::kShSpace.start] = x;
  sh[reg::COMPUTE_DIM_X + 1 - reg::kShSpace.start] = y;
  sh[reg::COMPUTE_DIM_X + 2 - reg::kShSpace.start] = z;
  sh[reg::COMPUTE_DISPATCH_INITIATOR - reg::kShSpace.start] = initiator;
  if (!init::COMPUTE_SHADER_EN.get(initiator))
    return illegal("%s with COMPUTE_SHADER_EN clear in DISPATCH_INITIATOR 0x%08x", packet, initiator);
  if (level_ == spec::GfxLevel::Gfx9 && (init::CS_W32_EN.get(initiator) || init::TUNNEL_ENABLE.get(initiator)))
    return illegal("%s with gfx10 initiator bits (CS_W32_EN/TUNNEL_ENABLE) on gfx9: 0x%08x", packet, initiator);
  bool thread_dims = init::USE_THREAD_DIMENSIONS.get(initiator);
  // An empty grid launches nothing (indirect dispatches rely on this).
  if (x == 0 || y == 0 || z == 0) return true;
  uint64_t pgm = (uint64_t{sh[reg::COMPUTE_PGM_HI - reg::kShSpace.start]} << 40) |
                 (uint64_t{sh[reg::COMPUTE_PGM_LO - reg::kShSpace.start]} << 8);
  return illegal("%s of %ux%ux%u %s (program at 0x%llx): shader execution not available", packet, x, y, z,
                 thread_dims ? "threads" : "workgroups", (unsigned long long)pgm);
}

}  // namespace sporkle::sim::gpu
