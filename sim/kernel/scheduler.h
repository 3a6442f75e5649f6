// The GPU scheduler side of the kernel: a ring per hardware queue with its own worker thread, fed by the
// contexts' entities (drm_sched). A job runs once its dependencies have signalled; jobs of one entity run in
// submission order, entities share the ring.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/gpu/engine.h"
#include "sim/kernel/fault_injection.h"
#include "sim/kernel/fence.h"

namespace sporkle::sim::kernel {

class Device;
struct Bo;

struct Ib {
  uint64_t va;
  uint32_t size_dw;
  uint32_t flags;
};

struct Job {
  std::shared_ptr<gpu::Vm> vm;
  uint32_t vmid = 0;
  std::vector<Ib> ibs;
  std::vector<std::shared_ptr<Fence>> dependencies;            // must signal before the job runs
  std::vector<std::shared_ptr<Fence>> scheduled_dependencies;  // only need to have been scheduled
  std::vector<std::shared_ptr<Bo>> bos;                        // kept alive until the job is done
  std::shared_ptr<Fence> scheduled = Fence::create();
  std::shared_ptr<Fence> finished = Fence::create();
  std::shared_ptr<std::atomic<bool>> ctx_guilty;
  uint32_t vram_lost_counter = 0;
  // User fence (CS FENCE chunk): the sequence number is written here when the job completes.
  std::shared_ptr<Bo> user_fence_bo;
  uint64_t user_fence_offset = 0;
  uint64_t sequence = 0;
  // Drawn from the device's fault injection when the job first runs; a re-run after a reset keeps it.
  std::optional<FaultInjection::JobFault> injected;
};

// One entity's queue on a ring (drm_sched_entity).
struct EntityQueue {
  std::deque<std::shared_ptr<Job>> jobs;
};

class Ring {
 public:
  // deterministic: no worker thread; jobs run on the thread that makes them ready (the submitter, or whoever
  // signals their last dependency), in a reproducible order. For fuzzing and reproducible tests.
  Ring(Device& device, gpu::RingType type, uint32_t ip_type, uint32_t index, std::unique_ptr<gpu::Engine> engine,
       bool deterministic);
  ~Ring();
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;

  std::shared_ptr<EntityQueue> create_entity();
  void push(const std::shared_ptr<EntityQueue>& entity, std::shared_ptr<Job> job);

  gpu::RingType type() const { return type_; }
  const std::string& name() const { return name_; }

  // Worker threads do not survive fork(): the child starts a new one.
  void restart_after_fork();

  // Watchdog side (drm_sched's TDR): when the job on the hardware has been running for longer than timeout_ns,
  // the time it started (its identity for time_out); else 0.
  int64_t overdue(int64_t now_ns, int64_t timeout_ns) const;
  // The job that started at `since` timed out (amdgpu_job_timedout): soft recovery where the ring has it; if the
  // job still does not finish, stop it (its ring then runs GPU recovery with that job guilty). Nothing happens
  // if that job has finished meanwhile.
  void time_out(int64_t since);
  // GPU recovery stops whatever the ring is doing; the job is then run again or cancelled.
  void stop_for_reset();
  // Returns once the engine is out of the job it was running when stop_for_reset was called.
  void wait_engine_stopped() const;

 private:
  void run();
  void pump();  // deterministic mode: run every ready job now
  std::shared_ptr<Job> next_ready_locked();
  void execute(Job& job);
  enum class Outcome { Completed, Hung, Stopped };
  Outcome run_ibs(Job& job, gpu::ExecStatus* status);
  // amdgpu_ring_soft_recovery for the job that started at `since` (0: nothing runs any more). True when the job
  // went on to finish.
  bool soft_recover(int64_t since);
  // The engine stopped in a way that raises an interrupt whose handler calls drm_sched_fault: the timeout
  // handler runs at once instead of after the timeout.
  bool faults_scheduler(gpu::ExecStatus status) const;
  void finish(Job& job, int error);

  Device& device_;
  gpu::RingType type_;
  uint32_t ip_type_;
  std::string name_;
  std::unique_ptr<gpu::Engine> engine_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::list<std::shared_ptr<EntityQueue>> entities_;  // dropped once idle and unreferenced
  bool stop_ = false;
  const bool deterministic_;
  bool pumping_ = false;
  std::atomic<bool> cancel_{false};
  std::atomic<uint64_t> pushes_{0};  // jobs queued so far: what an idle worker watches before it sleeps
  std::atomic<bool> timed_out_{false};
  std::atomic<int64_t> running_since_{0};  // CLOCK_MONOTONIC ns the current job started; 0 when idle
  std::atomic<uint32_t> running_vmid_{0};
  std::atomic<bool> in_tdr_{false};         // the timeout handler has taken the current job
  std::atomic<bool> executing_{false};      // the engine is running a job's IBs
  uint64_t engine_epoch_ = 0;              // reset epoch the engine's state belongs to
  std::thread worker_;
};

}  // namespace sporkle::sim::kernel
