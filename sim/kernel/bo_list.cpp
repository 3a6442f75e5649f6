// BO_LIST ioctl (amdgpu_bo_list.c).
#include "sim/kernel/bo_list.h"

#include <amdgpu_drm.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sim/kernel/bo.h"
#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {

namespace {
constexpr uint32_t kMaxEntries = 128 * 1024;  // AMDGPU_BO_LIST_MAX_ENTRIES
constexpr uint32_t kMaxPriority = 32;         // AMDGPU_BO_LIST_MAX_PRIORITY

int copy_entries(uint64_t uptr, uint32_t count, uint32_t entry_size, std::vector<drm_amdgpu_bo_list_entry>* info) {
  if (count > kMaxEntries) return -EINVAL;
  info->assign(count, drm_amdgpu_bo_list_entry{});
  if (entry_size == sizeof(drm_amdgpu_bo_list_entry))
    return copy_from_user(info->data(), uptr, uint64_t(count) * entry_size);
  const uint32_t bytes = std::min<uint32_t>(entry_size, sizeof(drm_amdgpu_bo_list_entry));
  for (uint32_t i = 0; i < count; ++i, uptr += entry_size)
    if (copy_from_user(&(*info)[i], uptr, bytes)) return -EFAULT;
  return 0;
}

int build(File& file, const std::vector<drm_amdgpu_bo_list_entry>& info, std::shared_ptr<BoList>* out) {
  auto list = std::make_shared<BoList>();
  list->entries.reserve(info.size());
  std::lock_guard lock(file.mutex);
  for (const auto& e : info) {
    auto bo = file.gem.get(e.bo_handle);
    if (!bo) return -ENOENT;
    if (bo->is_userptr && bo->userptr_pid != getpid()) return -EPERM;
    list->entries.push_back({std::move(bo), std::min(e.bo_priority, kMaxPriority)});
  }
  *out = std::move(list);
  return 0;
}
}  // namespace

int bo_list_from_user(File& file, uint64_t user_ptr, uint32_t count, uint32_t entry_size,
                      std::shared_ptr<BoList>* out) {
  std::vector<drm_amdgpu_bo_list_entry> info;
  if (int r = copy_entries(user_ptr, count, entry_size, &info)) return r;
  return build(file, info, out);
}

int amdgpu_bo_list(File& file, void* data) {
  auto* args = static_cast<drm_amdgpu_bo_list*>(data);
  uint32_t handle = args->in.list_handle;
  std::vector<drm_amdgpu_bo_list_entry> info;
  if (int r = copy_entries(args->in.bo_info_ptr, args->in.bo_number, args->in.bo_info_size, &info)) return r;

  switch (args->in.operation) {
    case AMDGPU_BO_LIST_OP_CREATE: {
      std::shared_ptr<BoList> list;
      if (int r = build(file, info, &list)) return r;
      std::lock_guard lock(file.mutex);
      handle = file.bo_lists.insert(std::move(list));
      if (!handle) return -ENOSPC;
      break;
    }
    case AMDGPU_BO_LIST_OP_DESTROY: {
      std::lock_guard lock(file.mutex);
      file.bo_lists.remove(handle);  // an unknown handle is not an error
      handle = 0;
      break;
    }
    case AMDGPU_BO_LIST_OP_UPDATE: {
      std::shared_ptr<BoList> list;
      if (int r = build(file, info, &list)) return r;
      std::lock_guard lock(file.mutex);
      if (!file.bo_lists.get(handle)) return -ENOENT;  // idr_replace
      file.bo_lists.replace(handle, std::move(list));
      break;
    }
    default: return -EINVAL;
  }
  std::memset(args, 0, sizeof *args);
  args->out.list_handle = handle;
  return 0;
}

}  // namespace sporkle::sim::kernel
