#include "common.h"
// 32-bin histogram: counted per group with LDS atomics, merged with global atomics; plus a global max.
kernel void histogram(global const uint* in, global uint* bins, global uint* max_value) {
  local uint counts[32];
  uint l = item_x();
  if (l < 32) counts[l] = 0;
  barrier_all();
  uint v = in[global_x()];
  __atomic_fetch_add(&counts[v % 32], 1u, __ATOMIC_RELAXED);
  __atomic_fetch_max(max_value, v, __ATOMIC_RELAXED);
  barrier_all();
  if (l < 32) __atomic_fetch_add(&bins[l], counts[l], __ATOMIC_RELAXED);
}
