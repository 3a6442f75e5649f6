// libc entry points that take a path: simulated paths are redirected into the fake tree, device nodes become
// simulated DRM files, everything else passes through untouched.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sim/shim/debugfs.h"
#include "sim/shim/drm_node.h"
#include "sim/shim/libc.h"
#include "sim/shim/state.h"

extern "C" {
int __open_2(const char* path, int flags);
int __open64_2(const char* path, int flags);
int __openat_2(int dirfd, const char* path, int flags);
int __openat64_2(int dirfd, const char* path, int flags);
char* __realpath_chk(const char* path, char* resolved, size_t resolved_len);
void __chk_fail(void) __attribute__((noreturn));
int __xstat(int ver, const char* path, struct stat* st);
int __xstat64(int ver, const char* path, struct stat64* st);
int __lxstat(int ver, const char* path, struct stat* st);
int __lxstat64(int ver, const char* path, struct stat64* st);
int __fxstat(int ver, int fd, struct stat* st);
int __fxstat64(int ver, int fd, struct stat64* st);
int __fxstatat(int ver, int dirfd, const char* path, struct stat* st, int flags);
int __fxstatat64(int ver, int dirfd, const char* path, struct stat64* st, int flags);
}

namespace sporkle::sim::shim {
namespace {

static_assert(sizeof(struct stat) == sizeof(struct stat64), "x86-64: stat and stat64 are one layout");

using Kind = FakeTree::Kind;

// Paths relative to a directory fd are resolved through the directory's own path, so that a directory opened in
// the tree (e.g. /dev/dri) yields device nodes too.
FakeTree::Target resolve(int dirfd, const char* path) {
  if (Passthrough::on() || !path) return {};
  State* s = nullptr;
  std::string client;
  if (path[0] == '/') {
    if (!FakeTree::may_shadow(path)) return {};
    s = &state();
    client = path;
  } else {
    s = started_state();
    if (dirfd < 0 || !s || !s->active) return {};
    char dir[PATH_MAX];
    ssize_t n = SPORKLE_REAL(readlink)(("/proc/self/fd/" + std::to_string(dirfd)).c_str(), dir, sizeof dir - 1);
    if (n <= 0) return {};
    auto in_tree = s->tree->to_client(std::string_view(dir, n));
    if (!in_tree) return {};
    client = *in_tree + "/" + path;
  }
  if (!s->active) return {};
  return s->tree->resolve(client);
}

int open_impl(int dirfd, const char* path, int flags, mode_t mode) {
  if (std::optional<int> fd = open_debugfs(path, flags)) {
    if (*fd >= 0) forget_stale(*fd);
    return *fd;
  }
  FakeTree::Target t = resolve(dirfd, path);
  int fd;
  switch (t.kind) {
    case Kind::DeviceNode:
      return open_drm_node(state(), *t.node, flags);
    case Kind::Redirect:
      fd = SPORKLE_REAL(openat)(AT_FDCWD, t.real.c_str(), flags, mode);
      break;
    default:
      fd = SPORKLE_REAL(openat)(dirfd, path, flags, mode);
  }
  if (fd >= 0 && !Passthrough::on()) forget_stale(fd);
  return fd;
}

mode_t mode_arg(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

int fstat_impl(int fd, struct stat* st) {
  if (!Passthrough::on()) {
    if (auto file = drm_file(fd)) {
      const FakeTree::Node* node = node_of(*file);
      if (node && SPORKLE_REAL(stat)(node->placeholder.c_str(), st) == 0) {
        as_device_node(st, *node);
        return 0;
      }
    }
  }
  return SPORKLE_REAL(fstat)(fd, st);
}

// AT_EMPTY_PATH with "": the call is about dirfd itself.
bool names_the_fd(const char* path, int flags) { return path && path[0] == 0 && (flags & AT_EMPTY_PATH); }

int fstatat_impl(int dirfd, const char* path, struct stat* st, int flags) {
  if (names_the_fd(path, flags)) return fstat_impl(dirfd, st);
  FakeTree::Target t = resolve(dirfd, path);
  switch (t.kind) {
    case Kind::DeviceNode:
      if (SPORKLE_REAL(fstatat)(AT_FDCWD, t.node->placeholder.c_str(), st, flags) != 0) return -1;
      as_device_node(st, *t.node);
      return 0;
    case Kind::Redirect:
      return SPORKLE_REAL(fstatat)(AT_FDCWD, t.real.c_str(), st, flags);
    default:
      return SPORKLE_REAL(fstatat)(dirfd, path, st, flags);
  }
}

int faccessat_impl(int dirfd, const char* path, int mode, int flags) {
  FakeTree::Target t = resolve(dirfd, path);
  switch (t.kind) {
    case Kind::DeviceNode:
      return SPORKLE_REAL(faccessat)(AT_FDCWD, t.node->placeholder.c_str(), mode, flags);
    case Kind::Redirect:
      return SPORKLE_REAL(faccessat)(AT_FDCWD, t.real.c_str(), mode, flags);
    default:
      return SPORKLE_REAL(faccessat)(dirfd, path, mode, flags);
  }
}

// /proc/self/fd/N of a simulated DRM file names its device node, as for a real one.
bool proc_fd_link(const char* path, std::string* out) {
  if (Passthrough::on() || !started_state()) return false;
  std::string self = "/proc/" + std::to_string(getpid()) + "/fd/";
  const char* num = nullptr;
  if (strncmp(path, "/proc/self/fd/", 14) == 0) num = path + 14;
  else if (strncmp(path, self.c_str(), self.size()) == 0) num = path + self.size();
  if (!num || !*num) return false;
  char* end = nullptr;
  long fd = strtol(num, &end, 10);
  if (*end || fd < 0 || fd > INT_MAX) return false;
  auto file = drm_file(int(fd));
  const FakeTree::Node* node = file ? node_of(*file) : nullptr;
  if (!node) return false;
  *out = node->path;
  return true;
}

ssize_t readlinkat_impl(int dirfd, const char* path, char* buf, size_t len) {
  std::string link;
  if (path && path[0] == '/' && proc_fd_link(path, &link)) {
    size_t n = std::min(len, link.size());
    memcpy(buf, link.data(), n);
    return ssize_t(n);
  }
  FakeTree::Target t = resolve(dirfd, path);
  switch (t.kind) {
    case Kind::DeviceNode:
      errno = EINVAL;  // a character device is not a symlink
      return -1;
    case Kind::Redirect:
      return SPORKLE_REAL(readlinkat)(AT_FDCWD, t.real.c_str(), buf, len);
    default:
      return SPORKLE_REAL(readlinkat)(dirfd, path, buf, len);
  }
}

char* realpath_impl(const char* path, char* resolved) {
  FakeTree::Target t = resolve(AT_FDCWD, path);
  if (t.kind == Kind::PassThrough) return SPORKLE_REAL(realpath)(path, resolved);
  char real[PATH_MAX];
  const std::string& in_tree = t.kind == Kind::DeviceNode ? t.node->placeholder : t.real;
  if (!SPORKLE_REAL(realpath)(in_tree.c_str(), real)) return nullptr;
  std::string client = state().tree->to_client(real).value_or(real);
  if (client.size() >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return nullptr;
  }
  if (!resolved) return strdup(client.c_str());
  memcpy(resolved, client.c_str(), client.size() + 1);
  return resolved;
}

int fopen_flags(const char* mode) {
  int flags = 0;
  switch (mode[0]) {
    case 'r': flags = O_RDONLY; break;
    case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
    case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
    default: return -1;
  }
  for (const char* m = mode + 1; *m && *m != ','; ++m) {
    if (*m == '+') flags = (flags & ~O_ACCMODE) | O_RDWR;
    if (*m == 'e') flags |= O_CLOEXEC;
    if (*m == 'x') flags |= O_EXCL;
  }
  return flags;
}

FILE* fopen_impl(const char* path, const char* mode, FILE* (*real_fopen)(const char*, const char*)) {
  std::optional<int> debugfs = open_debugfs(path, fopen_flags(mode));
  FakeTree::Target t = debugfs ? FakeTree::Target{} : resolve(AT_FDCWD, path);
  if (debugfs || t.kind == Kind::DeviceNode) {
    int flags = fopen_flags(mode);
    if (flags < 0) {
      errno = EINVAL;
      return nullptr;
    }
    int fd = debugfs ? *debugfs : open_drm_node(state(), *t.node, flags);
    if (debugfs && fd >= 0) forget_stale(fd);
    if (fd < 0) return nullptr;
    FILE* f = fdopen(fd, mode);
    if (!f) {
      int err = errno;
      close(fd);
      errno = err;
    }
    return f;
  }
  FILE* f = real_fopen(t.kind == Kind::Redirect ? t.real.c_str() : path, mode);
  if (f && !Passthrough::on()) forget_stale(fileno(f));
  return f;
}

}  // namespace
}  // namespace sporkle::sim::shim

using namespace sporkle::sim::shim;

extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(AT_FDCWD, path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = mode_arg(flags, ap);
  va_end(ap);
  return open_impl(dirfd, path, flags, mode);
}

int __open_2(const char* path, int flags) { return open_impl(AT_FDCWD, path, flags, 0); }
int __open64_2(const char* path, int flags) { return open_impl(AT_FDCWD, path, flags, 0); }
int __openat_2(int dirfd, const char* path, int flags) { return open_impl(dirfd, path, flags, 0); }
int __openat64_2(int dirfd, const char* path, int flags) { return open_impl(dirfd, path, flags, 0); }
int creat(const char* path, mode_t mode) { return open_impl(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }
int creat64(const char* path, mode_t mode) { return open_impl(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }

FILE* fopen(const char* path, const char* mode) { return fopen_impl(path, mode, SPORKLE_REAL(fopen)); }
FILE* fopen64(const char* path, const char* mode) { return fopen_impl(path, mode, SPORKLE_REAL(fopen64)); }

int stat(const char* path, struct stat* st) { return fstatat_impl(AT_FDCWD, path, st, 0); }
int stat64(const char* path, struct stat64* st) {
  return fstatat_impl(AT_FDCWD, path, reinterpret_cast<struct stat*>(st), 0);
}
int lstat(const char* path, struct stat* st) { return fstatat_impl(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }
int lstat64(const char* path, struct stat64* st) {
  return fstatat_impl(AT_FDCWD, path, reinterpret_cast<struct stat*>(st), AT_SYMLINK_NOFOLLOW);
}
int fstat(int fd, struct stat* st) { return fstat_impl(fd, st); }
int fstat64(int fd, struct stat64* st) { return fstat_impl(fd, reinterpret_cast<struct stat*>(st)); }
int fstatat(int dirfd, const char* path, struct stat* st, int flags) { return fstatat_impl(dirfd, path, st, flags); }
int fstatat64(int dirfd, const char* path, struct stat64* st, int flags) {
  return fstatat_impl(dirfd, path, reinterpret_cast<struct stat*>(st), flags);
}

// Binaries built against glibc < 2.33 call these; x86-64 has a single stat layout, so `ver` carries nothing.
int __xstat(int, const char* path, struct stat* st) { return stat(path, st); }
int __xstat64(int, const char* path, struct stat64* st) { return stat64(path, st); }
int __lxstat(int, const char* path, struct stat* st) { return lstat(path, st); }
int __lxstat64(int, const char* path, struct stat64* st) { return lstat64(path, st); }
int __fxstat(int, int fd, struct stat* st) { return fstat(fd, st); }
int __fxstat64(int, int fd, struct stat64* st) { return fstat64(fd, st); }
int __fxstatat(int, int dirfd, const char* path, struct stat* st, int flags) {
  return fstatat(dirfd, path, st, flags);
}
int __fxstatat64(int, int dirfd, const char* path, struct stat64* st, int flags) {
  return fstatat64(dirfd, path, st, flags);
}

int statx(int dirfd, const char* path, int flags, unsigned int mask, struct statx* stx) {
  if (names_the_fd(path, flags) && !Passthrough::on()) {
    if (auto file = drm_file(dirfd)) {
      const FakeTree::Node* node = node_of(*file);
      if (node && SPORKLE_REAL(statx)(AT_FDCWD, node->placeholder.c_str(), flags & ~AT_EMPTY_PATH, mask, stx) == 0) {
        as_device_node(stx, *node);
        return 0;
      }
    }
  }
  FakeTree::Target t = resolve(dirfd, path);
  switch (t.kind) {
    case Kind::DeviceNode:
      if (SPORKLE_REAL(statx)(AT_FDCWD, t.node->placeholder.c_str(), flags, mask, stx) != 0) return -1;
      as_device_node(stx, *t.node);
      return 0;
    case Kind::Redirect:
      return SPORKLE_REAL(statx)(AT_FDCWD, t.real.c_str(), flags, mask, stx);
    default:
      return SPORKLE_REAL(statx)(dirfd, path, flags, mask, stx);
  }
}

int access(const char* path, int mode) { return faccessat_impl(AT_FDCWD, path, mode, 0); }
int faccessat(int dirfd, const char* path, int mode, int flags) { return faccessat_impl(dirfd, path, mode, flags); }

DIR* opendir(const char* path) {
  FakeTree::Target t = resolve(AT_FDCWD, path);
  if (t.kind == Kind::DeviceNode) {
    errno = ENOTDIR;
    return nullptr;
  }
  DIR* dir = SPORKLE_REAL(opendir)(t.kind == Kind::Redirect ? t.real.c_str() : path);
  if (dir && !Passthrough::on()) forget_stale(dirfd(dir));
  return dir;
}

ssize_t readlink(const char* path, char* buf, size_t len) { return readlinkat_impl(AT_FDCWD, path, buf, len); }
ssize_t readlinkat(int dirfd, const char* path, char* buf, size_t len) {
  return readlinkat_impl(dirfd, path, buf, len);
}

char* realpath(const char* path, char* resolved) { return realpath_impl(path, resolved); }
char* canonicalize_file_name(const char* path) { return realpath_impl(path, nullptr); }
char* __realpath_chk(const char* path, char* resolved, size_t resolved_len) {
  if (resolved_len < PATH_MAX) __chk_fail();
  return realpath_impl(path, resolved);
}

}  // extern "C"
