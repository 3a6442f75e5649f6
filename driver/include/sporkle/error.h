// The driver layer's one error type: which call failed and the errno it failed with. Every failure of a kernel or
// libdrm call surfaces as an Error; nothing is swallowed.
#pragma once

#include <cerrno>
#include <string>
#include <system_error>

namespace sporkle {

class Error : public std::system_error {
 public:
  // errno_value is positive (ENOMEM, ECANCELED, ...); call names what failed, e.g. "amdgpu_bo_alloc".
  Error(int errno_value, std::string call, const std::string& detail = {});

  int errno_value() const { return code().value(); }
  const std::string& call() const { return call_; }

 private:
  std::string call_;
};

// Something the driver layer does not do yet (errno ENOTSUP), so callers can tell it from a failure of the GPU.
class NotSupported : public Error {
 public:
  NotSupported(std::string call, const std::string& detail) : Error(ENOTSUP, std::move(call), detail) {}
};

// Throws Error(-rc, call) when a libdrm-style return code is negative.
inline void check(int rc, const char* call) {
  if (rc < 0) throw Error(-rc, call);
}

// Runs f() (returning 0 or -errno) again while it is interrupted (EINTR) or asks to be retried (EAGAIN), at most
// kMaxRetries times, then checks the result.
inline constexpr int kMaxRetries = 64;
template <typename F>
int retry(F&& f, const char* call) {
  int rc = f();
  for (int i = 0; i < kMaxRetries && (rc == -EINTR || rc == -EAGAIN); ++i) rc = f();
  check(rc, call);
  return rc;
}

}  // namespace sporkle
