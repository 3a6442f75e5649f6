// The short path: a GPU you allocate on, copy to and from, run kernels on and wait for, in a few lines.
//
//   sporkle::ComputeDevice gpu;                      // the first AMD GPU
//   auto buf = gpu.allocate(n * sizeof(float));
//   gpu.memcpy(buf, host.data(), n * sizeof(float));  // host -> device
//   gpu.memcpy(host.data(), buf, n * sizeof(float));  // device -> host
//   gpu.load_file("saxpy.co");                        // an AMDHSA code object (clang, or llvm-mc + ld.lld)
//   gpu.execute("saxpy", {2.0f, x, y, n}, {n / 64}, {64});
//   gpu.cleanup();
//
// Device-to-device copies run on an SDMA ring (or the compute ring's CP DMA when the device has none) and kernels
// on a compute ring; both are asynchronous until sync(), and each waits for the other's earlier work. Host copies
// wait for all earlier GPU work first. Errors throw sporkle::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sporkle/buffer.h"
#include "sporkle/code_object.h"
#include "sporkle/context.h"
#include "sporkle/device.h"
#include "sporkle/dispatch.h"
#include "sporkle/error.h"
#include "sporkle/fence.h"
#include "sporkle/queue.h"

namespace sporkle {

// A range of device memory handed out by ComputeDevice::allocate (or a part of one).
struct DeviceMemory {
  uint64_t address = 0;  // GPU virtual address
  uint64_t size = 0;
  DeviceMemory slice(uint64_t offset, uint64_t length) const;
  // As a kernel argument: the buffer's address.
  operator KernelArg() const { return KernelArg::pointer(address); }  // NOLINT: implicit, for argument lists
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

  // Loads an AMDHSA code object for this device's gfx target (see code_object.h); its kernels can then be
  // executed by name. Kernel names must be unique across the loaded code objects (EEXIST).
  void load(std::span<const std::byte> code_object);
  void load_file(const std::string& path);

  // Runs a loaded kernel over grid workgroups of block work-items, asynchronously. args are the kernel's
  // explicit arguments in order, checked against its metadata: DeviceMemory (or KernelArg::pointer) for global
  // buffers, scalars of the argument's exact size by value, KernelArg::local(bytes) for __local pointers.
  void execute(std::string_view kernel, std::span<const KernelArg> args, Dim3 grid, Dim3 block);
  void execute(std::string_view kernel, std::initializer_list<KernelArg> args, Dim3 grid, Dim3 block) {
    execute(kernel, std::span<const KernelArg>(args.begin(), args.size()), grid, block);
  }

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
  Queue& compute_queue();
  void add(std::unique_ptr<LoadedCodeObject> loaded);
  // Frees the argument and scratch memory of dispatches that have finished.
  void reap();

  // What a submitted dispatch reads until it finishes.
  struct InFlight {
    Fence fence;
    Buffer args;  // dispatch packet and kernarg segment
    std::optional<Buffer> scratch;
  };

  Device device_;
  Context context_;
  std::optional<Queue> copy_queue_;
  std::optional<Queue> compute_queue_;
  std::map<uint64_t, Buffer> buffers_;  // by GPU address
  std::vector<std::unique_ptr<LoadedCodeObject>> programs_;
  std::vector<InFlight> in_flight_;
  uint64_t dispatch_id_ = 0;
};

}  // namespace sporkle
