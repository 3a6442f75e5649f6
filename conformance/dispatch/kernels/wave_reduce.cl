#include "common.h"
// Per-wave inclusive prefix sums and totals with DPP row shifts, then across rows with row broadcasts (gfx9) or
// v_permlanex16 and lane reads (gfx10), as compilers build subgroup scans.
static inline uint row_scan(uint v) {
  v += __builtin_amdgcn_update_dpp(0u, v, 0x111, 0xF, 0xF, false);  // row_shr:1, bound_ctrl
  v += __builtin_amdgcn_update_dpp(0u, v, 0x112, 0xF, 0xF, false);  // row_shr:2
  v += __builtin_amdgcn_update_dpp(0u, v, 0x114, 0xF, 0xF, false);  // row_shr:4
  v += __builtin_amdgcn_update_dpp(0u, v, 0x118, 0xF, 0xF, false);  // row_shr:8
  return v;
}

kernel void wave_reduce(global const uint* in, global uint* scan, global uint* total) {
  const uint i = global_x();
  uint v = row_scan(in[i]);
#if defined(__gfx1030__)
  // Row 1 adds the last lane of row 0 (and row 3 that of row 2); wave64 then adds lane 31 to the upper half.
  uint x = __builtin_amdgcn_permlanex16(0u, v, 0xFFFFFFFFu, 0xFFFFFFFFu, false, false);
  if (__builtin_amdgcn_workitem_id_x() & 16) v += x;
#if __AMDGCN_WAVEFRONT_SIZE == 64
  if (__builtin_amdgcn_workitem_id_x() & 32) v += __builtin_amdgcn_readlane(v, 31);
#endif
#else
  v += __builtin_amdgcn_update_dpp(0u, v, 0x142, 0xA, 0xF, false);  // row_bcast:15 to rows 1 and 3
  v += __builtin_amdgcn_update_dpp(0u, v, 0x143, 0xC, 0xF, false);  // row_bcast:31 to rows 2 and 3
#endif
  scan[i] = v;
  total[i / __AMDGCN_WAVEFRONT_SIZE] = __builtin_amdgcn_readlane(v, __AMDGCN_WAVEFRONT_SIZE - 1);
}
