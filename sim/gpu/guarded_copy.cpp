#include "sim/gpu/guarded_copy.h"

#include <csetjmp>
#include <csignal>
#include <cstdint>
#include <mutex>

namespace sporkle::sim::gpu {
namespace {

// A fault inside a guarded copy jumps back to the copy's caller; any other fault goes to whoever handled it
// before us (the application, or a sanitizer runtime).
thread_local sigjmp_buf* t_landing = nullptr;
struct sigaction g_previous_segv, g_previous_bus;

void on_fault(int sig, siginfo_t* info, void* uctx) {
  if (t_landing) siglongjmp(*t_landing, 1);
  const struct sigaction& prev = sig == SIGSEGV ? g_previous_segv : g_previous_bus;
  if (prev.sa_flags & SA_SIGINFO) {
    prev.sa_sigaction(sig, info, uctx);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
  } else {
    signal(sig, SIG_DFL);  // the faulting instruction re-runs and the process dies as it would have
  }
}

void install_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa = {};
    sa.sa_sigaction = on_fault;
    // NODEFER: we leave the handler by siglongjmp without restoring the mask, so the signal must stay unblocked.
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &g_previous_segv);
    sigaction(SIGBUS, &sa, &g_previous_bus);
  });
}

// Not instrumented by the sanitizers (they would report the very accesses we mean to catch), and written so
// the compiler cannot turn it into a call to an intercepted memcpy.
__attribute__((no_sanitize("address", "undefined"), noinline)) void raw_copy(void* dst, const void* src, size_t n) {
#if defined(__x86_64__)
  asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
#else
  auto* d = static_cast<volatile uint8_t*>(dst);
  auto* s = static_cast<const volatile uint8_t*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
#endif
}

__attribute__((no_sanitize("address", "undefined"), noinline)) void raw_fill(void* dst, int byte, size_t n) {
#if defined(__x86_64__)
  asm volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(byte) : "memory");
#else
  auto* d = static_cast<volatile uint8_t*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<uint8_t>(byte);
#endif
}

template <typename F>
bool guarded(F&& body) {
  install_handler();
  sigjmp_buf landing;
  sigjmp_buf* outer = t_landing;
  if (sigsetjmp(landing, 0)) {
    t_landing = outer;
    return false;
  }
  t_landing = &landing;
  body();
  t_landing = outer;
  return true;
}

}  // namespace

bool guarded_copy(void* dst, const void* src, size_t n) {
  if (n == 0) return true;
  return guarded([&] { raw_copy(dst, src, n); });
}

bool guarded_fill(void* dst, int byte, size_t n) {
  if (n == 0) return true;
  return guarded([&] { raw_fill(dst, byte, n); });
}

}  // namespace sporkle::sim::gpu
