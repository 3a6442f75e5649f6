#include "sim/gpu/pm4/command_processor.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sim/gpu/pm4/gpu_clock.h"
#include "sporkle/spec/decode.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;
namespace reg = spec::reg;

namespace {
bool trace_enabled() {
  const char* v = std::getenv("SPORKLE_TRACE_PM4");
  return v && *v && std::strcmp(v, "0") != 0;
}
}  // namespace

CommandProcessor::CommandProcessor(const spec::Personality& personality, RingType type)
    : personality_(personality),
      type_(type),
      level_(personality.gfx_level),
      ce_ram_(type == RingType::Gfx ? personality.dev_info.ce_ram_size : 0),
      trace_(trace_enabled()) {}

void CommandProcessor::reset() {
  regs_.reset();
  atomic_return_ = 0;
  predicate_passes_ = true;
  bases_.fill(0);
  load_control_ = shadow_control_ = preamble_ = 0;
  if (!ce_ram_.empty()) std::memset(ce_ram_.data(), 0, ce_ram_.size());
  ce_counter_ = de_counter_ = 0;
  kill_ = false;
}

ExecResult CommandProcessor::execute(ExecEnv& env, uint64_t ib_va, uint32_t size_dw) {
  env_ = &env;
  result_ = ExecResult{};
  depth_ = 1;
  pos_[0] = 0;
  packet_at_ = 0;
  ce_ = env.constant_engine;
  if (env.cancel.load(std::memory_order_acquire)) {
    cancelled("before the IB started");
  } else if (ce_ && type_ != RingType::Gfx) {
    illegal("constant-engine IB on a compute queue, which has no CE");
  } else {
    // The ring's INDIRECT_BUFFER packet carries the base in IB_BASE_LO[31:2].
    ibs_[0].fetch(env.vm, Unit::CommandProcessor, spec::gpu_va(ib_va) & ~uint64_t{3}, size_dw);
    while (depth_ > 0) {
      if (pos_[depth_ - 1] >= ibs_[depth_ - 1].size) {
        --depth_;  // return to the caller, after its INDIRECT_BUFFER packet
        continue;
      }
      if (!step()) break;
    }
  }
  env_ = nullptr;
  return std::move(result_);
}

bool CommandProcessor::step() {
  FetchedIb& ib = ibs_[depth_ - 1];
  uint32_t& pos = pos_[depth_ - 1];
  packet_at_ = pos;
  if (!take_budget(*env_)) return budget_exhausted();
  if (pos >= ib.available) return vm_fault(*ib.fault);
  uint32_t header = ib.dw[pos];
  uint32_t type = pm4::packet_type(header);
  if (type == pm4::kType2) {
    ++pos;
    ++result_.dwords;
    return true;
  }
  if (type != pm4::kType3) return illegal("type-%u packet 0x%08x", type, header);
  uint8_t opcode = pm4::packet_opcode(header);
  uint32_t count = pm4::packet_count(header);
  if (opcode == pm4::NOP && count == pm4::kHeaderOnlyNopCount) {
    ++pos;
    ++result_.dwords;
    return true;
  }
  uint32_t body = count + 1;
  if (uint64_t{pos} + 1 + body > ib.size)
    return illegal("packet 0x%08x (opcode 0x%02x) needs %u dwords, the IB has %u left", header, opcode, body + 1,
                   ib.size - pos);
  if (pos + 1 + body > ib.available) return vm_fault(*ib.fault);
  Packet pkt{ib.dw + pos, body, opcode};
  if (trace_) [[unlikely]]
    trace(pkt);
  // Advance first: a call returns after this packet and a chain replaces this IB.
  pos += 1 + body;
  result_.dwords += 1 + body;
  return dispatch(pkt);
}

bool CommandProcessor::accepted_here(const pm4::PacketInfo& info, const Packet& pkt) {
  const char* name = info.name.data();
  uint8_t queue = type_ == RingType::Gfx ? spec::kGfxQueue : spec::kComputeQueue;
  if (!(info.queues & queue))
    return illegal("%s (opcode 0x%02x) is not accepted on a %s queue", name, pkt.opcode,
                   type_ == RingType::Gfx ? "GFX" : "compute");
  switch (info.role) {
    case pm4::Role::Drawing:
      return illegal("%s (opcode 0x%02x) needs the graphics pipeline, which the simulator does not model", name,
                     pkt.opcode);
    case pm4::Role::QueueManagement:
      return illegal("%s (opcode 0x%02x) is a queue-management packet of the kernel's KIQ; a user IB runs without "
                     "that privilege", name, pkt.opcode);
    case pm4::Role::ConstantEngine:
      if (!ce_) return illegal("%s (opcode 0x%02x) is a constant-engine packet, in a DE IB", name, pkt.opcode);
      return true;
    case pm4::Role::Compute:
      if (ce_) return illegal("%s (opcode 0x%02x) is not a constant-engine packet, in a CE IB", name, pkt.opcode);
      return true;
    case pm4::Role::BothEngines: return true;
  }
  return true;
}

