// Runs a shell command line and collects what it printed (stdout and stderr) and how it ended.
#pragma once

#include <string>

namespace sporkle::e2e {

struct CommandResult {
  int exit_status = -1;  // the exit code, or 128 + signal
  std::string output;
};

CommandResult run_command(const std::string& command_line);

// Environment assignments (for `env`) that preload the shim into an uninstrumented program, with the
// AddressSanitizer runtime ahead of it when this build is sanitized.
std::string shim_preload_env(const std::string& shim);

}  // namespace sporkle::e2e
