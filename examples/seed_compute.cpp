// The seed's usage example in C++: open the GPU, allocate, copy there and back (and across on the GPU itself),
// wait, clean up. Runs unchanged on a real AMD GPU or under the simulator (sporkle-sim run -- seed_compute).
#include <cstdio>
#include <numeric>
#include <vector>

#include "sporkle/compute_device.h"

int main() try {
  sporkle::ComputeDevice gpu;  // the first AMD GPU (card order); ComputeDevice(1) would be card1
  std::printf("%s: %s, %u CUs\n", gpu.info().gfx_target.c_str(), gpu.info().marketing_name.c_str(),
              gpu.info().cu_count);

  std::vector<float> data(1 << 20), result(data.size());
  std::iota(data.begin(), data.end(), 0.0f);
  const size_t bytes = data.size() * sizeof(float);

  sporkle::DeviceMemory a = gpu.allocate(bytes);
  sporkle::DeviceMemory b = gpu.allocate(bytes);
  gpu.memcpy(a, data.data(), bytes);    // host -> device
  gpu.memcpy(b, a, bytes);              // device -> device, on the GPU's DMA engine
  gpu.sync();
  gpu.memcpy(result.data(), b, bytes);  // device -> host
  gpu.cleanup();

  const bool ok = result == data;
  std::printf("%zu bytes round trip: %s\n", bytes, ok ? "ok" : "MISMATCH");
  return ok ? 0 : 1;
} catch (const sporkle::Error& e) {
  std::fprintf(stderr, "seed_compute: %s (errno %d)\n", e.what(), e.errno_value());
  return 1;
}
