// Work-item ids without the device libraries: the group size is read from the HSA dispatch packet, as the
// libraries themselves do.
static inline uint local_size_x(void) { return ((__constant ushort*)__builtin_amdgcn_dispatch_ptr())[2]; }
static inline uint item_x(void) { return __builtin_amdgcn_workitem_id_x(); }
static inline uint group_x(void) { return __builtin_amdgcn_workgroup_id_x(); }
static inline uint global_x(void) { return group_x() * local_size_x() + item_x(); }
static inline void barrier_all(void) {
  __builtin_amdgcn_fence(__ATOMIC_RELEASE, "workgroup");
  __builtin_amdgcn_s_barrier();
  __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "workgroup");
}
