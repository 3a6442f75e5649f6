// PM4 packet facts for gfx9 and gfx10.3: headers, opcodes and body lengths, and the field layouts of the packets
// the simulator executes. Shared by the command processor, the driver's packet builders and the decoder.
// Sources: soc15d.h (gfx9), nvd.h (gfx10), Mesa sid.h, umr's PM4 decoder; see /work/shared/reference/pm4-isa.md §1.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "sporkle/spec/personality.h"
#include "sporkle/spec/registers.h"

namespace sporkle::spec::pm4 {

// --- Headers ---------------------------------------------------------------------------------------------------

enum PacketType : uint8_t { kType0 = 0, kType1 = 1, kType2 = 2, kType3 = 3 };
enum class ShaderType : uint8_t { Graphics = 0, Compute = 1 };

inline constexpr Field HEADER_TYPE{"TYPE", 0, 30, 2};
inline constexpr Field HEADER_COUNT{"COUNT", 0, 16, 14};  // body dwords - 1 (type 3); registers - 1 (type 0)
inline constexpr Field HEADER_OPCODE{"IT_OPCODE", 0, 8, 8};
inline constexpr Field HEADER_SHADER_TYPE{"SHADER_TYPE", 0, 1, 1};
inline constexpr Field HEADER_PREDICATE{"PREDICATE", 0, 0, 1};
inline constexpr Field TYPE0_BASE_INDEX{"BASE_INDEX", 0, 0, 16};

inline constexpr uint32_t kType2Filler = 0x80000000;
// NOP with COUNT 0x3FFF is a one-dword packet (amdgpu's ring filler, IGT's and Mesa's IB padding).
inline constexpr uint32_t kHeaderOnlyNopCount = 0x3FFF;
inline constexpr uint32_t kNopPad = 0xFFFF1000;

constexpr uint32_t packet_type(uint32_t h) { return h >> 30; }
constexpr uint32_t packet_count(uint32_t h) { return HEADER_COUNT.get(h); }
constexpr uint8_t packet_opcode(uint32_t h) { return static_cast<uint8_t>(HEADER_OPCODE.get(h)); }
constexpr uint32_t type3_header(uint8_t opcode, uint32_t count, ShaderType shader = ShaderType::Graphics,
                                bool predicate = false) {
  return (3u << 30) | HEADER_COUNT.put(count) | HEADER_OPCODE.put(opcode) |
         HEADER_SHADER_TYPE.put(static_cast<uint32_t>(shader)) | HEADER_PREDICATE.put(predicate);
}
// Header for a packet with body_dwords dwords after the header.
constexpr uint32_t packet3(uint8_t opcode, uint32_t body_dwords, ShaderType shader = ShaderType::Graphics) {
  return type3_header(opcode, body_dwords - 1, shader);
}

// --- Opcodes ---------------------------------------------------------------------------------------------------

enum Opcode : uint8_t {
  NOP = 0x10,
  SET_BASE = 0x11,
  CLEAR_STATE = 0x12,
  INDEX_BUFFER_SIZE = 0x13,
  DISPATCH_DIRECT = 0x15,
  DISPATCH_INDIRECT = 0x16,
  INDIRECT_BUFFER_END = 0x17,
  ATOMIC_GDS = 0x1D,
  ATOMIC_MEM = 0x1E,
  OCCLUSION_QUERY = 0x1F,
  SET_PREDICATION = 0x20,
  REG_RMW = 0x21,
  COND_EXEC = 0x22,
  PRED_EXEC = 0x23,
  DRAW_INDIRECT = 0x24,
  DRAW_INDEX_INDIRECT = 0x25,
  INDEX_BASE = 0x26,
  DRAW_INDEX_2 = 0x27,
  CONTEXT_CONTROL = 0x28,
  INDEX_TYPE = 0x2A,
  DRAW_INDIRECT_MULTI = 0x2C,
  DRAW_INDEX_AUTO = 0x2D,
  NUM_INSTANCES = 0x2F,
  DRAW_INDEX_MULTI_AUTO = 0x30,
  INDIRECT_BUFFER_CONST = 0x33,
  STRMOUT_BUFFER_UPDATE = 0x34,
  DRAW_INDEX_OFFSET_2 = 0x35,
  DRAW_PREAMBLE = 0x36,
  WRITE_DATA = 0x37,
  DRAW_INDEX_INDIRECT_MULTI = 0x38,
  MEM_SEMAPHORE = 0x39,
  COPY_DW = 0x3B,
  WAIT_REG_MEM = 0x3C,
  INDIRECT_BUFFER = 0x3F,
  COPY_DATA = 0x40,
  PFP_SYNC_ME = 0x42,
  COND_WRITE = 0x45,
  EVENT_WRITE = 0x46,
  EVENT_WRITE_EOP = 0x47,
  EVENT_WRITE_EOS = 0x48,
  RELEASE_MEM = 0x49,
  PREAMBLE_CNTL = 0x4A,
  DMA_DATA = 0x50,
  CONTEXT_REG_RMW = 0x51,
  ACQUIRE_MEM = 0x58,
  REWIND = 0x59,
  LOAD_UCONFIG_REG = 0x5E,
  LOAD_SH_REG = 0x5F,
  LOAD_CONFIG_REG = 0x60,
  LOAD_CONTEXT_REG = 0x61,
  LOAD_SH_REG_INDEX = 0x63,
  SET_CONFIG_REG = 0x68,
  SET_CONTEXT_REG = 0x69,
  SET_CONTEXT_REG_INDIRECT = 0x73,
  SET_SH_REG = 0x76,
  SET_SH_REG_OFFSET = 0x77,
  SET_QUEUE_REG = 0x78,
  SET_UCONFIG_REG = 0x79,
  SET_UCONFIG_REG_INDEX = 0x7A,
  SCRATCH_RAM_WRITE = 0x7D,
  SCRATCH_RAM_READ = 0x7E,
  LOAD_CONST_RAM = 0x80,
  WRITE_CONST_RAM = 0x81,
  DUMP_CONST_RAM = 0x83,
  INCREMENT_CE_COUNTER = 0x84,
  INCREMENT_DE_COUNTER = 0x85,
  WAIT_ON_CE_COUNTER = 0x86,
  WAIT_ON_DE_COUNTER_DIFF = 0x88,
  SWITCH_BUFFER = 0x8B,
  FRAME_CONTROL = 0x90,
  WAIT_REG_MEM64 = 0x93,
  HDP_FLUSH = 0x95,
  INVALIDATE_TLBS = 0x98,
  DMA_DATA_FILL_MULTI = 0x9A,
  SET_SH_REG_INDEX = 0x9B,
  LOAD_CONTEXT_REG_INDEX = 0x9F,
  SET_RESOURCES = 0xA0,
  MAP_PROCESS = 0xA1,
  MAP_QUEUES = 0xA2,
  UNMAP_QUEUES = 0xA3,
  QUERY_STATUS = 0xA4,
  RUN_LIST = 0xA5,
};

// What part of the CP a packet belongs to, beyond which queues accept it.
enum class Role : uint8_t {
  Drawing,          // DE packet of the graphics pipeline (draws, index and streamout state)
  Compute,          // DE packet that the compute/copy model executes
  ConstantEngine,   // CE only: runs in constant IBs (INDIRECT_BUFFER_CONST targets), not in DE IBs
  BothEngines,      // accepted by the DE and the CE
  QueueManagement,  // KIQ/HIQ packets the kernel sends; a user IB runs without the privilege they need
};

struct PacketInfo {
  uint8_t opcode;
  std::string_view name;
  uint8_t queues;           // QueueMask: which CP queues accept it
  uint8_t gens;             // GenMask: 0 = an older generation's packet, illegal on gfx9 and gfx10.3
  uint16_t min_body_gfx9;   // body = COUNT+1 dwords; fixed-length packets may carry extra (ignored) dwords
  uint16_t min_body_gfx10_3;
  bool payload;             // the body carries a variable payload after the fixed part
  Role role = Role::Compute;

