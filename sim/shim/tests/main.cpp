// The shim's unit tests run against two simulated boards, with unprivileged openers (the tests run as root on CI,
// and CAP_SYS_ADMIN would authenticate every DRM file).
#include <gtest/gtest.h>

#include "sim/shim/control.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  sporkle::sim::shim::Options options;
  options.backend = sporkle::sim::shim::Backend::Sim;
  options.gpus = {"gfx900", "gfx1030"};
  options.privileged = false;
  if (!sporkle::sim::shim::configure(options) || !sporkle::sim::shim::active()) return 1;
  return RUN_ALL_TESTS();
}
