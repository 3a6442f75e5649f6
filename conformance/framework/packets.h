// The few PM4 and SDMA packets the suite submits, encoded here from the public packet documentation
// (pm4-isa.md sections 1 and 3) rather than through spec/: a conformance suite that shared the simulator's
// packet tables could not catch a mistake in them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sporkle::conformance {

inline constexpr uint32_t kPm4Nop = 0xFFFF1000;  // PACKET3(NOP, 0x3FFF): header-only, one dword
inline constexpr uint32_t kSdmaNop = 0x00000000;

inline constexpr uint32_t pm4_type3(uint32_t opcode, uint32_t body_dwords) {
  return 0xC0000000u | ((body_dwords - 1) << 16) | (opcode << 8);
}

// WRITE_DATA (0x37) to memory: DST_SEL 5 (memory), WR_CONFIRM, engine ME.
inline std::vector<uint32_t> pm4_write_data(uint64_t va, std::span<const uint32_t> data) {
  std::vector<uint32_t> p{pm4_type3(0x37, 3 + static_cast<uint32_t>(data.size())), (5u << 8) | (1u << 20),
                          static_cast<uint32_t>(va), static_cast<uint32_t>(va >> 32)};
  p.insert(p.end(), data.begin(), data.end());
  return p;
}

// WAIT_REG_MEM (0x3C) on memory: wait until (*va & mask) == ref.
inline std::vector<uint32_t> pm4_wait_mem_eq(uint64_t va, uint32_t ref, uint32_t mask = 0xFFFFFFFF) {
  return {pm4_type3(0x3C, 6), 3u | (1u << 4), static_cast<uint32_t>(va), static_cast<uint32_t>(va >> 32),
          ref, mask, 4};
}

// SDMA WRITE_LINEAR (op 2, sub-op 0): COUNT = dwords - 1.
inline std::vector<uint32_t> sdma_write_linear(uint64_t va, std::span<const uint32_t> data) {
  std::vector<uint32_t> p{2u, static_cast<uint32_t>(va), static_cast<uint32_t>(va >> 32),
                          static_cast<uint32_t>(data.size()) - 1};
  p.insert(p.end(), data.begin(), data.end());
  return p;
}

// SDMA POLL_REGMEM (op 8) on memory, function "==", retry forever.
inline std::vector<uint32_t> sdma_wait_mem_eq(uint64_t va, uint32_t ref, uint32_t mask = 0xFFFFFFFF) {
  return {8u | (3u << 28) | (1u << 31), static_cast<uint32_t>(va), static_cast<uint32_t>(va >> 32), ref, mask,
          (0xFFFu << 16) | 10u};
}

}  // namespace sporkle::conformance
