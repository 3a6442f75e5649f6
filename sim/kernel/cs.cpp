// Command submission and fence waits (amdgpu_cs.c, 6.1's pass1/pass2 parser), in the kernel's check order
// (shared/reference/kernel-uapi.md sections 2.11 to 2.14).
#include <amdgpu_drm.h>
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>

#include "sim/kernel/bo.h"
#include "sim/kernel/bo_list.h"
#include "sim/kernel/ctx.h"
#include "sim/kernel/file.h"
#include "sim/kernel/gem.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/syncobj.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {

namespace {
constexpr uint32_t kGangSize = 4;           // AMDGPU_CS_GANG_SIZE
constexpr uint64_t kIbMaxDw = 0xFFFFF;      // amdgpu_cs_ib_packet_size_max_dw for GFX/COMPUTE/SDMA
constexpr size_t kKmallocMax = 4u << 20;    // KMALLOC_MAX_SIZE

struct Chunk {
  uint32_t id;
  uint32_t length_dw;
  std::unique_ptr<uint32_t[]> data;
  size_t bytes() const { return size_t(length_dw) * 4; }
};

struct PostDep {
  std::shared_ptr<Syncobj> syncobj;
  uint64_t point;
};

struct Parser {
  File& file;
  std::shared_ptr<Ctx> ctx;
  std::vector<Chunk> chunks;
  // Gang: one job per distinct entity named by the IB chunks; the last one named leads.
  std::vector<std::pair<uint32_t, uint32_t>> entity_keys;  // (ip, ring)
  std::vector<Entity*> entities;
  std::vector<std::shared_ptr<Job>> jobs;
  size_t leader = 0;
  std::shared_ptr<Bo> user_fence_bo;
  uint64_t user_fence_offset = 0;
  std::shared_ptr<BoList> bo_list;
  std::vector<PostDep> post_deps;
  bool has_post_deps = false;
};

std::shared_ptr<Ctx> get_ctx(File& file, uint32_t id) {
  std::lock_guard lock(file.mutex);
  return file.contexts.get(id);
}

// amdgpu_cs_job_idx: which gang member an IB chunk belongs to.
int job_index(Parser& p, const drm_amdgpu_cs_chunk_ib& ib) {
  Entity* e = nullptr;
  {
    std::lock_guard lock(p.ctx->mutex);
    if (int r = ctx_get_entity(*p.ctx, ib.ip_type, ib.ip_instance, ib.ring, &e)) return r;
  }
  for (size_t i = 0; i < p.entities.size(); ++i)
    if (p.entities[i] == e) return static_cast<int>(i);
  if (p.entities.size() == kGangSize) return -EINVAL;
  p.entities.push_back(e);
  p.entity_keys.emplace_back(ib.ip_type, ib.ring);
  return static_cast<int>(p.entities.size() - 1);
}

int pass1(Parser& p, const drm_amdgpu_cs_in& in) {
  std::vector<uint64_t> chunk_ptrs;
  if (uint64_t(in.num_chunks) * 8 > INT_MAX) return -ENOMEM;
  if (copy_array_from_user(chunk_ptrs, in.chunks, in.num_chunks)) return -EFAULT;
  p.chunks.resize(in.num_chunks);
  for (uint32_t i = 0; i < in.num_chunks; ++i) {
    drm_amdgpu_cs_chunk uc;
    if (copy_from_user(&uc, chunk_ptrs[i], sizeof uc)) return -EFAULT;
    Chunk& c = p.chunks[i];
    c.id = uc.chunk_id;
    c.length_dw = uc.length_dw;
    if (c.bytes() > INT_MAX) return -ENOMEM;  // kvmalloc refuses
    c.data.reset(new (std::nothrow) uint32_t[std::max<uint32_t>(c.length_dw, 1)]);
    if (!c.data) return -ENOMEM;
    if (copy_from_user(c.data.get(), uc.chunk_data, c.bytes())) return -EFAULT;

    switch (c.id) {
      case AMDGPU_CHUNK_ID_IB: {
        if (c.bytes() < sizeof(drm_amdgpu_cs_chunk_ib)) return -EINVAL;
        int r = job_index(p, *reinterpret_cast<const drm_amdgpu_cs_chunk_ib*>(c.data.get()));
        if (r < 0) return r;
        p.leader = static_cast<size_t>(r);
        break;
      }
      case AMDGPU_CHUNK_ID_FENCE: {
        if (c.bytes() < sizeof(drm_amdgpu_cs_chunk_fence)) return -EINVAL;
        if (p.user_fence_bo) return -EINVAL;  // one user fence per submission
        const auto* f = reinterpret_cast<const drm_amdgpu_cs_chunk_fence*>(c.data.get());
        p.user_fence_bo = gem_lookup(p.file, f->handle);
        if (!p.user_fence_bo) return -EINVAL;
        if (p.user_fence_bo->size != gpu::kPageSize || f->offset > p.user_fence_bo->size - 8) return -EINVAL;
        if (p.user_fence_bo->is_userptr) return -EINVAL;
        p.user_fence_offset = f->offset;
        break;
      }
      case AMDGPU_CHUNK_ID_BO_HANDLES: {
        if (c.bytes() < sizeof(drm_amdgpu_bo_list_in)) return -EINVAL;
        if (p.bo_list) return -EINVAL;
        const auto* l = reinterpret_cast<const drm_amdgpu_bo_list_in*>(c.data.get());
        if (int r = bo_list_from_user(p.file, l->bo_info_ptr, l->bo_number, l->bo_info_size, &p.bo_list)) return r;
        break;
      }
      case AMDGPU_CHUNK_ID_DEPENDENCIES:
      case AMDGPU_CHUNK_ID_SYNCOBJ_IN:
      case AMDGPU_CHUNK_ID_SYNCOBJ_OUT:
      case AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES:
      case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT:
      case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL:
        break;
      default: return -EINVAL;
    }
  }
  if (p.entities.empty()) return -EINVAL;
  Device& dev = p.file.device();
  for (size_t i = 0; i < p.entities.size(); ++i) {
    auto job = std::make_shared<Job>();
    job->vm = p.file.vm_ptr();
    job->vram_lost_counter = dev.vram_lost_counter();
    job->ctx_guilty = p.ctx->guilty;
    p.jobs.push_back(std::move(job));
  }
  if (p.ctx->vram_lost_counter != dev.vram_lost_counter()) return -ECANCELED;
  return 0;
}

// amdgpu_syncobj_lookup_and_add
int add_syncobj_dep(Parser& p, uint32_t handle, uint64_t point, uint32_t flags) {
  std::shared_ptr<Syncobj> s;
  {
    std::lock_guard lock(p.file.mutex);
    s = p.file.syncobjs.get(handle);
  }
  if (!s) return -ENOENT;
  auto fence = s->find(point);
  if (!fence) {
    if (!(flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT)) return -EINVAL;
    constexpr int64_t kSubmitWait = 5'000'000'000;
    if (!wait_until([&] { return (fence = s->find(point)) != nullptr; }, monotonic_ns() + kSubmitWait))
      return -ETIME;
  }
  p.jobs[p.leader]->dependencies.push_back(std::move(fence));
  return 0;
}

int pass2(Parser& p) {
  unsigned ce_preempt = 0, de_preempt = 0;
  for (Chunk& c : p.chunks) {
    switch (c.id) {
      case AMDGPU_CHUNK_ID_IB: {
        const auto& ib = *reinterpret_cast<const drm_amdgpu_cs_chunk_ib*>(c.data.get());
        int idx = job_index(p, ib);
        if (idx < 0) return idx;
        if (ib.ip_type == AMDGPU_HW_IP_GFX && (ib.flags & AMDGPU_IB_FLAG_PREEMPT)) {
          unsigned& n = (ib.flags & AMDGPU_IB_FLAG_CE) ? ce_preempt : de_preempt;
          if (++n > 1) return -EINVAL;
        }
        if (ib.ib_bytes / 4 > kIbMaxDw) return -EINVAL;
        p.jobs[idx]->ibs.push_back({ib.va_start, ib.ib_bytes / 4, ib.flags});
        break;
      }
      case AMDGPU_CHUNK_ID_DEPENDENCIES:
      case AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES: {
        const auto* deps = reinterpret_cast<const drm_amdgpu_cs_chunk_dep*>(c.data.get());
        size_t n = c.bytes() / sizeof(drm_amdgpu_cs_chunk_dep);
        for (size_t i = 0; i < n; ++i) {
          auto ctx = get_ctx(p.file, deps[i].ctx_id);
          if (!ctx) return -EINVAL;
          std::shared_ptr<Fence> fence;
          if (int r = ctx_get_fence(*ctx, deps[i].ip_type, deps[i].ip_instance, deps[i].ring, deps[i].handle, &fence))
            return r;
          if (!fence) continue;  // retired
          auto& job = *p.jobs[p.leader];
          if (c.id == AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES)
            job.scheduled_dependencies.push_back(std::move(fence));
          else
            job.dependencies.push_back(std::move(fence));
        }
        break;
      }
      case AMDGPU_CHUNK_ID_SYNCOBJ_IN: {
        const auto* deps = reinterpret_cast<const drm_amdgpu_cs_chunk_sem*>(c.data.get());
        size_t n = c.bytes() / sizeof(drm_amdgpu_cs_chunk_sem);
        for (size_t i = 0; i < n; ++i)
          if (int r = add_syncobj_dep(p, deps[i].handle, 0, 0)) return r;
        break;
      }
      case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT: {
        const auto* deps = reinterpret_cast<const drm_amdgpu_cs_chunk_syncobj*>(c.data.get());
        size_t n = c.bytes() / sizeof(drm_amdgpu_cs_chunk_syncobj);
        for (size_t i = 0; i < n; ++i)
          if (int r = add_syncobj_dep(p, deps[i].handle, deps[i].point, deps[i].flags)) return r;
        break;
      }
      case AMDGPU_CHUNK_ID_SYNCOBJ_OUT:
      case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL: {
        if (p.has_post_deps) return -EINVAL;
        p.has_post_deps = true;
        const bool timeline = c.id == AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL;
        size_t entry = timeline ? sizeof(drm_amdgpu_cs_chunk_syncobj) : sizeof(drm_amdgpu_cs_chunk_sem);
        size_t n = c.bytes() / entry;
        if (n * sizeof(PostDep) > kKmallocMax) return -ENOMEM;
        for (size_t i = 0; i < n; ++i) {
          uint32_t handle;
          uint64_t point = 0;
          if (timeline) {
            const auto& d = reinterpret_cast<const drm_amdgpu_cs_chunk_syncobj*>(c.data.get())[i];
            handle = d.handle;
            point = d.point;
          } else {
            handle = reinterpret_cast<const drm_amdgpu_cs_chunk_sem*>(c.data.get())[i].handle;
          }
          std::shared_ptr<Syncobj> s;
          {
            std::lock_guard lock(p.file.mutex);
            s = p.file.syncobjs.get(handle);
          }
          if (!s) return -EINVAL;
          p.post_deps.push_back({std::move(s), point});
        }
        break;
      }
      default: break;
    }
  }
  return 0;
}

// amdgpu_cs_parser_bos and the implicit synchronisation of amdgpu_cs_sync_rings.
int parser_bos(Parser& p, const drm_amdgpu_cs_in& in) {
  if (in.bo_list_handle) {
    if (p.bo_list) return -EINVAL;
    std::lock_guard lock(p.file.mutex);
    p.bo_list = p.file.bo_lists.get(in.bo_list_handle);
    if (!p.bo_list) return -ENOENT;
  }
  auto& leader = *p.jobs[p.leader];
  const void* owner = &p.file.vm();
  if (p.bo_list) {
    for (const auto& e : p.bo_list->entries) {
      if (e.bo->is_userptr) {
        if (int r = check_user_pages(e.bo->userptr, e.bo->size, !e.bo->userptr_readonly,
                                     e.bo->userptr_anononly)) return r;
      }
      if (!(e.bo->flags & AMDGPU_GEM_CREATE_EXPLICIT_SYNC))
        for (auto& f : e.bo->busy_fences(owner)) leader.dependencies.push_back(std::move(f));
    }
  }
  return 0;
}

int submit(Parser& p, uint64_t* seq_out) {
  auto& leader = *p.jobs[p.leader];
  // Gang members share the leader's dependencies, and the leader starts once the others are scheduled.
  for (size_t i = 0; i < p.jobs.size(); ++i) {
    if (i == p.leader) continue;
    p.jobs[i]->dependencies = leader.dependencies;
    p.jobs[i]->scheduled_dependencies = leader.scheduled_dependencies;
  }
  for (size_t i = 0; i < p.jobs.size(); ++i)
    if (i != p.leader) leader.scheduled_dependencies.push_back(p.jobs[i]->scheduled);
  if (p.bo_list)
    for (const auto& e : p.bo_list->entries) leader.bos.push_back(e.bo);
  if (p.user_fence_bo) {
    leader.user_fence_bo = p.user_fence_bo;
    leader.user_fence_offset = p.user_fence_offset;
    leader.bos.push_back(p.user_fence_bo);
  }
  uint64_t leader_seq = 0;
  for (size_t i = 0; i < p.jobs.size(); ++i) {
    auto& job = p.jobs[i];
    Entity* e = p.entities[i];
    std::shared_ptr<Fence> previous;
    {
      std::lock_guard lock(p.ctx->mutex);
      previous = e->fences[e->sequence % kEntityFences];
    }
    // amdgpu_ctx_wait_prev_fence: at most 32 submissions in flight per entity.
    if (previous) previous->wait(kWaitForever);
    {
      std::lock_guard lock(p.ctx->mutex);
      job->sequence = e->sequence++;
      e->fences[job->sequence % kEntityFences] = job->finished;
      if (i == p.leader) leader_seq = job->sequence;
    }
  }
  // The fence goes on every listed BO and to the syncobjs before the job can run.
  const void* owner = &p.file.vm();
  if (p.bo_list)
    for (const auto& e : p.bo_list->entries) e.bo->add_fence(leader.finished, owner);
  for (auto& d : p.post_deps) {
    if (d.point)
      d.syncobj->add_point(d.point, leader.finished);
    else
      d.syncobj->replace(leader.finished);
  }
  for (size_t i = 0; i < p.jobs.size(); ++i) p.entities[i]->ring->push(p.entities[i]->queue, p.jobs[i]);
  *seq_out = leader_seq;
  return 0;
}

// amdgpu_cs_get_fence
int get_fence(File& file, const drm_amdgpu_fence& f, std::shared_ptr<Fence>* out) {
  auto ctx = get_ctx(file, f.ctx_id);
  if (!ctx) return -EINVAL;
  return ctx_get_fence(*ctx, f.ip_type, f.ip_instance, f.ring, f.seq_no, out);
}
}  // namespace

