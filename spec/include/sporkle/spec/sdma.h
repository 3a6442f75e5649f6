// SDMA packet facts for SDMA v4.0 (gfx900) and v5.2 (gfx1030): opcodes, sub-opcodes, packet lengths and field
// layouts. Packet lengths are implied by the opcode; only NOP (burst count) and WRITE_LINEAR (data count) vary.
// Sources: vega10_sdma_pkt_open.h, navi10_sdma_pkt_open.h (v5.x), sdma_v4_0.c / sdma_v5_2.c, Mesa sid.h copy
// limits; see /work/shared/reference/pm4-isa.md §3.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "sporkle/spec/registers.h"

namespace sporkle::spec::sdma {

enum Opcode : uint8_t {
  NOP = 0,
  COPY = 1,
  WRITE = 2,
  INDIRECT = 4,
  FENCE = 5,
  TRAP = 6,
  SEM = 7,
  POLL_REGMEM = 8,
  COND_EXE = 9,
  ATOMIC = 10,
  CONST_FILL = 11,
  PTEPDE = 12,
  TIMESTAMP = 13,
  SRBM_WRITE = 14,
  PRE_EXE = 15,
  GPUVM_INV = 16,  // v5; DUMMY_TRAP on v4
  GCR_REQ = 17,    // v5
};

namespace subop {
inline constexpr uint8_t COPY_LINEAR = 0;
inline constexpr uint8_t COPY_TILED = 1;
inline constexpr uint8_t COPY_SOA = 3;
inline constexpr uint8_t COPY_LINEAR_SUB_WIND = 4;
inline constexpr uint8_t COPY_TILED_SUB_WIND = 5;
inline constexpr uint8_t COPY_T2T_SUB_WIND = 6;
inline constexpr uint8_t WRITE_LINEAR = 0;
inline constexpr uint8_t WRITE_TILED = 1;
inline constexpr uint8_t POLL_REGMEM = 0;
inline constexpr uint8_t POLL_REG_WRITE_MEM = 1;
inline constexpr uint8_t POLL_DBIT_WRITE_MEM = 2;
inline constexpr uint8_t POLL_MEM_VERIFY = 3;
inline constexpr uint8_t TIMESTAMP_SET = 0;
inline constexpr uint8_t TIMESTAMP_GET = 1;
inline constexpr uint8_t TIMESTAMP_GET_GLOBAL = 2;
inline constexpr uint8_t PTEPDE_GEN = 0;
inline constexpr uint8_t PTEPDE_COPY = 1;
inline constexpr uint8_t PTEPDE_RMW = 2;
inline constexpr uint8_t PTEPDE_COPY_BACKWARDS = 3;
inline constexpr uint8_t DATA_FILL_MULTI = 1;
}  // namespace subop

// Which SDMA versions a fact applies to.
enum VersionMask : uint8_t { kV4 = 1, kV5 = 2, kAllVersions = kV4 | kV5 };
constexpr VersionMask version_bit(uint32_t major) { return major >= 5 ? kV5 : kV4; }

struct PacketInfo {
  uint8_t op;
  uint8_t sub_op;
  std::string_view name;
  uint8_t dwords;    // total packet length; for NOP and WRITE_* the fixed part before the payload
  uint8_t versions;  // VersionMask
};

// Every form the decoder names. The engine executes the linear, fill, fence, poll, atomic, timestamp and
// conditional forms; tiled and sub-window copies, semaphores and page-table packets are refused by name.
inline constexpr PacketInfo kPackets[] = {
    {NOP, 0, "NOP", 1, kAllVersions},
    {COPY, subop::COPY_LINEAR, "COPY_LINEAR", 7, kAllVersions},
    {COPY, subop::COPY_TILED, "COPY_TILED", 13, kAllVersions},
    {COPY, subop::COPY_SOA, "COPY_STRUCT", 8, kAllVersions},
    {COPY, subop::COPY_LINEAR_SUB_WIND, "COPY_LINEAR_SUB_WIND", 13, kAllVersions},
    {COPY, subop::COPY_TILED_SUB_WIND, "COPY_TILED_SUB_WIND", 14, kAllVersions},
    {COPY, subop::COPY_T2T_SUB_WIND, "COPY_T2T_SUB_WIND", 15, kAllVersions},
    {WRITE, subop::WRITE_LINEAR, "WRITE_LINEAR", 4, kAllVersions},
    {WRITE, subop::WRITE_TILED, "WRITE_TILED", 9, kAllVersions},
    {INDIRECT, 0, "INDIRECT_BUFFER", 6, kAllVersions},
    {FENCE, 0, "FENCE", 4, kAllVersions},
    {TRAP, 0, "TRAP", 2, kAllVersions},
    {SEM, 0, "SEM", 3, kAllVersions},
    {POLL_REGMEM, subop::POLL_REGMEM, "POLL_REGMEM", 6, kAllVersions},
    {POLL_REGMEM, subop::POLL_REG_WRITE_MEM, "POLL_REG_WRITE_MEM", 4, kAllVersions},
    {POLL_REGMEM, subop::POLL_DBIT_WRITE_MEM, "POLL_DBIT_WRITE_MEM", 5, kAllVersions},
    {POLL_REGMEM, subop::POLL_MEM_VERIFY, "POLL_MEM_VERIFY", 13, kAllVersions},
    {COND_EXE, 0, "COND_EXE", 5, kAllVersions},
    {ATOMIC, 0, "ATOMIC", 8, kAllVersions},
    {CONST_FILL, 0, "CONST_FILL", 5, kAllVersions},
    {CONST_FILL, subop::DATA_FILL_MULTI, "DATA_FILL_MULTI", 6, kAllVersions},
    {PTEPDE, subop::PTEPDE_GEN, "PTEPDE_GEN", 10, kAllVersions},
    {PTEPDE, subop::PTEPDE_COPY, "PTEPDE_COPY", 8, kAllVersions},
    {PTEPDE, subop::PTEPDE_RMW, "PTEPDE_RMW", 7, kAllVersions},
    {PTEPDE, subop::PTEPDE_COPY_BACKWARDS, "PTEPDE_COPY_BACKWARDS", 7, kAllVersions},
    {TIMESTAMP, subop::TIMESTAMP_SET, "TIMESTAMP_SET", 3, kAllVersions},
    {TIMESTAMP, subop::TIMESTAMP_GET, "TIMESTAMP_GET", 3, kAllVersions},
    {TIMESTAMP, subop::TIMESTAMP_GET_GLOBAL, "TIMESTAMP_GET_GLOBAL", 3, kAllVersions},
    {SRBM_WRITE, 0, "SRBM_WRITE", 3, kAllVersions},
    {PRE_EXE, 0, "PRE_EXE", 2, kAllVersions},
    {GPUVM_INV, 0, "DUMMY_TRAP", 2, kV4},
    {GPUVM_INV, 0, "GPUVM_INV", 4, kV5},
    {GCR_REQ, 0, "GCR_REQ", 5, kV5},
};

// The packet for op/sub_op on that SDMA major version, or null.
const PacketInfo* find_packet(uint8_t op, uint8_t sub_op, uint32_t version_major);

inline constexpr Field HEADER_OP{"OP", 0, 0, 8};
inline constexpr Field HEADER_SUB_OP{"SUB_OP", 0, 8, 8};
constexpr uint32_t header(uint8_t op, uint8_t sub_op = 0, uint32_t fields = 0) {
  return HEADER_OP.put(op) | HEADER_SUB_OP.put(sub_op) | fields;
}
constexpr uint8_t packet_op(uint32_t h) { return static_cast<uint8_t>(h & 0xFF); }
constexpr uint8_t packet_sub_op(uint32_t h) { return static_cast<uint8_t>((h >> 8) & 0xFF); }

namespace nop {
inline constexpr Field COUNT{"COUNT", 0, 16, 14};  // dwords following the header that belong to the NOP
inline constexpr Field kFields[] = {COUNT};
}

namespace copy_linear {
inline constexpr Field TMZ{"TMZ", 0, 18, 1};
inline constexpr Field BACKWARDS{"BACKWARDS", 0, 25, 1};  // v5
inline constexpr Field BROADCAST{"BROADCAST", 0, 27, 1};
inline constexpr Field COUNT_V4{"COUNT", 1, 0, 22};  // bytes - 1
inline constexpr Field COUNT_V5_2{"COUNT", 1, 0, 30};  // Mesa: SDMA 5.2 copies up to 0x3FFFFF00 bytes at once
inline constexpr Field DST_SW{"DST_SW", 2, 16, 2};
inline constexpr Field SRC_SW{"SRC_SW", 2, 24, 2};
inline constexpr Field SRC_ADDR_LO{"SRC_ADDR_LO", 3, 0, 32};
inline constexpr Field SRC_ADDR_HI{"SRC_ADDR_HI", 4, 0, 32};
inline constexpr Field DST_ADDR_LO{"DST_ADDR_LO", 5, 0, 32};
inline constexpr Field DST_ADDR_HI{"DST_ADDR_HI", 6, 0, 32};
constexpr const Field& count(uint32_t version_major) { return version_major >= 5 ? COUNT_V5_2 : COUNT_V4; }
inline constexpr Field kFieldsV4[] = {TMZ, BROADCAST, COUNT_V4, DST_SW, SRC_SW, SRC_ADDR_LO, SRC_ADDR_HI,
                                      DST_ADDR_LO, DST_ADDR_HI};
inline constexpr Field kFieldsV5[] = {TMZ, BACKWARDS, BROADCAST, COUNT_V5_2, DST_SW, SRC_SW, SRC_ADDR_LO,
                                      SRC_ADDR_HI, DST_ADDR_LO, DST_ADDR_HI};
}  // namespace copy_linear

namespace write_linear {
inline constexpr Field TMZ{"TMZ", 0, 18, 1};
inline constexpr Field DST_ADDR_LO{"DST_ADDR_LO", 1, 0, 32};
inline constexpr Field DST_ADDR_HI{"DST_ADDR_HI", 2, 0, 32};
inline constexpr Field COUNT{"COUNT", 3, 0, 20};  // data dwords - 1
inline constexpr Field SW{"SW", 3, 24, 2};
inline constexpr uint32_t kFirstData = 4;
inline constexpr Field kFields[] = {TMZ, DST_ADDR_LO, DST_ADDR_HI, COUNT, SW};
}  // namespace write_linear

namespace indirect {
inline constexpr Field VMID{"VMID", 0, 16, 4};
inline constexpr Field PRIV{"PRIV", 0, 31, 1};
inline constexpr Field IB_BASE_LO{"IB_BASE_LO", 1, 0, 32};  // 32-byte aligned
inline constexpr Field IB_BASE_HI{"IB_BASE_HI", 2, 0, 32};
inline constexpr Field IB_SIZE{"IB_SIZE", 3, 0, 20};  // dwords
inline constexpr Field CSA_ADDR_LO{"CSA_ADDR_LO", 4, 0, 32};
inline constexpr Field CSA_ADDR_HI{"CSA_ADDR_HI", 5, 0, 32};
inline constexpr uint64_t kBaseAlignment = 32;
inline constexpr Field kFields[] = {VMID, PRIV, IB_BASE_LO, IB_BASE_HI, IB_SIZE, CSA_ADDR_LO, CSA_ADDR_HI};
}  // namespace indirect

namespace fence {
inline constexpr Field MTYPE{"MTYPE", 0, 16, 3};
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field DATA{"DATA", 3, 0, 32};
inline constexpr Field kFields[] = {MTYPE, ADDR_LO, ADDR_HI, DATA};
}  // namespace fence

namespace trap {
inline constexpr Field INT_CONTEXT{"INT_CONTEXT", 1, 0, 28};
inline constexpr Field kFields[] = {INT_CONTEXT};
}

// FUNC uses the compare functions of PM4 WAIT_REG_MEM (spec::pm4::CompareFunction).
namespace poll_regmem {
inline constexpr Field HDP_FLUSH{"HDP_FLUSH", 0, 26, 1};
inline constexpr Field FUNC{"FUNC", 0, 28, 3};
inline constexpr Field MEM_POLL{"MEM_POLL", 0, 31, 1};  // 1 memory, 0 register (then ADDR_LO = reg << 2)
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field VALUE{"VALUE", 3, 0, 32};
inline constexpr Field MASK{"MASK", 4, 0, 32};
inline constexpr Field INTERVAL{"INTERVAL", 5, 0, 16};  // GPU clock ticks between reads (see pm4 POLL_INTERVAL)
inline constexpr Field RETRY_COUNT{"RETRY_COUNT", 5, 16, 12};
inline constexpr uint32_t kRetryForever = 0xFFF;
inline constexpr Field kFields[] = {HDP_FLUSH, FUNC, MEM_POLL, ADDR_LO, ADDR_HI, VALUE, MASK, INTERVAL, RETRY_COUNT};
}  // namespace poll_regmem

namespace const_fill {
inline constexpr Field SW{"SW", 0, 16, 2};
inline constexpr Field FILLSIZE{"FILLSIZE", 0, 30, 2};  // 0 byte, 2 dword
inline constexpr Field DST_ADDR_LO{"DST_ADDR_LO", 1, 0, 32};
inline constexpr Field DST_ADDR_HI{"DST_ADDR_HI", 2, 0, 32};
inline constexpr Field DATA{"DATA", 3, 0, 32};
inline constexpr Field COUNT{"COUNT", 4, 0, 22};  // bytes - 1
enum FillSize : uint8_t { kByte = 0, kWord = 1, kDword = 2 };
inline constexpr Field kFields[] = {SW, FILLSIZE, DST_ADDR_LO, DST_ADDR_HI, DATA, COUNT};
}  // namespace const_fill

namespace timestamp {
inline constexpr Field ADDR_LO{"WRITE_ADDR_LO", 1, 3, 29};  // 8-byte aligned
inline constexpr Field ADDR_HI{"WRITE_ADDR_HI", 2, 0, 32};
inline constexpr Field INIT_DATA_LO{"INIT_DATA_LO", 1, 0, 32};  // TIMESTAMP_SET
inline constexpr Field INIT_DATA_HI{"INIT_DATA_HI", 2, 0, 32};
inline constexpr Field kFieldsSet[] = {INIT_DATA_LO, INIT_DATA_HI};
inline constexpr Field kFieldsGet[] = {ADDR_LO, ADDR_HI};
}  // namespace timestamp

namespace atomic {
inline constexpr Field LOOP{"LOOP", 0, 16, 1};
inline constexpr Field TMZ{"TMZ", 0, 18, 1};
inline constexpr Field ATOMIC_OP{"ATOMIC_OP", 0, 25, 7};  // TC_OP code (spec::pm4::tc_op)
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field SRC_DATA_LO{"SRC_DATA_LO", 3, 0, 32};
inline constexpr Field SRC_DATA_HI{"SRC_DATA_HI", 4, 0, 32};
inline constexpr Field CMP_DATA_LO{"CMP_DATA_LO", 5, 0, 32};
inline constexpr Field CMP_DATA_HI{"CMP_DATA_HI", 6, 0, 32};
inline constexpr Field LOOP_INTERVAL{"LOOP_INTERVAL", 7, 0, 13};
inline constexpr Field kFields[] = {LOOP, TMZ, ATOMIC_OP, ADDR_LO, ADDR_HI, SRC_DATA_LO, SRC_DATA_HI,
                                    CMP_DATA_LO, CMP_DATA_HI, LOOP_INTERVAL};
}  // namespace atomic

// COND_EXE: the next EXEC_COUNT dwords run only if the dword at ADDR equals REFERENCE.
namespace cond_exe {
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field REFERENCE{"REFERENCE", 3, 0, 32};
inline constexpr Field EXEC_COUNT{"EXEC_COUNT", 4, 0, 14};
inline constexpr Field kFields[] = {ADDR_LO, ADDR_HI, REFERENCE, EXEC_COUNT};
}  // namespace cond_exe

// PRE_EXE: the next EXEC_COUNT dwords run only on the devices in DEV_SEL.
namespace pre_exe {
inline constexpr Field DEV_SEL{"DEV_SEL", 0, 16, 8};
inline constexpr Field EXEC_COUNT{"EXEC_COUNT", 1, 0, 14};
inline constexpr uint32_t kThisDevice = 1;
inline constexpr Field kFields[] = {DEV_SEL, EXEC_COUNT};
}  // namespace pre_exe

// SRBM_WRITE: a register write, which only the kernel's own ring packets may do.
namespace srbm_write {
inline constexpr Field BYTE_EN{"BYTE_EN", 0, 28, 4};
inline constexpr Field ADDR{"ADDR", 1, 0, 18};
inline constexpr Field DATA{"DATA", 2, 0, 32};
inline constexpr Field kFields[] = {BYTE_EN, ADDR, DATA};
}  // namespace srbm_write

namespace sem {
inline constexpr Field WRITE_ONE{"WRITE_ONE", 0, 29, 1};
inline constexpr Field SIGNAL{"SIGNAL", 0, 30, 1};
inline constexpr Field MAILBOX{"MAILBOX", 0, 31, 1};
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field kFields[] = {WRITE_ONE, SIGNAL, MAILBOX, ADDR_LO, ADDR_HI};
}  // namespace sem

namespace ptepde_gen {  // WRITE_INCR in the register headers
inline constexpr Field DST_ADDR_LO{"DST_ADDR_LO", 1, 0, 32};
inline constexpr Field DST_ADDR_HI{"DST_ADDR_HI", 2, 0, 32};
inline constexpr Field MASK_DW0{"MASK_DW0", 3, 0, 32};
inline constexpr Field MASK_DW1{"MASK_DW1", 4, 0, 32};
inline constexpr Field INIT_DW0{"INIT_DW0", 5, 0, 32};
inline constexpr Field INIT_DW1{"INIT_DW1", 6, 0, 32};
inline constexpr Field INCR_DW0{"INCR_DW0", 7, 0, 32};
inline constexpr Field INCR_DW1{"INCR_DW1", 8, 0, 32};
inline constexpr Field COUNT{"COUNT", 9, 0, 19};
inline constexpr Field kFields[] = {DST_ADDR_LO, DST_ADDR_HI, MASK_DW0, MASK_DW1, INIT_DW0, INIT_DW1, INCR_DW0,
                                    INCR_DW1, COUNT};
}  // namespace ptepde_gen

namespace gcr_req {  // v5
inline constexpr Field BASE_VA_LO{"BASE_VA_31_7", 1, 7, 25};
inline constexpr Field BASE_VA_HI{"BASE_VA_47_32", 2, 0, 16};
inline constexpr Field GCR_CONTROL_LO{"GCR_CONTROL_15_0", 2, 16, 16};
inline constexpr Field GCR_CONTROL_HI{"GCR_CONTROL_18_16", 3, 0, 3};
inline constexpr Field LIMIT_VA_LO{"LIMIT_VA_31_7", 3, 7, 25};
inline constexpr Field LIMIT_VA_HI{"LIMIT_VA_47_32", 4, 0, 16};
inline constexpr Field VMID{"VMID", 4, 24, 4};
inline constexpr Field kFields[] = {BASE_VA_LO, BASE_VA_HI, GCR_CONTROL_LO, GCR_CONTROL_HI, LIMIT_VA_LO,
                                    LIMIT_VA_HI, VMID};
}  // namespace gcr_req

// Field layout of a packet for a decoder; empty for forms only named here.
std::span<const Field> packet_fields(uint8_t op, uint8_t sub_op, uint32_t version_major);

}  // namespace sporkle::spec::sdma