  constexpr uint16_t min_body(GfxLevel level) const {
    return level == GfxLevel::Gfx9 ? min_body_gfx9 : min_body_gfx10_3;
  }
  constexpr bool valid_on(GfxLevel level) const { return gens & gen_bit(level); }
};

// Sorted by opcode. DISPATCH_INDIRECT's body is 2 dwords on the GFX queue and 3 on compute (MEC) queues.
inline constexpr PacketInfo kPackets[] = {
    {NOP, "NOP", kBothQueues, kAllGens, 1, 1, true, Role::BothEngines},
    {SET_BASE, "SET_BASE", kGfxQueue, kAllGens, 3, 3, false, Role::BothEngines},
    {CLEAR_STATE, "CLEAR_STATE", kGfxQueue, kAllGens, 1, 1, false},
    {INDEX_BUFFER_SIZE, "INDEX_BUFFER_SIZE", kGfxQueue, kAllGens, 1, 1, false, Role::Drawing},
    {DISPATCH_DIRECT, "DISPATCH_DIRECT", kBothQueues, kAllGens, 4, 4, false},
    {DISPATCH_INDIRECT, "DISPATCH_INDIRECT", kBothQueues, kAllGens, 2, 2, false},
    {INDIRECT_BUFFER_END, "INDIRECT_BUFFER_END", kBothQueues, kGfx10_3, 1, 1, false},
    {ATOMIC_GDS, "ATOMIC_GDS", kBothQueues, kAllGens, 11, 11, false},
    {ATOMIC_MEM, "ATOMIC_MEM", kBothQueues, kAllGens, 8, 8, false},
    {OCCLUSION_QUERY, "OCCLUSION_QUERY", kGfxQueue, kAllGens, 4, 4, false, Role::Drawing},
    {SET_PREDICATION, "SET_PREDICATION", kGfxQueue, kAllGens, 3, 3, false},
    {REG_RMW, "REG_RMW", kBothQueues, kAllGens, 3, 3, false},
    {COND_EXEC, "COND_EXEC", kBothQueues, kAllGens, 4, 4, false, Role::BothEngines},
    {PRED_EXEC, "PRED_EXEC", kBothQueues, kAllGens, 1, 1, false},
    {DRAW_INDIRECT, "DRAW_INDIRECT", kGfxQueue, kAllGens, 4, 4, false, Role::Drawing},
    {DRAW_INDEX_INDIRECT, "DRAW_INDEX_INDIRECT", kGfxQueue, kAllGens, 4, 4, false, Role::Drawing},
    {INDEX_BASE, "INDEX_BASE", kGfxQueue, kAllGens, 2, 2, false, Role::Drawing},
    {DRAW_INDEX_2, "DRAW_INDEX_2", kGfxQueue, kAllGens, 4, 4, false, Role::Drawing},
    {CONTEXT_CONTROL, "CONTEXT_CONTROL", kGfxQueue, kAllGens, 2, 2, false},
    {INDEX_TYPE, "INDEX_TYPE", kGfxQueue, 0, 1, 1, false, Role::Drawing},
    {DRAW_INDIRECT_MULTI, "DRAW_INDIRECT_MULTI", kGfxQueue, kAllGens, 8, 8, false, Role::Drawing},
    {DRAW_INDEX_AUTO, "DRAW_INDEX_AUTO", kGfxQueue, kAllGens, 2, 2, false, Role::Drawing},
    {NUM_INSTANCES, "NUM_INSTANCES", kGfxQueue, kAllGens, 1, 1, false, Role::Drawing},
    {DRAW_INDEX_MULTI_AUTO, "DRAW_INDEX_MULTI_AUTO", kGfxQueue, kAllGens, 3, 3, false, Role::Drawing},
    {INDIRECT_BUFFER_CONST, "INDIRECT_BUFFER_CONST", kGfxQueue, kAllGens, 3, 3, false, Role::ConstantEngine},
    {STRMOUT_BUFFER_UPDATE, "STRMOUT_BUFFER_UPDATE", kGfxQueue, kAllGens, 5, 5, false, Role::Drawing},
    {DRAW_INDEX_OFFSET_2, "DRAW_INDEX_OFFSET_2", kGfxQueue, kAllGens, 4, 4, false, Role::Drawing},
    {DRAW_PREAMBLE, "DRAW_PREAMBLE", kGfxQueue, kAllGens, 3, 3, false, Role::Drawing},
    {WRITE_DATA, "WRITE_DATA", kBothQueues, kAllGens, 3, 3, true},
    {DRAW_INDEX_INDIRECT_MULTI, "DRAW_INDEX_INDIRECT_MULTI", kGfxQueue, kAllGens, 9, 9, false, Role::Drawing},
    {MEM_SEMAPHORE, "MEM_SEMAPHORE", kBothQueues, kAllGens, 2, 2, false},
    {COPY_DW, "COPY_DW", kBothQueues, kGfx10_3, 5, 5, false},
    {WAIT_REG_MEM, "WAIT_REG_MEM", kBothQueues, kAllGens, 6, 6, false},
    {INDIRECT_BUFFER, "INDIRECT_BUFFER", kBothQueues, kAllGens, 3, 3, false},
    {COPY_DATA, "COPY_DATA", kBothQueues, kAllGens, 5, 5, false},
    {PFP_SYNC_ME, "PFP_SYNC_ME", kGfxQueue, kAllGens, 1, 1, false},
    {COND_WRITE, "COND_WRITE", kBothQueues, kAllGens, 8, 8, false},
    {EVENT_WRITE, "EVENT_WRITE", kBothQueues, kAllGens, 1, 1, true},
    // gfx6-8 forms; gfx9+ drivers use RELEASE_MEM (Mesa sid.h: "not on GFX9").
    {EVENT_WRITE_EOP, "EVENT_WRITE_EOP", kGfxQueue, 0, 5, 5, false},
    {EVENT_WRITE_EOS, "EVENT_WRITE_EOS", kGfxQueue, 0, 4, 4, false},
    {RELEASE_MEM, "RELEASE_MEM", kBothQueues, kAllGens, 7, 7, false},
    {PREAMBLE_CNTL, "PREAMBLE_CNTL", kGfxQueue, kAllGens, 1, 1, false},
    {DMA_DATA, "DMA_DATA", kBothQueues, kAllGens, 6, 6, false},
    {CONTEXT_REG_RMW, "CONTEXT_REG_RMW", kGfxQueue, kAllGens, 3, 3, false},
    {ACQUIRE_MEM, "ACQUIRE_MEM", kBothQueues, kAllGens, 6, 7, false},
    {REWIND, "REWIND", kBothQueues, kAllGens, 1, 1, false},
    {LOAD_UCONFIG_REG, "LOAD_UCONFIG_REG", kGfxQueue, kAllGens, 4, 4, true},
    {LOAD_SH_REG, "LOAD_SH_REG", kGfxQueue, kAllGens, 4, 4, true},
    {LOAD_CONFIG_REG, "LOAD_CONFIG_REG", kGfxQueue, kAllGens, 4, 4, true},
    {LOAD_CONTEXT_REG, "LOAD_CONTEXT_REG", kGfxQueue, kAllGens, 4, 4, true},
    {LOAD_SH_REG_INDEX, "LOAD_SH_REG_INDEX", kGfxQueue, kAllGens, 4, 4, true},
    {SET_CONFIG_REG, "SET_CONFIG_REG", kBothQueues, kAllGens, 1, 1, true},
    {SET_CONTEXT_REG, "SET_CONTEXT_REG", kGfxQueue, kAllGens, 1, 1, true},
    {SET_CONTEXT_REG_INDIRECT, "SET_CONTEXT_REG_INDIRECT", kGfxQueue, kAllGens, 1, 1, true},
    {SET_SH_REG, "SET_SH_REG", kBothQueues, kAllGens, 1, 1, true},
    {SET_SH_REG_OFFSET, "SET_SH_REG_OFFSET", kGfxQueue, kAllGens, 3, 3, false},
    {SET_QUEUE_REG, "SET_QUEUE_REG", kComputeQueue, kAllGens, 2, 2, true},
    {SET_UCONFIG_REG, "SET_UCONFIG_REG", kBothQueues, kAllGens, 1, 1, true},
    {SET_UCONFIG_REG_INDEX, "SET_UCONFIG_REG_INDEX", kGfxQueue, kAllGens, 1, 1, true},
    {SCRATCH_RAM_WRITE, "SCRATCH_RAM_WRITE", kBothQueues, kAllGens, 2, 2, false},
    {SCRATCH_RAM_READ, "SCRATCH_RAM_READ", kBothQueues, kAllGens, 3, 3, false},
    {LOAD_CONST_RAM, "LOAD_CONST_RAM", kGfxQueue, kAllGens, 4, 4, false, Role::ConstantEngine},
    {WRITE_CONST_RAM, "WRITE_CONST_RAM", kGfxQueue, kAllGens, 1, 1, true, Role::ConstantEngine},
    {DUMP_CONST_RAM, "DUMP_CONST_RAM", kGfxQueue, kAllGens, 4, 4, false, Role::ConstantEngine},
    {INCREMENT_CE_COUNTER, "INCREMENT_CE_COUNTER", kGfxQueue, kAllGens, 1, 1, false, Role::ConstantEngine},
    {INCREMENT_DE_COUNTER, "INCREMENT_DE_COUNTER", kGfxQueue, kAllGens, 1, 1, false},
    {WAIT_ON_CE_COUNTER, "WAIT_ON_CE_COUNTER", kGfxQueue, kAllGens, 1, 1, false},
    {WAIT_ON_DE_COUNTER_DIFF, "WAIT_ON_DE_COUNTER_DIFF", kGfxQueue, kAllGens, 1, 1, false, Role::ConstantEngine},
    {SWITCH_BUFFER, "SWITCH_BUFFER", kGfxQueue, kAllGens, 1, 1, false, Role::BothEngines},
    {FRAME_CONTROL, "FRAME_CONTROL", kGfxQueue, kAllGens, 1, 1, false},
    {WAIT_REG_MEM64, "WAIT_REG_MEM64", kBothQueues, kAllGens, 8, 8, false},
    {HDP_FLUSH, "HDP_FLUSH", kBothQueues, kGfx10_3, 1, 1, false},
    {INVALIDATE_TLBS, "INVALIDATE_TLBS", kComputeQueue, kAllGens, 1, 1, false, Role::QueueManagement},
    {DMA_DATA_FILL_MULTI, "DMA_DATA_FILL_MULTI", kBothQueues, kAllGens, 6, 6, false},
    {SET_SH_REG_INDEX, "SET_SH_REG_INDEX", kBothQueues, kAllGens, 1, 1, true},
    {LOAD_CONTEXT_REG_INDEX, "LOAD_CONTEXT_REG_INDEX", kGfxQueue, kAllGens, 4, 4, true},
    {SET_RESOURCES, "SET_RESOURCES", kComputeQueue, kAllGens, 7, 7, false, Role::QueueManagement},
    {MAP_PROCESS, "MAP_PROCESS", kComputeQueue, kAllGens, 9, 9, false, Role::QueueManagement},
    {MAP_QUEUES, "MAP_QUEUES", kComputeQueue, kAllGens, 6, 6, false, Role::QueueManagement},
    {UNMAP_QUEUES, "UNMAP_QUEUES", kComputeQueue, kAllGens, 5, 5, false, Role::QueueManagement},
    {QUERY_STATUS, "QUERY_STATUS", kComputeQueue, kAllGens, 6, 6, false, Role::QueueManagement},
    {RUN_LIST, "RUN_LIST", kComputeQueue, kAllGens, 3, 3, false, Role::QueueManagement},
};

// The packet with that opcode, or null if no generation defines it.
const PacketInfo* find_packet(uint8_t opcode);

// --- Field layouts (dword 1 = first body dword) ------------------------------------------------------------------

// SET_CONFIG_REG, SET_CONTEXT_REG, SET_SH_REG(_INDEX), SET_UCONFIG_REG(_INDEX): d1, then the register values.
namespace set_reg {
inline constexpr Field REG_OFFSET{"REG_OFFSET", 1, 0, 16};  // relative to the space's start
inline constexpr Field VMID_SHIFT{"VMID_SHIFT", 1, 23, 5};  // gfx10 SET_SH_REG
inline constexpr Field INDEX{"INDEX", 1, 28, 4};
inline constexpr uint32_t kFirstValue = 2;
inline constexpr Field kFields[] = {REG_OFFSET, INDEX};
inline constexpr Field kFieldsShGfx10[] = {REG_OFFSET, VMID_SHIFT, INDEX};
}  // namespace set_reg

namespace write_data {
inline constexpr Field DST_SEL{"DST_SEL", 1, 8, 4};
inline constexpr Field WR_ONE_ADDR{"WR_ONE_ADDR", 1, 16, 1};  // ADDR_INCR: 1 = every dword to one address
inline constexpr Field WR_CONFIRM{"WR_CONFIRM", 1, 20, 1};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 1, 25, 2};
inline constexpr Field ENGINE_SEL{"ENGINE_SEL", 1, 30, 2};
inline constexpr Field DST_ADDR_LO{"DST_ADDR_LO", 2, 2, 30};  // memory: dword aligned
inline constexpr Field DST_REG{"DST_REG", 2, 0, 18};          // register: absolute dword offset
inline constexpr Field DST_ADDR_HI{"DST_ADDR_HI", 3, 0, 32};
inline constexpr uint32_t kFirstValue = 4;
enum DstSel : uint8_t { kRegister = 0, kMemorySync = 1, kTcL2 = 2, kGds = 3, kMemory = 5, kMemoryMappedAdc = 6 };
inline constexpr Field kFields[] = {DST_SEL, WR_ONE_ADDR, WR_CONFIRM, CACHE_POLICY, ENGINE_SEL, DST_ADDR_LO,
                                    DST_ADDR_HI};
}  // namespace write_data

