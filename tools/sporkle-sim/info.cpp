// `sporkle-sim info`: the simulated devices as a client would find them.
#include <cstdio>
#include <string>
#include <vector>

#include "sim/shim/topology.h"
#include "sporkle/spec/personality.h"
#include "tools/sporkle-sim/commands.h"

namespace sporkle::tools {
namespace {

namespace topo = sim::shim::topology;

const char* const kIpNames[AMDGPU_HW_IP_NUM] = {"GFX",     "COMPUTE", "DMA",     "UVD",     "VCE",
                                                "UVD_ENC", "VCN_DEC", "VCN_ENC", "VCN_JPEG"};

std::string sv(std::string_view s) { return std::string(s); }

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

void print_device(uint32_t index, const spec::Personality& p) {
  const drm_amdgpu_info_device& info = p.dev_info;
  std::printf("device %u: %s %s (%s)\n", index, sv(p.name).c_str(), sv(p.board).c_str(), sv(p.chip).c_str());
  std::printf("  pci       %s  %04x:%04x rev %02x  subsystem %04x:%04x  class %06x\n", topo::pci_slot(index).c_str(),
              p.pci.vendor, p.pci.device, p.pci.revision, p.pci.subsystem_vendor, p.pci.subsystem_device,
              p.pci.pci_class);
  std::printf("  nodes     %s (%u:%u)  %s (%u:%u)\n", topo::card_path(index).c_str(), topo::kDrmMajor,
              topo::primary_minor(index), topo::render_path(index).c_str(), topo::kDrmMajor,
              topo::render_minor(index));
  std::printf("  sysfs     %s\n", topo::pci_dir(index).c_str());
  std::printf("  family    %u  chip rev %u  external rev %u\n", info.family, info.chip_rev, info.external_rev);
  std::printf("  compute   %u CUs  (%u SE x %u SH)  wave%u\n", info.cu_active_number, info.num_shader_engines,
              info.num_shader_arrays_per_engine, info.wave_front_size);
  std::printf("  memory    VRAM %s (CPU-visible %s)  GTT %s\n", mib(p.vram_size).c_str(),
              mib(p.visible_vram_size).c_str(), mib(p.gtt_size).c_str());
  std::string rings;
  for (int ip = 0; ip < AMDGPU_HW_IP_NUM; ++ip)
    if (p.num_rings[ip]) rings += std::string(rings.empty() ? "" : "  ") + kIpNames[ip] + " " + std::to_string(p.num_rings[ip]);
  std::printf("  rings     %s\n", rings.empty() ? "none" : rings.c_str());
}

}  // namespace

int print_info(const DeviceChoice& choice) {
  std::vector<std::string> names;
  if (!resolve_devices(choice, &names)) return 2;
  for (uint32_t i = 0; i < names.size(); ++i) {
    if (i) std::printf("\n");
    print_device(i, *spec::find_personality(names[i]));
  }
  return 0;
}

}  // namespace sporkle::tools
