#include "sporkle/compute_device.h"

#include <cstring>

#include "sporkle/error.h"

namespace sporkle {

DeviceMemory DeviceMemory::slice(uint64_t offset, uint64_t length) const {
  if (offset > size || length > size - offset) throw Error(EINVAL, "DeviceMemory::slice", "out of range");
  return {address + offset, length};
}

ComputeDevice::ComputeDevice() : ComputeDevice(Device::open_first()) {}
ComputeDevice::ComputeDevice(unsigned index) : ComputeDevice(Device::open_index(index)) {}
ComputeDevice::ComputeDevice(Device device) : device_(std::move(device)), context_(device_) {}

ComputeDevice::~ComputeDevice() {
  // Buffers must outlive the jobs using them; a failed job has already ended, so its error is not needed here.
  try {
    sync();
  } catch (const Error&) {
  }
}

DeviceMemory ComputeDevice::allocate(uint64_t bytes, Domain domain) {
  const uint64_t flags = domain == Domain::Vram ? AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED : 0;
  Buffer b = Buffer::allocate(device_, bytes, domain, flags);
  DeviceMemory m{b.gpu_address(), bytes};
  buffers_.emplace(m.address, std::move(b));
  return m;
}

void ComputeDevice::deallocate(DeviceMemory memory) {
  auto it = buffers_.find(memory.address);
  if (it == buffers_.end()) throw Error(EINVAL, "ComputeDevice::deallocate", "not an allocation");
  sync();
  buffers_.erase(it);
}

ComputeDevice::Resolved ComputeDevice::resolve(DeviceMemory m, uint64_t bytes, const char* call) {
  auto it = buffers_.upper_bound(m.address);
  if (it == buffers_.begin()) throw Error(EFAULT, call, "address not in any allocation");
  --it;
  Buffer& b = it->second;
  const uint64_t offset = m.address - it->first;
  if (offset >= b.size() || bytes > b.size() - offset || bytes > m.size)
    throw Error(EFAULT, call, "range not inside one allocation");
  return {&b, offset};
}

void ComputeDevice::memcpy(DeviceMemory dst, const void* src, uint64_t bytes) {
  Resolved d = resolve(dst, bytes, "ComputeDevice::memcpy");
  sync();
  std::memcpy(static_cast<uint8_t*>(d.buffer->map()) + d.offset, src, bytes);
}

void ComputeDevice::memcpy(void* dst, DeviceMemory src, uint64_t bytes) {
  Resolved s = resolve(src, bytes, "ComputeDevice::memcpy");
  sync();
  std::memcpy(dst, static_cast<const uint8_t*>(s.buffer->map()) + s.offset, bytes);
}

Queue& ComputeDevice::copy_queue() {
  if (!copy_queue_) copy_queue_.emplace(context_, info().ip(Ip::Dma).rings ? Ip::Dma : Ip::Compute);
  return *copy_queue_;
}

void ComputeDevice::memcpy(DeviceMemory dst, DeviceMemory src, uint64_t bytes) {
  Resolved d = resolve(dst, bytes, "ComputeDevice::memcpy");
  Resolved s = resolve(src, bytes, "ComputeDevice::memcpy");
  if (bytes == 0) return;
  Queue& q = copy_queue();
  SubmitInfo submit{.buffers = {d.buffer, s.buffer}};
  if (q.ip() == Ip::Dma) {
    SdmaStream stream(device_);
    stream.copy_linear(dst.address, src.address, bytes);
    q.submit(stream, submit);
  } else {
    Pm4Stream stream(device_, Ip::Compute);
    stream.dma_copy(dst.address, src.address, bytes);
    q.submit(stream, submit);
  }
}

void ComputeDevice::execute(std::span<const std::byte>, std::string_view kernel, std::span<const uint64_t>, Dim3,
                            Dim3) {
  throw NotSupported("ComputeDevice::execute",
                     "kernel '" + std::string(kernel) +
                         "': running code objects needs the shader core and code-object loader, not available yet");
}

void ComputeDevice::sync() {
  if (copy_queue_) copy_queue_->wait_idle();
}

void ComputeDevice::cleanup() {
  sync();
  buffers_.clear();
}

}  // namespace sporkle
