// CTX ioctl (amdgpu_ctx.c): context allocation, reset queries, stable pstate; entities and their fences.
#include "sim/kernel/ctx.h"

#include <amdgpu_drm.h>

#include <cerrno>

#include "sim/kernel/device.h"
#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"

namespace sporkle::sim::kernel {

namespace {
constexpr uint32_t kMaxCtxId = 4095;  // AMDGPU_VM_MAX_NUM_CTX - 1

bool priority_valid(int32_t p) {
  switch (p) {
    case AMDGPU_CTX_PRIORITY_VERY_LOW:
    case AMDGPU_CTX_PRIORITY_LOW:
    case AMDGPU_CTX_PRIORITY_NORMAL:
    case AMDGPU_CTX_PRIORITY_HIGH:
    case AMDGPU_CTX_PRIORITY_VERY_HIGH: return true;
    default: return false;
  }
}

std::shared_ptr<Ctx> lookup(File& file, uint32_t id) {
  std::lock_guard lock(file.mutex);
  return file.contexts.get(id);
}
}  // namespace

Ctx::~Ctx() {
  // amdgpu_ctx_fini: the owner of the stable pstate puts back the level it found.
  if (!device) return;
  std::lock_guard lock(device->auth_mutex);
  if (device->stable_pstate_owner == this) {
    device->stable_pstate = stable_pstate;
    device->stable_pstate_owner = nullptr;
  }
}

uint32_t ctx_num_entities(uint32_t ip) {
  switch (ip) {
    case AMDGPU_HW_IP_GFX: return 1;
    case AMDGPU_HW_IP_COMPUTE: return 4;
    case AMDGPU_HW_IP_DMA: return 2;
    default: return ip < AMDGPU_HW_IP_NUM ? 1 : 0;
  }
}

int ctx_get_entity(Ctx& ctx, uint32_t ip, uint32_t instance, uint32_t ring, Entity** out) {
  if (ip >= AMDGPU_HW_IP_NUM || instance != 0 || ring >= ctx_num_entities(ip)) return -EINVAL;
  auto key = std::make_pair(ip, ring);
  auto it = ctx.entities.find(key);
  if (it == ctx.entities.end()) {
    // Entities are spread over the IP's rings; an IP without rings has no run queue.
    const uint32_t rings = ctx.device->personality().num_rings[ip];
    Ring* r = rings ? ctx.device->ring(ip, ring % rings) : nullptr;
    if (!r) return -EINVAL;
    Entity e;
    e.ring = r;
    e.queue = r->create_entity();
    it = ctx.entities.emplace(key, std::move(e)).first;
  }
  *out = &it->second;
  return 0;
}

int ctx_get_fence(Ctx& ctx, uint32_t ip, uint32_t instance, uint32_t ring, uint64_t seq,
                  std::shared_ptr<Fence>* fence) {
  std::lock_guard lock(ctx.mutex);
  Entity* e = nullptr;
  if (int r = ctx_get_entity(ctx, ip, instance, ring, &e)) return r;
  if (seq == ~0ull) seq = e->sequence - 1;
  if (seq >= e->sequence) return -EINVAL;
  if (seq + kEntityFences < e->sequence) {
    *fence = nullptr;
    return 0;
  }
  *fence = e->fences[seq % kEntityFences];
  return 0;
}

int amdgpu_ctx(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_ctx*>(data);
  uint32_t id = args->in.ctx_id;
  int32_t priority = args->in.priority;
  if (!priority_valid(priority)) priority = AMDGPU_CTX_PRIORITY_NORMAL;  // garbage is accepted as NORMAL
  Device& dev = file.device();

  switch (args->in.op) {
    case AMDGPU_CTX_OP_ALLOC_CTX: {
      if (args->in.flags) return -EINVAL;
      std::lock_guard lock(file.mutex);
      auto ctx = std::make_shared<Ctx>();
      uint32_t new_id = file.contexts.insert(ctx, kMaxCtxId);
      int r = 0;
      if (!new_id) {
        r = -ENOSPC;
      } else if (priority > AMDGPU_CTX_PRIORITY_NORMAL && !file.privileged() && !file.is_master()) {
        file.contexts.remove(new_id);  // amdgpu_ctx_priority_permit: CAP_SYS_NICE or DRM master
        new_id = 0;
        r = -EACCES;
      } else {
        ctx->device = &dev;
        ctx->priority = priority;
        ctx->reset_counter = ctx->reset_counter_query = dev.gpu_reset_counter();
        ctx->vram_lost_counter = dev.vram_lost_counter();
        id = new_id;
      }
      args->out.alloc.ctx_id = r == -ENOSPC ? id : new_id;
      return r;
    }
    case AMDGPU_CTX_OP_FREE_CTX: {
      if (args->in.flags) return -EINVAL;
      std::lock_guard lock(file.mutex);
      return file.contexts.remove(id) ? 0 : -EINVAL;
    }
    case AMDGPU_CTX_OP_QUERY_STATE: {
      if (args->in.flags) return -EINVAL;
      auto ctx = lookup(file, id);
      if (!ctx) return -EINVAL;
      std::lock_guard lock(ctx->mutex);
      uint32_t now = dev.gpu_reset_counter();
      args->out.state.flags = 0;
      args->out.state.hangs = 0;
      args->out.state.reset_status = ctx->reset_counter_query == now ? AMDGPU_CTX_NO_RESET : AMDGPU_CTX_UNKNOWN_RESET;
      ctx->reset_counter_query = now;
      return 0;
    }
    case AMDGPU_CTX_OP_QUERY_STATE2: {
      if (args->in.flags) return -EINVAL;
      auto ctx = lookup(file, id);
      if (!ctx) return -EINVAL;
      uint64_t flags = 0;
      if (ctx->reset_counter != dev.gpu_reset_counter()) flags |= AMDGPU_CTX_QUERY2_FLAGS_RESET;
      if (ctx->vram_lost_counter != dev.vram_lost_counter()) flags |= AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST;
      if (ctx->guilty->load()) flags |= AMDGPU_CTX_QUERY2_FLAGS_GUILTY;
      // Only a board with a RAS context reports RAS errors; each change is reported once per context.
      if (FaultInjection& f = dev.faults(); f.ras_enabled()) {
        std::lock_guard lock(ctx->mutex);
        if (uint64_t ce = f.ras_ce_count(); ce != ctx->ras_counter_ce) {
          ctx->ras_counter_ce = ce;
          flags |= AMDGPU_CTX_QUERY2_FLAGS_RAS_CE;
        }
        if (uint64_t ue = f.ras_ue_count(); ue != ctx->ras_counter_ue) {
          ctx->ras_counter_ue = ue;
          flags |= AMDGPU_CTX_QUERY2_FLAGS_RAS_UE;
        }
      }
      // reset_status is not written: it keeps what the client passed (the union's priority field).
      args->out.state.flags = flags;
      args->out.state.hangs = 0;
      return 0;
    }
    case AMDGPU_CTX_OP_GET_STABLE_PSTATE: {
      if (args->in.flags) return -EINVAL;
      auto ctx = lookup(file, id);
      if (!ctx) return -EINVAL;
      std::lock_guard lock(dev.auth_mutex);
      args->out.pstate.flags = dev.stable_pstate;  // the device's level, whoever set it
      return 0;
    }
    case AMDGPU_CTX_OP_SET_STABLE_PSTATE: {
      if (args->in.flags & ~AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK) return -EINVAL;
      uint32_t pstate = args->in.flags & AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK;
      if (pstate > AMDGPU_CTX_STABLE_PSTATE_PEAK) return -EINVAL;
      auto ctx = lookup(file, id);
      if (!ctx) return -EINVAL;
      std::lock_guard lock(dev.auth_mutex);
      // amdgpu_ctx_set_stable_pstate: one context at a time owns the level; the first change takes ownership
      // and remembers the level to restore when the context goes away. Setting the current level is a no-op.
      if (dev.stable_pstate_owner && dev.stable_pstate_owner != ctx.get()) return -EBUSY;
      if (dev.stable_pstate == pstate) return 0;
      if (!dev.stable_pstate_owner) {
        dev.stable_pstate_owner = ctx.get();
        ctx->stable_pstate = dev.stable_pstate;
      }
      dev.stable_pstate = pstate;
      return 0;
    }
    default: return -EINVAL;
  }
}

}  // namespace sporkle::sim::kernel
