// The completion of one submitted job: (context, ring, sequence number). A job that failed (cancelled by a GPU
// reset, timed out) reports its error here; it is never mistaken for success.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "sporkle/device.h"
#include "sporkle/syncobj.h"
#include "sporkle/unique_fd.h"

namespace sporkle {

namespace detail {
struct ContextState;
}

enum class FenceStatus { Pending, Signaled, Failed };

class Fence {
 public:
  Fence() = default;  // a null fence: already signalled
  Fence(std::shared_ptr<detail::ContextState> ctx, uint32_t ip_type, uint32_t ip_instance, uint32_t ring,
        uint64_t seq);

  // True once signalled, false if timeout passed first. Throws Error with the job's errno (ECANCELED after a GPU
  // reset, ...) if the job failed.
  bool wait(std::chrono::nanoseconds timeout) const;
  bool wait() const { return wait(std::chrono::nanoseconds::max()); }
  // Polls without blocking.
  FenceStatus status() const;
  // The job's errno if it failed, else 0 (pending or signalled).
  int error() const;

  // The fence in a new syncobj, or as a sync_file fd.
  Syncobj to_syncobj() const;
  UniqueFd to_sync_file() const;

  uint32_t ip_type() const { return ip_type_; }
  uint32_t ring() const { return ring_; }
  uint64_t sequence() const { return seq_; }

 private:
  int query(uint64_t timeout_ns, uint32_t* expired) const;
  uint32_t to_handle(uint32_t what) const;

  std::shared_ptr<detail::ContextState> ctx_;
  uint32_t ip_type_ = 0;
  uint32_t ip_instance_ = 0;
  uint32_t ring_ = 0;
  uint64_t seq_ = 0;
};

}  // namespace sporkle
