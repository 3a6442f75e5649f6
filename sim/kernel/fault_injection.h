// Fault injection: failures that cannot be provoked on purpose on a real GPU (or only by wrecking it), made
// routine for tests. One instance per device (Device::faults()); every knob is thread-safe and, except the RAS
// and VRAM-loss settings, one-shot: it fires once and disarms.
//
// Environment (read when the device is created; N counts from that moment, 1 = the first):
//   SPORKLE_FAULT_GEM_CREATE=N[:ERRNO]   the Nth GEM_CREATE fails with ERRNO (name or number; default ENOMEM),
//                                        after argument validation, where the buffer would be allocated
//   SPORKLE_FAULT_CS=N[:ERRNO]           the Nth CS that passes validation fails with ERRNO (default ENOMEM)
//                                        instead of being queued
//   SPORKLE_FAULT_HANG=RING:N            the Nth job on RING (gfx_0, comp_1, sdma_0, ...) never completes: it is
//                                        ended by the job timeout and recovered like any hang
//   SPORKLE_FAULT_VM_FAULT=RING:N        the Nth job on RING takes a VM fault at its first IB and stops there
//   SPORKLE_FAULT_RAS=1                  the board reports RAS (as a server board with ECC does); without it the
//                                        simulated boards have no RAS context, as Vega10 and Navi21 in 6.1
//   SPORKLE_FAULT_RAS_CE=N               N correctable RAS errors have been counted
//   SPORKLE_FAULT_RAS_UE=N               N uncorrectable RAS errors have been counted
//   SPORKLE_FAULT_VRAM_LOST=0|1          whether resets lose VRAM, overriding the personality's reset method
// A malformed value is reported on stderr and ignored.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace sporkle::sim::kernel {

class FaultInjection {
 public:
  // What an injected job fault does to the job that draws it.
  enum class JobFault : uint8_t { None, Hang, VmFault };

  // Arming (N counts calls from now: 1 = the next one). errno is positive (ENOMEM, EINTR, ...).
  void fail_gem_create(uint64_t nth, int error);
  void fail_cs(uint64_t nth, int error);
  void hang_job(const std::string& ring, uint64_t nth);
  void vm_fault_job(const std::string& ring, uint64_t nth);
  // amdgpu_ras_enable / the board's ECC: whether RAS error counts are reported at all (QUERY_STATE2 RAS_CE/UE,
  // INFO RAS_ENABLED_FEATURES). Counted errors are kept either way, as the hardware counts them.
  void set_ras_enabled(bool enabled);
  void inject_ras_errors(uint64_t correctable, uint64_t uncorrectable);
  // nullopt: the personality's reset method decides.
  void set_vram_lost_on_reset(std::optional<bool> lost);

  // Applies the SPORKLE_FAULT_* environment.
  void configure_from_environment();

  // Consulted by the kernel model. Return -errno to fail, 0 to go on.
  int on_gem_create();
  int on_cs();
  // Called once per job, when a ring first runs it.
  JobFault on_job(const std::string& ring);
  bool ras_enabled() const;
  // The RAS error counts as amdgpu_ras keeps them (con->ras_ce_count / ras_ue_count).
  uint64_t ras_ce_count() const;
  uint64_t ras_ue_count() const;
  bool vram_lost_on_reset(bool personality_default) const;

 private:
  struct Nth {
    uint64_t remaining = 0;  // 0: disarmed
    int error = 0;
  };
  struct RingNth {
    std::string ring;
    uint64_t remaining = 0;
  };
  static int fire(Nth& n);

  static bool fire(RingNth& n, const std::string& ring);

  mutable std::mutex mutex_;
  Nth gem_create_, cs_;
  RingNth hang_, vm_fault_;
  bool ras_enabled_ = false;
  uint64_t ras_ce_ = 0, ras_ue_ = 0;
  std::optional<bool> vram_lost_;
};

}  // namespace sporkle::sim::kernel
