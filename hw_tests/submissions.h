// The submissions run both on a real GPU and on the simulator, and the memory they leave behind. Both sides run
// this same code on a device with the same gfx target, so their results can be compared byte for byte.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "sporkle/device.h"

namespace sporkle::hw_tests {

struct Result {
  std::string name;            // which submission, e.g. "pm4_compute"
  std::vector<uint8_t> bytes;  // the whole result buffer after the job finished
};

// Runs every submission on device and returns their result buffers. The shader dispatch is included only for
// targets whose shaders the simulator executes and whose code object is in kernel_dir. Throws sporkle::Error.
std::vector<Result> run_submissions(const Device& device, const std::string& kernel_dir);

// A simple length-prefixed stream of results, for the replay helper to hand its results to the test.
void write_results(std::ostream& out, const std::vector<Result>& results);
std::vector<Result> read_results(std::istream& in);  // throws std::runtime_error on a truncated stream

}  // namespace sporkle::hw_tests