// Compare functions shared by WAIT_REG_MEM, COND_WRITE and SDMA POLL_REGMEM: (value & mask) FUNCTION reference.
enum class CompareFunction : uint8_t { Always = 0, Less = 1, LessEqual = 2, Equal = 3, NotEqual = 4,
                                       GreaterEqual = 5, Greater = 6, Reserved = 7 };
template <typename T>
constexpr bool compare(CompareFunction f, T value, T mask, T reference) {
  T v = value & mask;
  switch (f) {
    case CompareFunction::Always: return true;
    case CompareFunction::Less: return v < reference;
    case CompareFunction::LessEqual: return v <= reference;
    case CompareFunction::Equal: return v == reference;
    case CompareFunction::NotEqual: return v != reference;
    case CompareFunction::GreaterEqual: return v >= reference;
    case CompareFunction::Greater: return v > reference;
    case CompareFunction::Reserved: return false;
  }
  return false;
}

namespace wait_reg_mem {
inline constexpr Field FUNCTION{"FUNCTION", 1, 0, 3};
inline constexpr Field MEM_SPACE{"MEM_SPACE", 1, 4, 2};  // 0 register, 1 memory
inline constexpr Field OPERATION{"OPERATION", 1, 6, 2};  // 0 wait, 1 write register then wait, 3 preemptable
inline constexpr Field ENGINE{"ENGINE", 1, 8, 1};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 1, 25, 2};  // gfx10
inline constexpr Field POLL_ADDR_LO{"POLL_ADDR_LO", 2, 2, 30};
inline constexpr Field POLL_REG{"POLL_REG", 2, 0, 18};
inline constexpr Field POLL_ADDR_HI{"POLL_ADDR_HI", 3, 0, 32};
inline constexpr Field WAIT_REG{"WAIT_REG", 3, 0, 18};  // OPERATION 1: POLL_REG gets REFERENCE, WAIT_REG is polled
inline constexpr Field REFERENCE{"REFERENCE", 4, 0, 32};
inline constexpr Field MASK{"MASK", 5, 0, 32};
// Time between two reads of the polled location. AMD's headers call it the "interval to wait when issuing new
// poll requests" and give no unit; the simulator counts it in ticks of the GPU clock counter (gpu_counter_freq),
// as it does ATOMIC_MEM's LOOP_INTERVAL and SDMA POLL_REGMEM's INTERVAL.
inline constexpr Field POLL_INTERVAL{"POLL_INTERVAL", 6, 0, 16};
enum MemSpace : uint8_t { kRegister = 0, kMemory = 1 };
enum Operation : uint8_t { kWait = 0, kWriteThenWait = 1, kWaitPreemptable = 3 };
inline constexpr Field kFields[] = {FUNCTION, MEM_SPACE, OPERATION, ENGINE, CACHE_POLICY, POLL_ADDR_LO,
                                    POLL_ADDR_HI, REFERENCE, MASK, POLL_INTERVAL};
}  // namespace wait_reg_mem

