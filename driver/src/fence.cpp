#include "sporkle/fence.h"

#include "context_state.h"
#include "sporkle/error.h"

namespace sporkle {

Fence::Fence(std::shared_ptr<detail::ContextState> ctx, uint32_t ip_type, uint32_t ip_instance, uint32_t ring,
             uint64_t seq)
    : ctx_(std::move(ctx)), ip_type_(ip_type), ip_instance_(ip_instance), ring_(ring), seq_(seq) {}

int Fence::query(uint64_t timeout_ns, uint32_t* expired) const {
  if (!ctx_) {
    *expired = 1;
    return 0;
  }
  amdgpu_cs_fence f{};
  f.context = ctx_->ctx;
  f.ip_type = ip_type_;
  f.ip_instance = ip_instance_;
  f.ring = ring_;
  f.fence = seq_;
  int rc = 0;
  // A relative timeout restarts after an interruption; callers only see signalled, timed out or failed.
  for (int i = 0; i <= kMaxRetries; ++i) {
    rc = ctx_->dev->api->cs_query_fence_status(&f, timeout_ns, 0, expired);
    if (rc != -EINTR && rc != -EAGAIN) break;
  }
  return rc;
}

bool Fence::wait(std::chrono::nanoseconds timeout) const {
  const uint64_t ns = timeout == std::chrono::nanoseconds::max() || timeout.count() < 0
                          ? AMDGPU_TIMEOUT_INFINITE
                          : static_cast<uint64_t>(timeout.count());
  uint32_t expired = 0;
  check(query(ns, &expired), "amdgpu_cs_query_fence_status");
  return expired != 0;
}

FenceStatus Fence::status() const {
  uint32_t expired = 0;
  int rc = query(0, &expired);
  if (rc < 0) return FenceStatus::Failed;
  return expired ? FenceStatus::Signaled : FenceStatus::Pending;
}

int Fence::error() const {
  uint32_t expired = 0;
  int rc = query(0, &expired);
  return rc < 0 ? -rc : 0;
}

uint32_t Fence::to_handle(uint32_t what) const {
  if (!ctx_) throw Error(EINVAL, "amdgpu_cs_fence_to_handle", "null fence");
  amdgpu_cs_fence f{ctx_->ctx, ip_type_, ip_instance_, ring_, seq_};
  uint32_t out = 0;
  retry([&] { return ctx_->dev->api->cs_fence_to_handle(ctx_->dev->dev, &f, what, &out); },
        "amdgpu_cs_fence_to_handle");
  return out;
}

Syncobj Fence::to_syncobj() const {
  uint32_t h = to_handle(AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ);
  return Syncobj::adopt(Device(ctx_->dev), h);
}

UniqueFd Fence::to_sync_file() const {
  return UniqueFd(static_cast<int>(to_handle(AMDGPU_FENCE_TO_HANDLE_GET_SYNC_FILE_FD)));
}

}  // namespace sporkle