int amdgpu_cs(File& file, void* data) {
  auto* cs = static_cast<drm_amdgpu_cs*>(data);
  const drm_amdgpu_cs_in in = cs->in;
  if (in.num_chunks == 0) return -EINVAL;
  Parser p{file, get_ctx(file, in.ctx_id)};
  if (!p.ctx) return -EINVAL;
  if (p.ctx->guilty->load()) return -ECANCELED;
  if (int r = pass1(p, in)) return r;
  if (int r = pass2(p)) return r;
  if (int r = parser_bos(p, in)) return r;
  if (int r = file.device().faults().on_cs()) return r;  // injected failure, before anything is queued
  uint64_t seq = 0;
  if (int r = submit(p, &seq)) return r;
  cs->out.handle = seq;
  return 0;
}

int amdgpu_wait_cs(File& file, void* data) {
  auto* wait = static_cast<drm_amdgpu_wait_cs*>(data);
  const int64_t deadline = gem_deadline(wait->in.timeout);
  auto ctx = get_ctx(file, wait->in.ctx_id);
  if (!ctx) return -EINVAL;
  std::shared_ptr<Fence> fence;
  if (int r = ctx_get_fence(*ctx, wait->in.ip_type, wait->in.ip_instance, wait->in.ring, wait->in.handle, &fence))
    return r;
  bool signaled = true;
  if (fence) {
    signaled = fence->wait(deadline);
    if (signaled && fence->error()) return fence->error();
  }
  std::memset(wait, 0, sizeof *wait);
  wait->out.status = signaled ? 0 : 1;
  return 0;
}

