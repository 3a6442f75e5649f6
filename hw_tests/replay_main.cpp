// sporkle-hw-replay OUT: runs the hardware comparison's submissions on the simulator (this program is linked with
// the shim; SPORKLE_GPU picks the personality) and writes their result buffers to OUT.
#include <cstdio>
#include <exception>
#include <fstream>

#include "hw_tests/submissions.h"
#include "sporkle/device.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT\n", argv[0]);
    return 2;
  }
  try {
    sporkle::Device device = sporkle::Device::open_first();
    auto results = sporkle::hw_tests::run_submissions(device, SPORKLE_HW_KERNEL_DIR);
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    sporkle::hw_tests::write_results(out, results);
    out.close();
    if (!out) {
      std::fprintf(stderr, "sporkle-hw-replay: cannot write %s\n", argv[1]);
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sporkle-hw-replay: %s\n", e.what());
    return 1;
  }
  return 0;
}
