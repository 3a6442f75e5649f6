// AMDGPU_INFO(ACCEL_WORKING) round trip through the shim and the simulated drm_ioctl, against getppid() (a
// syscall that does no work) measured in the same run. The counter vs_getppid is their ratio.
#include <amdgpu_drm.h>
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "sim/shim/control.h"

namespace {

int render_fd() {
  static int fd = [] {
    sporkle::sim::shim::Options options;
    options.backend = sporkle::sim::shim::Backend::Sim;
    sporkle::sim::shim::configure(options);
    int f = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
    if (f < 0) std::abort();
    return f;
  }();
  return fd;
}

int accel_working(int fd) {
  uint32_t working = 0;
  drm_amdgpu_info request{};
  request.return_pointer = reinterpret_cast<uintptr_t>(&working);
  request.return_size = sizeof working;
  request.query = AMDGPU_INFO_ACCEL_WORKING;
  return ioctl(fd, DRM_IOCTL_AMDGPU_INFO, &request) == 0 && working ? 0 : -1;
}

template <typename Fn>
double ns_per_call(Fn fn, int64_t calls) {
  auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < calls; ++i) fn();
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / calls;
}

void BM_GetPpid(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(getppid());
}
BENCHMARK(BM_GetPpid);

void BM_AmdgpuInfoAccelWorking(benchmark::State& state) {
  const int fd = render_fd();
  for (auto _ : state)
    if (accel_working(fd) != 0) state.SkipWithError("AMDGPU_INFO failed");
  // The ratio from interleaved timings of the same number of calls, so both see the same machine state.
  const int64_t calls = std::max<int64_t>(state.iterations(), 1000);
  double ioctl_ns = ns_per_call([fd] { benchmark::DoNotOptimize(accel_working(fd)); }, calls);
  double getppid_ns = ns_per_call([] { benchmark::DoNotOptimize(getppid()); }, calls);
  state.counters["vs_getppid"] = ioctl_ns / getppid_ns;
}
BENCHMARK(BM_AmdgpuInfoAccelWorking);

}  // namespace

BENCHMARK_MAIN();