bool CommandProcessor::dispatch(const Packet& pkt) {
  const pm4::PacketInfo* info = pm4::find_packet(pkt.opcode);
  if (!info || !info->valid_on(level_)) return illegal("illegal opcode 0x%02x", pkt.opcode);
  if (!accepted_here(*info, pkt)) return false;
  uint16_t min_body = info->min_body(level_);
  if (pkt.opcode == pm4::DISPATCH_INDIRECT && type_ == RingType::Compute) min_body = pm4::dispatch_indirect::kComputeBody;
  if (pkt.body < min_body) return illegal("%s with a %u-dword body, needs %u", info->name.data(), pkt.body, min_body);
  // A predicated packet is discarded while SET_PREDICATION's condition fails.
  if (pm4::HEADER_PREDICATE.get(pkt.p[0]) && !predicate_passes_) return true;
  switch (pkt.opcode) {
    case pm4::NOP: return true;
    case pm4::SET_SH_REG:
    case pm4::SET_SH_REG_INDEX: return set_reg(pkt, reg::kShSpace);
    case pm4::SET_UCONFIG_REG:
    case pm4::SET_UCONFIG_REG_INDEX: return set_reg(pkt, reg::kUconfigSpace);
    case pm4::SET_CONTEXT_REG: return set_reg(pkt, reg::kContextSpace);
    case pm4::SET_CONFIG_REG: return set_reg(pkt, reg::kConfigSpace);
    case pm4::WRITE_DATA: return write_data(pkt);
    case pm4::INDIRECT_BUFFER:
    case pm4::INDIRECT_BUFFER_CONST: return indirect_buffer(pkt);
    case pm4::EVENT_WRITE: return event_write(pkt);
    case pm4::RELEASE_MEM: return release_mem(pkt);
    case pm4::ACQUIRE_MEM: return acquire_mem(pkt);
    case pm4::WAIT_REG_MEM: return wait_reg_mem(pkt);
    case pm4::WAIT_REG_MEM64: return wait_reg_mem64(pkt);
    case pm4::COPY_DATA: return copy_data(pkt);
    case pm4::DMA_DATA: return dma_data(pkt);
    case pm4::ATOMIC_MEM: return atomic_mem(pkt);
    case pm4::COND_EXEC: return cond_exec(pkt);
    case pm4::PRED_EXEC: return pred_exec(pkt);
    case pm4::SET_PREDICATION: return set_predication(pkt);
    case pm4::COND_WRITE: return cond_write(pkt);
    case pm4::CONTEXT_CONTROL:
    case pm4::CLEAR_STATE:
    case pm4::PREAMBLE_CNTL:
    case pm4::PFP_SYNC_ME:
    case pm4::SET_BASE: return gfx_state(pkt);
    case pm4::DISPATCH_DIRECT: return dispatch_direct(pkt);
    case pm4::DISPATCH_INDIRECT: return dispatch_indirect(pkt);
    case pm4::LOAD_CONST_RAM:
    case pm4::WRITE_CONST_RAM:
    case pm4::DUMP_CONST_RAM:
    case pm4::INCREMENT_CE_COUNTER:
    case pm4::INCREMENT_DE_COUNTER:
    case pm4::WAIT_ON_CE_COUNTER:
    case pm4::WAIT_ON_DE_COUNTER_DIFF:
    case pm4::SWITCH_BUFFER: return constant_engine(pkt);
    case pm4::MEM_SEMAPHORE: return mem_semaphore(pkt);
    default: return illegal("%s (opcode 0x%02x) is not implemented", info->name.data(), pkt.opcode);
  }
}

