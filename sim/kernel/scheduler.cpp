#include "sim/kernel/scheduler.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

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
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stop_ || (job = next_ready_locked()) != nullptr; });
      if (stop_ && !job) return;
    }
    execute(*job);
  }
}

bool Ring::overdue(int64_t now_ns, int64_t timeout_ns) const {
  int64_t since = running_since_.load(std::memory_order_acquire);
  return since != 0 && timeout_ns >= 0 && now_ns - since > timeout_ns;
}

void Ring::time_out() {
  timed_out_ = true;
  cancel_ = true;
  std::lock_guard lock(mutex_);
  cv_.notify_all();
}

void Ring::stop_for_reset() {
  cancel_ = true;
  std::lock_guard lock(mutex_);
  cv_.notify_all();
}

Ring::Outcome Ring::run_ibs(Job& job) {
  gpu::ExecEnv env{*job.vm, job.vmid, cancel_};
  for (const Ib& ib : job.ibs) {
    gpu::ExecResult r = engine_->execute(env, ib.va, ib.size_dw);
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
  job.finished->signal(error);
  // Buffers and VM references go with the job.
  job.bos.clear();
  job.user_fence_bo.reset();
  job.vm.reset();
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
    running_since_ = monotonic_ns();

    Outcome outcome = run_ibs(job);
    if (outcome == Outcome::Completed) return finish(job, 0);
    if (outcome == Outcome::Hung && !deterministic_) {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return timed_out_ || stop_ || device_.reset_epoch() != epoch; });
    }
    running_since_ = 0;
    // Our own timeout (or, single-threaded, a hang or an exhausted budget): recover with this job guilty.
    // Otherwise another ring's recovery stopped us and the job runs again (drm_sched_resubmit_jobs).
    if (timed_out_.exchange(false) || (device_.reset_epoch() == epoch && !stop_)) device_.gpu_recover(name_, job);
  }
}

}  // namespace sporkle::sim::kernel
