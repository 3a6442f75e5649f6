// Where simulated devices appear: DRM node names and minors, PCI slots and sysfs paths. Shared by the shim (which
// builds the fake tree) and tools (which report it), so both always agree.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace sporkle::sim::shim::topology {

inline constexpr uint32_t kDrmMajor = 226;
inline constexpr uint32_t kMaxDevices = 64;  // primary minors are 0..63 (drmGetMinorType: minor >> 6 == 0)

inline uint32_t primary_minor(uint32_t index) { return index; }
inline uint32_t render_minor(uint32_t index) { return 128 + index; }
inline std::string card_name(uint32_t index) { return "card" + std::to_string(primary_minor(index)); }
inline std::string render_name(uint32_t index) { return "renderD" + std::to_string(render_minor(index)); }
inline std::string card_path(uint32_t index) { return "/dev/dri/" + card_name(index); }
inline std::string render_path(uint32_t index) { return "/dev/dri/" + render_name(index); }

// Each board sits on its own bus behind its own root port, as a discrete card in a PCIe slot does.
inline std::string pci_slot(uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0000:%02x:00.0", 3 + index);
  return buf;
}
inline std::string pci_root_port(uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0000:00:%02x.%x", 1 + index / 8, index % 8);
  return buf;
}
inline std::string pci_dir(uint32_t index) {
  return "/sys/devices/pci0000:00/" + pci_root_port(index) + "/" + pci_slot(index);
}
// Relative path from the PCI directory back to /sys (devices/pci0000:00/<port>/<slot>).
inline constexpr const char* kPciDirToSys = "../../../..";

}  // namespace sporkle::sim::shim::topology
