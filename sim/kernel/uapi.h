// Linux 6.1 uapi values that Debian 12's libdrm headers (2.4.114) predate.
#pragma once

#include <amdgpu_drm.h>

#ifndef AMDGPU_GEM_CREATE_DISCARDABLE
#define AMDGPU_GEM_CREATE_DISCARDABLE (1 << 12)
#endif
#ifndef AMDGPU_VM_PAGE_NOALLOC
#define AMDGPU_VM_PAGE_NOALLOC (1 << 9)
#endif
