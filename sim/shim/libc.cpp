#include "sim/shim/libc.h"

#include <cstdio>
#include <cstdlib>

namespace sporkle::sim::shim {

thread_local int Passthrough::depth_ = 0;

void* next_symbol(const char* name) {
  void* fn = dlsym(RTLD_NEXT, name);
  if (!fn) {
    // Without the real function the process cannot go on correctly; say which one is missing.
    std::fprintf(stderr, "sporkle shim: libc has no %s\n", name);
    std::abort();
  }
  return fn;
}

}  // namespace sporkle::sim::shim
