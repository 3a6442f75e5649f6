// The GPU address space the engine targets run every input in, shared with the corpus generator (which points
// packets at these buffers) and the dictionaries. Everything lies below 4 GiB so a packet's ADDR_HI is zero and
// ADDR_LO alone picks the buffer. Neighbouring ranges differ in permission, so a copy or an IB that runs past
// one buffer's end reaches memory it may not touch, or no memory at all: an IB running out of the IB buffer
// faults on the write-only page, one running out of the data buffer reads on through the read-only page.
#pragma once

#include <cstdint>

namespace sporkle::fuzz {

inline constexpr uint64_t kIbVa = 0x00400000;         // the stream under test; readable, writeable
inline constexpr uint64_t kIbBytes = 0x4000;
inline constexpr uint64_t kWriteOnlyVa = 0x00404000;  // writeable only
inline constexpr uint64_t kWriteOnlyBytes = 0x1000;
inline constexpr uint64_t kDataVa = 0x00405000;       // scratch buffer; readable, writeable
inline constexpr uint64_t kDataBytes = 0x4000;
inline constexpr uint64_t kReadOnlyVa = 0x00409000;   // readable only
inline constexpr uint64_t kReadOnlyBytes = 0x1000;
inline constexpr uint64_t kHoleVa = 0x0040A000;       // unmapped
inline constexpr uint64_t kPrtVa = 0x0040C000;        // PRT: reads return zero, writes are dropped
inline constexpr uint64_t kPrtBytes = 0x2000;

// Work units one input may spend (packets, poll iterations, shader instructions). libFuzzer's inputs stay within
// 4 KiB (its default -max_len), at most 1024 dwords, so this runs any stream without a loop or a wait to its
// end; a stream that never ends (a chain back to itself, a wait nothing satisfies, a shader loop) stops here,
// and each unit it spends costs as much as a short input.
inline constexpr uint64_t kEngineBudget = 1024;

// First byte of an engine input: which personality and ring run the rest.
namespace config {
inline constexpr uint8_t kGfx1030 = 1u << 0;       // else gfx900
inline constexpr uint8_t kCompute = 1u << 1;       // PM4: compute queue, else GFX
inline constexpr uint8_t kConstantEngine = 1u << 2;  // PM4 on the GFX queue: run as a CE IB
}  // namespace config

}  // namespace sporkle::fuzz
