// One simulated amdgpu device: what the kernel driver keeps per adev. Memory managers, counters, rings, the
// DRM master, and the files open on its nodes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <thread>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sim/gpu/engine.h"
#include "sim/gpu/memory.h"
#include "sim/kernel/fault_injection.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::kernel {

class File;
class Ring;
struct Bo;
struct Job;

enum class NodeType : uint8_t { Primary, Render };

struct DeviceConfig {
  const spec::Personality* personality = nullptr;
  uint32_t index = 0;  // card<index>, renderD<128+index>
  bool deterministic = false;  // rings without worker threads (see Ring)
  // Job timeouts in the format of amdgpu's lockup_timeout module parameter ("gfx,compute,sdma,video" in ms;
  // 0 keeps the default, negative never times out; a single value applies to gfx, sdma and video).
  std::string lockup_timeout;
};

// The simulator's default job timeout for every ring type: short, so hang tests finish quickly. (The kernel's
// defaults are gfx 10000, compute 60000, sdma 10000 ms.)
inline constexpr int64_t kDefaultLockupTimeoutMs = 500;

class Device : public std::enable_shared_from_this<Device> {
 public:
  static std::shared_ptr<Device> create(const DeviceConfig& config);
  ~Device();

  const spec::Personality& personality() const { return *personality_; }
  uint32_t index() const { return index_; }
  uint32_t primary_minor() const { return index_; }
  uint32_t render_minor() const { return 128 + index_; }
  // PCI location of the simulated board: domain 0, bus 3 + index, device 0, function 0 ("0000:03:00.0").
  uint32_t pci_bus() const { return 3 + index_; }
  std::string pci_slot_name() const;
  gpu::BackingStore& store() { return *store_; }

  // drm_open: a new DRM file on one of the device's nodes. privileged: the opener has CAP_SYS_ADMIN.
  std::shared_ptr<File> open(NodeType node, bool privileged);

  // Memory accounting per domain, as the TTM managers see it.
  bool charge(uint32_t domain, uint64_t size);  // false when the manager is full
  void uncharge(uint32_t domain, uint64_t size);
  uint64_t usage(uint32_t domain) const;
  uint64_t visible_vram_usage() const;

  // GEM mmap offset space (drm_vma_offset_manager): page-aligned fake offsets from 4 GiB up.
  uint64_t assign_mmap_offset(const std::shared_ptr<Bo>& bo);
  void release_mmap_offset(uint64_t offset);
  std::shared_ptr<Bo> bo_at_mmap_offset(uint64_t offset);

  // Reset state.
  uint32_t gpu_reset_counter() const { return gpu_reset_counter_.load(); }
  uint32_t vram_lost_counter() const { return vram_lost_counter_.load(); }
  uint64_t gpu_timestamp() const;  // AMDGPU_INFO_TIMESTAMP: ticks of the personality's gpu_counter_freq

  Ring* ring(uint32_t ip_type, uint32_t ring);  // null when the IP has no such ring

  // GPU recovery (amdgpu_device_gpu_recover), run by the ring whose job timed out: counts the reset, marks
  // the job's context guilty, stops every ring, resets the GPU (losing VRAM if the personality's reset method
  // does). Jobs caught on the hardware or queued behind are then cancelled or re-run by their rings.
  void gpu_recover(const std::string& ring, const Job& guilty);
  // A reset nobody is guilty of (debugfs amdgpu_gpu_recover). Returns the reset's result (0: success), the
  // value gpu_recover_get reports.
  int gpu_recover_unblamed();
  // amdgpu_ring_soft_recovery's attempt: counted as a reset, nothing else changes.
  void count_soft_recovery();
  // Fault injection knobs for this device.
  FaultInjection& faults() { return faults_; }
  uint64_t reset_epoch() const { return reset_epoch_.load(); }
  int64_t lockup_timeout_ns(gpu::RingType type) const;
  // VRAM buffers are remembered so a reset that loses VRAM can turn their contents into garbage.
  void track_vram(const std::shared_ptr<gpu::Allocation>& a);

  // DRM master / authentication (drm_auth.c).
  std::mutex auth_mutex;
  File* master = nullptr;              // current master among this device's primary-node files
  std::string master_unique;           // the master's bus id once SET_VERSION 1.1+ tied it (GET_UNIQUE)
  std::map<uint32_t, File*> magics;    // outstanding GET_MAGIC tokens

  // VM ioctl: the file holding the reserved VMID (at most one, AMDGPU_VM_MAX_RESERVED_VMID).
  std::mutex vmid_mutex;
  File* reserved_vmid_owner = nullptr;
  // The stable pstate level (AMDGPU_CTX_STABLE_PSTATE_*) and the context owning it; under auth_mutex.
  void* stable_pstate_owner = nullptr;
  uint32_t stable_pstate = 0;

  void file_closed(File* f);

  // GEM flink names (device-wide, lowest free >= 1); the BO keeps its name until it is destroyed.
  std::mutex flink_mutex;
  std::map<uint32_t, std::weak_ptr<Bo>> flink_names;

  // A ring stopped on a job (VM fault, illegal packet...): logged like the kernel's dmesg lines, and kept.
  void report_hang(const std::string& ring, const gpu::ExecResult& result);
  void log_recovery(std::string line);
  std::vector<std::string> hang_log() const;

  // adev->num_bytes_moved, num_evictions, num_vram_cpu_page_faults: a buffer's placement is final in the
  // simulator (no eviction, no migration on CPU access), so these stay at their boot value.
  uint64_t num_bytes_moved() const { return 0; }
  uint64_t num_evictions() const { return 0; }
  uint64_t num_vram_cpu_page_faults() const { return 0; }

 private:
  Device() = default;
  const spec::Personality* personality_ = nullptr;
  uint32_t index_ = 0;
  std::shared_ptr<gpu::BackingStore> store_;
  std::atomic<uint64_t> used_vram_{0}, used_gtt_{0}, used_cpu_{0};
  std::atomic<uint32_t> gpu_reset_counter_{0};
  std::atomic<uint32_t> vram_lost_counter_{0};

  std::mutex mmap_mutex_;
  std::map<uint64_t, std::weak_ptr<Bo>> mmap_offsets_;  // offset -> bo
  uint64_t next_mmap_offset_ = 0;

  std::vector<std::unique_ptr<Ring>> rings_[AMDGPU_HW_IP_NUM];
  void reset_locked(const std::string& why, const Job* guilty);
  void watchdog();

  std::mutex recovery_mutex_;
  std::atomic<uint64_t> reset_epoch_{0};
  int64_t timeout_ms_[3] = {kDefaultLockupTimeoutMs, kDefaultLockupTimeoutMs, kDefaultLockupTimeoutMs};
  std::mutex vram_mutex_;
  std::vector<std::weak_ptr<gpu::Allocation>> vram_;
  std::mutex watchdog_mutex_;
  std::condition_variable watchdog_cv_;
  bool watchdog_stop_ = false;
  std::thread watchdog_;
  mutable std::mutex log_mutex_;
  std::vector<std::string> hang_log_;
  FaultInjection faults_;

  friend void after_fork_child();
};

// Every live device restarts its ring workers in a forked child (threads do not survive fork).
void after_fork_child();

}  // namespace sporkle::sim::kernel
