// `sporkle-sim run`: exec the program with the shim preloaded and the device choice in the environment.
#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tools/sporkle-sim/commands.h"

namespace sporkle::tools {
namespace {

constexpr const char* kShimName = "libsporkle_shim.so";

bool exists(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

std::string self_dir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string path(buf, n);
  return path.substr(0, path.rfind('/'));
}

// $SPORKLE_SHIM, then next to the tool, then an install's lib directory, then the build tree it came from.
std::string find_shim() {
  if (const char* env = std::getenv("SPORKLE_SHIM"); env && *env) return env;
  const std::string dir = self_dir();
  for (const std::string& candidate : {dir + "/" + kShimName, dir + "/../lib/" + kShimName})
    if (exists(candidate)) return candidate;
  if (exists(SPORKLE_SHIM_BUILD_PATH)) return SPORKLE_SHIM_BUILD_PATH;
  return {};
}

// A shim built with AddressSanitizer needs the sanitizer runtime loaded before it, and uninstrumented programs do
// not load it themselves: preload the runtime this tool was linked with.
std::string sanitizer_runtime() {
#if defined(__SANITIZE_ADDRESS__)
  std::string found;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        if (info->dlpi_name && std::strstr(info->dlpi_name, "libasan.so")) {
          *static_cast<std::string*>(out) = info->dlpi_name;
          return 1;
        }
        return 0;
      },
      &found);
  return found;
#else
  return {};
#endif
}

}  // namespace

int run_program(const DeviceChoice& choice, char** argv) {
  std::vector<std::string> names;
  if (!resolve_devices(choice, &names)) return 2;
  const std::string shim = find_shim();
  if (shim.empty()) {
    std::fprintf(stderr, "sporkle-sim: cannot find %s (set SPORKLE_SHIM to its path)\n", kShimName);
    return 2;
  }
  std::string preload = shim;
  if (std::string runtime = sanitizer_runtime(); !runtime.empty()) {
    preload = runtime + ":" + preload;
    // The program was not built for leak checking; its own leaks are not this run's subject.
    setenv("ASAN_OPTIONS", "detect_leaks=0", 0);
  }
  if (const char* old = std::getenv("LD_PRELOAD"); old && *old) preload += std::string(":") + old;

  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ",") + name;
  if (setenv("LD_PRELOAD", preload.c_str(), 1) != 0 || setenv("SPORKLE_BACKEND", "sim", 1) != 0 ||
      setenv("SPORKLE_DEVICES", list.c_str(), 1) != 0 || unsetenv("SPORKLE_GPU") != 0) {
    std::perror("sporkle-sim: setenv");
    return 2;
  }
  execvp(argv[0], argv);
  int err = errno;
  std::fprintf(stderr, "sporkle-sim: cannot run %s: %s\n", argv[0], std::strerror(err));
  return err == ENOENT ? 127 : 126;
}

}  // namespace sporkle::tools
