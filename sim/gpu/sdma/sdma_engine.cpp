#include "sim/gpu/sdma/sdma_engine.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sim/gpu/pm4/atomic_op.h"
#include "sim/gpu/pm4/gpu_clock.h"
#include "sporkle/spec/decode.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::sim::gpu {

namespace sdma = spec::sdma;

namespace {
bool trace_enabled() {
  const char* v = std::getenv("SPORKLE_TRACE_PM4");
  return v && *v && std::strcmp(v, "0") != 0;
}
}  // namespace

SdmaEngine::SdmaEngine(const spec::Personality& personality)
    : personality_(personality), version_(personality.sdma_version_major), trace_(trace_enabled()) {}

void SdmaEngine::reset() { local_timestamp_offset_ = 0; }

ExecResult SdmaEngine::execute(ExecEnv& env, uint64_t ib_va, uint32_t size_dw) {
  env_ = &env;
  result_ = ExecResult{};
  packet_at_ = 0;
  if (env.cancel.load(std::memory_order_acquire)) {
    cancelled("before the IB started");
  } else {
    // The kernel's ring INDIRECT packet clears the base's low five bits (sdma_v4_0 / v5_2 emit_ib).
    ib_.fetch(env.vm, Unit::Sdma, spec::gpu_va(ib_va) & ~(sdma::indirect::kBaseAlignment - 1), size_dw);
    for (uint32_t pos = 0; pos < ib_.size;) {
      packet_at_ = pos;
      if (pos >= ib_.available) {
        vm_fault(*ib_.fault);
        break;
      }
      if (!take_budget(env)) {
        budget_exhausted();
        break;
      }
      uint32_t n = step(ib_.dw + pos, ib_.size - pos);
      if (n == 0) break;
      // A packet whose tail lies on a page that could not be fetched faults on that page.
      if (pos + n > ib_.available) {
        vm_fault(*ib_.fault);
        break;
      }
      pos += n;
      result_.dwords += n;
    }
  }
  env_ = nullptr;
  return std::move(result_);
}

uint32_t SdmaEngine::step(const uint32_t* p, uint32_t left) {
  uint8_t op = sdma::packet_op(p[0]);
  uint8_t sub_op = sdma::packet_sub_op(p[0]);
  const sdma::PacketInfo* info = sdma::find_packet(op, sub_op, version_);
  if (!info) return illegal("illegal SDMA opcode %u sub-opcode %u (header 0x%08x)", op, sub_op, p[0]);
  uint32_t length = info->dwords;
  if (op == sdma::NOP) length = 1 + sdma::nop::COUNT.get(p[0]);
  if (length > left)
    return illegal("SDMA %s needs %u dwords, the IB has %u left", info->name.data(), length, left);
  // Handlers read only the dwords that were fetched.
  if (length > ib_.available - packet_at_) return length;
  if (trace_) [[unlikely]]
    trace(p, left);
  switch (op) {
    case sdma::NOP: return length;
    case sdma::COPY: return sub_op == sdma::subop::COPY_LINEAR ? copy(p) : refuse(*info);
    case sdma::WRITE: return sub_op == sdma::subop::WRITE_LINEAR ? write(p, left) : refuse(*info);
    case sdma::FENCE: return fence(p);
    case sdma::TRAP: return length;  // the interrupt's fence processing is the kernel model's
    case sdma::POLL_REGMEM: return sub_op == sdma::subop::POLL_REGMEM ? poll_regmem(p) : refuse(*info);
    case sdma::CONST_FILL: return sub_op == 0 ? const_fill(p) : refuse(*info);
    case sdma::TIMESTAMP: return timestamp(p);
    case sdma::ATOMIC: return atomic(p);
    case sdma::COND_EXE: return cond_exe(p, left);
    case sdma::PRE_EXE: return pre_exe(p, left);
    case sdma::GCR_REQ: return length;  // cache invalidate/writeback: memory is coherent in the model
    case sdma::GPUVM_INV:
      if (version_ < 5) return length;  // DUMMY_TRAP on v4: an interrupt without a fence
      return illegal("SDMA GPUVM_INV (TLB invalidation) belongs to the kernel's VM updates; a user IB may not send it");
    case sdma::SRBM_WRITE: {
      char buf[96];
      std::snprintf(buf, sizeof buf, "illegal register access: SDMA SRBM_WRITE of register 0x%05x at IB+0x%x",
                    sdma::srbm_write::ADDR.in(p), packet_at_ * 4);
      result_.status = ExecStatus::PrivilegedReg;
      result_.diagnostic = buf;
      return 0;
    }
    case sdma::INDIRECT: return illegal("SDMA INDIRECT_BUFFER inside an IB: SDMA IBs do not nest");
    default: return refuse(*info);
  }
}

