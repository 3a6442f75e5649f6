// amdgpu GEM ioctls (amdgpu_gem.c): create, mmap offset, metadata, wait idle, op, userptr.
#include "sim/kernel/gem.h"

#include <amdgpu_drm.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sim/kernel/bo.h"
#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/prime.h"
#include "sim/kernel/uapi.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {

namespace {
constexpr uint64_t kPage = gpu::kPageSize;
uint64_t page_align(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

bool domains_valid(uint32_t domains) {
  // amdgpu_gem_are_domains_valid: GDS, GWS and OA are exclusive of everything else.
  const uint32_t special = AMDGPU_GEM_DOMAIN_GDS | AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA;
  if (!(domains & special)) return true;
  return __builtin_popcount(domains) == 1;
}

// amdgpu_bo_create, as far as a client can observe it: sizes, the size check against the managers, and a
// placement in the first domain with room (VRAM before GTT before system memory).
int bo_create(Device& dev, uint64_t size, uint64_t byte_align, uint32_t domain, uint64_t flags,
              std::shared_ptr<Bo>* out) {
  const bool counted = domain & (AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA);
  const bool gds = domain & AMDGPU_GEM_DOMAIN_GDS;
  uint64_t align;
  if (counted) {
    align = byte_align;
    size <<= 12;
  } else if (gds) {
    align = (byte_align + 3) & ~3ull;
    size = ((size + 3) & ~3ull) << 12;
  } else {
    align = page_align(byte_align);
    size = page_align(size);
  }
  // amdgpu_bo_validate_size
  const spec::Personality& p = dev.personality();
  if (domain & AMDGPU_GEM_DOMAIN_GTT) {
    if (size >= p.gtt_size) return -ENOMEM;
  } else if (domain & AMDGPU_GEM_DOMAIN_VRAM) {
    if (size >= p.vram_size) return -ENOMEM;
  }
  // drm_vma_offset_add of zero pages
  if (size == 0) return -ENOSPC;

  auto bo = std::make_shared<Bo>();
  bo->device = &dev;
  bo->size = size;
  bo->alignment = align;
  bo->preferred_domains = domain;
  bo->allowed_domains = domain;
  if (!(flags & AMDGPU_GEM_CREATE_DISCARDABLE) && domain == AMDGPU_GEM_DOMAIN_VRAM)
    bo->allowed_domains |= AMDGPU_GEM_DOMAIN_GTT;
  bo->flags = flags;

  if (!(counted || gds)) {
    uint32_t placed = 0;
    for (uint32_t d : {AMDGPU_GEM_DOMAIN_VRAM, AMDGPU_GEM_DOMAIN_GTT, AMDGPU_GEM_DOMAIN_CPU}) {
      // Domain 0 and CPU-only buffers live in system memory.
      bool wanted = (bo->allowed_domains & d) || (d == AMDGPU_GEM_DOMAIN_CPU && !(bo->allowed_domains & ~d));
      if (wanted && dev.charge(d, size)) {
        placed = d;
        break;
      }
    }
    if (!placed) return -ENOMEM;
    bo->accounted_domain = placed;
    bo->memory = dev.store().allocate(size);
    if (!bo->memory) return -ENOMEM;  // ~Bo uncharges
    if (placed == AMDGPU_GEM_DOMAIN_VRAM) dev.track_vram(bo->memory);
  }
  bo->mmap_offset = dev.assign_mmap_offset(bo);
  *out = std::move(bo);
  return 0;
}

}  // namespace

// amdgpu_ttm_tt_get_user_pages: the VMA at addr must exist (EFAULT) and, for ANONONLY, have no file behind it
// (EPERM; only that first VMA is checked). hmm_range_fault then walks the whole range: a hole or an unreadable
// VMA is EFAULT, a write request on a VMA without write permission EPERM.
int check_user_pages(uint64_t addr, uint64_t size, bool writable, bool anon_only) {
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (!maps) return -EFAULT;
  const uint64_t end = addr + size;
  uint64_t need = addr;
  bool first = true;
  char line[512];
  int ret = -EFAULT;
  while (std::fgets(line, sizeof line, maps)) {
    unsigned long lo, hi, inode;
    char perms[8];
    if (std::sscanf(line, "%lx-%lx %7s %*s %*s %lu", &lo, &hi, perms, &inode) < 4) continue;
    if (hi <= need) continue;
    if (lo > need) break;  // a hole
    if (first && anon_only && inode != 0) {
      ret = -EPERM;
      break;
    }
    first = false;
    if (perms[0] != 'r') break;
    if (writable && perms[1] != 'w') {
      ret = -EPERM;
      break;
    }
    need = hi;
    if (need >= end) {
      ret = 0;
      break;
    }
  }
  std::fclose(maps);
  return ret;
}

int gem_handle_create(File& file, const std::shared_ptr<Bo>& bo, uint32_t* handle) {
  // amdgpu_gem_object_open
  if (bo->is_userptr && bo->userptr_pid != getpid()) return -EPERM;
  if ((bo->flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID) && bo->always_valid_vm != &file.vm()) return -EPERM;
  std::lock_guard lock(file.mutex);
  uint32_t h = file.gem.insert(bo);
  if (!h) return -ENOSPC;
  auto [it, inserted] = file.bo_vas.try_emplace(bo.get(), BoVa{file.next_bo_va_id, 0});
  if (inserted) ++file.next_bo_va_id;
  ++it->second.ref_count;
  *handle = h;
  return 0;
}

bool gem_handle_delete(File& file, uint32_t handle) {
  std::shared_ptr<Bo> bo;
  {
    std::lock_guard lock(file.mutex);
    bo = file.gem.remove(handle);
    if (!bo) return false;
    std::erase_if(file.prime_handles, [handle](const auto& kv) { return kv.second == handle; });
    auto it = file.bo_vas.find(bo.get());
    if (it != file.bo_vas.end() && --it->second.ref_count == 0) {
      file.vm().unmap_owner(it->second.id);
      file.bo_vas.erase(it);
    }
  }
  return true;
}

std::shared_ptr<Bo> gem_lookup(File& file, uint32_t handle) {
  std::lock_guard lock(file.mutex);
  return file.gem.get(handle);
}

int64_t gem_deadline(uint64_t timeout_ns) {
  auto t = static_cast<int64_t>(timeout_ns);
  return t < 0 ? kWaitForever : t;
}

int amdgpu_gem_create(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_create*>(data);
  uint64_t flags = args->in.domain_flags;
  const uint64_t size = args->in.bo_size;
  constexpr uint64_t kAllowedFlags =
      AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED | AMDGPU_GEM_CREATE_NO_CPU_ACCESS | AMDGPU_GEM_CREATE_CPU_GTT_USWC |
      AMDGPU_GEM_CREATE_VRAM_CLEARED | AMDGPU_GEM_CREATE_VM_ALWAYS_VALID | AMDGPU_GEM_CREATE_EXPLICIT_SYNC |
      AMDGPU_GEM_CREATE_ENCRYPTED | AMDGPU_GEM_CREATE_DISCARDABLE;
  if (flags & ~kAllowedFlags) return -EINVAL;
  if (args->in.domains & ~AMDGPU_GEM_DOMAIN_MASK) return -EINVAL;
  if (!domains_valid(args->in.domains)) return -EINVAL;
  // The simulated boards run without TMZ (as Vega10 and Navi21 do by default).
  if (flags & AMDGPU_GEM_CREATE_ENCRYPTED) return -EINVAL;
  if (args->in.domains & (AMDGPU_GEM_DOMAIN_GDS | AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA)) {
    if (flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID) return -EINVAL;
    flags |= AMDGPU_GEM_CREATE_NO_CPU_ACCESS;
  }
  // amdgpu_gem_object_create takes the alignment as an int.
  const uint64_t align = static_cast<uint32_t>(static_cast<int>(args->in.alignment));
  uint32_t domain = static_cast<uint32_t>(args->in.domains);
  if (int err = file.device().faults().on_gem_create()) return err;  // injected allocation failure
  std::shared_ptr<Bo> bo;
  int r;
  for (;;) {
    r = bo_create(file.device(), size, align, domain, flags, &bo);
    if (r == 0) break;
    if (flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED) {
      flags &= ~AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED;
      continue;
    }
    if (domain == AMDGPU_GEM_DOMAIN_VRAM) {
      domain |= AMDGPU_GEM_DOMAIN_GTT;
      continue;
    }
    return r;
  }
  if (flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID) bo->always_valid_vm = &file.vm();
  uint32_t handle = 0;
  r = gem_handle_create(file, bo, &handle);
  if (r) return r;
  std::memset(args, 0, sizeof *args);
  args->out.handle = handle;
  return 0;
}

int amdgpu_gem_mmap(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_mmap*>(data);
  uint32_t handle = args->in.handle;
  std::memset(args, 0, sizeof *args);
  auto bo = gem_lookup(file, handle);
  if (!bo) return -ENOENT;
  if (bo->is_userptr || (bo->flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS)) return -EPERM;
  args->out.addr_ptr = bo->mmap_offset;
  return 0;
}

int amdgpu_gem_metadata(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_metadata*>(data);
  auto bo = gem_lookup(file, args->handle);
  if (!bo) return -ENOENT;
  std::lock_guard lock(bo->mutex);
  if (args->op == AMDGPU_GEM_METADATA_OP_GET_METADATA) {
    args->data.tiling_info = bo->tiling_info;
    if (bo->metadata_size) std::memcpy(args->data.data, bo->metadata.data(), bo->metadata_size);
    args->data.data_size_bytes = bo->metadata_size;
    args->data.flags = bo->metadata_flags;
    return 0;
  }
  if (args->op == AMDGPU_GEM_METADATA_OP_SET_METADATA) {
    if (args->data.data_size_bytes > sizeof args->data.data) return -EINVAL;
    // amdgpu_bo_set_tiling_flags only checks tiling bits on families up to Carrizo.
    bo->tiling_info = args->data.tiling_info;
    bo->metadata_size = args->data.data_size_bytes;
    bo->metadata_flags = bo->metadata_size ? args->data.flags : 0;
    bo->metadata.assign(args->data.data, args->data.data + (bo->metadata_size + 3) / 4);
    return 0;
  }
  return 0;  // unknown ops do nothing and succeed, as amdgpu_gem_metadata_ioctl's fall-through does
}

int amdgpu_gem_wait_idle(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_wait_idle*>(data);
  int64_t deadline = gem_deadline(args->in.timeout);
  auto bo = gem_lookup(file, args->in.handle);
  if (!bo) return -ENOENT;
  auto fences = bo->busy_fences();
  bool idle = wait_fences(fences, true, deadline) == 0;
  std::memset(args, 0, sizeof *args);
  args->out.status = idle ? 0 : 1;
  return 0;
}

int amdgpu_gem_op(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_op*>(data);
  auto bo = gem_lookup(file, args->handle);
  if (!bo) return -ENOENT;
  switch (args->op) {
    case AMDGPU_GEM_OP_GET_GEM_CREATE_INFO: {
      drm_amdgpu_gem_create_in info = {};
      info.bo_size = bo->size;
      info.alignment = bo->alignment;
      info.domains = bo->preferred_domains;
      info.domain_flags = bo->flags;
      return copy_to_user(args->value, &info, sizeof info);
    }
    case AMDGPU_GEM_OP_SET_PLACEMENT: {
      if (bo->imported && (args->value & AMDGPU_GEM_DOMAIN_VRAM)) return -EINVAL;
      if (bo->is_userptr) return -EPERM;
      bo->preferred_domains = args->value & (AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GTT | AMDGPU_GEM_DOMAIN_CPU);
      bo->allowed_domains = bo->preferred_domains;
      if (bo->allowed_domains == AMDGPU_GEM_DOMAIN_VRAM) bo->allowed_domains |= AMDGPU_GEM_DOMAIN_GTT;
      return 0;
    }
    default: return -EINVAL;
  }
}

int amdgpu_gem_userptr(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_userptr*>(data);
  if ((args->addr | args->size) & (kPage - 1)) return -EINVAL;
  constexpr uint32_t kFlags = AMDGPU_GEM_USERPTR_READONLY | AMDGPU_GEM_USERPTR_ANONONLY |
                              AMDGPU_GEM_USERPTR_VALIDATE | AMDGPU_GEM_USERPTR_REGISTER;
  if (args->flags & ~kFlags) return -EINVAL;
  if (!(args->flags & (AMDGPU_GEM_USERPTR_READONLY | AMDGPU_GEM_USERPTR_REGISTER))) return -EACCES;
  if (args->size == 0) return -ENOSPC;  // as GEM_CREATE: no pages for the mmap offset node
  // amdgpu_mn_register: the MMU interval notifier refuses a range that wraps. Nothing else checks the address
  // until the pages are needed (VALIDATE here, or the CS that uses the buffer).
  if (args->addr + (args->size - 1) < args->addr) return -EOVERFLOW;
  if (args->flags & AMDGPU_GEM_USERPTR_VALIDATE) {
    int r = check_user_pages(args->addr, args->size, !(args->flags & AMDGPU_GEM_USERPTR_READONLY),
                             args->flags & AMDGPU_GEM_USERPTR_ANONONLY);
    if (r) return r;
  }
  auto bo = std::make_shared<Bo>();
  bo->device = &file.device();
  bo->size = args->size;
  bo->preferred_domains = bo->allowed_domains = AMDGPU_GEM_DOMAIN_GTT;
  bo->memory = gpu::BackingStore::wrap_user(reinterpret_cast<void*>(args->addr), args->size);
  bo->is_userptr = true;
  bo->userptr = args->addr;
  bo->userptr_readonly = args->flags & AMDGPU_GEM_USERPTR_READONLY;
  bo->userptr_anononly = args->flags & AMDGPU_GEM_USERPTR_ANONONLY;
  bo->userptr_pid = getpid();
  bo->mmap_offset = file.device().assign_mmap_offset(bo);
  uint32_t handle = 0;
  int r = gem_handle_create(file, bo, &handle);
  if (r) return r;
  args->handle = handle;
  return 0;
}

}  // namespace sporkle::sim::kernel
