#include "common.h"
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
kernel void half_math(global const half* h, global float* out, global half* hout) {
  uint i = global_id_x();
  half x = h[i] * (half)2.0 + h[i + 64];
  out[i] = (float)x;
  hout[i] = (half)(out[i] + 0.25f);
}
