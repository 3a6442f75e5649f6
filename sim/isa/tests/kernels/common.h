// Work-item ids without device libraries: the group size comes from the HSA dispatch packet, as device-libs do it.
static inline uint group_size_x(void) { return ((__constant ushort*)__builtin_amdgcn_dispatch_ptr())[2]; }
static inline uint global_id_x(void) {
  return __builtin_amdgcn_workgroup_id_x() * group_size_x() + __builtin_amdgcn_workitem_id_x();
}
static inline void group_barrier(void) {
  __builtin_amdgcn_fence(__ATOMIC_RELEASE, "workgroup");
  __builtin_amdgcn_s_barrier();
  __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "workgroup");
}
