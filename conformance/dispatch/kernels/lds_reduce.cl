#include "common.h"
// Sum of each group's 256 inputs: a tree in LDS with a barrier after every step.
kernel void lds_reduce(global const uint* in, global uint* sums) {
  local uint part[256];
  uint l = item_x();
  part[l] = in[global_x()];
  barrier_all();
  for (uint stride = 128; stride > 0; stride /= 2) {
    if (l < stride) part[l] += part[l + stride];
    barrier_all();
  }
  if (l == 0) sums[group_x()] = part[0];
}