namespace indirect_buffer {
inline constexpr Field IB_BASE_LO{"IB_BASE_LO", 1, 2, 30};
inline constexpr Field SWAP{"SWAP", 1, 0, 2};
inline constexpr Field IB_BASE_HI{"IB_BASE_HI", 2, 0, 16};
inline constexpr Field IB_SIZE{"IB_SIZE", 3, 0, 20};  // dwords
inline constexpr Field CHAIN{"CHAIN", 3, 20, 1};
inline constexpr Field PRE_ENB{"PRE_ENB", 3, 21, 1};
inline constexpr Field VALID{"VALID", 3, 23, 1};
inline constexpr Field VMID{"VMID", 3, 24, 4};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 3, 28, 2};
inline constexpr Field PRIV{"PRIV", 3, 31, 1};
// The ring fetches IB1; IB1 may call IB2; a call from IB2 is illegal.
inline constexpr unsigned kMaxLevels = 2;
inline constexpr Field kFields[] = {SWAP, IB_BASE_LO, IB_BASE_HI, IB_SIZE, CHAIN, PRE_ENB, VALID, VMID,
                                    CACHE_POLICY, PRIV};
}  // namespace indirect_buffer

namespace event_write {
inline constexpr Field EVENT_TYPE{"EVENT_TYPE", 1, 0, 6};
inline constexpr Field EVENT_INDEX{"EVENT_INDEX", 1, 8, 4};
// 0 any non-timestamp event, 1 ZPASS_DONE / PIXEL_PIPE_STAT, 2 SAMPLE_PIPELINESTAT, 3 SAMPLE_STREAMOUTSTAT,
// 4 *_PARTIAL_FLUSH, 5 end of pipe (RELEASE_MEM), 6 end of shader (CS_DONE / PS_DONE).
enum Index : uint8_t { kOther = 0, kZpassDone = 1, kSamplePipelineStat = 2, kSampleStreamoutStat = 3,
                       kPartialFlush = 4, kEndOfPipe = 5, kEndOfShader = 6 };
inline constexpr Field kFields[] = {EVENT_TYPE, EVENT_INDEX};
}  // namespace event_write

// VGT_EVENT_TYPE values (vega10_enum.h) that compute and copy streams use.
struct EventType {
  uint8_t value;
  std::string_view name;
};
inline constexpr EventType kEventTypes[] = {
    {0x04, "CACHE_FLUSH_TS"},      {0x06, "CACHE_FLUSH"},       {0x07, "CS_PARTIAL_FLUSH"},
    {0x0F, "VS_PARTIAL_FLUSH"},    {0x10, "PS_PARTIAL_FLUSH"},  {0x14, "CACHE_FLUSH_AND_INV_TS_EVENT"},
    {0x15, "ZPASS_DONE"},          {0x16, "CACHE_FLUSH_AND_INV_EVENT"}, {0x1E, "SAMPLE_PIPELINESTAT"},
    {0x20, "SAMPLE_STREAMOUTSTATS"}, {0x24, "VGT_FLUSH"},       {0x28, "BOTTOM_OF_PIPE_TS"},
    {0x2F, "CS_DONE"},             {0x30, "PS_DONE"},
};

