// The encoding of fuzz_ioctl's inputs, shared with the corpus generator. An input is a program: byte 0 picks
// the personality (bit 0: gfx1030), then a sequence of calls. Each call is an opcode byte followed by its
// arguments, one byte each unless noted (a missing byte reads as 0, so every byte string is a program):
//   opcode bit 7: run the call on the primary-node file (if open), else on the render-node file;
//   opcode bit 6: pass an unreadable argument pointer (the call must then fail with EFAULT);
//   opcode bits 0-5: the Op below.
// Handles and fds are chosen by an index byte into the objects made so far in that file (pick() in
// fuzz_ioctl.cpp); index values from 0xF0 up stand for invalid ones (0, stale, out of range). Sizes, timeouts
// and pointers are small class bytes described at each Op.
#pragma once

#include <cstdint>

namespace sporkle::fuzz::ioctl_program {

enum Op : uint8_t {
  kGemCreate,        // size class, domains, flags lo, flags hi, alignment class
  kGemMmap,          // handle
  kGemVa,            // operation, handle, va slot, offset class, size class, flags
  kGemOp,            // handle, op, value, pointer class
  kGemMetadata,      // handle, op, size, tiling byte
  kGemWaitIdle,      // handle, timeout class
  kGemUserptr,       // address class, size class, flags
  kGemClose,         // handle
  kCtx,              // op, ctx, priority class, flags
  kBoList,           // op, list, count, entry size class, pointer class, count x handle
  kCs,               // ctx, bo list, chunk count, per chunk: kind and its bytes (below), pointer class;
                     // only the first kMaxSubmissions (fuzz_ioctl.cpp) of a program are submitted
  kWaitCs,           // fence, timeout class
  kWaitFences,       // count, wait_all, timeout class, pointer class, count x fence
  kFenceToHandle,    // fence, what
  kInfo,             // query index, size class, pointer class, arg0, arg1
  kVm,               // op, flags
  kSched,            // op, fd, priority class, ctx
  kSyncobjCreate,    // flags
  kSyncobjDestroy,   // syncobj, pad
  kSyncobjHandleToFd,  // syncobj, flags
  kSyncobjFdToHandle,  // fd, flags, syncobj
  kSyncobjTransfer,  // src, dst, src point, dst point, flags
  kSyncobjWait,      // timeline, count, flags, timeout class, pointer class, count x (syncobj, point)
  kSyncobjArray,     // which (reset, signal, timeline signal, query), count, flags, count x (syncobj, point)
  kPrimeHandleToFd,  // handle, flags
  kPrimeFdToHandle,  // fd
  kWriteBo,          // handle, offset (16 bits), length, then length bytes: written through the BO's mmap
  kCloseFd,          // fd
  kOpenPrimary,      // opens the privileged primary-node file (the device's DRM master), if not open
  kCloseFile,        // which (0 render, 1 primary): closes it; the next call on it reopens a fresh one
  kRawIoctl,         // 4 bytes request word (little endian), argument class (null, unreadable, zeroed buffer)
  kVersionCap,       // which (version, get_cap), capability or string length
  kFlink,            // which (flink, open), handle or name
  kOpCount
};

inline constexpr uint8_t kOnPrimary = 0x80;
inline constexpr uint8_t kBadArg = 0x40;
inline constexpr uint8_t kOpMask = 0x3F;

// CS chunk kinds (one byte before each chunk's own bytes):
//   0 IB:        ip type, ring, va slot, offset (dwords, 1 byte), size (dwords, 2 bytes), flags
//   1 FENCE:     handle, offset class
//   2 DEPENDENCIES / 3 SCHEDULED_DEPENDENCIES: fence
//   4 SYNCOBJ_IN / 5 SYNCOBJ_OUT: syncobj
//   6 TIMELINE_WAIT / 7 TIMELINE_SIGNAL: syncobj, point, flags
//   8 BO_HANDLES: count, count x handle
//   9 raw: chunk id, length in dwords (data from a zeroed buffer)
inline constexpr uint8_t kChunkKinds = 10;

// Handle index bytes at or above this stand for invalid handles.
inline constexpr uint8_t kInvalidIndex = 0xF0;

}  // namespace sporkle::fuzz::ioctl_program
