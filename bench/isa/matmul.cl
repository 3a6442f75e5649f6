// C = A B for n x n row-major matrices: a group per row of C, a work-item per column. The group size is read
// from the HSA dispatch packet as the device libraries do.
kernel void matmul(global const float* A, global const float* B, global float* C, uint n) {
  uint row = __builtin_amdgcn_workgroup_id_x(), col = __builtin_amdgcn_workitem_id_x();
  float acc = 0.0f;
  for (uint k = 0; k < n; ++k) acc += A[row * n + k] * B[k * n + col];
  C[row * n + col] = acc;
}
