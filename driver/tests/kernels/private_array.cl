#include "kernels.h"
// A private array indexed at run time is too large for registers: it lives in scratch.
kernel void private_array(global int* out, int k) {
  int arr[64];
  uint i = global_id_x();
  for (int j = 0; j < 64; ++j) arr[j] = j * (int)i + k;
  out[i] = arr[(k + i) & 63] + arr[(k * 3 + i) & 63];
}
