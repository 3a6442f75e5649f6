#include "kernels.h"
// A 2-D grid: both workgroup ids and workgroup sizes from the dispatch packet.
kernel void index2d(global uint* out, uint width) {
  uint x = global_id_x(), y = global_id_y();
  out[y * width + x] = x * 1000 + y;
}
