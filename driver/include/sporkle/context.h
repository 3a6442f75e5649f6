// A submission context (AMDGPU_CTX): the scheduling priority of its jobs and the unit the kernel blames for a
// GPU hang.
#pragma once

#include <amdgpu.h>
#include <amdgpu_drm.h>

#include <cstdint>
#include <memory>

#include "sporkle/device.h"

namespace sporkle {

enum class Priority : int32_t {
  VeryLow = AMDGPU_CTX_PRIORITY_VERY_LOW,
  Low = AMDGPU_CTX_PRIORITY_LOW,
  Normal = AMDGPU_CTX_PRIORITY_NORMAL,
  High = AMDGPU_CTX_PRIORITY_HIGH,  // needs CAP_SYS_NICE (EACCES otherwise)
  VeryHigh = AMDGPU_CTX_PRIORITY_VERY_HIGH,
};

namespace detail {
struct ContextState;
}

// What AMDGPU_CTX_OP_QUERY_STATE2 reports (AMDGPU_CTX_QUERY2_FLAGS_*).
struct ResetStatus {
  bool reset = false;       // a GPU reset happened since the context was created
  bool vram_lost = false;
  bool guilty = false;      // this context's job caused it
  uint64_t raw_flags = 0;
};

class Context {
 public:
  explicit Context(const Device& device, Priority priority = Priority::Normal);

  ResetStatus reset_status() const;
  amdgpu_context_handle handle() const;
  const std::shared_ptr<detail::ContextState>& state() const { return state_; }

 private:
  std::shared_ptr<detail::ContextState> state_;
};

}  // namespace sporkle