namespace release_mem {
inline constexpr Field EVENT_TYPE{"EVENT_TYPE", 1, 0, 6};
inline constexpr Field EVENT_INDEX{"EVENT_INDEX", 1, 8, 4};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 1, 25, 2};
inline constexpr Field EXECUTE{"EXECUTE", 1, 28, 1};
inline constexpr Field DST_SEL{"DST_SEL", 2, 16, 2};  // 0 memory controller, 1 TC/L2
inline constexpr Field INT_SEL{"INT_SEL", 2, 24, 3};
inline constexpr Field DATA_SEL{"DATA_SEL", 2, 29, 3};
inline constexpr Field ADDR_LO{"ADDR_LO", 3, 0, 32};  // [1:0] (32-bit data) or [2:0] (64-bit) must be zero
inline constexpr Field ADDR_HI{"ADDR_HI", 4, 0, 32};
inline constexpr Field DATA_LO{"DATA_LO", 5, 0, 32};
inline constexpr Field DATA_HI{"DATA_HI", 6, 0, 32};
inline constexpr Field INT_CTXID{"INT_CTXID", 7, 0, 32};
enum DataSel : uint8_t { kNone = 0, kData32 = 1, kData64 = 2, kGpuClock = 3, kSystemClock = 4, kGdsCopy = 5 };
enum DstSel : uint8_t { kMemoryController = 0, kTcL2 = 1 };
namespace gfx9 {  // cache action bits in d1
inline constexpr Field TCL1_VOL_ACTION_EN{"TCL1_VOL_ACTION_EN", 1, 12, 1};
inline constexpr Field TC_VOL_ACTION_EN{"TC_VOL_ACTION_EN", 1, 13, 1};
inline constexpr Field TC_WB_ACTION_EN{"TC_WB_ACTION_EN", 1, 15, 1};
inline constexpr Field TCL1_ACTION_EN{"TCL1_ACTION_EN", 1, 16, 1};
inline constexpr Field TC_ACTION_EN{"TC_ACTION_EN", 1, 17, 1};
inline constexpr Field TC_NC_ACTION_EN{"TC_NC_ACTION_EN", 1, 19, 1};
inline constexpr Field TC_WC_ACTION_EN{"TC_WC_ACTION_EN", 1, 20, 1};
inline constexpr Field TC_MD_ACTION_EN{"TC_MD_ACTION_EN", 1, 21, 1};
}  // namespace gfx9
namespace gfx10 {  // GCR_CNTL in d1
inline constexpr Field GLM_WB{"GLM_WB", 1, 12, 1};
inline constexpr Field GLM_INV{"GLM_INV", 1, 13, 1};
inline constexpr Field GLV_INV{"GLV_INV", 1, 14, 1};
inline constexpr Field GL1_INV{"GL1_INV", 1, 15, 1};
inline constexpr Field GL2_US{"GL2_US", 1, 16, 1};
inline constexpr Field GL2_RANGE{"GL2_RANGE", 1, 17, 2};
inline constexpr Field GL2_DISCARD{"GL2_DISCARD", 1, 19, 1};
inline constexpr Field GL2_INV{"GL2_INV", 1, 20, 1};
inline constexpr Field GL2_WB{"GL2_WB", 1, 21, 1};
inline constexpr Field SEQ{"SEQ", 1, 22, 2};
inline constexpr Field MES_INTR_PIPE{"MES_INTR_PIPE", 2, 20, 2};
inline constexpr Field MES_ACTION_ID{"MES_ACTION_ID", 2, 22, 2};
}  // namespace gfx10
inline constexpr Field kFieldsGfx9[] = {EVENT_TYPE, EVENT_INDEX, gfx9::TCL1_VOL_ACTION_EN, gfx9::TC_VOL_ACTION_EN,
                                        gfx9::TC_WB_ACTION_EN, gfx9::TCL1_ACTION_EN, gfx9::TC_ACTION_EN,
                                        gfx9::TC_NC_ACTION_EN, gfx9::TC_WC_ACTION_EN, gfx9::TC_MD_ACTION_EN,
                                        CACHE_POLICY, EXECUTE, DST_SEL, INT_SEL, DATA_SEL, ADDR_LO, ADDR_HI, DATA_LO,
                                        DATA_HI, INT_CTXID};
inline constexpr Field kFieldsGfx10[] = {EVENT_TYPE, EVENT_INDEX, gfx10::GLM_WB, gfx10::GLM_INV, gfx10::GLV_INV,
                                         gfx10::GL1_INV, gfx10::GL2_US, gfx10::GL2_RANGE, gfx10::GL2_DISCARD,
                                         gfx10::GL2_INV, gfx10::GL2_WB, gfx10::SEQ, CACHE_POLICY, EXECUTE, DST_SEL,
                                         gfx10::MES_INTR_PIPE, gfx10::MES_ACTION_ID, INT_SEL, DATA_SEL, ADDR_LO,
                                         ADDR_HI, DATA_LO, DATA_HI, INT_CTXID};
}  // namespace release_mem

namespace acquire_mem {
inline constexpr Field COHER_CNTL{"COHER_CNTL", 1, 0, 31};  // gfx9; reserved on gfx10
inline constexpr Field ENGINE_SEL{"ENGINE_SEL", 1, 31, 1};
inline constexpr Field COHER_SIZE{"COHER_SIZE", 2, 0, 32};  // 256-byte units
inline constexpr Field COHER_SIZE_HI{"COHER_SIZE_HI", 3, 0, 8};
inline constexpr Field COHER_BASE_LO{"COHER_BASE_LO", 4, 0, 32};
inline constexpr Field COHER_BASE_HI{"COHER_BASE_HI", 5, 0, 24};
inline constexpr Field POLL_INTERVAL{"POLL_INTERVAL", 6, 0, 16};
inline constexpr Field GCR_CNTL{"GCR_CNTL", 7, 0, 19};  // gfx10
inline constexpr Field kFieldsGfx9[] = {COHER_CNTL, ENGINE_SEL, COHER_SIZE, COHER_SIZE_HI, COHER_BASE_LO,
                                        COHER_BASE_HI, POLL_INTERVAL};
inline constexpr Field kFieldsGfx10[] = {ENGINE_SEL, COHER_SIZE, COHER_SIZE_HI, COHER_BASE_LO, COHER_BASE_HI,
                                         POLL_INTERVAL, GCR_CNTL};
// Cache actions, used by the driver's cache flush: CP_COHER_CNTL bits in d1 on gfx9 (soc15d.h), GCR_CNTL bits in
// d7 on gfx10.3 (nvd.h).
namespace gfx9 {
inline constexpr Field TC_WB_ACTION_ENA{"TC_WB_ACTION_ENA", 1, 18, 1};
inline constexpr Field TCL1_ACTION_ENA{"TCL1_ACTION_ENA", 1, 22, 1};
inline constexpr Field TC_ACTION_ENA{"TC_ACTION_ENA", 1, 23, 1};
inline constexpr Field SH_KCACHE_ACTION_ENA{"SH_KCACHE_ACTION_ENA", 1, 27, 1};
inline constexpr Field SH_ICACHE_ACTION_ENA{"SH_ICACHE_ACTION_ENA", 1, 29, 1};
}  // namespace gfx9
namespace gfx10 {
inline constexpr Field GLI_INV{"GLI_INV", 7, 0, 2};
inline constexpr Field GLM_WB{"GLM_WB", 7, 4, 1};
inline constexpr Field GLM_INV{"GLM_INV", 7, 5, 1};
inline constexpr Field GLK_WB{"GLK_WB", 7, 6, 1};
inline constexpr Field GLK_INV{"GLK_INV", 7, 7, 1};
inline constexpr Field GLV_INV{"GLV_INV", 7, 8, 1};
inline constexpr Field GL1_INV{"GL1_INV", 7, 9, 1};
inline constexpr Field GL2_INV{"GL2_INV", 7, 14, 1};
inline constexpr Field GL2_WB{"GL2_WB", 7, 15, 1};
}  // namespace gfx10
}  // namespace acquire_mem

