// A GPU buffer object: memory in one domain, mapped into the device's GPU virtual address space for its whole
// life, CPU-mappable on demand, shareable as a dma-buf. Freed (unmapped, VA released, handle closed) when the
// Buffer is destroyed.
#pragma once

#include <amdgpu.h>
#include <amdgpu_drm.h>

#include <cstdint>
#include <memory>
#include <span>

#include "sporkle/device.h"
#include "sporkle/unique_fd.h"

namespace sporkle {

enum class Domain : uint32_t {
  Cpu = AMDGPU_GEM_DOMAIN_CPU,
  Gtt = AMDGPU_GEM_DOMAIN_GTT,
  Vram = AMDGPU_GEM_DOMAIN_VRAM,
};

class Buffer {
 public:
  // flags are AMDGPU_GEM_CREATE_* (e.g. CPU_ACCESS_REQUIRED for a VRAM buffer the CPU will map).
  static Buffer allocate(const Device& device, uint64_t size, Domain domain, uint64_t flags = 0,
                         uint64_t alignment = 4096);
  // Imports a dma-buf (from export_dmabuf of this or another device, or any exporter) and maps it for the GPU.
  static Buffer import_dmabuf(const Device& device, int dmabuf_fd);

  Buffer(Buffer&& o) noexcept;
  Buffer& operator=(Buffer&& o) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  uint64_t size() const { return size_; }
  uint64_t gpu_address() const { return va_; }
  amdgpu_bo_handle handle() const { return bo_; }
  uint32_t kms_handle() const { return kms_handle_; }  // the GEM handle, for BO lists

  // CPU view of the whole buffer; mapped on first use, unmapped by unmap() or destruction.
  void* map();
  template <typename T>
  std::span<T> view() {
    return {static_cast<T*>(map()), static_cast<size_t>(size_ / sizeof(T))};
  }
  void unmap();

  // A new dma-buf fd for this buffer (read-write, close-on-exec).
  UniqueFd export_dmabuf() const;

 private:
  Buffer() = default;
  void map_gpu();
  void release() noexcept;

  std::shared_ptr<detail::DeviceState> dev_;
  amdgpu_bo_handle bo_ = nullptr;
  amdgpu_va_handle va_handle_ = nullptr;
  uint64_t va_ = 0;
  uint64_t size_ = 0;
  uint64_t mapped_size_ = 0;  // the VA mapping: size rounded up to a page
  uint32_t kms_handle_ = 0;
  void* cpu_ = nullptr;
};

}  // namespace sporkle
