#include "common.h"
// C = A x B for n x n matrices, one row per group, one column per work-item.
kernel void matmul(global const float* A, global const float* B, global float* C, int n) {
  int row = __builtin_amdgcn_workgroup_id_x(), col = __builtin_amdgcn_workitem_id_x();
  if (col >= n) return;
  float s = 0.0f;
  for (int k = 0; k < n; ++k) s += A[row * n + k] * B[k * n + col];
  C[row * n + col] = s;
}
