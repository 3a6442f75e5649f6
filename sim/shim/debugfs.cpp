#include "sim/shim/debugfs.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/shim/libc.h"
#include "sim/shim/state.h"

namespace sporkle::sim::shim {
namespace {

constexpr char kPrefix[] = "/sys/kernel/debug/dri/";
constexpr char kRecover[] = "/amdgpu_gpu_recover";

// The minor in "/sys/kernel/debug/dri/<minor>/amdgpu_gpu_recover", or -1.
long recover_minor(const char* path) {
  if (std::strncmp(path, kPrefix, sizeof kPrefix - 1) != 0) return -1;
  const char* num = path + sizeof kPrefix - 1;
  char* end = nullptr;
  if (*num < '0' || *num > '9') return -1;
  long minor = std::strtol(num, &end, 10);
  return std::strcmp(end, kRecover) == 0 ? minor : -1;
}

}  // namespace

std::optional<int> open_debugfs(const char* path, int flags) {
  if (Passthrough::on() || !path) return std::nullopt;
  const long minor = recover_minor(path);
  if (minor < 0) return std::nullopt;
  State& s = state();
  if (!s.active) return std::nullopt;
  // amdgpu creates its files under the primary minor's directory only.
  if (minor >= long(s.devices.size())) {
    errno = ENOENT;
    return -1;
  }
  if (!s.privileged) {  // /sys/kernel/debug is 0700 root
    errno = EACCES;
    return -1;
  }
  if ((flags & O_ACCMODE) != O_RDONLY) {  // the file is 0444 and has no set handler
    errno = EACCES;
    return -1;
  }
  Passthrough p;
  char value[32];
  int len = std::snprintf(value, sizeof value, "%d\n", s.devices[minor]->gpu_recover_unblamed());
  int fd = memfd_create("amdgpu_gpu_recover", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
  if (fd < 0) return -1;
  if (SPORKLE_REAL(pwrite)(fd, value, size_t(len), 0) != len) {
    int err = errno;
    SPORKLE_REAL(close)(fd);
    errno = err;
    return -1;
  }
  return fd;
}

}  // namespace sporkle::sim::shim
