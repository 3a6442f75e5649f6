// Test fixtures: one fresh DRM file per test on the device (or ring) under test, plus helpers that create,
// map and submit buffers. A fresh file means every per-file id space (GEM, ctx, bo_list, syncobj) starts empty.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "conformance/framework/devices.h"
#include "conformance/framework/uapi.h"

namespace sporkle::conformance {

// A buffer object with its optional GPU VA and CPU mapping.
struct Buffer {
  uint32_t handle = 0;
  uint64_t size = 0;
  uint64_t va = 0;
  void* cpu = nullptr;
  uint32_t ib_bytes = 0;  // for IB buffers: bytes of packets to submit

  uint32_t* words() const { return static_cast<uint32_t*>(cpu); }
};

class Session {
 public:
  ~Session();
  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Opens the render node and reads VERSION / DEV_INFO. Fails the test (fatally) if that does not work.
  void open(const Device& device);
  int fd() const { return fd_; }
  const Device& device() const { return device_; }
  int drm_minor() const { return drm_minor_; }
  // The behaviour of Linux 6.1 (amdgpu DRM 3.49) is what the suite specifies; later kernels differ in places.
  bool is_linux_6_1() const { return drm_minor_ < 50; }
  const drm_amdgpu_info_device& dev_info() const { return dev_info_; }

  // Another DRM file on the same node (closed with the session).
  int open_another();

  // Each helper ASSERTs; callers wrap them in ASSERT_NO_FATAL_FAILURE.
  void create(Buffer& bo, uint64_t size, uint32_t domain = AMDGPU_GEM_DOMAIN_GTT, uint64_t flags = 0);
  void map_cpu(Buffer& bo);
  void map_gpu(Buffer& bo);
  // GTT buffer mapped for CPU and GPU, zero-filled.
  void create_mapped(Buffer& bo, uint64_t size);
  uint64_t next_va(uint64_t size);  // a fresh, unused GPU VA range

  // A mapped buffer holding the given IB, padded with the ring's NOP to a multiple of 8 dwords.
  void make_ib(Buffer& ib, uint32_t ip, std::span<const uint32_t> packets);
  void ctx(uint32_t* id);

  // Submits one IB; returns errno; *seq gets the sequence number.
  int submit_ib(uint32_t ctx, uint32_t ip, uint32_t ring, const Buffer& ib, const std::vector<uint32_t>& bos,
                uint64_t* seq);
  // Waits without a deadline for seq to signal, expecting success and status 0 (idle).
  void wait_idle(uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq);

  // A page the process may not touch (PROT_NONE), and a read-only one.
  void* no_access_page();
  void* read_only_page();

 private:
  Device device_;
  int fd_ = -1;
  int drm_minor_ = 0;
  drm_amdgpu_info_device dev_info_{};
  uint64_t va_cursor_ = 0;
  std::vector<int> extra_fds_;
  std::vector<std::pair<void*, size_t>> mappings_;
};

// Registers the running test's GPU for the expectation lists. Returns why the test must not run (no device,
// or listed in <gpu>-skips.txt), or an empty string.
std::string skip_reason(const Device& device);

class DeviceTest : public ::testing::TestWithParam<Device>, protected Session {
 protected:
  void SetUp() override;
  int fd() const { return Session::fd(); }
};

class RingTest : public ::testing::TestWithParam<Ring>, protected Session {
 protected:
  void SetUp() override;
  uint32_t ip() const { return GetParam().ip; }
  uint32_t ring() const { return GetParam().ring; }
  bool is_sdma() const { return GetParam().ip == AMDGPU_HW_IP_DMA; }
  uint32_t nop() const;
  // Packets that write data to va on this ring's engine.
  std::vector<uint32_t> write_packets(uint64_t va, std::span<const uint32_t> data) const;
  std::vector<uint32_t> wait_packets(uint64_t va, uint32_t ref) const;
};

std::string device_param_name(const ::testing::TestParamInfo<Device>& info);
std::string ring_param_name(const ::testing::TestParamInfo<Ring>& info);

}  // namespace sporkle::conformance

// Instantiates a DeviceTest- or RingTest-derived suite over every AMD device / the given rings.
#define SPORKLE_DEVICE_SUITE(subject, Suite)                                                            \
  INSTANTIATE_TEST_SUITE_P(subject, Suite, ::testing::ValuesIn(::sporkle::conformance::amd_devices()), \
                           ::sporkle::conformance::device_param_name)
#define SPORKLE_RING_SUITE(subject, Suite, ...)                                                        \
  INSTANTIATE_TEST_SUITE_P(subject, Suite,                                                            \
                           ::testing::ValuesIn(::sporkle::conformance::amd_rings({__VA_ARGS__})),     \
                           ::sporkle::conformance::ring_param_name)

// Version-specific checks: the suite specifies 6.1; newer kernels skip them with a reason.
#define SPORKLE_REQUIRE_LINUX_6_1()                                                                   \
  do {                                                                                                \
    if (!is_linux_6_1())                                                                              \
      GTEST_SKIP() << "checks Linux 6.1 (DRM 3.49) behaviour; this kernel reports DRM 3." << drm_minor() \
                   << ", where it differs";                                                           \
  } while (0)
