// A DRM sync object: a binary container for a fence that submissions wait on and signal, shareable across
// processes as an fd or as a sync_file.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "sporkle/device.h"
#include "sporkle/unique_fd.h"

namespace sporkle {

class Syncobj {
 public:
  explicit Syncobj(const Device& device, bool signaled = false);
  // Takes ownership of an existing handle on device (from a fence conversion or an import).
  static Syncobj adopt(const Device& device, uint32_t handle);
  // Imports a syncobj fd exported by export_fd() (same or another process/device file).
  static Syncobj import_fd(const Device& device, int fd);

  Syncobj(Syncobj&& o) noexcept;
  Syncobj& operator=(Syncobj&& o) noexcept;
  Syncobj(const Syncobj&) = delete;
  Syncobj& operator=(const Syncobj&) = delete;
  ~Syncobj();

  void signal();
  void reset();
  // True if signalled within timeout, false on timeout. wait_for_submit: also wait for a fence to be attached
  // (without it, waiting on a syncobj that has no fence yet fails with EINVAL).
  bool wait(std::chrono::nanoseconds timeout, bool wait_for_submit = false) const;

  UniqueFd export_fd() const;
  // The current fence as a sync_file, and replacing the fence by a sync_file's.
  UniqueFd export_sync_file() const;
  void import_sync_file(int sync_file);

  uint32_t handle() const { return handle_; }

 private:
  Syncobj() = default;
  std::shared_ptr<detail::DeviceState> dev_;
  uint32_t handle_ = 0;
};

}  // namespace sporkle
