#include "sim/kernel/scheduler.h"

#include <amdgpu_drm.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "sim/kernel/bo.h"
#include "sim/kernel/device.h"

namespace sporkle::sim::kernel {

namespace {
const char* ring_prefix(gpu::RingType t) {
  switch (t) {
    case gpu::RingType::Gfx: return "gfx";
    case gpu::RingType::Compute: return "comp";
    case gpu::RingType::Sdma: return "sdma";
  }
  return "?";
}

// amdgpu_ring_soft_recovery gives the killed waves this long for the job's fence to signal. The simulated engine
// is a host thread, so the window is counted in that thread's CPU time: a busy host that keeps the engine off
// the CPU must not turn a successful soft recovery into a full reset. The wall-clock cap covers an engine that
// sleeps in a wait the kill cannot end.
constexpr int64_t kSoftRecoveryNs = 10'000'000;
constexpr int64_t kSoftRecoveryWallCapNs = 1'000'000'000;

int64_t clock_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// Deterministic mode: work units a job may take before it counts as hung (there is no watchdog).
constexpr uint64_t kDeterministicBudget = uint64_t{1} << 22;

bool all_signaled(const std::vector<std::shared_ptr<Fence>>& fences) {
  for (const auto& f : fences)
    if (!f->is_signaled()) return false;
  return true;
}
}  // namespace

Ring::Ring(Device& device, gpu::RingType type, uint32_t ip_type, uint32_t index,
           std::unique_ptr<gpu::Engine> engine, bool deterministic)
    : device_(device), type_(type), ip_type_(ip_type), engine_(std::move(engine)), deterministic_(deterministic) {
  name_ = std::string(ring_prefix(type)) + "_" + std::to_string(index);
  if (!deterministic_) worker_ = std::thread([this] { run(); });
}

Ring::~Ring() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cancel_ = true;
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Ring::restart_after_fork() {
  if (deterministic_) return;
  // The parent's worker does not exist in the child; its std::thread object must not be joined.
  new (&worker_) std::thread();
  std::thread fresh([this] { run(); });
  worker_.swap(fresh);
}

std::shared_ptr<EntityQueue> Ring::create_entity() {
  auto e = std::make_shared<EntityQueue>();
  std::lock_guard lock(mutex_);
  entities_.push_back(e);
  return e;
}

void Ring::push(const std::shared_ptr<EntityQueue>& entity, std::shared_ptr<Job> job) {
  // Wake the worker whenever a dependency signals, so it can re-check which entity can go.
  auto wake = [this] {
    if (deterministic_) return pump();
    std::lock_guard lock(mutex_);
    cv_.notify_all();
  };
  auto deps = job->dependencies;
  deps.insert(deps.end(), job->scheduled_dependencies.begin(), job->scheduled_dependencies.end());
  {
    std::lock_guard lock(mutex_);
    entity->jobs.push_back(std::move(job));
    pushes_.fetch_add(1, std::memory_order_release);
    cv_.notify_all();
  }
  for (const auto& f : deps) f->on_signal(wake);
  if (deterministic_) pump();
}

void Ring::pump() {
  {
    std::lock_guard lock(mutex_);
    if (pumping_) return;  // the outer call on this thread picks up whatever became ready
    pumping_ = true;
  }
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::lock_guard lock(mutex_);
      job = next_ready_locked();
      if (!job) {
        pumping_ = false;
        return;
      }
    }
    execute(*job);
  }
}

std::shared_ptr<Job> Ring::next_ready_locked() {
  for (auto it = entities_.begin(); it != entities_.end();) {
    auto& q = (*it)->jobs;
    if (q.empty()) {
      if (it->use_count() == 1) {  // the context is gone and nothing is queued
        it = entities_.erase(it);
        continue;
      }
      ++it;
      continue;
    }
    const auto& job = q.front();
    if (all_signaled(job->dependencies) && all_signaled(job->scheduled_dependencies)) {
      auto ready = std::move(q.front());
      q.pop_front();
      // Round robin: the entity that just ran goes to the back.
      entities_.splice(entities_.end(), entities_, it);
      return ready;
    }
    ++it;
  }
  return nullptr;
}