uint32_t SdmaEngine::refuse(const sdma::PacketInfo& info) {
  switch (info.op) {
    case sdma::COPY:
    case sdma::WRITE:
      return illegal("SDMA %s: tiled and sub-window copies need the surface layouts, which are not modelled",
                     info.name.data());
    case sdma::PTEPDE:
      return illegal("SDMA %s: page-table updates are the kernel's own VM work and are not modelled",
                     info.name.data());
    case sdma::SEM: return illegal("SDMA SEM, the legacy semaphore, is not modelled");
    default: return illegal("SDMA %s is not modelled", info.name.data());
  }
}

uint32_t SdmaEngine::cond_exe(const uint32_t* p, uint32_t left) {
  namespace ce = sdma::cond_exe;
  uint32_t value = 0;
  if (auto f = env_->vm.read(sdma_address(p, ce::ADDR_LO, ce::ADDR_HI) & ~uint64_t{3}, &value, 4, Unit::Sdma))
    return vm_fault(*f);
  if (value == ce::REFERENCE.in(p)) return 5;
  uint32_t skip = ce::EXEC_COUNT.in(p);
  if (5 + skip > left) return illegal("SDMA COND_EXE skips %u dwords, the IB has %u left", skip, left - 5);
  return 5 + skip;
}

uint32_t SdmaEngine::pre_exe(const uint32_t* p, uint32_t left) {
  namespace pe = sdma::pre_exe;
  if (pe::DEV_SEL.in(p) & pe::kThisDevice) return 2;
  uint32_t skip = pe::EXEC_COUNT.in(p);
  if (2 + skip > left) return illegal("SDMA PRE_EXE skips %u dwords, the IB has %u left", skip, left - 2);
  return 2 + skip;
}

void SdmaEngine::trace(const uint32_t* p, uint32_t left) const {
  std::span<const uint32_t> words(p, left);
  spec::decode::Packet d = spec::decode::decode_sdma(words, 0, version_);
  char prefix[40];
  std::snprintf(prefix, sizeof prefix, "[sdma IB+0x%x] ", packet_at_ * 4);
  std::string text;
  spec::decode::format_text(text, d, words.first(d.length), prefix);
  std::fputs(text.c_str(), stderr);
}

uint32_t SdmaEngine::write(const uint32_t* p, uint32_t left) {
  namespace wl = sdma::write_linear;
  uint32_t n = wl::COUNT.in(p) + 1;
  uint32_t length = wl::kFirstData + n;
  if (length > left) return illegal("SDMA WRITE_LINEAR of %u dwords runs past the end of the IB", n);
  if (length > ib_.available - packet_at_) return length;  // the data lies on a page that could not be fetched
  if (auto f = env_->vm.write(sdma_address(p, wl::DST_ADDR_LO, wl::DST_ADDR_HI), p + wl::kFirstData,
                              uint64_t{n} * 4, Unit::Sdma))
    return vm_fault(*f);
  return length;
}

uint32_t SdmaEngine::fence(const uint32_t* p) {
  namespace fe = sdma::fence;
  uint32_t data = fe::DATA.in(p);
  if (auto f = env_->vm.write(sdma_address(p, fe::ADDR_LO, fe::ADDR_HI) & ~uint64_t{3}, &data, 4, Unit::Sdma))
    return vm_fault(*f);
  return 4;
}

uint32_t SdmaEngine::poll_regmem(const uint32_t* p) {
  namespace pr = sdma::poll_regmem;
  auto f = static_cast<spec::pm4::CompareFunction>(pr::FUNC.in(p));
  if (f == spec::pm4::CompareFunction::Reserved) return illegal("SDMA POLL_REGMEM with reserved FUNC 7");
  uint32_t reference = pr::VALUE.in(p), mask = pr::MASK.in(p);
  if (!pr::MEM_POLL.in(p)) {
    // The register form the kernel emits is the HDP flush: write the request register, poll the done register
    // for the bits it asked for. Host-visible memory is coherent here, so the flush is done at once.
    if (pr::HDP_FLUSH.in(p)) return 6;
    return illegal("SDMA POLL_REGMEM of register 0x%05x: register polls other than the HDP flush are not modelled",
                   pr::ADDR_LO.in(p) >> 2);
  }
  uint64_t va = sdma_address(p, pr::ADDR_LO, pr::ADDR_HI) & ~uint64_t{3};
  // RETRY_COUNT only decides when the engine raises a poll-timeout interrupt; it keeps polling either way.
  PollOutcome o = poll(pr::INTERVAL.in(p), [&] {
    uint32_t value = 0;
    if (auto fault = env_->vm.read(va, &value, 4, Unit::Sdma)) return vm_fault(*fault), Probe::Stopped;
    return spec::pm4::compare(f, value, mask, reference) ? Probe::Satisfied : Probe::NotYet;
  });
  return polled(o, 6, "while polling");
}

uint32_t SdmaEngine::polled(PollOutcome o, uint32_t length, const char* what) {
  switch (o) {
    case PollOutcome::Satisfied: return length;
    case PollOutcome::Stopped: return 0;
    case PollOutcome::Cancelled: return cancelled(what);
    case PollOutcome::BudgetExhausted: return budget_exhausted();
  }
  return 0;
}

