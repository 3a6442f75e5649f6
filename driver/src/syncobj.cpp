#include "sporkle/syncobj.h"

#include <time.h>

#include <utility>

#include "device_state.h"
#include "sporkle/error.h"

namespace sporkle {

namespace {
// The syncobj wait takes an absolute CLOCK_MONOTONIC deadline.
int64_t deadline(std::chrono::nanoseconds timeout) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const int64_t now = int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
  const int64_t t = timeout.count();
  return t > INT64_MAX - now ? INT64_MAX : now + t;
}
}  // namespace

Syncobj::Syncobj(const Device& device, bool signaled) : dev_(device.state()) {
  const uint32_t flags = signaled ? DRM_SYNCOBJ_CREATE_SIGNALED : 0;
  retry([&] { return dev_->api->cs_create_syncobj2(dev_->dev, flags, &handle_); }, "amdgpu_cs_create_syncobj2");
}

Syncobj Syncobj::adopt(const Device& device, uint32_t handle) {
  Syncobj s;
  s.dev_ = device.state();
  s.handle_ = handle;
  return s;
}

Syncobj Syncobj::import_fd(const Device& device, int fd) {
  uint32_t handle = 0;
  retry([&] { return device.api().cs_import_syncobj(device.handle(), fd, &handle); }, "amdgpu_cs_import_syncobj");
  return adopt(device, handle);
}

Syncobj::Syncobj(Syncobj&& o) noexcept : dev_(std::move(o.dev_)), handle_(std::exchange(o.handle_, 0)) {}

Syncobj& Syncobj::operator=(Syncobj&& o) noexcept {
  if (this != &o) {
    if (handle_) dev_->api->cs_destroy_syncobj(dev_->dev, handle_);
    dev_ = std::move(o.dev_);
    handle_ = std::exchange(o.handle_, 0);
  }
  return *this;
}

Syncobj::~Syncobj() {
  if (handle_) dev_->api->cs_destroy_syncobj(dev_->dev, handle_);
}

void Syncobj::signal() {
  retry([&] { return dev_->api->cs_syncobj_signal(dev_->dev, &handle_, 1); }, "amdgpu_cs_syncobj_signal");
}

void Syncobj::reset() {
  retry([&] { return dev_->api->cs_syncobj_reset(dev_->dev, &handle_, 1); }, "amdgpu_cs_syncobj_reset");
}

bool Syncobj::wait(std::chrono::nanoseconds timeout, bool wait_for_submit) const {
  uint32_t handle = handle_;
  const unsigned flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
                         (wait_for_submit ? DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT : 0u);
  const int64_t abs = deadline(timeout);  // fixed once, so a retried wait keeps the caller's deadline
  int rc = 0;
  for (int i = 0; i <= kMaxRetries; ++i) {
    rc = dev_->api->cs_syncobj_wait(dev_->dev, &handle, 1, abs, flags, nullptr);
    if (rc != -EINTR && rc != -EAGAIN) break;
  }
  if (rc == -ETIME) return false;
  check(rc, "amdgpu_cs_syncobj_wait");
  return true;
}

UniqueFd Syncobj::export_fd() const {
  int fd = -1;
  retry([&] { return dev_->api->cs_export_syncobj(dev_->dev, handle_, &fd); }, "amdgpu_cs_export_syncobj");
  return UniqueFd(fd);
}

UniqueFd Syncobj::export_sync_file() const {
  int fd = -1;
  retry([&] { return dev_->api->cs_syncobj_export_sync_file(dev_->dev, handle_, &fd); },
        "amdgpu_cs_syncobj_export_sync_file");
  return UniqueFd(fd);
}

void Syncobj::import_sync_file(int sync_file) {
  retry([&] { return dev_->api->cs_syncobj_import_sync_file(dev_->dev, handle_, sync_file); },
        "amdgpu_cs_syncobj_import_sync_file");
}

}  // namespace sporkle
