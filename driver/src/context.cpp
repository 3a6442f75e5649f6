#include "sporkle/context.h"

#include "context_state.h"
#include "sporkle/error.h"

namespace sporkle {

Context::Context(const Device& device, Priority priority) : state_(std::make_shared<detail::ContextState>()) {
  state_->dev = device.state();
  amdgpu_context_handle ctx = nullptr;
  retry([&] { return state_->dev->api->cs_ctx_create2(state_->dev->dev, static_cast<uint32_t>(priority), &ctx); },
        "amdgpu_cs_ctx_create2");
  state_->ctx = ctx;
}

ResetStatus Context::reset_status() const {
  uint64_t flags = 0;
  retry([&] { return state_->dev->api->cs_query_reset_state2(state_->ctx, &flags); },
        "amdgpu_cs_query_reset_state2");
  return ResetStatus{(flags & AMDGPU_CTX_QUERY2_FLAGS_RESET) != 0, (flags & AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST) != 0,
                     (flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) != 0, flags};
}

amdgpu_context_handle Context::handle() const { return state_->ctx; }

}  // namespace sporkle
