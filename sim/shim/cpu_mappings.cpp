#include "sim/shim/cpu_mappings.h"

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

#include "sim/shim/libc.h"

namespace sporkle::sim::shim {
namespace {

struct Range {
  uintptr_t end;
  std::shared_ptr<gpu::Allocation> memory;
};

struct Registry {
  std::mutex mutex;
  std::map<uintptr_t, Range> ranges;  // start -> range; ranges never overlap
  std::atomic<size_t> count{0};
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: munmap can run during exit
  return *r;
}

uintptr_t page_end(uintptr_t addr, size_t length) { return (addr + length + gpu::kPageSize - 1) & ~(gpu::kPageSize - 1); }

}  // namespace

void mapped(void* addr, size_t length, std::shared_ptr<gpu::Allocation> memory) {
  Registry& r = registry();
  uintptr_t start = reinterpret_cast<uintptr_t>(addr);
  std::lock_guard lock(r.mutex);
  r.ranges[start] = Range{page_end(start, length), std::move(memory)};
  r.count = r.ranges.size();
}

void unmapped(void* addr, size_t length) {
  Registry& r = registry();
  if (r.count.load(std::memory_order_relaxed) == 0 || length == 0) return;
  uintptr_t start = reinterpret_cast<uintptr_t>(addr) & ~(gpu::kPageSize - 1);
  uintptr_t end = page_end(reinterpret_cast<uintptr_t>(addr), length);
  std::vector<std::shared_ptr<gpu::Allocation>> released;  // dropped after the lock: freeing runs kernel code
  {
    std::lock_guard lock(r.mutex);
    auto it = r.ranges.upper_bound(start);
    if (it != r.ranges.begin()) --it;
    while (it != r.ranges.end() && it->first < end) {
      if (it->second.end <= start) {
        ++it;
        continue;
      }
      Range range = std::move(it->second);
      uintptr_t range_start = it->first;
      it = r.ranges.erase(it);
      // What is left on either side of the hole still maps the buffer.
      if (range_start < start) r.ranges[range_start] = Range{start, range.memory};
      if (range.end > end) it = r.ranges.emplace(end, Range{range.end, range.memory}).first, ++it;
      released.push_back(std::move(range.memory));
    }
    r.count = r.ranges.size();
  }
  Passthrough p;
  released.clear();
}

}  // namespace sporkle::sim::shim
