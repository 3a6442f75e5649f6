#include "common.h"
// Every lane loops a data-dependent number of times (Collatz steps), with a branch inside the loop.
kernel void divergent_loop(global const uint* start, global uint* steps) {
  uint i = global_x();
  uint x = start[i], n = 0;
  while (x != 1) {
    if (x & 1) x = 3 * x + 1;
    else x /= 2;
    ++n;
  }
  steps[i] = n;
}
