// A GPU virtual address space (one per DRM file, as amdgpu gives each file its own VM). Every access the command
// processor, the SDMA engine or a shader makes is translated here; a miss or a permission violation is a VM
// fault, recorded and reported to the engine, never an access to host memory.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "sim/gpu/memory.h"

namespace sporkle::sim::gpu {

enum Access : uint8_t { kRead = 1, kWrite = 2, kExecute = 4 };

enum class Unit : uint8_t { CommandProcessor, Sdma, Shader };
const char* unit_name(Unit u);

struct Fault {
  uint64_t va = 0;
  Access access = kRead;
  Unit unit = Unit::CommandProcessor;
  bool unmapped = true;  // false: mapped, but the page does not permit the access
  std::string describe() const;
};

// Page permissions as GEM_VA sets them (AMDGPU_VM_PAGE_*).
enum PageFlags : uint32_t { kPageReadable = 1u << 1, kPageWriteable = 1u << 2, kPageExecutable = 1u << 3, kPagePrt = 1u << 4 };

struct Mapping {
  uint64_t va = 0;    // page aligned
  uint64_t size = 0;  // page aligned
  std::shared_ptr<Allocation> memory;  // null for PRT (reads return zero, writes are dropped)
  uint64_t offset = 0;                 // into memory
  uint32_t flags = 0;                  // PageFlags plus MTYPE bits, as given
  uint64_t owner = 0;                  // the kernel's bo_va this mapping belongs to
};

class Vm {
 public:
  // Adds a mapping; the caller has checked that nothing overlaps.
  void map(Mapping m);
  // Removes [va, va+size), splitting mappings that straddle the edges. Returns what was removed.
  std::vector<Mapping> unmap_range(uint64_t va, uint64_t size);
  // Removes the mapping that starts exactly at va and belongs to owner. False if none.
  bool unmap_owned(uint64_t owner, uint64_t va);
  // Removes every mapping of owner.
  void unmap_owner(uint64_t owner);
  bool overlaps(uint64_t va, uint64_t size) const;
  std::vector<Mapping> mappings() const;

  // Accesses on behalf of a GPU unit. On failure the fault is recorded and returned.
  std::optional<Fault> read(uint64_t va, void* dst, uint64_t n, Unit unit, Access access = kRead);
  std::optional<Fault> write(uint64_t va, const void* src, uint64_t n, Unit unit);
  std::optional<Fault> fill(uint64_t va, uint8_t byte, uint64_t n, Unit unit);
  // Copies within the VM (SDMA, CP DMA) without an intermediate buffer where both sides are device memory.
  std::optional<Fault> copy(uint64_t dst, uint64_t src, uint64_t n, Unit unit);

  // Host view of [va, va+n) when it lies in one device-memory mapping that permits the access; used for fast
  // paths (fetching IB dwords). Null when the range is unmapped, split, PRT or user memory.
  const uint8_t* direct(uint64_t va, uint64_t n, Access access) const;
  // The whole device-memory mapping that holds va, when it permits every access in `accesses` (Access bits), so
  // a caller can check many addresses (a wave's lanes) against one lookup. Empty (host null) when direct() would
  // refuse va.
  struct DirectSpan {
    uint8_t* host = nullptr;  // host address of the mapping's first byte
    uint64_t va = 0;          // its first VA
    uint64_t size = 0;
  };
  DirectSpan direct_span(uint64_t va, uint8_t accesses) const;
  // Changes whenever a mapping is added or removed, so a caller may keep direct_span() results while it holds.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  std::vector<Fault> faults() const;
  uint64_t fault_count() const;

 private:
  struct Span {
    const Mapping* mapping;
    uint64_t length;  // bytes of the request that fall in this mapping
  };
  // Caller holds mutex_ (shared at least). Returns nullptr mapping if va is unmapped.
  const Mapping* find(uint64_t va) const;
  template <typename Fn>
  std::optional<Fault> walk(uint64_t va, uint64_t n, Unit unit, Access access, Fn&& fn);
  void record(const Fault& f);

  mutable std::shared_mutex mutex_;
  std::map<uint64_t, Mapping> map_;  // by start va
  std::atomic<uint64_t> generation_{0};  // bumped under mutex_ by every change of map_
  mutable std::mutex fault_mutex_;
  std::vector<Fault> faults_;  // the most recent ones, bounded
  uint64_t fault_count_ = 0;
};

}  // namespace sporkle::sim::gpu
