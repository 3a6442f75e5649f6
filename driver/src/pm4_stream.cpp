#include "sporkle/pm4_stream.h"

#include <stdexcept>
#include <string>
#include <string_view>

#include "sporkle/error.h"

namespace sporkle {

namespace pm4 = spec::pm4;
using spec::Field;
using spec::GfxLevel;

namespace {

// Values looked up by name in spec/'s tables at compile time (an unknown name does not compile).
consteval uint8_t event_type(std::string_view name) {
  for (const pm4::EventType& e : pm4::kEventTypes)
    if (e.name == name) return e.value;
  throw "no such event type in spec::pm4::kEventTypes";
}
consteval uint32_t reg(std::string_view name) {
  for (const spec::reg::Register& r : spec::reg::kRegisters)
    if (r.name == name) return r.offset;
  throw "no such register in spec::reg::kRegisters";
}

// dispatch_setup writes these as runs of consecutive registers.
static_assert(reg("COMPUTE_PGM_HI") == reg("COMPUTE_PGM_LO") + 1);
static_assert(reg("COMPUTE_PGM_RSRC2") == reg("COMPUTE_PGM_RSRC1") + 1);
static_assert(reg("COMPUTE_START_Z") == reg("COMPUTE_START_X") + 2);
static_assert(reg("COMPUTE_NUM_THREAD_Z") == reg("COMPUTE_NUM_THREAD_X") + 2);
static_assert(reg("COMPUTE_STATIC_THREAD_MGMT_SE1") == reg("COMPUTE_STATIC_THREAD_MGMT_SE0") + 1);
static_assert(reg("COMPUTE_STATIC_THREAD_MGMT_SE3") == reg("COMPUTE_STATIC_THREAD_MGMT_SE2") + 1);

// The largest body a type-3 header describes, short of COUNT 0x3FFF (the one-dword NOP's marker).
constexpr uint32_t kMaxBody = pm4::kHeaderOnlyNopCount;

void put(uint32_t* p, const Field& f, uint32_t value) { p[f.dword] |= f.put(value); }
// The low dword of an address into a field that holds bits [shift, 32) of it; the address must be aligned to
// the field's granularity.
void put_lo(uint32_t* p, const Field& f, uint64_t va, const char* what) {
  if (va & ((uint64_t{1} << f.shift) - 1))
    throw Error(EINVAL, what, "address " + std::to_string(va) + " not aligned to " +
                                  std::to_string(1u << f.shift) + " bytes");
  p[f.dword] |= f.put(static_cast<uint32_t>(va) >> f.shift);
}
void put_hi(uint32_t* p, const Field& f, uint64_t va) { p[f.dword] |= f.put(static_cast<uint32_t>(va >> 32)); }

constexpr uint64_t field_max(const Field& f) { return f.mask() >> f.shift; }

}  // namespace

GfxLevel gfx_level(const DeviceInfo& info) {
  std::string_view t = info.gfx_target;
  if (t.starts_with("gfx9")) return GfxLevel::Gfx9;
  if (t.starts_with("gfx103")) return GfxLevel::Gfx10_3;
  throw NotSupported("gfx_level", "no PM4 tables for " + (t.empty() ? std::string("this chip") : std::string(t)));
}

Pm4Stream::Pm4Stream(GfxLevel level, Ip ip) : level_(level), ip_(ip) {
  if (ip != Ip::Gfx && ip != Ip::Compute) throw Error(EINVAL, "Pm4Stream", "PM4 runs on GFX and compute queues");
}

void Pm4Stream::begin(uint8_t opcode, uint32_t body, pm4::ShaderType shader) {
  const pm4::PacketInfo* info = pm4::find_packet(opcode);
  const uint8_t queue = ip_ == Ip::Gfx ? spec::kGfxQueue : spec::kComputeQueue;
  if (!info || !info->valid_on(level_) || !(info->queues & queue) || body < info->min_body(level_) ||
      body > kMaxBody || (!info->payload && body != info->min_body(level_)))
    throw std::logic_error("Pm4Stream: malformed packet " + std::to_string(opcode) + " with " +
                           std::to_string(body) + " body dwords");
  dw_.push_back(pm4::packet3(opcode, body, shader));
  dw_.resize(dw_.size() + body, 0);
}

Pm4Stream& Pm4Stream::nop(uint32_t payload_dwords) {
  if (payload_dwords == 0) {
    dw_.push_back(pm4::kNopPad);
    return *this;
  }
  begin(pm4::NOP, payload_dwords);
  return *this;
}

Pm4Stream& Pm4Stream::pad(uint32_t alignment_dw) {
  while (alignment_dw > 1 && dw_.size() % alignment_dw) dw_.push_back(pm4::kNopPad);
  return *this;
}

Pm4Stream& Pm4Stream::write_data(uint64_t va, std::span<const uint32_t> data) {
  namespace wd = pm4::write_data;
  const uint32_t fixed = wd::kFirstValue - 1;
  while (!data.empty()) {
    const size_t n = std::min<size_t>(data.size(), kMaxBody - fixed);
    const size_t at = dw_.size();
    begin(pm4::WRITE_DATA, static_cast<uint32_t>(fixed + n));
    uint32_t* p = &dw_[at];
    put(p, wd::DST_SEL, wd::kMemory);
    put(p, wd::WR_CONFIRM, 1);
    put_lo(p, wd::DST_ADDR_LO, va, "Pm4Stream::write_data");
    put_hi(p, wd::DST_ADDR_HI, va);
    std::copy(data.begin(), data.begin() + n, p + wd::kFirstValue);
    data = data.subspan(n);
    va += n * 4;
  }
  return *this;
}

Pm4Stream& Pm4Stream::copy_data(uint64_t dst_va, uint64_t src_va, bool is64) {
  namespace cd = pm4::copy_data;
  const size_t at = dw_.size();
  begin(pm4::COPY_DATA, 5);
  uint32_t* p = &dw_[at];
  put(p, cd::SRC_SEL, cd::kSrcMemory);
  put(p, cd::DST_SEL, cd::kDstMemory);
  put(p, cd::COUNT_SEL, is64);
  put(p, cd::WR_CONFIRM, 1);
  if ((src_va | dst_va) & (is64 ? 7 : 3)) throw Error(EINVAL, "Pm4Stream::copy_data", "unaligned address");
  put(p, cd::SRC_LO, static_cast<uint32_t>(src_va));
  put_hi(p, cd::SRC_HI, src_va);
  put(p, cd::DST_LO, static_cast<uint32_t>(dst_va));
  put_hi(p, cd::DST_HI, dst_va);
  return *this;
}

Pm4Stream& Pm4Stream::copy_data_immediate(uint64_t dst_va, uint64_t value, bool is64) {
  namespace cd = pm4::copy_data;
  const size_t at = dw_.size();
  begin(pm4::COPY_DATA, 5);
  uint32_t* p = &dw_[at];
  put(p, cd::SRC_SEL, cd::kSrcImmediate);
  put(p, cd::DST_SEL, cd::kDstMemory);
  put(p, cd::COUNT_SEL, is64);
  put(p, cd::WR_CONFIRM, 1);
  if (dst_va & (is64 ? 7 : 3)) throw Error(EINVAL, "Pm4Stream::copy_data_immediate", "unaligned address");
  put(p, cd::SRC_LO, static_cast<uint32_t>(value));
  put(p, cd::SRC_HI, static_cast<uint32_t>(value >> 32));
  put(p, cd::DST_LO, static_cast<uint32_t>(dst_va));
  put_hi(p, cd::DST_HI, dst_va);
  return *this;
}

namespace {
// Largest page-multiple a DMA_DATA packet moves, so every chunk after the first starts page aligned.
constexpr uint64_t kDmaChunk = field_max(pm4::dma_data::BYTE_COUNT) & ~uint64_t{0xFFF};
}  // namespace

Pm4Stream& Pm4Stream::dma_copy(uint64_t dst_va, uint64_t src_va, uint64_t bytes) {
  namespace dd = pm4::dma_data;
  for (uint64_t done = 0; done < bytes;) {
    const uint64_t n = std::min(bytes - done, kDmaChunk);
    const size_t at = dw_.size();
    begin(pm4::DMA_DATA, 6);
    uint32_t* p = &dw_[at];
    put(p, dd::SRC_SEL, dd::kSrcAddrTcL2);
    put(p, dd::DST_SEL, dd::kDstAddrTcL2);
    put(p, dd::CP_SYNC, 1);
    put(p, dd::SRC_ADDR_LO, static_cast<uint32_t>(src_va + done));
    put_hi(p, dd::SRC_ADDR_HI, src_va + done);
    put(p, dd::DST_ADDR_LO, static_cast<uint32_t>(dst_va + done));
    put_hi(p, dd::DST_ADDR_HI, dst_va + done);
    put(p, dd::BYTE_COUNT, static_cast<uint32_t>(n));
    done += n;
  }
  return *this;
}

Pm4Stream& Pm4Stream::dma_fill(uint64_t dst_va, uint32_t value, uint64_t bytes) {
  namespace dd = pm4::dma_data;
  for (uint64_t done = 0; done < bytes;) {
    const uint64_t n = std::min(bytes - done, kDmaChunk);
    const size_t at = dw_.size();
    begin(pm4::DMA_DATA, 6);
    uint32_t* p = &dw_[at];
    put(p, dd::SRC_SEL, dd::kSrcData);
    put(p, dd::DST_SEL, dd::kDstAddrTcL2);
    put(p, dd::CP_SYNC, 1);
    put(p, dd::SRC_ADDR_LO, value);
    put(p, dd::DST_ADDR_LO, static_cast<uint32_t>(dst_va + done));
    put_hi(p, dd::DST_ADDR_HI, dst_va + done);
    put(p, dd::BYTE_COUNT, static_cast<uint32_t>(n));
    done += n;
  }
  return *this;
}

Pm4Stream& Pm4Stream::atomic_mem(uint64_t va, uint8_t op, uint64_t src, uint64_t cmp,
                                 pm4::atomic_mem::Command command) {
  namespace am = pm4::atomic_mem;
  const size_t at = dw_.size();
  begin(pm4::ATOMIC_MEM, 8);
  uint32_t* p = &dw_[at];
  put(p, am::ATOMIC, op);
  put(p, am::COMMAND, command);
  put(p, am::ADDR_LO, static_cast<uint32_t>(va));
  put_hi(p, am::ADDR_HI, va);
  put(p, am::SRC_DATA_LO, static_cast<uint32_t>(src));
  put(p, am::SRC_DATA_HI, static_cast<uint32_t>(src >> 32));
  put(p, am::CMP_DATA_LO, static_cast<uint32_t>(cmp));
  put(p, am::CMP_DATA_HI, static_cast<uint32_t>(cmp >> 32));
  if (command == am::kLoopUntilCompareSatisfied) put(p, am::LOOP_INTERVAL, 128);
  return *this;
}

Pm4Stream& Pm4Stream::release_mem(const ReleaseMem& r) {
  namespace rm = pm4::release_mem;
  const uint64_t align = r.data_sel == rm::kData32 ? 4 : 8;
  if (r.data_sel != rm::kNone && (r.va & (align - 1)))
    throw Error(EINVAL, "Pm4Stream::release_mem", "unaligned address");
  const size_t at = dw_.size();
  begin(pm4::RELEASE_MEM, 7);
  uint32_t* p = &dw_[at];
  put(p, rm::EVENT_TYPE, r.event_type);
  put(p, rm::EVENT_INDEX, r.event_index);
  p[1] |= r.cache_actions;
  put(p, rm::DST_SEL, rm::kMemoryController);
  put(p, rm::INT_SEL, r.int_sel);
  put(p, rm::DATA_SEL, r.data_sel);
  put(p, rm::ADDR_LO, static_cast<uint32_t>(r.va));
  put_hi(p, rm::ADDR_HI, r.va);
  put(p, rm::DATA_LO, static_cast<uint32_t>(r.data));
  put(p, rm::DATA_HI, static_cast<uint32_t>(r.data >> 32));
  return *this;
}

Pm4Stream& Pm4Stream::event_write(uint8_t type, uint8_t index) {
  namespace ew = pm4::event_write;
  const size_t at = dw_.size();
  begin(pm4::EVENT_WRITE, 1);
  put(&dw_[at], ew::EVENT_TYPE, type);
  put(&dw_[at], ew::EVENT_INDEX, index);
  return *this;
}

Pm4Stream& Pm4Stream::acquire_mem(uint32_t cache_actions, uint64_t base, uint64_t size) {
  namespace am = pm4::acquire_mem;
  const bool gfx9 = level_ == GfxLevel::Gfx9;
  const size_t at = dw_.size();
  begin(pm4::ACQUIRE_MEM, gfx9 ? 6 : 7);
  uint32_t* p = &dw_[at];
  if (gfx9)
    p[am::COHER_CNTL.dword] |= cache_actions;
  else
    p[am::GCR_CNTL.dword] |= cache_actions;
  // Base and size count 256-byte units; size 0 asks for the whole address space.
  const uint64_t units = size ? (size + 255) >> 8 : ~uint64_t{0};
  put(p, am::COHER_SIZE, static_cast<uint32_t>(units));
  put(p, am::COHER_SIZE_HI, static_cast<uint32_t>(units >> 32));
  put(p, am::COHER_BASE_LO, static_cast<uint32_t>(base >> 8));
  put(p, am::COHER_BASE_HI, static_cast<uint32_t>(base >> 40));
  put(p, am::POLL_INTERVAL, 10);
  return *this;
}

Pm4Stream& Pm4Stream::wait_reg_mem(uint64_t va, uint32_t reference, uint32_t mask, pm4::CompareFunction function,
                                   uint32_t poll_interval) {
  namespace wrm = pm4::wait_reg_mem;
  const size_t at = dw_.size();
  begin(pm4::WAIT_REG_MEM, 6);
  uint32_t* p = &dw_[at];
  put(p, wrm::FUNCTION, static_cast<uint32_t>(function));
  put(p, wrm::MEM_SPACE, wrm::kMemory);
  put(p, wrm::OPERATION, wrm::kWait);
  put_lo(p, wrm::POLL_ADDR_LO, va, "Pm4Stream::wait_reg_mem");
  put_hi(p, wrm::POLL_ADDR_HI, va);
  put(p, wrm::REFERENCE, reference);
  put(p, wrm::MASK, mask);
  put(p, wrm::POLL_INTERVAL, poll_interval);
  return *this;
}

Pm4Stream& Pm4Stream::mem_semaphore(uint64_t va, uint32_t sem_sel, uint32_t signal_type) {
  namespace ms = pm4::mem_semaphore;
  const size_t at = dw_.size();
  begin(pm4::MEM_SEMAPHORE, 2);
  uint32_t* p = &dw_[at];
  put_lo(p, ms::ADDR_LO, va, "Pm4Stream::mem_semaphore");
  put_hi(p, ms::ADDR_HI, va);
  put(p, ms::SIGNAL_TYPE, signal_type);
  put(p, ms::CLIENT_CODE, ms::kClientCp);
  put(p, ms::SEM_SEL, sem_sel);
  return *this;
}

Pm4Stream& Pm4Stream::mem_semaphore_signal(uint64_t va, bool write_one) {
  namespace ms = pm4::mem_semaphore;
  return mem_semaphore(va, ms::kSignal, write_one ? ms::kWriteOne : ms::kIncrement);
}

Pm4Stream& Pm4Stream::mem_semaphore_wait(uint64_t va) {
  namespace ms = pm4::mem_semaphore;
  return mem_semaphore(va, ms::kWait, ms::kIncrement);
}

Pm4Stream& Pm4Stream::indirect_buffer(uint64_t va, uint32_t size_dw) {
  namespace ib = pm4::indirect_buffer;
  if (size_dw > field_max(ib::IB_SIZE)) throw Error(EINVAL, "Pm4Stream::indirect_buffer", "IB too large");
  const size_t at = dw_.size();
  begin(pm4::INDIRECT_BUFFER, 3);
  uint32_t* p = &dw_[at];
  put_lo(p, ib::IB_BASE_LO, va, "Pm4Stream::indirect_buffer");
  put_hi(p, ib::IB_BASE_HI, va);
  put(p, ib::IB_SIZE, size_dw);
  put(p, ib::VALID, 1);
  return *this;
}

Pm4Stream& Pm4Stream::set_sh_reg(uint32_t r, std::span<const uint32_t> values) {
  namespace sr = pm4::set_reg;
  const spec::reg::RegisterSpace& sh = spec::reg::kShSpace;
  if (values.empty() || !sh.contains(r) || r + values.size() > sh.end)
    throw Error(EINVAL, "Pm4Stream::set_sh_reg", "registers outside the SH space");
  const size_t at = dw_.size();
  begin(pm4::SET_SH_REG, static_cast<uint32_t>(sr::kFirstValue - 1 + values.size()), pm4::ShaderType::Compute);
  uint32_t* p = &dw_[at];
  put(p, sr::REG_OFFSET, r - sh.start);
  std::copy(values.begin(), values.end(), p + sr::kFirstValue);
  return *this;
}

Pm4Stream& Pm4Stream::dispatch_direct(uint32_t x, uint32_t y, uint32_t z, uint32_t initiator) {
  const size_t at = dw_.size();
  begin(pm4::DISPATCH_DIRECT, 4, pm4::ShaderType::Compute);
  uint32_t* p = &dw_[at];
  p[1] = x;
  p[2] = y;
  p[3] = z;
  p[4] = initiator;
  return *this;
}

Pm4Stream& Pm4Stream::fence_write(uint64_t va, uint64_t value, bool is64) {
  namespace rm = pm4::release_mem;
  uint32_t caches = 0;
  if (level_ == GfxLevel::Gfx9) {
    caches = rm::gfx9::TCL1_ACTION_EN.put(1) | rm::gfx9::TC_ACTION_EN.put(1) | rm::gfx9::TC_WB_ACTION_EN.put(1) |
             rm::gfx9::TC_MD_ACTION_EN.put(1);
  } else {
    caches = rm::gfx10::SEQ.put(1) | rm::gfx10::GL2_WB.put(1) | rm::gfx10::GLM_INV.put(1) |
             rm::gfx10::GLM_WB.put(1) | rm::CACHE_POLICY.put(3);
  }
  return release_mem({.event_type = event_type("CACHE_FLUSH_AND_INV_TS_EVENT"),
                      .cache_actions = caches,
                      .data_sel = is64 ? rm::kData64 : rm::kData32,
                      .va = va,
                      .data = value});
}

Pm4Stream& Pm4Stream::cache_flush() {
  namespace am = pm4::acquire_mem;
  uint32_t actions = 0;
  if (level_ == GfxLevel::Gfx9) {
    actions = am::gfx9::SH_ICACHE_ACTION_ENA.put(1) | am::gfx9::SH_KCACHE_ACTION_ENA.put(1) |
              am::gfx9::TC_ACTION_ENA.put(1) | am::gfx9::TC_WB_ACTION_ENA.put(1) | am::gfx9::TCL1_ACTION_ENA.put(1);
  } else {
    actions = am::gfx10::GL2_INV.put(1) | am::gfx10::GL2_WB.put(1) | am::gfx10::GLM_INV.put(1) |
              am::gfx10::GLM_WB.put(1) | am::gfx10::GL1_INV.put(1) | am::gfx10::GLV_INV.put(1) |
              am::gfx10::GLK_INV.put(1) | am::gfx10::GLI_INV.put(1);
  }
  return acquire_mem(actions);
}

Pm4Stream& Pm4Stream::dispatch_setup(const DispatchSetup& s) {
  if (s.program_va & 0xFF) throw Error(EINVAL, "Pm4Stream::dispatch_setup", "program not 256-byte aligned");
  if (s.user_data.size() > 16) throw Error(EINVAL, "Pm4Stream::dispatch_setup", "more than 16 user data");
  set_sh_reg(reg("COMPUTE_PGM_LO"), {static_cast<uint32_t>(s.program_va >> 8), static_cast<uint32_t>(s.program_va >> 40)});
  set_sh_reg(reg("COMPUTE_PGM_RSRC1"), {s.rsrc1, s.rsrc2});
  if (level_ == GfxLevel::Gfx10_3) set_sh_reg(reg("COMPUTE_PGM_RSRC3"), {s.rsrc3});
  set_sh_reg(reg("COMPUTE_RESOURCE_LIMITS"), {s.resource_limits});
  set_sh_reg(reg("COMPUTE_TMPRING_SIZE"), {s.tmpring_size});
  set_sh_reg(reg("COMPUTE_START_X"), {0, 0, 0});
  set_sh_reg(reg("COMPUTE_NUM_THREAD_X"), {s.threads_x, s.threads_y, s.threads_z});
  set_sh_reg(reg("COMPUTE_STATIC_THREAD_MGMT_SE0"), {0xFFFFFFFF, 0xFFFFFFFF});
  set_sh_reg(reg("COMPUTE_STATIC_THREAD_MGMT_SE2"), {0xFFFFFFFF, 0xFFFFFFFF});
  if (!s.user_data.empty()) set_sh_reg(reg("COMPUTE_USER_DATA_0"), s.user_data);
  return *this;
}

}  // namespace sporkle
