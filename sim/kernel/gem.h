// GEM handle management shared by the ioctls that create, import or close handles.
#pragma once

#include <cstdint>
#include <memory>

namespace sporkle::sim::kernel {

class File;
struct Bo;

// drm_gem_handle_create + amdgpu_gem_object_open (adds the BO to the file's VM). 0 or -errno.
int gem_handle_create(File& file, const std::shared_ptr<Bo>& bo, uint32_t* handle);
// drm_gem_handle_delete + amdgpu_gem_object_close. False if the handle does not exist.
bool gem_handle_delete(File& file, uint32_t handle);
std::shared_ptr<Bo> gem_lookup(File& file, uint32_t handle);
// amdgpu_ttm_tt_get_user_pages: is [addr, addr+size) mapped in this process as a userptr BO needs it?
int check_user_pages(uint64_t addr, uint64_t size, bool writable, bool anon_only);
// amdgpu_gem_timeout: absolute CLOCK_MONOTONIC ns to a deadline (negative = forever).
int64_t gem_deadline(uint64_t timeout_ns);

}  // namespace sporkle::sim::kernel
