#include "sporkle/device.h"

#include <fcntl.h>

#include <algorithm>
#include <bit>
#include <cctype>

#include "device_state.h"
#include "sporkle/error.h"

namespace sporkle {

namespace detail {
DeviceState::~DeviceState() {
  if (dev) api->device_deinitialize(dev);
  if (fd >= 0) api->close(fd);
}
}  // namespace detail

namespace {

constexpr uint16_t kAmdVendor = 0x1002;

template <typename T>
void query(detail::DeviceState& s, unsigned id, T& out) {
  retry([&] { return s.api->query_info(s.dev, id, sizeof(out), &out); }, "amdgpu_query_info");
}

void fill_info(detail::DeviceState& s) {
  DeviceInfo& info = s.info;
  query(s, AMDGPU_INFO_DEV_INFO, info.dev_info);
  const drm_amdgpu_info_device& d = info.dev_info;
  info.device_id = d.device_id;
  info.pci_rev = d.pci_rev;
  info.family = d.family;
  info.external_rev = d.external_rev;
  info.cu_count = d.cu_active_number;
  info.shader_engines = d.num_shader_engines;
  info.gfx_target = gfx_target_name(d.family, d.external_rev);

  drm_amdgpu_info_vram_gtt heaps{};
  query(s, AMDGPU_INFO_VRAM_GTT, heaps);
  info.vram_size = heaps.vram_size;
  info.visible_vram_size = heaps.vram_cpu_accessible_size;
  info.gtt_size = heaps.gtt_size;

  for (unsigned ip = 0; ip < AMDGPU_HW_IP_NUM; ++ip) {
    drm_amdgpu_info_hw_ip hw{};
    retry([&] { return s.api->query_hw_ip_info(s.dev, ip, 0, &hw); }, "amdgpu_query_hw_ip_info");
    info.ips[ip] = IpInfo{static_cast<uint32_t>(std::popcount(hw.available_rings)), hw.hw_ip_version_major,
                          hw.hw_ip_version_minor, hw.ib_start_alignment, hw.ib_size_alignment};
  }
  const char* name = s.api->get_marketing_name(s.dev);
  info.marketing_name = name ? name : "";
}

// Orders node names by their trailing number, so card10 follows card9.
unsigned node_number(const char* path) {
  const char* end = path + std::char_traits<char>::length(path);
  const char* p = end;
  while (p > path && std::isdigit(static_cast<unsigned char>(p[-1]))) --p;
  unsigned n = 0;
  for (; p < end; ++p) n = n * 10 + static_cast<unsigned>(*p - '0');
  return n;
}

}  // namespace

Device Device::open(const std::string& render_node, DrmApi& api) {
  auto s = std::make_shared<detail::DeviceState>();
  s->api = &api;
  s->info.node = render_node;
  int fd = api.open(render_node.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw Error(-fd, "open", render_node);
  s->fd = fd;
  uint32_t major = 0, minor = 0;
  int rc = api.device_initialize(fd, &major, &minor, &s->dev);
  if (rc < 0) {
    s->dev = nullptr;
    throw Error(-rc, "amdgpu_device_initialize", render_node);
  }
  fill_info(*s);
  return Device(std::move(s));
}

std::vector<std::string> Device::amd_render_nodes(DrmApi& api) {
  int count = api.get_devices(nullptr, 0);
  if (count < 0) throw Error(-count, "drmGetDevices2");
  std::vector<drmDevicePtr> devices(static_cast<size_t>(count));
  count = count ? api.get_devices(devices.data(), count) : 0;
  if (count < 0) throw Error(-count, "drmGetDevices2");

  struct Node {
    unsigned order;
    std::string render;
  };
  std::vector<Node> nodes;
  for (int i = 0; i < count; ++i) {
    const drmDevice& d = *devices[i];
    if (d.bustype != DRM_BUS_PCI || d.deviceinfo.pci->vendor_id != kAmdVendor) continue;
    if (!(d.available_nodes & (1 << DRM_NODE_RENDER))) continue;
    bool has_card = d.available_nodes & (1 << DRM_NODE_PRIMARY);
    nodes.push_back({node_number(has_card ? d.nodes[DRM_NODE_PRIMARY] : d.nodes[DRM_NODE_RENDER]),
                     d.nodes[DRM_NODE_RENDER]});
  }
  api.free_devices(devices.data(), count);
  std::stable_sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) { return a.order < b.order; });
  std::vector<std::string> out;
  for (Node& n : nodes) out.push_back(std::move(n.render));
  return out;
}

Device Device::open_index(unsigned index, DrmApi& api) {
  std::vector<std::string> nodes = amd_render_nodes(api);
  if (index >= nodes.size())
    throw Error(ENODEV, "Device::open_index",
                "AMD GPU " + std::to_string(index) + " requested, " + std::to_string(nodes.size()) + " present");
  return open(nodes[index], api);
}

const DeviceInfo& Device::info() const { return state_->info; }
amdgpu_device_handle Device::handle() const { return state_->dev; }
int Device::fd() const { return state_->fd; }
DrmApi& Device::api() const { return *state_->api; }

}  // namespace sporkle
