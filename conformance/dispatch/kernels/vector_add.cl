#include "common.h"
kernel void vector_add(global const float* a, global const float* b, global float* c) {
  uint i = global_x();
  c[i] = a[i] + b[i];
}
