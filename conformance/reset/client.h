// One DRM file of its own with the buffers it made, closed explicitly, so a test can check that everything it
// allocated around a GPU reset is given back (INFO VRAM_USAGE / GTT_USAGE return to where they were).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {

class Client {
 public:
  ~Client() { close(); }
  // Each helper ASSERTs; callers wrap them in ASSERT_NO_FATAL_FAILURE.
  void open(const std::string& render_node);
  void close();
  int fd() const { return fd_; }

  // A zero-filled GTT buffer mapped for the CPU and the GPU.
  void buffer(Buffer& bo, uint64_t size = 4096);
  // An IB holding the packets, padded with the ring's NOP to 8 dwords.
  void ib(Buffer& ib, uint32_t ip, std::span<const uint32_t> packets);
  void ctx(uint32_t* id);
  int submit(uint32_t ctx, uint32_t ip, uint32_t ring, const Buffer& ib, std::vector<uint32_t> bos, uint64_t* seq);
  uint64_t query_state2(uint32_t ctx);

 private:
  int fd_ = -1;
  uint64_t va_ = 1ull << 32;
  std::vector<std::pair<void*, size_t>> maps_;
};

}  // namespace sporkle::conformance
