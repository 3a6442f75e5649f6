#include "common.h"
// Tree reduction of 256 values per group in LDS, with barriers between the steps.
kernel void reduce(global const uint* in, global uint* out) {
  local uint tile[256];
  uint l = __builtin_amdgcn_workitem_id_x();
  tile[l] = in[global_id_x()];
  group_barrier();
  for (uint s = 128; s > 0; s >>= 1) {
    if (l < s) tile[l] += tile[l + s];
    group_barrier();
  }
  if (l == 0) out[__builtin_amdgcn_workgroup_id_x()] = tile[0];
}
