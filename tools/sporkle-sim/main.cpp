// sporkle-sim: run unmodified DRM/amdgpu programs against simulated GPUs, and describe those GPUs.
#include <cstdio>
#include <cstring>
#include <string>

#include "tools/sporkle-sim/commands.h"

namespace {

const char kUsage[] =
    "usage: sporkle-sim run [--gpu NAME | --devices LIST] -- PROGRAM [ARGS...]\n"
    "       sporkle-sim info [--gpu NAME | --devices LIST]\n"
    "       sporkle-sim --help\n"
    "\n"
    "run    runs PROGRAM with the sporkle shim preloaded: /dev/dri and the matching /sys entries show the\n"
    "       simulated devices, and their ioctls and mmaps go to the simulator. The exit status is PROGRAM's.\n"
    "info   lists the simulated devices: board, gfx target, PCI identity, nodes, compute units, memory, rings.\n"
    "\n"
    "--gpu NAME      one simulated device (a gfx target such as gfx900 or gfx1030, or a chip name)\n"
    "--devices LIST  several, comma separated; the first becomes card0/renderD128, the next card1/renderD129...\n"
    "Without either, one gfx900. Knobs of the simulator itself are SPORKLE_* environment variables.\n";

int usage_error(const char* fmt, const char* arg) {
  std::fprintf(stderr, "sporkle-sim: ");
  std::fprintf(stderr, fmt, arg);
  std::fprintf(stderr, "\n\n%s", kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("%s", "no command given");
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command != "run" && command != "info") return usage_error("unknown command '%s'", argv[1]);

  sporkle::tools::DeviceChoice choice;
  int i = 2;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--gpu" || arg == "--devices") {
      if (i + 1 >= argc) return usage_error("%s needs a value", argv[i]);
      (arg == "--gpu" ? choice.gpu : choice.devices) = argv[++i];
      continue;
    }
    if (command == "run" && arg[0] != '-') break;  // the program, without "--"
    return usage_error("unknown option '%s'", argv[i]);
  }
  if (!choice.gpu.empty() && !choice.devices.empty()) return usage_error("%s", "--gpu and --devices exclude each other");

  if (command == "info") {
    if (i < argc) return usage_error("info takes no program ('%s')", argv[i]);
    return sporkle::tools::print_info(choice);
  }
  if (i >= argc) return usage_error("%s", "run needs a program");
  return sporkle::tools::run_program(choice, argv + i);
}
