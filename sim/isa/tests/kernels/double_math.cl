#include "common.h"
kernel void double_math(global const double* a, global const double* b, global double* out) {
  uint i = global_id_x();
  double x = a[i], y = b[i];
  out[3 * i + 0] = x * 1.5 + y;
  out[3 * i + 1] = x / y;
  out[3 * i + 2] = __builtin_sqrt(x) + (double)(int)i;
}
