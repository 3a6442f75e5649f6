// Which errno values the Linux 6.1 amdgpu driver can return from each ioctl (shared/reference/kernel-uapi.md,
// checked against the kernel source). fuzz_ioctl fails on any other value: it means the simulator departs from
// the kernel, even when nothing crashed.
#pragma once

#include <cstdint>

namespace sporkle::fuzz {

// True when -ret (ret < 0) is an errno the kernel can return for request (any nr, valid or not) on a file of
// that node type. Dispatcher errors (ENOTTY, EINVAL for unknown numbers, EFAULT for the argument, EACCES for
// permissions) are included where the dispatcher can produce them.
bool errno_allowed(unsigned long request, int ret, bool render_node);

// The ioctl's name for messages, or "?".
const char* request_name(unsigned long request);

}  // namespace sporkle::fuzz
