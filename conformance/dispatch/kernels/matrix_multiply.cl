#include "common.h"
// C = A B for n x n row-major matrices: a group per row of C, a work-item per column.
kernel void matrix_multiply(global const float* A, global const float* B, global float* C, uint n) {
  uint row = group_x(), col = item_x();
  float acc = 0.0f;
  for (uint k = 0; k < n; ++k) acc = __builtin_fmaf(A[row * n + k], B[k * n + col], acc);
  C[row * n + col] = acc;
}
