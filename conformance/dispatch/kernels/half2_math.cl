#include "common.h"
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
// half2 arithmetic, which compiles to packed f16 (v_pk_*) operations with op_sel and neg modifiers.
kernel void half2_math(global const half2* a, global const half2* b, global half2* out) {
  const uint i = global_x();
  const half2 x = a[i], y = b[i];
  out[3 * i] = x * y + x;
  out[3 * i + 1] = y - x * (half2)(0.5h, 2.0h);
  out[3 * i + 2] = (x + y).yx * (half)3.0h;
}