namespace copy_data {
inline constexpr Field SRC_SEL{"SRC_SEL", 1, 0, 4};
inline constexpr Field DST_SEL{"DST_SEL", 1, 8, 4};
inline constexpr Field SRC_CACHE_POLICY{"SRC_CACHE_POLICY", 1, 13, 2};
inline constexpr Field COUNT_SEL{"COUNT_SEL", 1, 16, 1};  // 1 = 64 bits
inline constexpr Field WR_CONFIRM{"WR_CONFIRM", 1, 20, 1};
inline constexpr Field DST_CACHE_POLICY{"DST_CACHE_POLICY", 1, 25, 2};
inline constexpr Field PQ_EXE_STATUS{"PQ_EXE_STATUS", 1, 29, 1};
inline constexpr Field ENGINE_SEL{"ENGINE_SEL", 1, 30, 2};
inline constexpr Field SRC_LO{"SRC_ADDR_LO", 2, 0, 32};  // register [17:0], 32-bit addr [31:2], 64-bit [31:3]
inline constexpr Field SRC_HI{"SRC_ADDR_HI", 3, 0, 32};
inline constexpr Field DST_LO{"DST_ADDR_LO", 4, 0, 32};
inline constexpr Field DST_HI{"DST_ADDR_HI", 5, 0, 32};
enum SrcSel : uint8_t { kSrcRegister = 0, kSrcMemory = 1, kSrcTcL2 = 2, kSrcGds = 3, kSrcPerfCounter = 4,
                        kSrcImmediate = 5, kSrcAtomicReturn = 6, kSrcGdsAtomic0 = 7, kSrcGdsAtomic1 = 8,
                        kSrcGpuClock = 9, kSrcSystemClock = 10 };
enum DstSel : uint8_t { kDstRegister = 0, kDstMemorySync = 1, kDstTcL2 = 2, kDstGds = 3, kDstPerfCounter = 4,
                        kDstMemory = 5 };
inline constexpr Field kFields[] = {SRC_SEL, DST_SEL, SRC_CACHE_POLICY, COUNT_SEL, WR_CONFIRM, DST_CACHE_POLICY,
                                    PQ_EXE_STATUS, ENGINE_SEL, SRC_LO, SRC_HI, DST_LO, DST_HI};
}  // namespace copy_data

namespace dma_data {
inline constexpr Field ENGINE{"ENGINE", 1, 0, 1};
inline constexpr Field SRC_CACHE_POLICY{"SRC_CACHE_POLICY", 1, 13, 2};
inline constexpr Field DST_SEL{"DST_SEL", 1, 20, 2};
inline constexpr Field DST_CACHE_POLICY{"DST_CACHE_POLICY", 1, 25, 2};
inline constexpr Field SRC_SEL{"SRC_SEL", 1, 29, 2};
inline constexpr Field CP_SYNC{"CP_SYNC", 1, 31, 1};
inline constexpr Field SRC_ADDR_LO{"SRC_ADDR_LO", 2, 0, 32};  // or the fill DATA
inline constexpr Field SRC_ADDR_HI{"SRC_ADDR_HI", 3, 0, 32};
inline constexpr Field DST_ADDR_LO{"DST_ADDR_LO", 4, 0, 32};
inline constexpr Field DST_ADDR_HI{"DST_ADDR_HI", 5, 0, 32};
inline constexpr Field BYTE_COUNT{"BYTE_COUNT", 6, 0, 26};
inline constexpr Field SAS{"SAS", 6, 26, 1};  // 1 = source address is a register
inline constexpr Field DAS{"DAS", 6, 27, 1};
inline constexpr Field SAIC{"SAIC", 6, 28, 1};  // 1 = do not increment the source address
inline constexpr Field DAIC{"DAIC", 6, 29, 1};
inline constexpr Field RAW_WAIT{"RAW_WAIT", 6, 30, 1};
inline constexpr Field DIS_WC{"DIS_WC", 6, 31, 1};
enum SrcSel : uint8_t { kSrcAddr = 0, kSrcGds = 1, kSrcData = 2, kSrcAddrTcL2 = 3 };
enum DstSel : uint8_t { kDstAddr = 0, kDstGds = 1, kDstAddrTcL2 = 3 };
inline constexpr Field kFields[] = {ENGINE, SRC_CACHE_POLICY, DST_SEL, DST_CACHE_POLICY, SRC_SEL, CP_SYNC, SRC_ADDR_LO, SRC_ADDR_HI, DST_ADDR_LO,
                                    DST_ADDR_HI, BYTE_COUNT, SAS, DAS, SAIC, DAIC, RAW_WAIT, DIS_WC};
}  // namespace dma_data

namespace atomic_mem {
inline constexpr Field ATOMIC{"ATOMIC", 1, 0, 7};  // a TC_OP code
inline constexpr Field COMMAND{"COMMAND", 1, 8, 4};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 1, 25, 2};
inline constexpr Field ENGINE_SEL{"ENGINE_SEL", 1, 30, 2};
inline constexpr Field ADDR_LO{"ADDR_LO", 2, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 3, 0, 32};
inline constexpr Field SRC_DATA_LO{"SRC_DATA_LO", 4, 0, 32};
inline constexpr Field SRC_DATA_HI{"SRC_DATA_HI", 5, 0, 32};
inline constexpr Field CMP_DATA_LO{"CMP_DATA_LO", 6, 0, 32};
inline constexpr Field CMP_DATA_HI{"CMP_DATA_HI", 7, 0, 32};
inline constexpr Field LOOP_INTERVAL{"LOOP_INTERVAL", 8, 0, 13};
enum Command : uint8_t { kSinglePass = 0, kLoopUntilCompareSatisfied = 1, kWaitForWriteConfirm = 2,
                         kSendAndContinue = 3 };
inline constexpr Field kFields[] = {ATOMIC, COMMAND, CACHE_POLICY, ENGINE_SEL, ADDR_LO, ADDR_HI, SRC_DATA_LO,
                                    SRC_DATA_HI, CMP_DATA_LO, CMP_DATA_HI, LOOP_INTERVAL};
}  // namespace atomic_mem

// TC_OP atomic codes (the same numbers feed SDMA ATOMIC). The non-returning form of each is code + 0x40.
namespace tc_op {
enum Code : uint8_t {
  SWAP_RTN_32 = 0x07, CMPSWAP_RTN_32 = 0x08, ADD_RTN_32 = 0x0F, SUB_RTN_32 = 0x10, SMIN_RTN_32 = 0x11,
  UMIN_RTN_32 = 0x12, SMAX_RTN_32 = 0x13, UMAX_RTN_32 = 0x14, AND_RTN_32 = 0x15, OR_RTN_32 = 0x16,
  XOR_RTN_32 = 0x17, INC_RTN_32 = 0x18, DEC_RTN_32 = 0x19,
  SWAP_RTN_64 = 0x27, CMPSWAP_RTN_64 = 0x28, ADD_RTN_64 = 0x2F, SUB_RTN_64 = 0x30, SMIN_RTN_64 = 0x31,
  UMIN_RTN_64 = 0x32, SMAX_RTN_64 = 0x33, UMAX_RTN_64 = 0x34, AND_RTN_64 = 0x35, OR_RTN_64 = 0x36,
  XOR_RTN_64 = 0x37, INC_RTN_64 = 0x38, DEC_RTN_64 = 0x39,
};
inline constexpr uint8_t kNoReturn = 0x40;
}  // namespace tc_op

namespace wait_reg_mem64 {  // WAIT_REG_MEM with a 64-bit reference and mask; memory is 8-byte aligned
inline constexpr Field FUNCTION{"FUNCTION", 1, 0, 3};
inline constexpr Field MEM_SPACE{"MEM_SPACE", 1, 4, 2};
inline constexpr Field OPERATION{"OPERATION", 1, 6, 2};
inline constexpr Field ENGINE{"ENGINE", 1, 8, 1};
inline constexpr Field POLL_ADDR_LO{"POLL_ADDR_LO", 2, 3, 29};
inline constexpr Field POLL_REG{"POLL_REG", 2, 0, 18};
inline constexpr Field POLL_ADDR_HI{"POLL_ADDR_HI", 3, 0, 32};
inline constexpr Field REFERENCE_LO{"REFERENCE_LO", 4, 0, 32};
inline constexpr Field REFERENCE_HI{"REFERENCE_HI", 5, 0, 32};
inline constexpr Field MASK_LO{"MASK_LO", 6, 0, 32};
inline constexpr Field MASK_HI{"MASK_HI", 7, 0, 32};
inline constexpr Field POLL_INTERVAL{"POLL_INTERVAL", 8, 0, 16};
inline constexpr Field kFields[] = {FUNCTION, MEM_SPACE, OPERATION, ENGINE, POLL_ADDR_LO, POLL_ADDR_HI,
                                    REFERENCE_LO, REFERENCE_HI, MASK_LO, MASK_HI, POLL_INTERVAL};
}  // namespace wait_reg_mem64

