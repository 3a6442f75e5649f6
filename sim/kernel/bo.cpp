#include "sim/kernel/bo.h"

#include "sim/kernel/device.h"

namespace sporkle::sim::kernel {

Bo::~Bo() {
  if (device) {
    if (mmap_offset) device->release_mmap_offset(mmap_offset);
    if (accounted_domain) device->uncharge(accounted_domain, size);
  }
}

void Bo::add_fence(std::shared_ptr<Fence> f, const void* owner) {
  std::lock_guard lock(mutex);
  std::erase_if(fences, [](const Use& u) { return u.fence->is_signaled(); });
  fences.push_back({std::move(f), owner});
}

std::vector<std::shared_ptr<Fence>> Bo::busy_fences(const void* not_owner) {
  std::lock_guard lock(mutex);
  std::erase_if(fences, [](const Use& u) { return u.fence->is_signaled(); });
  std::vector<std::shared_ptr<Fence>> out;
  for (const Use& u : fences)
    if (!not_owner || u.owner != not_owner) out.push_back(u.fence);
  return out;
}

}  // namespace sporkle::sim::kernel
