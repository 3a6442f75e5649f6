#include "sim/gpu/memory.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace sporkle::sim::gpu {

std::shared_ptr<BackingStore> BackingStore::create(uint64_t capacity) {
  int fd = memfd_create("sporkle-device-memory", MFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error("memfd_create failed");
  if (ftruncate(fd, static_cast<off_t>(capacity)) != 0) {
    close(fd);
    throw std::runtime_error("cannot size device memory");
  }
  void* base = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
  if (base == MAP_FAILED) {
    close(fd);
    throw std::runtime_error("cannot map device memory");
  }
  std::shared_ptr<BackingStore> store(new BackingStore(fd, capacity, static_cast<uint8_t*>(base)));
  store->free_.emplace(0, capacity);
  return store;
}

BackingStore::~BackingStore() {
  munmap(base_, capacity_);
  close(fd_);
}

std::shared_ptr<Allocation> BackingStore::allocate(uint64_t size) {
  if (size == 0 || size % kPageSize) return nullptr;
  std::lock_guard lock(mutex_);
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    if (it->second < size) continue;
    uint64_t offset = it->first;
    uint64_t left = it->second - size;
    free_.erase(it);
    if (left) free_.emplace(offset + size, left);
    return std::shared_ptr<Allocation>(new Allocation(shared_from_this(), offset, size, base_ + offset));
  }
  return nullptr;
}

std::shared_ptr<Allocation> BackingStore::wrap_user(void* ptr, uint64_t size) {
  return std::shared_ptr<Allocation>(new Allocation(nullptr, 0, size, static_cast<uint8_t*>(ptr)));
}

void BackingStore::release(uint64_t offset, uint64_t size) {
  // Freed pages go back to the kernel, so the next buffer placed here starts out zeroed, like cleared VRAM.
  fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset), static_cast<off_t>(size));
  std::lock_guard lock(mutex_);
  auto next = free_.lower_bound(offset);
  if (next != free_.end() && offset + size == next->first) {
    size += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto prev = std::prev(next);
    if (prev->first + prev->second == offset) {
      prev->second += size;
      return;
    }
  }
  free_.emplace(offset, size);
}

int Allocation::store_fd() const { return store_ ? store_->fd() : -1; }

Allocation::~Allocation() {
  if (store_) store_->release(offset_, size_);
}

void Allocation::scramble(uint32_t seed) {
  if (is_user()) return;
  uint32_t x = seed | 1;
  for (uint64_t i = 0; i + 4 <= size_; i += 4) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;  // xorshift32
    std::memcpy(host_ + i, &x, 4);
  }
}

}  // namespace sporkle::sim::gpu