// COND_EXEC: when the dword at ADDR is zero, the next EXEC_COUNT dwords are discarded (the kernel's preemption
// and IB-skip mechanism; RADV's conditional rendering on compute queues).
namespace cond_exec {
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 2, 30};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 3, 25, 2};
inline constexpr Field EXEC_COUNT{"EXEC_COUNT", 4, 0, 14};
inline constexpr Field kFields[] = {ADDR_LO, ADDR_HI, CACHE_POLICY, EXEC_COUNT};
}  // namespace cond_exec

// PRED_EXEC: the next EXEC_COUNT dwords run only on the devices (XCCs) in DEVICE_SELECT.
namespace pred_exec {
inline constexpr Field EXEC_COUNT{"EXEC_COUNT", 1, 0, 14};
inline constexpr Field DEVICE_SELECT{"DEVICE_SELECT", 1, 24, 8};
inline constexpr uint32_t kThisDevice = 1;  // gfx900 and gfx1030 have one XCC: bit 0
inline constexpr Field kFields[] = {EXEC_COUNT, DEVICE_SELECT};
}  // namespace pred_exec

// SET_PREDICATION (gfx9+ three-dword form): packets with the header's PREDICATE bit run only while it passes.
namespace set_predication {
inline constexpr Field DRAW_VISIBLE{"DRAW_VISIBLE", 1, 8, 1};  // bool ops: 1 = run when the value is non-zero
inline constexpr Field HINT{"HINT", 1, 12, 1};
inline constexpr Field PRED_OP{"PRED_OP", 1, 16, 3};
inline constexpr Field CONTINUE{"CONTINUE", 1, 31, 1};
inline constexpr Field START_ADDR_LO{"START_ADDR_LO", 2, 0, 32};
inline constexpr Field START_ADDR_HI{"START_ADDR_HI", 3, 0, 32};
enum PredOp : uint8_t { kClear = 0, kZpass = 1, kPrimCount = 2, kBool64 = 3, kBool32 = 4 };
inline constexpr Field kFields[] = {DRAW_VISIBLE, HINT, PRED_OP, CONTINUE, START_ADDR_LO, START_ADDR_HI};
}  // namespace set_predication

namespace context_control {
inline constexpr Field LOAD_CONTROL{"LOAD_CONTROL", 1, 0, 32};  // bit 31 LOAD_ENABLE plus per-state bits
inline constexpr Field SHADOW_CONTROL{"SHADOW_CONTROL", 2, 0, 32};
inline constexpr Field kFields[] = {LOAD_CONTROL, SHADOW_CONTROL};
}  // namespace context_control

namespace clear_state {
inline constexpr Field CMD{"CMD", 1, 0, 4};  // gfx10: 0 clear, 1 push, 2 pop, 3 push+clear; gfx9: dummy 0
inline constexpr Field kFields[] = {CMD};
}  // namespace clear_state

namespace preamble_cntl {
inline constexpr Field COMMAND{"COMMAND", 1, 28, 4};
enum Command : uint8_t { kBeginPreamble = 0, kEndPreamble = 1, kBeginClearState = 2, kEndClearState = 3 };
inline constexpr Field kFields[] = {COMMAND};
}  // namespace preamble_cntl

namespace pfp_sync_me {
inline constexpr Field DUMMY{"DUMMY", 1, 0, 32};
inline constexpr Field kFields[] = {DUMMY};
}  // namespace pfp_sync_me

// COND_WRITE: write WRITE_DATA to a register or memory if (poll value & MASK) FUNCTION REFERENCE.
namespace cond_write {
inline constexpr Field FUNCTION{"FUNCTION", 1, 0, 3};
inline constexpr Field POLL_SPACE{"POLL_SPACE", 1, 4, 1};    // 0 register, 1 memory
inline constexpr Field WRITE_SPACE{"WRITE_SPACE", 1, 8, 2};  // 0 register, 1 memory, 2 scratch RAM
inline constexpr Field WR_CONFIRM{"WR_CONFIRM", 1, 20, 1};
inline constexpr Field POLL_ADDR_LO{"POLL_ADDR_LO", 2, 0, 32};
inline constexpr Field POLL_ADDR_HI{"POLL_ADDR_HI", 3, 0, 32};
inline constexpr Field REFERENCE{"REFERENCE", 4, 0, 32};
inline constexpr Field MASK{"MASK", 5, 0, 32};
inline constexpr Field WRITE_ADDR_LO{"WRITE_ADDR_LO", 6, 0, 32};
inline constexpr Field WRITE_ADDR_HI{"WRITE_ADDR_HI", 7, 0, 32};
inline constexpr Field WRITE_DATA{"WRITE_DATA", 8, 0, 32};
enum Space : uint8_t { kRegister = 0, kMemory = 1, kScratch = 2 };
inline constexpr Field kFields[] = {FUNCTION, POLL_SPACE, WRITE_SPACE, WR_CONFIRM, POLL_ADDR_LO, POLL_ADDR_HI,
                                    REFERENCE, MASK, WRITE_ADDR_LO, WRITE_ADDR_HI, WRITE_DATA};
}  // namespace cond_write

// MEM_SEMAPHORE: the SI/CI inter-ring semaphore, which gfx9+ drivers no longer emit. A 64-bit counter in memory:
// a signal adds one (or writes one), a wait blocks until it is non-zero and then takes one. Two body dwords, the
// controls sharing the second with the high address bits: PACKET3(MEM_SEMAPHORE, 1), addr lo,
// (addr hi & 0xffff) | SEM_SEL as radeon's cik_semaphore_ring_emit (and gfx_v7_0's before amdgpu dropped
// semaphores) emit it. Bits from soc15d.h / nvd.h; CLIENT_CODE only in cikd.h.
namespace mem_semaphore {
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 3, 29};  // 8-byte aligned
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 16};
inline constexpr Field USE_MAILBOX{"USE_MAILBOX", 2, 16, 1};
inline constexpr Field SIGNAL_TYPE{"SIGNAL_TYPE", 2, 20, 1};  // 0 increment, 1 write 1
inline constexpr Field CLIENT_CODE{"CLIENT_CODE", 2, 24, 2};  // 0 CP, 1 CB, 2 DB
inline constexpr Field SEM_SEL{"SEM_SEL", 2, 29, 3};
enum SemSel : uint8_t { kSignal = 6, kWait = 7 };
enum SignalType : uint8_t { kIncrement = 0, kWriteOne = 1 };
enum ClientCode : uint8_t { kClientCp = 0, kClientCb = 1, kClientDb = 2 };
inline constexpr Field kFields[] = {ADDR_LO, ADDR_HI, USE_MAILBOX, SIGNAL_TYPE, CLIENT_CODE, SEM_SEL};
}  // namespace mem_semaphore

