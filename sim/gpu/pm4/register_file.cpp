#include "sim/gpu/pm4/register_file.h"

#include <cstring>

namespace sporkle::sim::gpu {

namespace reg = spec::reg;

uint32_t* RegisterFile::space(const reg::RegisterSpace& s) {
  if (s.start == reg::kShSpace.start) return sh_.data();
  if (s.start == reg::kUconfigSpace.start) return uconfig_.data();
  if (s.start == reg::kContextSpace.start) return context_.data();
  return config_.data();
}

uint32_t* RegisterFile::slot(uint32_t offset) {
  if (reg::kShSpace.contains(offset)) return &sh_[offset - reg::kShSpace.start];
  if (reg::kUconfigSpace.contains(offset)) return &uconfig_[offset - reg::kUconfigSpace.start];
  if (reg::kContextSpace.contains(offset)) return &context_[offset - reg::kContextSpace.start];
  if (reg::kConfigSpace.contains(offset)) return &config_[offset - reg::kConfigSpace.start];
  return nullptr;
}

void RegisterFile::reset() {
  // memset rather than fill(): engines are reset per fuzz input, where an instrumented loop costs more than
  // the packets.
  std::memset(config_.data(), 0, sizeof config_);
  std::memset(sh_.data(), 0, sizeof sh_);
  std::memset(context_.data(), 0, sizeof context_);
  std::memset(uconfig_.data(), 0, sizeof uconfig_);
}

}  // namespace sporkle::sim::gpu
