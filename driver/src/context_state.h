// A context shared by the Fences of its jobs: a fence query needs the libdrm context alive.
#pragma once

#include "device_state.h"
#include "sporkle/context.h"

namespace sporkle::detail {

struct ContextState {
  std::shared_ptr<DeviceState> dev;
  amdgpu_context_handle ctx = nullptr;

  ContextState() = default;
  ContextState(const ContextState&) = delete;
  ContextState& operator=(const ContextState&) = delete;
  ~ContextState() {
    if (ctx) dev->api->cs_ctx_free(ctx);
  }
};

}  // namespace sporkle::detail