namespace invalidate_tlbs {
inline constexpr Field DST_SEL{"DST_SEL", 1, 0, 4};
inline constexpr Field ALL_HUB{"ALL_HUB", 1, 4, 1};
inline constexpr Field PASID{"PASID", 1, 5, 16};
inline constexpr Field FLUSH_TYPE{"FLUSH_TYPE", 1, 29, 3};
inline constexpr Field kFields[] = {DST_SEL, ALL_HUB, PASID, FLUSH_TYPE};
}  // namespace invalidate_tlbs

// SET_BASE: base addresses the CP adds offsets to; index 1 is DISPATCH_INDIRECT's argument base on the GFX queue.
namespace set_base {
inline constexpr Field BASE_INDEX{"BASE_INDEX", 1, 0, 4};
inline constexpr Field ADDRESS_LO{"ADDRESS_LO", 2, 0, 32};
inline constexpr Field ADDRESS_HI{"ADDRESS_HI", 3, 0, 32};
inline constexpr uint32_t kDispatchIndirectBase = 1;
inline constexpr unsigned kIndices = 16;
inline constexpr Field kFields[] = {BASE_INDEX, ADDRESS_LO, ADDRESS_HI};
}  // namespace set_base

// COMPUTE_DISPATCH_INITIATOR bits (gc_9_0_sh_mask.h / gc_10_3_0_sh_mask.h).
namespace dispatch_initiator {
inline constexpr Field COMPUTE_SHADER_EN{"COMPUTE_SHADER_EN", 0, 0, 1};
inline constexpr Field PARTIAL_TG_EN{"PARTIAL_TG_EN", 0, 1, 1};
inline constexpr Field FORCE_START_AT_000{"FORCE_START_AT_000", 0, 2, 1};
inline constexpr Field ORDERED_APPEND_ENBL{"ORDERED_APPEND_ENBL", 0, 3, 1};
inline constexpr Field USE_THREAD_DIMENSIONS{"USE_THREAD_DIMENSIONS", 0, 5, 1};
inline constexpr Field ORDER_MODE{"ORDER_MODE", 0, 6, 1};
inline constexpr Field DATA_ATC{"DATA_ATC", 0, 12, 1};  // must be 0 on dGPUs
inline constexpr Field CS_W32_EN{"CS_W32_EN", 0, 15, 1};  // gfx10: wave32
inline constexpr Field TUNNEL_ENABLE{"TUNNEL_ENABLE", 0, 16, 1};  // gfx10
}  // namespace dispatch_initiator

namespace dispatch_direct {
inline constexpr Field DIM_X{"DIM_X", 1, 0, 32};
inline constexpr Field DIM_Y{"DIM_Y", 2, 0, 32};
inline constexpr Field DIM_Z{"DIM_Z", 3, 0, 32};
inline constexpr Field DISPATCH_INITIATOR{"DISPATCH_INITIATOR", 4, 0, 32};
inline constexpr Field kFields[] = {DIM_X, DIM_Y, DIM_Z, DISPATCH_INITIATOR};
}  // namespace dispatch_direct

// DISPATCH_INDIRECT reads DIM_X/Y/Z (three dwords, 4-byte aligned) from memory. GFX queue: at the SET_BASE
// index 1 base plus DATA_OFFSET; compute (MEC) queues: at an address in the packet.
namespace dispatch_indirect {
inline constexpr Field DATA_OFFSET{"DATA_OFFSET", 1, 0, 32};
inline constexpr Field DISPATCH_INITIATOR_GFX{"DISPATCH_INITIATOR", 2, 0, 32};
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field DISPATCH_INITIATOR_COMPUTE{"DISPATCH_INITIATOR", 3, 0, 32};
inline constexpr uint16_t kComputeBody = 3;
inline constexpr Field kFieldsGfx[] = {DATA_OFFSET, DISPATCH_INITIATOR_GFX};
inline constexpr Field kFieldsCompute[] = {ADDR_LO, ADDR_HI, DISPATCH_INITIATOR_COMPUTE};
}  // namespace dispatch_indirect

// Constant engine (CE) packets: the CE copies constants between memory and its CE RAM ahead of the DE.
namespace load_const_ram {
inline constexpr Field ADDR_LO{"ADDR_LO", 1, 0, 32};  // 32-byte aligned
inline constexpr Field ADDR_HI{"ADDR_HI", 2, 0, 32};
inline constexpr Field NUM_DW{"NUM_DW", 3, 0, 15};
inline constexpr Field START_ADDR{"START_ADDR", 4, 0, 16};  // byte offset in CE RAM
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 4, 25, 2};
inline constexpr Field kFields[] = {ADDR_LO, ADDR_HI, NUM_DW, START_ADDR, CACHE_POLICY};
}  // namespace load_const_ram

namespace write_const_ram {
inline constexpr Field OFFSET{"OFFSET", 1, 0, 16};  // byte offset in CE RAM
inline constexpr uint32_t kFirstValue = 2;
inline constexpr Field kFields[] = {OFFSET};
}  // namespace write_const_ram

namespace dump_const_ram {
inline constexpr Field OFFSET{"OFFSET", 1, 0, 16};
inline constexpr Field CACHE_POLICY{"CACHE_POLICY", 1, 25, 2};
inline constexpr Field INCREMENT_CE{"INCREMENT_CE", 1, 30, 1};
inline constexpr Field INCREMENT_CS{"INCREMENT_CS", 1, 31, 1};
inline constexpr Field NUM_DW{"NUM_DW", 2, 0, 15};
inline constexpr Field ADDR_LO{"ADDR_LO", 3, 0, 32};
inline constexpr Field ADDR_HI{"ADDR_HI", 4, 0, 32};
inline constexpr Field kFields[] = {OFFSET, CACHE_POLICY, INCREMENT_CE, INCREMENT_CS, NUM_DW, ADDR_LO, ADDR_HI};
}  // namespace dump_const_ram

namespace ce_counter {  // INCREMENT_CE_COUNTER, INCREMENT_DE_COUNTER, WAIT_ON_CE_COUNTER, WAIT_ON_DE_COUNTER_DIFF
inline constexpr Field CNTRSEL{"CNTRSEL", 1, 0, 2};
inline constexpr Field COND_ACQUIRE_MEM{"COND_ACQUIRE_MEM", 1, 0, 1};
inline constexpr Field FORCE_SYNC{"FORCE_SYNC", 1, 1, 1};
inline constexpr Field DIFF{"DIFF", 1, 0, 32};
inline constexpr Field DUMMY{"DUMMY", 1, 0, 32};
inline constexpr Field kIncrementCe[] = {CNTRSEL};
inline constexpr Field kIncrementDe[] = {DUMMY};
inline constexpr Field kWaitOnCe[] = {COND_ACQUIRE_MEM, FORCE_SYNC};
inline constexpr Field kWaitOnDeDiff[] = {DIFF};
}  // namespace ce_counter

namespace nop {
// umr's comment packets: a NOP whose first body dword is this tag carries text for people reading dumps.
inline constexpr uint32_t kCommentTag = 0x1337F77D;
}  // namespace nop

// Field layout of a packet for a decoder; empty for packets without a table here. DISPATCH_INDIRECT's layout
// depends on the queue.
std::span<const Field> packet_fields(uint8_t opcode, GfxLevel level, QueueMask queue = kGfxQueue);

}  // namespace sporkle::spec::pm4
