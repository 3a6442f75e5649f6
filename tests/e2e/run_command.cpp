#include "tests/e2e/run_command.h"

#include <link.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstring>

namespace sporkle::e2e {

CommandResult run_command(const std::string& command_line) {
  CommandResult result;
  FILE* pipe = popen((command_line + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) result.output.append(buf, n);
  int status = pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string shim_preload_env(const std::string& shim) {
  std::string runtime;
#if defined(__SANITIZE_ADDRESS__)
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        if (info->dlpi_name && std::strstr(info->dlpi_name, "libasan.so")) {
          *static_cast<std::string*>(out) = info->dlpi_name;
          return 1;
        }
        return 0;
      },
      &runtime);
#endif
  if (runtime.empty()) return "LD_PRELOAD=" + shim;
  return "LD_PRELOAD=" + runtime + ":" + shim + " ASAN_OPTIONS=detect_leaks=0";
}

}  // namespace sporkle::e2e
