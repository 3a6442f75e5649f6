// What a Device shares with the objects made from it: they hold it, so the libdrm device outlives them.
#pragma once

#include "sporkle/device.h"

namespace sporkle::detail {

struct DeviceState {
  DrmApi* api = nullptr;
  int fd = -1;
  amdgpu_device_handle dev = nullptr;
  DeviceInfo info;

  DeviceState() = default;
  DeviceState(const DeviceState&) = delete;
  DeviceState& operator=(const DeviceState&) = delete;
  ~DeviceState();
};

}  // namespace sporkle::detail
