#include "kernels.h"
kernel void vadd(global const float* a, global const float* b, global float* c, uint n) {
  uint i = global_id_x();
  if (i < n) c[i] = a[i] + b[i];
}
kernel void vadd_u32(global const uint* a, global const uint* b, global uint* c, uint n) {
  uint i = global_id_x();
  if (i < n) c[i] = a[i] + b[i];
}
