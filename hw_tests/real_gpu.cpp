#include "hw_tests/real_gpu.h"

#include <cstdlib>
#include <exception>

namespace sporkle::hw_tests {

std::optional<Device> real_gpu(std::string* why_not) {
  std::vector<std::string> nodes;
  try {
    nodes = Device::amd_render_nodes();
  } catch (const std::exception& e) {
    // Nothing to enumerate (no /dev/dri in a container) is the same as no GPU.
    *why_not = std::string(kNoGpu) + " (" + e.what() + ")";
    return std::nullopt;
  }
  if (nodes.empty()) {
    *why_not = kNoGpu;
    return std::nullopt;
  }
  const char* env = std::getenv("SPORKLE_HW_DEVICE");
  const unsigned index = env ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : 0;
  if (index >= nodes.size()) {
    *why_not = "SPORKLE_HW_DEVICE=" + std::string(env) + " but only " + std::to_string(nodes.size()) +
               " AMD GPU(s) present";
    return std::nullopt;
  }
  // A GPU that is present but cannot be opened is a failure, not a skip: Device::open throws.
  return Device::open(nodes[index]);
}

}  // namespace sporkle::hw_tests
