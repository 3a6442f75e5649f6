#include "common.h"
// A private array too large for registers: clang spills it to scratch through the swizzled private segment
// buffer (MUBUF with ADD_TID, 4-byte elements, 64-lane index stride).
kernel void scratch_array(global int* out, int k) {
  int arr[64];
  uint i = global_id_x();
  for (int j = 0; j < 64; ++j) arr[j] = j * (int)i + k;
  out[i] = arr[(k + i) & 63] + arr[(k * 3 + i) & 63];
}
