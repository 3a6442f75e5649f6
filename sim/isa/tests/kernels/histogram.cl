#include "common.h"
// 16-bin histogram: LDS atomics per group, then global atomics; also a global min, exchange and compare-swap.
kernel void histogram(global const uint* in, global uint* bins, global int* extra) {
  local uint local_bins[16];
  uint l = __builtin_amdgcn_workitem_id_x();
  if (l < 16) local_bins[l] = 0;
  group_barrier();
  uint v = in[global_id_x()];
  __atomic_fetch_add(&local_bins[v & 15], 1u, __ATOMIC_RELAXED);
  group_barrier();
  if (l < 16) __atomic_fetch_add(&bins[l], local_bins[l], __ATOMIC_RELAXED);
  __atomic_fetch_min(&extra[0], (int)v - 1000, __ATOMIC_RELAXED);
  __atomic_fetch_max(&extra[1], (int)v, __ATOMIC_RELAXED);
  int expected = 0;
  __atomic_compare_exchange_n(&extra[2], &expected, (int)global_id_x() + 1, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  __atomic_exchange_n(&extra[3], 7, __ATOMIC_RELAXED);
}