void CommandProcessor::trace(const Packet& pkt) const {
  std::span<const uint32_t> words(pkt.p, pkt.body + 1);
  uint8_t queue = type_ == RingType::Gfx ? spec::kGfxQueue : spec::kComputeQueue;
  spec::decode::Packet d = spec::decode::decode_pm4(words, 0, level_, static_cast<spec::QueueMask>(queue));
  char prefix[48];
  std::snprintf(prefix, sizeof prefix, "[%s %s+0x%x] ", type_ == RingType::Gfx ? (ce_ ? "ce" : "gfx") : "compute",
                depth_ <= 1 ? "IB" : "IB2", packet_at_ * 4);
  std::string text;
  spec::decode::format_text(text, d, words, prefix);
  std::fputs(text.c_str(), stderr);
}

bool CommandProcessor::write_memory(uint64_t va, const void* data, uint64_t n) {
  if (auto f = env_->vm.write(va, data, n, Unit::CommandProcessor)) return vm_fault(*f);
  return true;
}

bool CommandProcessor::read_memory(uint64_t va, void* data, uint64_t n) {
  if (auto f = env_->vm.read(va, data, n, Unit::CommandProcessor)) return vm_fault(*f);
  return true;
}

bool CommandProcessor::write_register(uint32_t offset, uint32_t value) {
  uint32_t* slot = regs_.slot(offset);
  if (!slot) return privileged(offset, "write to");
  *slot = value;
  return true;
}

bool CommandProcessor::read_register(uint32_t offset, uint32_t& value) {
  if (const uint32_t* slot = regs_.slot(offset)) {
    value = *slot;
    return true;
  }
  // Read-only identity registers hold the values the board reports through READ_MMR_REG.
  for (const spec::MmrRegister& r : personality_.mmr_registers) {
    if (r.dword_offset == offset) {
      value = r.value;
      return true;
    }
  }
  return illegal("read of register 0x%05x, which is not modelled", offset);
}

bool CommandProcessor::wait_for(uint64_t target, bool memory, pm4::CompareFunction f, uint32_t reference,
                                uint32_t mask, uint32_t poll_interval) {
  PollOutcome o = poll(poll_interval, [&] {
    uint32_t value = 0;
    bool ok = memory ? read_memory(target, &value, 4) : read_register(static_cast<uint32_t>(target), value);
    if (!ok) return Probe::Stopped;
    return pm4::compare(f, value, mask, reference) ? Probe::Satisfied : Probe::NotYet;
  });
  return polled(o, "while polling");
}

bool CommandProcessor::polled(PollOutcome o, const char* what) {
  switch (o) {
    case PollOutcome::Satisfied: return true;
    case PollOutcome::Stopped: return false;
    case PollOutcome::Cancelled: return cancelled(what);
    case PollOutcome::BudgetExhausted: return budget_exhausted();
  }
  return false;
}

bool CommandProcessor::skip(uint32_t n, const char* packet) {
  uint32_t& pos = pos_[depth_ - 1];
  uint32_t left = ibs_[depth_ - 1].size - pos;
  if (n > left) return illegal("%s skips %u dwords, the IB has %u left", packet, n, left);
  pos += n;
  return true;
}

uint64_t CommandProcessor::clock() const { return gpu_clock_ticks(personality_.dev_info.gpu_counter_freq); }

std::string CommandProcessor::where() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s+0x%x", depth_ <= 1 ? "IB" : "IB2", packet_at_ * 4);
  return buf;
}

bool CommandProcessor::stop(ExecStatus status, const char* fmt, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  result_.status = status;
  result_.diagnostic = std::string(buf) + " at " + where();
  return false;
}

bool CommandProcessor::illegal(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  stop(ExecStatus::IllegalPacket, fmt, ap);
  va_end(ap);
  return false;
}

bool CommandProcessor::privileged(uint32_t offset, const char* what) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "illegal register access: %s register 0x%05x at ", what, offset);
  result_.status = ExecStatus::PrivilegedReg;
  result_.diagnostic = buf + where();
  return false;
}

bool CommandProcessor::vm_fault(const Fault& f) {
  result_.status = ExecStatus::VmFault;
  result_.fault = f;
  result_.diagnostic = f.describe() + " at " + where();
  return false;
}

bool CommandProcessor::budget_exhausted() {
  result_.status = ExecStatus::Cancelled;
  result_.diagnostic = "budget exhausted at " + where();
  return false;
}

bool CommandProcessor::cancelled(const char* when) {
  result_.status = ExecStatus::Cancelled;
  result_.diagnostic = std::string("cancelled ") + when + " at " + where();
  return false;
}

}  // namespace sporkle::sim::gpu
