#include "kernels.h"
// Per-workgroup sums through LDS: a static __local total (group_segment_fixed_size) and a dynamic __local
// array the dispatcher places after it.
kernel void block_sum(global const uint* in, global uint* out, local uint* partial) {
  local uint total;
  uint lid = __builtin_amdgcn_workitem_id_x(), n = group_size(0);
  if (lid == 0) total = 0;
  partial[lid] = in[global_id_x()];
  group_barrier();
  for (uint stride = n / 2; stride > 0; stride /= 2) {
    if (lid < stride) partial[lid] += partial[lid + stride];
    group_barrier();
  }
  if (lid == 0) total = partial[0];
  group_barrier();
  if (lid == 0) out[__builtin_amdgcn_workgroup_id_x()] = total;
}
