// The whole driver API in one include.
#pragma once

#include "sporkle/buffer.h"
#include "sporkle/compute_device.h"
#include "sporkle/context.h"
#include "sporkle/device.h"
#include "sporkle/error.h"
#include "sporkle/fence.h"
#include "sporkle/pm4_stream.h"
#include "sporkle/queue.h"
#include "sporkle/sdma_stream.h"
#include "sporkle/syncobj.h"
