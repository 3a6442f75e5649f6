// The C library functions the shim replaces, reached past the shim, and the guard that keeps the shim's own work
// (building its tree, running the simulated kernel) from being intercepted again.
#pragma once

#include <dlfcn.h>

namespace sporkle::sim::shim {

// The next definition of `name` after the shim in symbol lookup order: libc's.
void* next_symbol(const char* name);

// REAL(open) is libc's open, with the type of the declaration in the system headers.
#define SPORKLE_REAL(name)                                                                       \
  ([]() {                                                                                        \
    static auto fn = reinterpret_cast<decltype(&::name)>(::sporkle::sim::shim::next_symbol(#name)); \
    return fn;                                                                                   \
  }())

// While one is alive on a thread, every hook on that thread passes straight through to libc.
class Passthrough {
 public:
  Passthrough() { ++depth_; }
  ~Passthrough() { --depth_; }
  Passthrough(const Passthrough&) = delete;
  Passthrough& operator=(const Passthrough&) = delete;
  static bool on() { return depth_ > 0; }

 private:
  static thread_local int depth_ __attribute__((tls_model("initial-exec")));
};

}  // namespace sporkle::sim::shim