int amdgpu_wait_fences(File& file, void* data) {
  auto* wait = static_cast<drm_amdgpu_wait_fences*>(data);
  const uint32_t count = wait->in.fence_count;
  const int64_t deadline = gem_deadline(wait->in.timeout_ns);
  if (uint64_t(count) * sizeof(drm_amdgpu_fence) > kKmallocMax) return -ENOMEM;
  std::vector<drm_amdgpu_fence> user;
  if (copy_array_from_user(user, wait->in.fences, count)) return -EFAULT;

  if (wait->in.wait_all) {
    bool all = true;
    for (const auto& f : user) {
      std::shared_ptr<Fence> fence;
      if (int r = get_fence(file, f, &fence)) return r;
      if (!fence) continue;
      if (!fence->wait(deadline)) {
        all = false;
        break;
      }
      if (fence->error()) return fence->error();
    }
    std::memset(wait, 0, sizeof *wait);
    wait->out.status = all ? 1 : 0;
    return 0;
  }

  std::vector<std::shared_ptr<Fence>> fences(count);
  uint32_t first = ~0u;
  bool signaled = false;
  for (uint32_t i = 0; i < count; ++i) {
    if (int r = get_fence(file, user[i], &fences[i])) return r;
    if (!fences[i]) {  // retired: already signalled
      first = i;
      signaled = true;
      break;
    }
  }
  if (!signaled) {
    if (count == 0) return -EINVAL;  // dma_fence_wait_any_timeout refuses an empty array
    size_t i = wait_fences(fences, false, deadline);
    if (i < count) {
      first = static_cast<uint32_t>(i);
      signaled = true;
    }
  }
  std::memset(wait, 0, sizeof *wait);
  wait->out.status = signaled ? 1 : 0;
  wait->out.first_signaled = first;
  return first < count && fences[first] ? fences[first]->error() : 0;
}

