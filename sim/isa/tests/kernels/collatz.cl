#include "common.h"
// Divergent loop: every lane iterates a different number of times.
kernel void collatz(global uint* d) {
  uint i = global_id_x();
  uint x = d[i], steps = 0;
  while (x != 1 && steps < 1000) {
    x = (x & 1) ? 3 * x + 1 : x >> 1;
    ++steps;
  }
  d[i] = steps;
}
