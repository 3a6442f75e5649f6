#include "common.h"
kernel void double_math(global const double* a, global const double* b, global double* out) {
  uint i = global_x();
  double x = a[i], y = b[i];
  out[4 * i + 0] = __builtin_fma(x, y, 0.25);
  out[4 * i + 1] = x / y;
  out[4 * i + 2] = __builtin_sqrt(__builtin_fabs(x));
  out[4 * i + 3] = __builtin_fma(x, y, -x) + (double)(long)(y * 1000.0);
}
