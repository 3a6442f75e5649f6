// SET_CONFIG_REG, SET_CONTEXT_REG, SET_SH_REG(_INDEX), SET_UCONFIG_REG(_INDEX): consecutive registers of one space.
#include <algorithm>
#include <cstring>
#include <string>

#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace set_reg = spec::pm4::set_reg;

bool CommandProcessor::set_reg(const Packet& pkt, const spec::reg::RegisterSpace& space) {
  uint32_t offset = set_reg::REG_OFFSET.in(pkt.p);
  uint32_t n = pkt.body - 1;
  // Registers are written in order; the first one past the space's end is an illegal register access.
  uint32_t fit = offset >= space.size() ? 0 : std::min(n, space.size() - offset);
  if (fit) std::memcpy(regs_.space(space) + offset, pkt.p + set_reg::kFirstValue, fit * sizeof(uint32_t));
  if (fit < n) {
    std::string what = "SET_" + std::string(space.name) + "_REG write outside its space to";
    return privileged(space.start + offset + fit, what.c_str());
  }
  return true;
}

}  // namespace sporkle::sim::gpu
