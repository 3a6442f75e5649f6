#include "kernels.h"
kernel void saxpy(float a, global const float* x, global float* y, uint n) {
  uint i = global_id_x();
  if (i < n) y[i] = a * x[i] + y[i];
}