void Ring::run() {
  constexpr int64_t kIdleSpinNs = 30'000;
  for (;;) {
    std::shared_ptr<Job> job;
    // A client that submits right after its previous job finished (a submit-and-wait loop) is served without
    // a sleep and a wake-up: watch for new work a little before sleeping.
    const uint64_t seen = pushes_.load(std::memory_order_acquire);
    const int64_t spin_until = monotonic_ns() + kIdleSpinNs;
    for (unsigned i = 0; pushes_.load(std::memory_order_acquire) == seen; ++i) {
      if (i % 64 == 63 && monotonic_ns() >= spin_until) break;
      cpu_relax();
    }
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stop_ || (job = next_ready_locked()) != nullptr; });
      if (stop_ && !job) return;
    }
    execute(*job);
  }
}

int64_t Ring::overdue(int64_t now_ns, int64_t timeout_ns) const {
  int64_t since = running_since_.load(std::memory_order_acquire);
  return since != 0 && timeout_ns >= 0 && now_ns - since > timeout_ns ? since : 0;
}

void Ring::time_out(int64_t since) {
  if (since == 0 || running_since_.load() != since) return;  // that job is gone
  if (in_tdr_.exchange(true)) return;                          // already being handled
  if (soft_recover(since)) {
    in_tdr_ = false;
    return;
  }
  timed_out_ = true;
  cancel_ = true;
  std::lock_guard lock(mutex_);
  cv_.notify_all();
}

