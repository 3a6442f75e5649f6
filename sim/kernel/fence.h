// dma_fence: a one-shot completion signal with an error code, shared by jobs, contexts, syncobjs, buffers'
// reservation lists and sync_file fds.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace sporkle::sim::kernel {

class Fence {
 public:
  static std::shared_ptr<Fence> create();
  // The already-signalled stub fence (dma_fence_get_stub).
  static std::shared_ptr<Fence> signaled();

  bool is_signaled() const { return signaled_.load(std::memory_order_acquire); }
  // Negative errno the fence was signalled with (0 for success). Meaningful once signalled.
  int error() const { return error_.load(std::memory_order_acquire); }
  // Sets the error to report when the fence signals (dma_fence_set_error); ignored once signalled.
  void set_error(int error);
  // Signals once; later calls are ignored. error overrides one set earlier if non-zero.
  void signal(int error = 0);
  // Runs cb once the fence has signalled: now (on this thread) if it already has, else on the signalling thread.
  void on_signal(std::function<void()> cb);

  // Absolute CLOCK_MONOTONIC deadline in ns; INT64_MAX waits forever. True when signalled.
  bool wait(int64_t deadline_ns) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  std::atomic<bool> signaled_{false};
  std::atomic<int> error_{0};
  std::vector<std::function<void()>> callbacks_;
};

// Waits for all (or any) of fences until the deadline. Returns the index of the first signalled fence for
// wait-any (or fences.size() when none signalled in time); for wait-all, 0 when all signalled, else size().
size_t wait_fences(std::span<const std::shared_ptr<Fence>> fences, bool wait_all, int64_t deadline_ns);

// Waits until pred() holds, re-evaluating it whenever any fence signals or notify_waiters() is called;
// false if the absolute deadline passed first. pred runs under an internal lock: it must not block.
bool wait_until(const std::function<bool()>& pred, int64_t deadline_ns);
// Wakes wait_until() callers so they re-evaluate (e.g. a syncobj got a new fence).
void notify_waiters();

// A pause for spin loops that wait on another thread.
inline void cpu_relax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}

// CLOCK_MONOTONIC in ns.
int64_t monotonic_ns();
inline constexpr int64_t kWaitForever = INT64_MAX;

}  // namespace sporkle::sim::kernel