uint32_t SdmaEngine::const_fill(const uint32_t* p) {
  namespace cf = sdma::const_fill;
  uint64_t bytes = uint64_t{cf::COUNT.in(p)} + 1;
  uint64_t dst = sdma_address(p, cf::DST_ADDR_LO, cf::DST_ADDR_HI);
  uint32_t data = cf::DATA.in(p);
  switch (uint32_t size = cf::FILLSIZE.in(p)) {
    case cf::kByte:
      if (auto f = env_->vm.fill(dst, static_cast<uint8_t>(data), bytes, Unit::Sdma)) return vm_fault(*f);
      return 5;
    case cf::kDword: {
      uint32_t pattern[1024];
      std::fill(std::begin(pattern), std::end(pattern), data);
      for (uint64_t done = 0; done < bytes;) {
        uint64_t len = std::min<uint64_t>(sizeof pattern, bytes - done);
        if (auto f = env_->vm.write(dst + done, pattern, len, Unit::Sdma)) return vm_fault(*f);
        done += len;
      }
      return 5;
    }
    default: return illegal("SDMA CONST_FILL with FILLSIZE %u, which is not modelled", size);
  }
}

uint32_t SdmaEngine::timestamp(const uint32_t* p) {
  namespace ts = sdma::timestamp;
  uint64_t global = clock();
  if (sdma::packet_sub_op(p[0]) == sdma::subop::TIMESTAMP_SET) {
    uint64_t value = (uint64_t{p[2]} << 32) | p[1];
    local_timestamp_offset_ = static_cast<int64_t>(value - global);
    return 3;
  }
  uint64_t value = sdma::packet_sub_op(p[0]) == sdma::subop::TIMESTAMP_GET_GLOBAL
                       ? global
                       : global + static_cast<uint64_t>(local_timestamp_offset_);
  if (auto f = env_->vm.write(sdma_address(p, ts::ADDR_LO, ts::ADDR_HI), &value, 8, Unit::Sdma)) return vm_fault(*f);
  return 3;
}

uint32_t SdmaEngine::atomic(const uint32_t* p) {
  namespace at = sdma::atomic;
  uint8_t code = static_cast<uint8_t>(at::ATOMIC_OP.in(p));
  if (atomic_size(code) == 0) return illegal("SDMA ATOMIC with TC_OP 0x%02x, which is not a memory atomic", code);
  uint64_t va = sdma_address(p, at::ADDR_LO, at::ADDR_HI);
  uint64_t src = (uint64_t{at::SRC_DATA_HI.in(p)} << 32) | at::SRC_DATA_LO.in(p);
  uint64_t cmp = (uint64_t{at::CMP_DATA_HI.in(p)} << 32) | at::CMP_DATA_LO.in(p);
  bool loop = at::LOOP.in(p);
  auto attempt = [&] {
    AtomicResult r = apply_atomic(env_->vm, Unit::Sdma, code, va, src, cmp);
    if (r.fault) return vm_fault(*r.fault), Probe::Stopped;
    return loop && r.compare_failed ? Probe::NotYet : Probe::Satisfied;
  };
  if (!loop) return attempt() == Probe::Satisfied ? 8 : 0;
  // The compare-swap is retried once per LOOP_INTERVAL, as POLL_REGMEM polls.
  PollOutcome o = poll(at::LOOP_INTERVAL.in(p), attempt);
  return polled(o, 8, "while looping on ATOMIC");
}

uint64_t SdmaEngine::clock() const { return gpu_clock_ticks(personality_.dev_info.gpu_counter_freq); }

uint32_t SdmaEngine::illegal(const char* fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  char at[32];
  std::snprintf(at, sizeof at, " at IB+0x%x", packet_at_ * 4);
  result_.status = ExecStatus::IllegalPacket;
  result_.diagnostic = std::string(buf) + at;
  return 0;
}

uint32_t SdmaEngine::vm_fault(const Fault& f) {
  char at[32];
  std::snprintf(at, sizeof at, " at IB+0x%x", packet_at_ * 4);
  result_.status = ExecStatus::VmFault;
  result_.fault = f;
  result_.diagnostic = f.describe() + at;
  return 0;
}

uint32_t SdmaEngine::budget_exhausted() {
  char at[32];
  std::snprintf(at, sizeof at, " at IB+0x%x", packet_at_ * 4);
  result_.status = ExecStatus::Cancelled;
  result_.diagnostic = std::string("budget exhausted") + at;
  return 0;
}

uint32_t SdmaEngine::cancelled(const char* when) {
  char at[32];
  std::snprintf(at, sizeof at, " at IB+0x%x", packet_at_ * 4);
  result_.status = ExecStatus::Cancelled;
  result_.diagnostic = std::string("cancelled ") + when + at;
  return 0;
}

}  // namespace sporkle::sim::gpu
