// A submission context (amdgpu_ctx): priority, reset bookkeeping and one scheduler entity per ring used.
#pragma once

#include <amdgpu_drm.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "sim/kernel/fence.h"
#include "sim/kernel/scheduler.h"

namespace sporkle::sim::kernel {

class Device;

// amdgpu_sched_jobs: how many fences each entity remembers.
inline constexpr uint64_t kEntityFences = 32;

struct Entity {
  Ring* ring = nullptr;
  std::shared_ptr<EntityQueue> queue;
  uint64_t sequence = 1;  // next sequence number
  std::array<std::shared_ptr<Fence>, kEntityFences> fences;
};

struct Ctx {
  Device* device = nullptr;
  int32_t priority = AMDGPU_CTX_PRIORITY_NORMAL;
  uint32_t reset_counter = 0;
  uint32_t reset_counter_query = 0;
  uint32_t vram_lost_counter = 0;
  uint64_t ras_counter_ce = 0;  // RAS error counts when QUERY_STATE2 last reported them (start at 0)
  uint64_t ras_counter_ue = 0;
  uint32_t stable_pstate = AMDGPU_CTX_STABLE_PSTATE_NONE;  // the level to restore, if this ctx owns it
  std::shared_ptr<std::atomic<bool>> guilty = std::make_shared<std::atomic<bool>>(false);

  std::mutex mutex;  // guards entities
  std::map<std::pair<uint32_t, uint32_t>, Entity> entities;  // (ip, ring)

  ~Ctx();
};

// amdgpu_ctx_get_entity: EINVAL for a bad ip/instance/ring; created on first use. Caller holds ctx.mutex.
int ctx_get_entity(Ctx& ctx, uint32_t ip, uint32_t instance, uint32_t ring, Entity** out);

// amdgpu_ctx_get_fence: the fence of sequence seq on an entity. 0 with *fence null means "already retired"
// (treat as signalled); -EINVAL for a sequence not yet emitted. seq ~0 means the latest.
int ctx_get_fence(Ctx& ctx, uint32_t ip, uint32_t instance, uint32_t ring, uint64_t seq,
                  std::shared_ptr<Fence>* fence);

// Entities a context has per IP (amdgpu_ctx_num_entities).
uint32_t ctx_num_entities(uint32_t ip);

}  // namespace sporkle::sim::kernel
