#include "common.h"
// A dynamically indexed private array, and a 3-D id decomposition.
kernel void private_array(global int* out, int k) {
  int arr[16];
  uint i = global_id_x();
  for (int j = 0; j < 16; ++j) arr[j] = j * (int)i + k;
  out[i] = arr[(k + i) & 15];
}
