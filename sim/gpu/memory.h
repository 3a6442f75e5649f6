// Memory behind GPU buffers. One sparse memfd per simulated device holds every buffer's pages, so a CPU mapping
// of a buffer (mmap of the memfd) and the GPU's view (the simulator's own mapping of it) are the same pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace sporkle::sim::gpu {

inline constexpr uint64_t kPageSize = 4096;

class BackingStore;

// A page-aligned range of device memory (or, for userptr buffers, of the client's own memory).
class Allocation {
 public:
  ~Allocation();
  Allocation(const Allocation&) = delete;
  Allocation& operator=(const Allocation&) = delete;

  uint64_t size() const { return size_; }
  // Offset in the store's memfd; meaningless for user memory.
  uint64_t store_offset() const { return offset_; }
  uint8_t* host() const { return host_; }
  // The memfd holding the pages (map it at store_offset() to alias them); -1 for user memory.
  int store_fd() const;
  // User memory may be unmapped by the client at any time: every access must go through guarded copies.
  bool is_user() const { return store_ == nullptr; }
  // Overwrites the contents with a pattern, as VRAM looks after a reset that lost it.
  void scramble(uint32_t seed);

 private:
  friend class BackingStore;
  Allocation(std::shared_ptr<BackingStore> store, uint64_t offset, uint64_t size, uint8_t* host)
      : store_(std::move(store)), offset_(offset), size_(size), host_(host) {}
  std::shared_ptr<BackingStore> store_;
  uint64_t offset_;
  uint64_t size_;
  uint8_t* host_;
};

class BackingStore : public std::enable_shared_from_this<BackingStore> {
 public:
  // capacity is address space only: pages are materialised when touched and punched out when freed.
  static std::shared_ptr<BackingStore> create(uint64_t capacity);
  ~BackingStore();

  int fd() const { return fd_; }
  uint64_t capacity() const { return capacity_; }

  // size must be a multiple of kPageSize. Returns nullptr when no contiguous range is free.
  std::shared_ptr<Allocation> allocate(uint64_t size);
  // Wraps client memory (GEM_USERPTR); the store does not own it.
  static std::shared_ptr<Allocation> wrap_user(void* ptr, uint64_t size);

 private:
  friend class Allocation;
  BackingStore(int fd, uint64_t capacity, uint8_t* base) : fd_(fd), capacity_(capacity), base_(base) {}
  void release(uint64_t offset, uint64_t size);

  int fd_;
  uint64_t capacity_;
  uint8_t* base_;
  std::mutex mutex_;
  std::map<uint64_t, uint64_t> free_;  // offset -> size, coalesced
};

}  // namespace sporkle::sim::gpu
