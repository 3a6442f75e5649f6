// sporkle-sim's subcommands.
#pragma once

#include <string>
#include <vector>

namespace sporkle::tools {

// The simulated devices requested on the command line (--gpu / --devices); empty: the shim's default.
struct DeviceChoice {
  std::string gpu;      // one personality
  std::string devices;  // comma separated list
};

// Personality names in the order they become card0, card1...; prints an error and returns false for unknown names.
bool resolve_devices(const DeviceChoice& choice, std::vector<std::string>* names);

int run_program(const DeviceChoice& choice, char** argv);  // does not return when the program starts
int print_info(const DeviceChoice& choice);

}  // namespace sporkle::tools
