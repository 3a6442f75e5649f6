#include "common.h"
kernel void int64_math(global long* a, global ulong* b, global long* out) {
  uint i = global_id_x();
  long x = a[i];
  ulong y = b[i];
  out[4 * i + 0] = x * (long)y + (x >> 3);
  out[4 * i + 1] = (long)(y / 7) - (long)(y % 13);
  out[4 * i + 2] = x / (long)(i + 1) + x % 5;
  out[4 * i + 3] = (long)((y << 5) ^ (ulong)x) + (x < (long)y ? 1 : 0);
}