int amdgpu_fence_to_handle(File& file, void* data) {
  auto* info = static_cast<drm_amdgpu_fence_to_handle*>(data);
  std::shared_ptr<Fence> fence;
  if (int r = get_fence(file, info->in.fence, &fence)) return r;
  if (!fence) fence = Fence::signaled();
  switch (info->in.what) {
    case AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ: {
      auto s = std::make_shared<Syncobj>();
      s->replace(std::move(fence));
      std::lock_guard lock(file.mutex);
      uint32_t h = file.syncobjs.insert(std::move(s));
      if (!h) return -ENOSPC;
      info->out.handle = h;
      return 0;
    }
    case AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ_FD: {
      auto s = std::make_shared<Syncobj>();
      s->replace(std::move(fence));
      int fd = FdTable::instance().create_eventfd(std::make_shared<SyncobjFile>(std::move(s)), O_CLOEXEC);
      if (fd < 0) return fd;
      info->out.handle = static_cast<uint32_t>(fd);
      return 0;
    }
    case AMDGPU_FENCE_TO_HANDLE_GET_SYNC_FILE_FD: {
      int fd = sync_file_create(std::move(fence));
      if (fd < 0) return fd;
      info->out.handle = static_cast<uint32_t>(fd);
      return 0;
    }
    default: return -EINVAL;
  }
}

}  // namespace sporkle::sim::kernel
