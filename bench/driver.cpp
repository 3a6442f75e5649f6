// The driver layer's cost against the same work done with raw libdrm_amdgpu calls, in one run on the simulator:
// per submission (a one-NOP IB submitted and waited for) and per buffer operation (allocate, GPU-map, free).
// The ratio Driver/Raw of each pair is the driver's overhead.
#include <amdgpu.h>
#include <amdgpu_drm.h>
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "sporkle/driver.h"

namespace {

constexpr uint64_t kBufferSize = 64 * 1024;

void must(int rc, const char* what) {
  if (rc) throw std::runtime_error(what);
}

// One libdrm device on the driver's render node, for the raw side.
struct RawDevice {
  int fd = -1;
  amdgpu_device_handle dev = nullptr;
  explicit RawDevice(const std::string& node) {
    fd = open(node.c_str(), O_RDWR | O_CLOEXEC);
    uint32_t major = 0, minor = 0;
    must(fd < 0 || amdgpu_device_initialize(fd, &major, &minor, &dev), "amdgpu_device_initialize");
  }
  ~RawDevice() {
    amdgpu_device_deinitialize(dev);
    close(fd);
  }
};

const std::string& node() {
  static const std::string n = sporkle::Device::amd_render_nodes().at(0);
  return n;
}

void Raw_NopSubmitWait(benchmark::State& state) {
  RawDevice d(node());
  amdgpu_context_handle ctx = nullptr;
  must(amdgpu_cs_ctx_create(d.dev, &ctx), "ctx");
  amdgpu_bo_alloc_request req{};
  req.alloc_size = kBufferSize;
  req.phys_alignment = 4096;
  req.preferred_heap = AMDGPU_GEM_DOMAIN_GTT;
  amdgpu_bo_handle bo = nullptr;
  must(amdgpu_bo_alloc(d.dev, &req, &bo), "bo_alloc");
  uint64_t va = 0;
  amdgpu_va_handle va_handle = nullptr;
  must(amdgpu_va_range_alloc(d.dev, amdgpu_gpu_va_range_general, kBufferSize, 4096, 0, &va, &va_handle, 0), "va");
  must(amdgpu_bo_va_op(bo, 0, kBufferSize, va, 0, AMDGPU_VA_OP_MAP), "map");
  void* cpu = nullptr;
  must(amdgpu_bo_cpu_map(bo, &cpu), "cpu_map");
  uint32_t kms = 0;
  must(amdgpu_bo_export(bo, amdgpu_bo_handle_type_kms, &kms), "export");
  const uint32_t nop = sporkle::spec::pm4::kNopPad;

  for (auto _ : state) {
    std::memcpy(cpu, &nop, sizeof nop);
    drm_amdgpu_bo_list_entry entry{kms, 0};
    drm_amdgpu_bo_list_in list{~0u, ~0u, 1, sizeof(entry), reinterpret_cast<uintptr_t>(&entry)};
    drm_amdgpu_cs_chunk_ib ib{0, 0, va, 4, AMDGPU_HW_IP_COMPUTE, 0, 0};
    drm_amdgpu_cs_chunk chunks[2] = {{AMDGPU_CHUNK_ID_IB, sizeof(ib) / 4, reinterpret_cast<uintptr_t>(&ib)},
                                     {AMDGPU_CHUNK_ID_BO_HANDLES, sizeof(list) / 4,
                                      reinterpret_cast<uintptr_t>(&list)}};
    uint64_t seq = 0;
    must(amdgpu_cs_submit_raw2(d.dev, ctx, 0, 2, chunks, &seq), "submit");
    amdgpu_cs_fence fence{ctx, AMDGPU_HW_IP_COMPUTE, 0, 0, seq};
    uint32_t expired = 0;
    must(amdgpu_cs_query_fence_status(&fence, AMDGPU_TIMEOUT_INFINITE, 0, &expired), "wait");
  }

  amdgpu_bo_cpu_unmap(bo);
  amdgpu_bo_va_op(bo, 0, kBufferSize, va, 0, AMDGPU_VA_OP_UNMAP);
  amdgpu_va_range_free(va_handle);
  amdgpu_bo_free(bo);
  amdgpu_cs_ctx_free(ctx);
}

void Driver_NopSubmitWait(benchmark::State& state) {
  sporkle::Device dev = sporkle::Device::open(node());
  sporkle::Context ctx(dev);
  sporkle::Queue q(ctx, sporkle::Ip::Compute);
  sporkle::Pm4Stream nop(dev, sporkle::Ip::Compute);
  nop.nop();
  for (auto _ : state) q.submit(nop).wait();
}

// The same with the IB in a buffer the caller owns (Queue::submit_ib): the driver's submission path without the
// IB upload.
void Driver_NopSubmitIbWait(benchmark::State& state) {
  sporkle::Device dev = sporkle::Device::open(node());
  sporkle::Context ctx(dev);
  sporkle::Queue q(ctx, sporkle::Ip::Compute);
  sporkle::Buffer ib = sporkle::Buffer::allocate(dev, kBufferSize, sporkle::Domain::Gtt);
  const sporkle::SubmitInfo info{.buffers = {&ib}};
  auto words = ib.view<uint32_t>();
  for (auto _ : state) {
    words[0] = sporkle::spec::pm4::kNopPad;
    q.submit_ib(ib.gpu_address(), 1, info).wait();
  }
}

void Raw_BufferAllocFree(benchmark::State& state) {
  RawDevice d(node());
  for (auto _ : state) {
    amdgpu_bo_alloc_request req{};
    req.alloc_size = kBufferSize;
    req.phys_alignment = 4096;
    req.preferred_heap = AMDGPU_GEM_DOMAIN_GTT;
    amdgpu_bo_handle bo = nullptr;
    must(amdgpu_bo_alloc(d.dev, &req, &bo), "bo_alloc");
    uint64_t va = 0;
    amdgpu_va_handle va_handle = nullptr;
    must(amdgpu_va_range_alloc(d.dev, amdgpu_gpu_va_range_general, kBufferSize, 4096, 0, &va, &va_handle, 0),
         "va");
    must(amdgpu_bo_va_op(bo, 0, kBufferSize, va, 0, AMDGPU_VA_OP_MAP), "map");
    amdgpu_bo_va_op(bo, 0, kBufferSize, va, 0, AMDGPU_VA_OP_UNMAP);
    amdgpu_va_range_free(va_handle);
    amdgpu_bo_free(bo);
  }
}

void Driver_BufferAllocFree(benchmark::State& state) {
  sporkle::Device dev = sporkle::Device::open(node());
  for (auto _ : state) {
    sporkle::Buffer b = sporkle::Buffer::allocate(dev, kBufferSize, sporkle::Domain::Gtt);
    benchmark::DoNotOptimize(b.gpu_address());
  }
}

// Interleaved so both sides of a pair see the same machine state.
BENCHMARK(Raw_NopSubmitWait)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(Driver_NopSubmitWait)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(Driver_NopSubmitIbWait)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(Raw_BufferAllocFree)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(Driver_BufferAllocFree)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
