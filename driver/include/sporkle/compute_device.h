// The short path: a GPU you allocate on, copy to and from, run kernels on and wait for, in a few lines.
//
//   sporkle::ComputeDevice gpu;                      // the first AMD GPU
//   auto buf = gpu.allocate(n * sizeof(float));
//   gpu.memcpy(buf, host.data(), n * sizeof(float));  // host -> device
//   gpu.memcpy(host.data(), buf, n * sizeof(float));  // device -> host
//   gpu.cleanup();
//
// Device-to-device copies run on an SDMA ring (or the compute ring's CP DMA when the device has none) and are
// asynchronous until sync(); host copies wait for earlier GPU work first. Errors throw sporkle::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>

#include "sporkle/buffer.h"
#include "sporkle/context.h"
#include "sporkle/device.h"
#include "sporkle/error.h"
#include "sporkle/fence.h"
#include "sporkle/queue.h"

namespace sporkle {

// A range of device memory handed out by ComputeDevice::allocate (or a part of one).
struct DeviceMemory {
  uint64_t address = 0;  // GPU virtual address
  uint64_t size = 0;
  DeviceMemory slice(uint64_t offset, uint64_t length) const;
};

struct Dim3 {
  uint32_t x = 1, y = 1, z = 1;
};

class ComputeDevice {
 public:
  ComputeDevice();                         // the first AMD GPU
  explicit ComputeDevice(unsigned index);  // the index-th AMD GPU (card order)
  explicit ComputeDevice(Device device);
  ~ComputeDevice();
  ComputeDevice(const ComputeDevice&) = delete;
  ComputeDevice& operator=(const ComputeDevice&) = delete;

  const DeviceInfo& info() const { return device_.info(); }
  const Device& device() const { return device_; }

  // CPU-visible memory in domain (VRAM by default).
  DeviceMemory allocate(uint64_t bytes, Domain domain = Domain::Vram);
  void deallocate(DeviceMemory memory);

  void memcpy(DeviceMemory dst, const void* src, uint64_t bytes);  // host -> device
  void memcpy(void* dst, DeviceMemory src, uint64_t bytes);        // device -> host
  void memcpy(DeviceMemory dst, DeviceMemory src, uint64_t bytes);  // device -> device, asynchronous

  // Runs kernel from an AMDGPU code object over grid workgroups of block threads. Not supported yet: it needs
  // the shader core and code-object loader; throws NotSupported.
  void execute(std::span<const std::byte> code_object, std::string_view kernel, std::span<const uint64_t> args,
               Dim3 grid, Dim3 block);

  // Waits for all submitted work; throws Error if any of it failed (e.g. ECANCELED after a GPU reset).
  void sync();
  // sync(), then frees every allocation. The device stays usable.
  void cleanup();

 private:
  struct Resolved {
    Buffer* buffer;
    uint64_t offset;
  };
  Resolved resolve(DeviceMemory m, uint64_t bytes, const char* call);
  Queue& copy_queue();

  Device device_;
  Context context_;
  std::optional<Queue> copy_queue_;
  std::map<uint64_t, Buffer> buffers_;  // by GPU address
};

}  // namespace sporkle
