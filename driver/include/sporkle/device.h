// An AMD GPU opened through its render node, and what it reports about itself.
#pragma once

#include <amdgpu_drm.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sporkle/drm_api.h"

namespace sporkle {

namespace detail {
struct DeviceState;
}

// The IP blocks a queue can be on (the AMDGPU_HW_IP_* numbers).
enum class Ip : uint32_t {
  Gfx = AMDGPU_HW_IP_GFX,
  Compute = AMDGPU_HW_IP_COMPUTE,
  Dma = AMDGPU_HW_IP_DMA,
};

struct IpInfo {
  uint32_t rings = 0;  // rings the kernel exposes (population count of available_rings)
  uint32_t version_major = 0;
  uint32_t version_minor = 0;
  uint32_t ib_start_alignment = 0;  // bytes
  uint32_t ib_size_alignment = 0;   // bytes
};

struct DeviceInfo {
  std::string node;             // render node path, e.g. /dev/dri/renderD128
  std::string gfx_target;       // e.g. "gfx900"; empty for a chip the driver layer does not know
  std::string marketing_name;   // from libdrm's amdgpu.ids
  uint32_t device_id = 0;       // PCI device id
  uint32_t pci_rev = 0;
  uint32_t family = 0;          // AMDGPU_FAMILY_*
  uint32_t external_rev = 0;
  uint32_t cu_count = 0;        // active compute units
  uint32_t shader_engines = 0;
  uint64_t vram_size = 0;       // bytes usable by clients (AMDGPU_INFO_VRAM_GTT)
  uint64_t visible_vram_size = 0;
  uint64_t gtt_size = 0;
  std::array<IpInfo, AMDGPU_HW_IP_NUM> ips{};  // indexed by AMDGPU_HW_IP_*
  drm_amdgpu_info_device dev_info{};           // AMDGPU_INFO_DEV_INFO as the kernel reported it

  const IpInfo& ip(Ip i) const { return ips[static_cast<uint32_t>(i)]; }
};

// The gfx target name of a chip, from its DEV_INFO family and external revision (empty if unknown).
std::string gfx_target_name(uint32_t family, uint32_t external_rev);

class Device {
 public:
  // Opens a render node by path.
  static Device open(const std::string& render_node, DrmApi& api = libdrm());
  // Opens the index-th AMD GPU (vendor 0x1002) in card order: 0 is card0 (often the iGPU), 1 card1, ...
  static Device open_index(unsigned index, DrmApi& api = libdrm());
  // Opens the first AMD GPU.
  static Device open_first(DrmApi& api = libdrm()) { return open_index(0, api); }
  // Render nodes of all AMD GPUs, in card order.
  static std::vector<std::string> amd_render_nodes(DrmApi& api = libdrm());

  const DeviceInfo& info() const;
  amdgpu_device_handle handle() const;
  int fd() const;  // the render node fd this Device opened
  DrmApi& api() const;

  // Buffers, contexts and syncobjs keep the device alive: destroying the Device object only drops a reference.
  const std::shared_ptr<detail::DeviceState>& state() const { return state_; }
  // Another handle on an open device's shared state.
  explicit Device(std::shared_ptr<detail::DeviceState> s) : state_(std::move(s)) {}

 private:
  std::shared_ptr<detail::DeviceState> state_;
};

}  // namespace sporkle
