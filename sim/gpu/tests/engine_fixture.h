// Shared setup for the engine tests: a personality, device memory, a VM with buffers mapped at chosen GPU VAs,
// and a way to run an IB on an engine and look at memory afterwards.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "sim/gpu/engine.h"
#include "sim/gpu/memory.h"
#include "sim/gpu/vm.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::gpu::testing {

class EngineFixture : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override;

  const spec::Personality& personality() const { return *personality_; }
  // Maps size bytes (page multiple) of fresh zeroed memory at va.
  uint8_t* map(uint64_t va, uint64_t size, uint32_t flags = kPageReadable | kPageWriteable);
  uint8_t* host(uint64_t va);
  uint32_t dword(uint64_t va) {
    uint32_t v;
    std::memcpy(&v, host(va), 4);
    return v;
  }
  uint64_t qword(uint64_t va) {
    uint64_t v;
    std::memcpy(&v, host(va), 8);
    return v;
  }
  void put(uint64_t va, const std::vector<uint32_t>& dwords) {
    std::memcpy(host(va), dwords.data(), dwords.size() * 4);
  }
  ExecResult run(Engine& engine, uint64_t ib_va, uint32_t size_dw);
  // Writes the IB at va and runs it.
  ExecResult run_ib(Engine& engine, uint64_t va, const std::vector<uint32_t>& ib) {
    put(va, ib);
    return run(engine, va, static_cast<uint32_t>(ib.size()));
  }

  std::atomic<bool> cancel{false};
  Vm vm;

 private:
  struct Buffer {
    uint64_t va;
    uint64_t size;
    std::shared_ptr<Allocation> memory;
  };
  const spec::Personality* personality_ = nullptr;
  std::shared_ptr<BackingStore> store_;
  std::vector<Buffer> buffers_;
};

// Test names: the personality's name.
std::string personality_name(const ::testing::TestParamInfo<const char*>& info);

// Packet-building helpers: the halves of a GPU address, and streams joined in order.
inline uint32_t lo(uint64_t va) { return static_cast<uint32_t>(va); }
inline uint32_t hi(uint64_t va) { return static_cast<uint32_t>(va >> 32); }
inline std::vector<uint32_t> operator+(std::vector<uint32_t> a, const std::vector<uint32_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace sporkle::sim::gpu::testing
