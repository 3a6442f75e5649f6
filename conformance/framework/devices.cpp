#include "conformance/framework/devices.h"

#include <amdgpu_drm.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xf86drm.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "sporkle/spec/personality.h"

namespace sporkle::conformance {
namespace {

constexpr uint16_t kAmdVendor = 0x1002;

bool query_info(int fd, uint32_t query, void* out, uint32_t size, uint32_t ip = 0) {
  drm_amdgpu_info request{};
  request.return_pointer = reinterpret_cast<uintptr_t>(out);
  request.return_size = size;
  request.query = query;
  request.query_hw_ip.type = ip;
  return drmIoctl(fd, DRM_IOCTL_AMDGPU_INFO, &request) == 0;
}

// Names a device by the personality of the same chip class: same family and the same offset between the
// external and internal revision ids, which is how amdgpu distinguishes chips within a family.
std::string gfx_name(int fd, uint16_t pci_device) {
  drm_amdgpu_info_device info{};
  if (query_info(fd, AMDGPU_INFO_DEV_INFO, &info, sizeof(info))) {
    for (const spec::Personality* p : spec::personalities()) {
      if (p->pci.device == pci_device) return std::string(p->name);
    }
    for (const spec::Personality* p : spec::personalities()) {
      if (p->dev_info.family == info.family &&
          p->dev_info.external_rev - p->dev_info.chip_rev == info.external_rev - info.chip_rev) {
        return std::string(p->name);
      }
    }
  }
  char fallback[32];
  std::snprintf(fallback, sizeof(fallback), "amdgpu_%04x", pci_device);
  return fallback;
}

std::vector<Device> discover() {
  std::vector<Device> found;
  // Without DRM_DEVICE_GET_PCI_REVISION libdrm reports revision 0xff instead of reading it.
  int count = drmGetDevices2(DRM_DEVICE_GET_PCI_REVISION, nullptr, 0);
  if (count > 0) {
    std::vector<drmDevicePtr> list(static_cast<size_t>(count));
    count = drmGetDevices2(DRM_DEVICE_GET_PCI_REVISION, list.data(), count);
    for (int i = 0; i < count; ++i) {
      const drmDevicePtr d = list[static_cast<size_t>(i)];
      if (d->bustype != DRM_BUS_PCI || d->deviceinfo.pci->vendor_id != kAmdVendor) continue;
      if (!(d->available_nodes & (1 << DRM_NODE_RENDER))) continue;
      Device dev;
      dev.render_node = d->nodes[DRM_NODE_RENDER];
      dev.pci_device = d->deviceinfo.pci->device_id;
      dev.pci_revision = d->deviceinfo.pci->revision_id;
      found.push_back(dev);
    }
    drmFreeDevices(list.data(), count);
  }
  std::sort(found.begin(), found.end(), [](const Device& a, const Device& b) {
    return a.render_node.size() != b.render_node.size() ? a.render_node.size() < b.render_node.size()
                                                         : a.render_node < b.render_node;
  });
  std::map<std::string, int> seen;
  for (Device& dev : found) {
    int fd = open(dev.render_node.c_str(), O_RDWR | O_CLOEXEC);
    std::string name = fd >= 0 ? gfx_name(fd, dev.pci_device) : "amdgpu";
    if (fd >= 0) close(fd);
    int n = seen[name]++;
    dev.name = n == 0 ? name : name + "_" + std::to_string(n);
  }
  if (found.empty()) found.push_back(Device{"none", "", 0, 0});
  return found;
}

}  // namespace

const std::vector<Device>& amd_devices() {
  static const std::vector<Device> devices = discover();
  return devices;
}

std::vector<Ring> amd_rings(std::initializer_list<uint32_t> ips) {
  std::vector<Ring> rings;
  for (const Device& dev : amd_devices()) {
    if (!dev.present()) {
      rings.push_back(Ring{dev, 0, 0});
      continue;
    }
    int fd = open(dev.render_node.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) continue;
    for (uint32_t ip : ips) {
      drm_amdgpu_info_hw_ip hw{};
      if (!query_info(fd, AMDGPU_INFO_HW_IP_INFO, &hw, sizeof(hw), ip)) continue;
      for (uint32_t r = 0; r < 32; ++r) {
        if (hw.available_rings & (1u << r)) rings.push_back(Ring{dev, ip, r});
      }
    }
    close(fd);
  }
  return rings;
}

const char* ip_name(uint32_t ip) {
  switch (ip) {
    case AMDGPU_HW_IP_GFX: return "gfx";
    case AMDGPU_HW_IP_COMPUTE: return "compute";
    case AMDGPU_HW_IP_DMA: return "dma";
    default: return "ip";
  }
}

void PrintTo(const Device& device, std::ostream* os) {
  *os << device.name;
  if (device.present()) *os << " (" << device.render_node << ")";
}

void PrintTo(const Ring& ring, std::ostream* os) {
  PrintTo(ring.device, os);
  if (ring.device.present()) *os << " " << ip_name(ring.ip) << " ring " << ring.ring;
}

std::string no_device_reason() {
  const char* backend = std::getenv("SPORKLE_BACKEND");
  std::string reason = "no AMD GPU render node (PCI vendor 0x1002) was found";
  if (backend) reason += std::string(" with SPORKLE_BACKEND=") + backend;
  return reason;
}

}  // namespace sporkle::conformance
