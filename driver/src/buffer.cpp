#include "sporkle/buffer.h"

#include <utility>

#include "device_state.h"
#include "sporkle/error.h"

namespace sporkle {

namespace {
constexpr uint64_t kPage = 4096;
constexpr uint64_t kVaFlags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE;
}  // namespace

Buffer Buffer::allocate(const Device& device, uint64_t size, Domain domain, uint64_t flags, uint64_t alignment) {
  if (size == 0) throw Error(EINVAL, "Buffer::allocate", "size 0");
  Buffer b;
  b.dev_ = device.state();
  b.size_ = size;
  amdgpu_bo_alloc_request req{};
  req.alloc_size = size;
  req.phys_alignment = alignment;
  req.preferred_heap = static_cast<uint32_t>(domain);
  req.flags = flags;
  DrmApi& api = *b.dev_->api;
  retry([&] { return api.bo_alloc(b.dev_->dev, &req, &b.bo_); }, "amdgpu_bo_alloc");
  b.map_gpu();
  return b;
}

Buffer Buffer::import_dmabuf(const Device& device, int dmabuf_fd) {
  Buffer b;
  b.dev_ = device.state();
  amdgpu_bo_import_result result{};
  DrmApi& api = *b.dev_->api;
  retry([&] { return api.bo_import(b.dev_->dev, amdgpu_bo_handle_type_dma_buf_fd,
                                   static_cast<uint32_t>(dmabuf_fd), &result); },
        "amdgpu_bo_import");
  b.bo_ = result.buf_handle;
  b.size_ = result.alloc_size;
  b.map_gpu();
  return b;
}

void Buffer::map_gpu() {
  DrmApi& api = *dev_->api;
  retry([&] { return api.bo_export(bo_, amdgpu_bo_handle_type_kms, &kms_handle_); }, "amdgpu_bo_export");
  const uint64_t mapped = (size_ + kPage - 1) & ~(kPage - 1);
  retry([&] { return api.va_range_alloc(dev_->dev, amdgpu_gpu_va_range_general, mapped, kPage, &va_,
                                        &va_handle_, 0); },
        "amdgpu_va_range_alloc");
  retry([&] { return api.bo_va_op_raw(dev_->dev, bo_, 0, mapped, va_, kVaFlags, AMDGPU_VA_OP_MAP); },
        "amdgpu_bo_va_op(MAP)");
  mapped_size_ = mapped;
}

void* Buffer::map() {
  if (!cpu_) {
    void* p = nullptr;
    retry([&] { return dev_->api->bo_cpu_map(bo_, &p); }, "amdgpu_bo_cpu_map");
    cpu_ = p;
  }
  return cpu_;
}

void Buffer::unmap() {
  if (!cpu_) return;
  cpu_ = nullptr;
  check(dev_->api->bo_cpu_unmap(bo_), "amdgpu_bo_cpu_unmap");
}

UniqueFd Buffer::export_dmabuf() const {
  uint32_t fd = 0;
  retry([&] { return dev_->api->bo_export(bo_, amdgpu_bo_handle_type_dma_buf_fd, &fd); }, "amdgpu_bo_export");
  return UniqueFd(static_cast<int>(fd));
}

// Teardown cannot report failure (destructors must not throw); each step is the kernel's own cleanup order and
// the handle close at the end releases whatever an earlier failed step left behind.
void Buffer::release() noexcept {
  if (!bo_) return;
  DrmApi& api = *dev_->api;
  if (cpu_) api.bo_cpu_unmap(bo_);
  if (mapped_size_) api.bo_va_op_raw(dev_->dev, bo_, 0, mapped_size_, va_, kVaFlags, AMDGPU_VA_OP_UNMAP);
  if (va_handle_) api.va_range_free(va_handle_);
  api.bo_free(bo_);
  bo_ = nullptr;
  va_handle_ = nullptr;
  cpu_ = nullptr;
  mapped_size_ = 0;
}

Buffer::Buffer(Buffer&& o) noexcept { *this = std::move(o); }

Buffer& Buffer::operator=(Buffer&& o) noexcept {
  if (this != &o) {
    release();
    dev_ = std::move(o.dev_);
    bo_ = std::exchange(o.bo_, nullptr);
    va_handle_ = std::exchange(o.va_handle_, nullptr);
    va_ = std::exchange(o.va_, 0);
    size_ = std::exchange(o.size_, 0);
    mapped_size_ = std::exchange(o.mapped_size_, 0);
    kms_handle_ = std::exchange(o.kms_handle_, 0);
    cpu_ = std::exchange(o.cpu_, nullptr);
  }
  return *this;
}

Buffer::~Buffer() { release(); }

}  // namespace sporkle
