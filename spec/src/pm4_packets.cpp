#include <array>

#include "sporkle/spec/pm4.h"

namespace sporkle::spec::pm4 {

namespace {
constexpr std::array<int16_t, 256> make_index() {
  std::array<int16_t, 256> index{};
  index.fill(-1);
  for (size_t i = 0; i < std::size(kPackets); ++i) index[kPackets[i].opcode] = static_cast<int16_t>(i);
  return index;
}
constexpr auto kIndex = make_index();

constexpr bool sorted_and_unique() {
  for (size_t i = 1; i < std::size(kPackets); ++i)
    if (kPackets[i - 1].opcode >= kPackets[i].opcode) return false;
  return true;
}
static_assert(sorted_and_unique(), "kPackets must be sorted by opcode without duplicates");
static_assert(type3_header(NOP, kHeaderOnlyNopCount) == kNopPad);
static_assert(packet3(RELEASE_MEM, 7) == 0xC0064900);  // the kernel's fence header
}  // namespace

const PacketInfo* find_packet(uint8_t opcode) {
  int16_t i = kIndex[opcode];
  return i < 0 ? nullptr : &kPackets[i];
}

std::span<const Field> packet_fields(uint8_t opcode, GfxLevel level, QueueMask queue) {
  switch (opcode) {
    case SET_CONFIG_REG:
    case SET_CONTEXT_REG:
    case SET_SH_REG:
    case SET_SH_REG_INDEX:
      return level == GfxLevel::Gfx9 ? std::span<const Field>(set_reg::kFields)
                                     : std::span<const Field>(set_reg::kFieldsShGfx10);
    case SET_UCONFIG_REG:
    case SET_UCONFIG_REG_INDEX: return set_reg::kFields;
    case WRITE_DATA: return write_data::kFields;
    case WAIT_REG_MEM: return wait_reg_mem::kFields;
    case INDIRECT_BUFFER:
    case INDIRECT_BUFFER_CONST: return indirect_buffer::kFields;
    case EVENT_WRITE: return event_write::kFields;
    case RELEASE_MEM:
      return level == GfxLevel::Gfx9 ? std::span<const Field>(release_mem::kFieldsGfx9)
                                     : std::span<const Field>(release_mem::kFieldsGfx10);
    case ACQUIRE_MEM: return level == GfxLevel::Gfx9 ? std::span<const Field>(acquire_mem::kFieldsGfx9)
                                                     : std::span<const Field>(acquire_mem::kFieldsGfx10);
    case COPY_DATA: return copy_data::kFields;
    case DMA_DATA: return dma_data::kFields;
    case ATOMIC_MEM: return atomic_mem::kFields;
    case WAIT_REG_MEM64: return wait_reg_mem64::kFields;
    case COND_EXEC: return cond_exec::kFields;
    case PRED_EXEC: return pred_exec::kFields;
    case SET_PREDICATION: return set_predication::kFields;
    case CONTEXT_CONTROL: return context_control::kFields;
    case CLEAR_STATE: return clear_state::kFields;
    case PREAMBLE_CNTL: return preamble_cntl::kFields;
    case PFP_SYNC_ME: return pfp_sync_me::kFields;
    case COND_WRITE: return cond_write::kFields;
    case MEM_SEMAPHORE: return mem_semaphore::kFields;
    case INVALIDATE_TLBS: return invalidate_tlbs::kFields;
    case SET_BASE: return set_base::kFields;
    case DISPATCH_DIRECT: return dispatch_direct::kFields;
    case DISPATCH_INDIRECT:
      return queue == kComputeQueue ? std::span<const Field>(dispatch_indirect::kFieldsCompute)
                                    : std::span<const Field>(dispatch_indirect::kFieldsGfx);
    case LOAD_CONST_RAM: return load_const_ram::kFields;
    case WRITE_CONST_RAM: return write_const_ram::kFields;
    case DUMP_CONST_RAM: return dump_const_ram::kFields;
    case INCREMENT_CE_COUNTER: return ce_counter::kIncrementCe;
    case INCREMENT_DE_COUNTER: return ce_counter::kIncrementDe;
    case WAIT_ON_CE_COUNTER: return ce_counter::kWaitOnCe;
    case WAIT_ON_DE_COUNTER_DIFF: return ce_counter::kWaitOnDeDiff;
    default: return {};
  }
}

}  // namespace sporkle::spec::pm4
