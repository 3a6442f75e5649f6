// GEM_VA (amdgpu_gem_va_ioctl, amdgpu_vm_bo_map/unmap/replace_map/clear_mappings): the file's GPU VM.
#include <amdgpu_drm.h>

#include <cerrno>

#include "sim/kernel/bo.h"
#include "sim/kernel/file.h"
#include "sim/kernel/gem.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/uapi.h"
#include "sim/kernel/vm_layout.h"

namespace sporkle::sim::kernel {

namespace {
// amdgpu_vm_verify_parameters
int verify(const Bo* bo, uint64_t va, uint64_t offset, uint64_t size) {
  constexpr uint64_t mask = gpu::kPageSize - 1;
  if ((va & mask) || (offset & mask) || (size & mask)) return -EINVAL;
  uint64_t tmp;
  if (__builtin_add_overflow(va, size, &tmp) || __builtin_add_overflow(offset, size, &tmp) || size == 0)
    return -EINVAL;
  if (bo && offset + size > bo->size) return -EINVAL;
  if (((va + size - 1) >> 12) >= kVmMaxPfn) return -EINVAL;
  return 0;
}

uint32_t pte_flags(const Bo* bo, uint32_t flags) {
  uint32_t pte = flags & (AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE |
                          AMDGPU_VM_PAGE_PRT | AMDGPU_VM_MTYPE_MASK | AMDGPU_VM_PAGE_NOALLOC);
  // A read-only userptr is never writeable from the GPU (amdgpu_ttm_tt_pte_flags).
  if (bo && bo->is_userptr && bo->userptr_readonly) pte &= ~AMDGPU_VM_PAGE_WRITEABLE;
  return pte;
}
}  // namespace

int amdgpu_gem_va(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_gem_va*>(data);
  constexpr uint32_t valid_flags = AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE |
                                   AMDGPU_VM_PAGE_EXECUTABLE | AMDGPU_VM_MTYPE_MASK | AMDGPU_VM_PAGE_NOALLOC;
  constexpr uint32_t prt_flags = AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_PRT;

  if (args->va_address < kVaReservedBottom) return -EINVAL;
  if (args->va_address >= kVaHoleStart && args->va_address < kVaHoleEnd) return -EINVAL;
  args->va_address &= kVaHoleMask;
  if (args->va_address + args->map_size > kVmSize - kVaReservedTop) return -EINVAL;
  if ((args->flags & ~valid_flags) && (args->flags & ~prt_flags)) return -EINVAL;
  switch (args->operation) {
    case AMDGPU_VA_OP_MAP:
    case AMDGPU_VA_OP_UNMAP:
    case AMDGPU_VA_OP_CLEAR:
    case AMDGPU_VA_OP_REPLACE: break;
    default: return -EINVAL;
  }

  std::shared_ptr<Bo> bo;
  const bool uses_bo = args->operation != AMDGPU_VA_OP_CLEAR && !(args->flags & AMDGPU_VM_PAGE_PRT);
  if (uses_bo) {
    bo = gem_lookup(file, args->handle);
    if (!bo) return -ENOENT;
  }

  std::lock_guard lock(file.mutex);
  uint64_t owner;
  if (bo) {
    auto it = file.bo_vas.find(bo.get());
    if (it == file.bo_vas.end()) return -ENOENT;
    owner = it->second.id;
  } else {
    if (!file.prt_va_id) file.prt_va_id = file.next_bo_va_id++;
    owner = file.prt_va_id;
  }
  gpu::Vm& vm = file.vm();
  const uint64_t va = args->va_address, size = args->map_size, offset = args->offset_in_bo;

  auto insert = [&] {
    gpu::Mapping m;
    m.va = va;
    m.size = size;
    m.memory = bo ? bo->memory : nullptr;
    m.offset = offset;
    m.flags = pte_flags(bo.get(), args->flags);
    m.owner = owner;
    vm.map(std::move(m));
  };

  switch (args->operation) {
    case AMDGPU_VA_OP_MAP: {
      if (int r = verify(bo.get(), va, offset, size)) return r;
      if (vm.overlaps(va, size)) return -EINVAL;
      insert();
      return 0;
    }
    case AMDGPU_VA_OP_UNMAP:
      return vm.unmap_owned(owner, va & ~(gpu::kPageSize - 1)) ? 0 : -ENOENT;
    case AMDGPU_VA_OP_CLEAR:
      if (int r = verify(nullptr, va, 0, size)) return r;
      vm.unmap_range(va, size);
      return 0;
    case AMDGPU_VA_OP_REPLACE:
      if (int r = verify(bo.get(), va, offset, size)) return r;
      vm.unmap_range(va, size);
      insert();
      return 0;
  }
  return -EINVAL;
}

}  // namespace sporkle::sim::kernel
