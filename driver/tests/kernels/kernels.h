// Work-item ids without device libraries (-nogpulib): the workgroup size comes from the HSA dispatch packet,
// which makes every kernel here read the dispatch pointer as well as the kernarg pointer.
static inline uint group_size(int dim) { return ((__constant ushort*)__builtin_amdgcn_dispatch_ptr())[2 + dim]; }
static inline uint global_id_x(void) {
  return __builtin_amdgcn_workgroup_id_x() * group_size(0) + __builtin_amdgcn_workitem_id_x();
}
static inline uint global_id_y(void) {
  return __builtin_amdgcn_workgroup_id_y() * group_size(1) + __builtin_amdgcn_workitem_id_y();
}
static inline void group_barrier(void) {
  __builtin_amdgcn_fence(__ATOMIC_RELEASE, "workgroup");
  __builtin_amdgcn_s_barrier();
  __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "workgroup");
}
