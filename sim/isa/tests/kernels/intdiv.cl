#include "common.h"
kernel void intdiv(global const int* a, global const float* f, global int* qi, global float* qf) {
  uint i = global_id_x();
  int x = a[i];
  qi[2 * i + 0] = x / (int)(i + 1);
  qi[2 * i + 1] = (int)((uint)x % (i + 3));
  float y = f[i];
  qf[2 * i + 0] = y / (y + 2.0f);
  qf[2 * i + 1] = __builtin_sqrtf(y) + (float)x + (float)(uint)y;
}
