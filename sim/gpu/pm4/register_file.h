// A CP queue's register state: the four SET_*_REG spaces, kept per queue and across jobs like the hardware's
// persistent state. Registers outside these spaces are not writable from a command stream.
#pragma once

#include <array>
#include <cstdint>

#include "sporkle/spec/registers.h"

namespace sporkle::sim::gpu {

class RegisterFile {
 public:
  // The register's storage, or null when offset lies outside every SET_*_REG space.
  uint32_t* slot(uint32_t offset);
  const uint32_t* slot(uint32_t offset) const { return const_cast<RegisterFile*>(this)->slot(offset); }
  // Direct access to a space's storage for bulk SET_*_REG writes (index 0 = the space's start).
  uint32_t* space(const spec::reg::RegisterSpace& s);
  void reset();

 private:
  std::array<uint32_t, spec::reg::kConfigSpace.size()> config_{};
  std::array<uint32_t, spec::reg::kShSpace.size()> sh_{};
  std::array<uint32_t, spec::reg::kContextSpace.size()> context_{};
  std::array<uint32_t, spec::reg::kUconfigSpace.size()> uconfig_{};
};

}  // namespace sporkle::sim::gpu
