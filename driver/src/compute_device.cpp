#include "sporkle/compute_device.h"

#include <algorithm>
#include <cstring>
#include <exception>

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

Queue& ComputeDevice::compute_queue() {
  if (!compute_queue_) compute_queue_.emplace(context_, Ip::Compute);
  return *compute_queue_;
}

void ComputeDevice::memcpy(DeviceMemory dst, DeviceMemory src, uint64_t bytes) {
  Resolved d = resolve(dst, bytes, "ComputeDevice::memcpy");
  Resolved s = resolve(src, bytes, "ComputeDevice::memcpy");
  if (bytes == 0) return;
  Queue& q = copy_queue();
  SubmitInfo submit{.buffers = {d.buffer, s.buffer}};
  if (compute_queue_ && &q != &*compute_queue_) submit.wait_fences.push_back(compute_queue_->last_fence());
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

void ComputeDevice::add(std::unique_ptr<LoadedCodeObject> loaded) {
  for (const KernelInfo& k : loaded->code().kernels())
    for (const auto& p : programs_)
      for (const KernelInfo& other : p->code().kernels())
        if (other.name == k.name) throw Error(EEXIST, "ComputeDevice::load", "kernel " + k.name + " already loaded");
  programs_.push_back(std::move(loaded));
}

void ComputeDevice::load(std::span<const std::byte> code_object) {
  add(std::make_unique<LoadedCodeObject>(device_, CodeObject::parse(code_object)));
}

void ComputeDevice::load_file(const std::string& path) {
  add(std::make_unique<LoadedCodeObject>(device_, CodeObject::read_file(path)));
}

void ComputeDevice::reap() {
  std::erase_if(in_flight_, [](const InFlight& f) { return f.fence.status() != FenceStatus::Pending; });
}

void ComputeDevice::execute(std::string_view kernel, std::span<const KernelArg> args, Dim3 grid, Dim3 block) {
  const LoadedCodeObject* program = nullptr;
  const KernelInfo* info = nullptr;
  for (const auto& p : programs_)
    for (const KernelInfo& k : p->code().kernels())
      if (k.name == kernel) program = p.get(), info = &k;
  if (!info) throw Error(ENOENT, "ComputeDevice::execute", "no loaded kernel " + std::string(kernel));
  KernelDispatch dispatch(this->info(), program->base_address(), *info, grid, block, args);
  reap();

  // One GTT buffer per dispatch: the dispatch packet at 0, the kernarg segment after it.
  constexpr uint64_t kKernargOffset = 64;
  InFlight job{.args = Buffer::allocate(device_, kKernargOffset + dispatch.kernarg_bytes(), Domain::Gtt)};
  if (dispatch.scratch_bytes()) job.scratch = Buffer::allocate(device_, dispatch.scratch_bytes(), Domain::Vram);
  const DispatchAddresses at{.kernarg = job.args.gpu_address() + kKernargOffset,
                             .packet = job.args.gpu_address(),
                             .scratch = job.scratch ? job.scratch->gpu_address() : 0,
                             .dispatch_id = dispatch_id_++};
  auto* cpu = static_cast<std::byte*>(job.args.map());
  dispatch.write_dispatch_packet({cpu, kKernargOffset}, at);
  dispatch.write_kernargs({cpu + kKernargOffset, dispatch.kernarg_bytes()});
  job.args.unmap();

  Pm4Stream stream(device_, Ip::Compute);
  dispatch.emit(stream, at);
  Queue& q = compute_queue();
  stream.pad(std::max<uint32_t>(this->info().ip(Ip::Compute).ib_size_alignment / 4, 1));
  // The kernel may reach any allocation through its arguments' pointers.
  SubmitInfo submit{.buffers = {&program->buffer(), &job.args}};
  if (job.scratch) submit.buffers.push_back(&*job.scratch);
  for (const auto& [va, b] : buffers_) submit.buffers.push_back(&b);
  if (copy_queue_ && &*copy_queue_ != &q) submit.wait_fences.push_back(copy_queue_->last_fence());
  job.fence = q.submit(stream, submit);
  in_flight_.push_back(std::move(job));
}

void ComputeDevice::sync() {
  // Both queues are drained even if one reports a failed job, so nothing still runs when memory is freed.
  std::exception_ptr failed;
  for (std::optional<Queue>* q : {&copy_queue_, &compute_queue_}) {
    if (!*q) continue;
    try {
      (*q)->wait_idle();
    } catch (const Error&) {
      if (!failed) failed = std::current_exception();
    }
  }
  in_flight_.clear();
  if (failed) std::rethrow_exception(failed);
}

void ComputeDevice::cleanup() {
  sync();
  buffers_.clear();
}

}  // namespace sporkle
