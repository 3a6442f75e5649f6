#include "common.h"
kernel void int64_math(global const long* a, global const ulong* b, global long* out) {
  uint i = global_x();
  long x = a[i];
  ulong y = b[i];
  out[4 * i + 0] = x * (long)y - (x >> 5);
  out[4 * i + 1] = (long)(y / 10) + (long)(y % 7);
  out[4 * i + 2] = x / (long)(i + 3) - x % 11;
  out[4 * i + 3] = (long)((y >> 13) | ((ulong)x << 17)) ^ (x > (long)y ? 5 : 9);
}
