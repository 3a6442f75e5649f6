#include "sim/kernel/fence.h"

#include <time.h>

#include <algorithm>
#include <chrono>

namespace sporkle::sim::kernel {

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

namespace {
constexpr int64_t kSpinNs = 20'000;

// condition_variable clocks are steady_clock == CLOCK_MONOTONIC on Linux.
std::chrono::steady_clock::time_point to_time_point(int64_t deadline_ns) {
  return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadline_ns));
}
}  // namespace

namespace {
std::mutex g_wait_mutex;
std::condition_variable g_wait_cv;
// A predicate may signal fences itself (e.g. combining already-failed fences); it runs with g_wait_mutex held.
thread_local bool t_holds_wait_mutex = false;
}  // namespace

void notify_waiters() {
  if (t_holds_wait_mutex) {
    g_wait_cv.notify_all();
    return;
  }
  std::lock_guard lock(g_wait_mutex);
  g_wait_cv.notify_all();
}

bool wait_until(const std::function<bool()>& pred, int64_t deadline_ns) {
  std::unique_lock lock(g_wait_mutex);
  auto guarded_pred = [&] {
    t_holds_wait_mutex = true;
    bool r = pred();
    t_holds_wait_mutex = false;
    return r;
  };
  if (deadline_ns == kWaitForever) {
    g_wait_cv.wait(lock, guarded_pred);
    return true;
  }
  return g_wait_cv.wait_until(lock, to_time_point(deadline_ns), guarded_pred);
}

std::shared_ptr<Fence> Fence::create() { return std::make_shared<Fence>(); }

std::shared_ptr<Fence> Fence::signaled() {
  static const std::shared_ptr<Fence> stub = [] {
    auto f = create();
    f->signal();
    return f;
  }();
  return stub;
}

void Fence::set_error(int error) {
  std::lock_guard lock(mutex_);
  if (!signaled_.load(std::memory_order_relaxed)) error_.store(error, std::memory_order_release);
}

void Fence::signal(int error) {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mutex_);
    if (signaled_.load(std::memory_order_relaxed)) return;
    if (error) error_.store(error, std::memory_order_release);
    signaled_.store(true, std::memory_order_release);
    callbacks.swap(callbacks_);
  }
  cv_.notify_all();
  for (auto& cb : callbacks) cb();
  notify_waiters();
}

void Fence::on_signal(std::function<void()> cb) {
  {
    std::lock_guard lock(mutex_);
    if (!signaled_.load(std::memory_order_relaxed)) {
      callbacks_.push_back(std::move(cb));
      return;
    }
  }
  cb();
}

bool Fence::wait(int64_t deadline_ns) const {
  if (is_signaled()) return true;
  // Most jobs a client waits on are short: spin a little before paying for a sleep and a wake-up.
  const int64_t spin_until = std::min(monotonic_ns() + kSpinNs, deadline_ns);
  for (unsigned i = 0;; ++i) {
    if (is_signaled()) return true;
    if (i % 64 == 63 && monotonic_ns() >= spin_until) break;
    cpu_relax();
  }
  std::unique_lock lock(mutex_);
  if (deadline_ns == kWaitForever) {
    cv_.wait(lock, [&] { return is_signaled(); });
    return true;
  }
  return cv_.wait_until(lock, to_time_point(deadline_ns), [&] { return is_signaled(); });
}

size_t wait_fences(std::span<const std::shared_ptr<Fence>> fences, bool wait_all, int64_t deadline_ns) {
  if (wait_all) {
    for (const auto& f : fences)
      if (!f->wait(deadline_ns)) return fences.size();
    return 0;
  }
  size_t first = fences.size();
  wait_until(
      [&] {
        for (size_t i = 0; i < fences.size(); ++i)
          if (fences[i]->is_signaled()) return first = i, true;
        return false;
      },
      deadline_ns);
  return first;
}

}  // namespace sporkle::sim::kernel
