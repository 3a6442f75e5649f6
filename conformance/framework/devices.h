// The AMD GPUs the suite runs on: every render node whose PCI vendor is AMD, as libdrm enumerates them.
// Tests only ever see a render node path; whether the simulator or a real GPU answers is not their business.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace sporkle::conformance {

struct Device {
  std::string name;         // gfx target when known (gfx900, gfx1030, ...), unique per run; "none" if absent
  std::string render_node;  // /dev/dri/renderD*; empty when no AMD GPU was found
  uint16_t pci_device = 0;
  uint8_t pci_revision = 0;

  bool present() const { return !render_node.empty(); }
};

// One ring of one device (ip = AMDGPU_HW_IP_*).
struct Ring {
  Device device;
  uint32_t ip = 0;
  uint32_t ring = 0;
};

// Discovered once per process. Never empty: without an AMD GPU it holds one absent Device, so that every test is
// instantiated and skips with a reason instead of silently disappearing.
const std::vector<Device>& amd_devices();

// The rings of the given IP types that each device reports in HW_IP_INFO.available_rings.
std::vector<Ring> amd_rings(std::initializer_list<uint32_t> ips);

const char* ip_name(uint32_t ip);

// How gtest prints test parameters.
void PrintTo(const Device& device, std::ostream* os);
void PrintTo(const Ring& ring, std::ostream* os);

// Why the suite has nothing to run on, for GTEST_SKIP messages.
std::string no_device_reason();

}  // namespace sporkle::conformance