bool Ring::soft_recover(int64_t started) {
  // Only the GFX ring has a soft_recovery hook (gfx_v9_0 / gfx_v10_0 ring_funcs_gfx). The attempt itself counts
  // as a reset: amdgpu_ring_soft_recovery increments gpu_reset_counter before it kills the waves.
  if (type_ != gpu::RingType::Gfx) return false;
  device_.count_soft_recovery();
  if (started == 0 || !engine_->kill_waves(running_vmid_.load())) return false;
  clockid_t engine_clock = CLOCK_MONOTONIC;  // deterministic mode has no worker: the caller's time is the engine's
  if (worker_.joinable()) pthread_getcpuclockid(worker_.native_handle(), &engine_clock);
  const int64_t engine_start = clock_ns(engine_clock), wall_cap = monotonic_ns() + kSoftRecoveryWallCapNs;
  while (running_since_.load() == started) {
    if (clock_ns(engine_clock) - engine_start >= kSoftRecoveryNs || monotonic_ns() >= wall_cap) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  device_.log_recovery("ring " + name_ + " timeout, but soft recovered");
  return true;
}

bool Ring::faults_scheduler(gpu::ExecStatus status) const {
  // gfx_v9_0 / gfx_v10_0 priv_reg_irq and priv_inst_irq call drm_sched_fault for the faulting GFX or compute
  // ring. SDMA's illegal-instruction handler does so on sdma_v4_0 only; Navi21's sdma_v5_2 just logs, and
  // that ring waits for its timeout.
  if (status != gpu::ExecStatus::PrivilegedReg && status != gpu::ExecStatus::IllegalPacket) return false;
  if (type_ != gpu::RingType::Sdma) return true;
  return device_.personality().gfx_level == spec::GfxLevel::Gfx9;
}

void Ring::stop_for_reset() {
  cancel_ = true;
  std::lock_guard lock(mutex_);
  cv_.notify_all();
}

void Ring::wait_engine_stopped() const {
  // Engines check the cancel flag at every packet and poll iteration.
  while (executing_.load()) std::this_thread::yield();
}

Ring::Outcome Ring::run_ibs(Job& job, gpu::ExecStatus* status) {
  if (!job.injected) job.injected = device_.faults().on_job(name_);
  switch (*job.injected) {
    case FaultInjection::JobFault::None: break;
    case FaultInjection::JobFault::Hang:
      *status = gpu::ExecStatus::Cancelled;  // it just never finishes
      device_.log_recovery("ring " + name_ + ": injected hang");
      return Outcome::Hung;
    case FaultInjection::JobFault::VmFault: {
      gpu::ExecResult r;
      r.status = *status = gpu::ExecStatus::VmFault;
      r.fault = gpu::Fault{job.ibs.front().va, gpu::kRead, gpu::Unit::CommandProcessor, true};
      r.diagnostic = "injected";
      device_.report_hang(name_, r);
      return Outcome::Hung;
    }
  }
  uint64_t budget = kDeterministicBudget;
  gpu::ExecEnv env{*job.vm, job.vmid, cancel_};
  if (deterministic_) env.budget = &budget;
  for (const Ib& ib : job.ibs) {
    env.constant_engine = (ib.flags & AMDGPU_IB_FLAG_CE) != 0;
    gpu::ExecResult r = engine_->execute(env, ib.va, ib.size_dw);
    *status = r.status;
    if (r.status == gpu::ExecStatus::Completed) continue;
    if (r.status == gpu::ExecStatus::Cancelled) return Outcome::Stopped;
    // A VM fault, illegal packet or privileged register write: the engine stops and the ring makes no
    // more progress until the job timeout fires.
    device_.report_hang(name_, r);
    return Outcome::Hung;
  }
  return Outcome::Completed;
}

void Ring::finish(Job& job, int error) {
  running_since_ = 0;
  if (error == 0 && job.user_fence_bo && job.user_fence_bo->memory) {
    uint8_t* at = job.user_fence_bo->memory->host() + job.user_fence_offset;
    std::memcpy(at, &job.sequence, sizeof job.sequence);
  }
  // Buffers and VM references go with the job, before anyone waiting on it wakes: a buffer whose handle is
  // already closed is freed (and uncharged) by then.
  job.bos.clear();
  job.user_fence_bo.reset();
  job.vm.reset();
  job.finished->signal(error);
}

void Ring::execute(Job& job) {
  job.scheduled->signal();
  for (;;) {
    // amdgpu_job_run: a job of a guilty context, or submitted before VRAM was lost, is not run (this is
    // also how jobs caught on the hardware by a VRAM-losing reset end).
    if ((job.ctx_guilty && job.ctx_guilty->load()) || job.vram_lost_counter != device_.vram_lost_counter())
      return finish(job, -ECANCELED);
    if (stop_) return finish(job, -ECANCELED);

    // Read the epoch before clearing the cancel flag and check it again after, so a reset that lands in
    // between still stops this job.
    const uint64_t epoch = device_.reset_epoch();
    timed_out_ = false;
    cancel_ = false;
    if (device_.reset_epoch() != epoch) cancel_ = true;
    if (engine_epoch_ != epoch) {
      engine_->reset();  // the GPU reset put the queue back to its power-on state
      engine_epoch_ = epoch;
    }
    in_tdr_ = false;
    running_vmid_ = job.vmid;
    running_since_ = monotonic_ns();

    gpu::ExecStatus status = gpu::ExecStatus::Completed;
    // Either a reset sees this flag and waits for the engine, or we see its epoch and do not start (both seq_cst).
    executing_.store(true);
    if (device_.reset_epoch() != epoch) {
      executing_.store(false);
      running_since_ = 0;
      continue;
    }
    Outcome outcome = run_ibs(job, &status);
    executing_.store(false);
    if (outcome == Outcome::Completed) return finish(job, 0);
    // Single-threaded there is no watchdog: a hang is handled at once, as is a fault the scheduler hears of.
    bool handle_now = outcome == Outcome::Hung && (deterministic_ || faults_scheduler(status));
    if (handle_now && in_tdr_.exchange(true)) handle_now = false;  // the watchdog got there first
    if (outcome == Outcome::Hung && !handle_now) {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return timed_out_ || stop_ || device_.reset_epoch() != epoch; });
    }
    running_since_ = 0;
    // The watchdog already tried soft recovery when it timed the job out; a job stopped on a fault gets the
    // same attempt here (it cannot succeed: nothing runs any more, but it is counted).
    const bool timed_out = timed_out_.exchange(false);
    if (!timed_out && device_.reset_epoch() == epoch && !stop_) soft_recover(0);
    // Our own timeout (or a fault, or single-threaded an exhausted budget): recover with this job guilty.
    // Otherwise another ring's recovery stopped us and the job runs again (drm_sched_resubmit_jobs).
    if (timed_out || (device_.reset_epoch() == epoch && !stop_)) device_.gpu_recover(name_, job);
  }
}

}  // namespace sporkle::sim::kernel
