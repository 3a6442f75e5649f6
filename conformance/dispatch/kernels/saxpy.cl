#include "common.h"
kernel void saxpy(float a, global const float* x, global float* y) {
  uint i = global_x();
  y[i] = __builtin_fmaf(a, x[i], y[i]);
}
