// Writes the fuzz targets' seed corpora and dictionaries from representative streams built with the spec/
// packet tables, so seeds and dictionaries follow the hardware facts in one place.
//   sporkle_fuzz_corpus <fuzz source dir>
// writes corpus/{pm4,sdma,ioctl}/, regressions/ioctl/budget_* and dict/{pm4,sdma}.dict.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "fuzz/ioctl_program.h"
#include "fuzz/layout.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/registers.h"
#include "sporkle/spec/sdma.h"

namespace {

using namespace sporkle;
namespace fs = std::filesystem;
namespace pm4 = spec::pm4;
namespace sdma = spec::sdma;
using Dwords = std::vector<uint32_t>;

uint32_t lo(uint64_t va) { return static_cast<uint32_t>(va); }
uint32_t hi(uint64_t va) { return static_cast<uint32_t>(va >> 32); }

// A type-3 packet with its body; fields are set with set().
struct Packet3 {
  Dwords d;
  Packet3(uint8_t opcode, uint32_t body) : d(body + 1, 0) { d[0] = pm4::packet3(opcode, body); }
  Packet3& set(const spec::Field& f, uint32_t v) {
    d[f.dword] |= f.put(v);
    return *this;
  }
  Packet3& raw(uint32_t dword, uint32_t v) {
    d[dword] = v;
    return *this;
  }
};

void append(Dwords& to, const Dwords& from) { to.insert(to.end(), from.begin(), from.end()); }

void write(const fs::path& file, uint8_t first, const Dwords& dw) {
  std::ofstream out(file, std::ios::binary);
  out.put(static_cast<char>(first));
  out.write(reinterpret_cast<const char*>(dw.data()), static_cast<std::streamsize>(dw.size() * 4));
}

void write_bytes(const fs::path& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// --- PM4 ---------------------------------------------------------------------------------------------------------

Dwords write_data(uint64_t va, std::initializer_list<uint32_t> values) {
  namespace w = pm4::write_data;
  Packet3 p(pm4::WRITE_DATA, 3 + static_cast<uint32_t>(values.size()));
  p.set(w::DST_SEL, w::kMemory).set(w::WR_CONFIRM, 1).set(w::DST_ADDR_LO, lo(va) >> 2).raw(3, hi(va));
  uint32_t i = w::kFirstValue;
  for (uint32_t v : values) p.raw(i++, v);
  return p.d;
}

Dwords release_mem(uint64_t va, uint32_t data_sel, uint32_t value) {
  namespace r = pm4::release_mem;
  Packet3 p(pm4::RELEASE_MEM, 7);
  p.set(r::EVENT_TYPE, 0x14).set(r::EVENT_INDEX, pm4::event_write::kEndOfPipe).set(r::DATA_SEL, data_sel);
  return p.raw(r::ADDR_LO.dword, lo(va)).raw(r::ADDR_HI.dword, hi(va)).raw(r::DATA_LO.dword, value).d;
}

Dwords wait_reg_mem(uint64_t va, uint32_t reference, pm4::CompareFunction f) {
  namespace w = pm4::wait_reg_mem;
  Packet3 p(pm4::WAIT_REG_MEM, 6);
  p.set(w::FUNCTION, static_cast<uint32_t>(f)).set(w::MEM_SPACE, w::kMemory).set(w::POLL_ADDR_LO, lo(va) >> 2);
  return p.raw(w::POLL_ADDR_HI.dword, hi(va)).raw(w::REFERENCE.dword, reference).raw(w::MASK.dword, ~0u)
      .set(w::POLL_INTERVAL, 4).d;
}

Dwords copy_data(uint32_t src_sel, uint64_t src, uint32_t dst_sel, uint64_t dst) {
  namespace c = pm4::copy_data;
  Packet3 p(pm4::COPY_DATA, 5);
  p.set(c::SRC_SEL, src_sel).set(c::DST_SEL, dst_sel).set(c::WR_CONFIRM, 1);
  return p.raw(2, lo(src)).raw(3, hi(src)).raw(4, lo(dst)).raw(5, hi(dst)).d;
}

Dwords dma_data(uint32_t src_sel, uint64_t src_or_data, uint64_t dst, uint32_t bytes) {
  namespace m = pm4::dma_data;
  Packet3 p(pm4::DMA_DATA, 6);
  p.set(m::SRC_SEL, src_sel).set(m::CP_SYNC, 1);
  return p.raw(2, lo(src_or_data)).raw(3, hi(src_or_data)).raw(4, lo(dst)).raw(5, hi(dst))
      .set(m::BYTE_COUNT, bytes).d;
}

Dwords atomic_mem(uint64_t va, uint8_t op, uint32_t value) {
  namespace a = pm4::atomic_mem;
  Packet3 p(pm4::ATOMIC_MEM, 8);
  return p.set(a::ATOMIC, op).raw(2, lo(va)).raw(3, hi(va)).raw(4, value).d;
}

Dwords set_reg(const spec::reg::RegisterSpace& space, uint32_t reg, uint32_t value) {
  Packet3 p(space.set_opcode, 2);
  return p.set(pm4::set_reg::REG_OFFSET, reg - space.start).raw(2, value).d;
}

Dwords indirect_buffer(uint64_t va, uint32_t size_dw, bool chain) {
  namespace b = pm4::indirect_buffer;
  Packet3 p(pm4::INDIRECT_BUFFER, 3);
  p.set(b::IB_BASE_LO, lo(va) >> 2).set(b::IB_BASE_HI, hi(va)).set(b::IB_SIZE, size_dw).set(b::CHAIN, chain);
  return p.set(b::VALID, 1).d;
}

Dwords event_write(uint8_t type, uint8_t index) {
  return Packet3(pm4::EVENT_WRITE, 1).set(pm4::event_write::EVENT_TYPE, type)
      .set(pm4::event_write::EVENT_INDEX, index).d;
}

Dwords acquire_mem(spec::GfxLevel level) {
  namespace a = pm4::acquire_mem;
  Packet3 p(pm4::ACQUIRE_MEM, level == spec::GfxLevel::Gfx9 ? 6 : 7);
  return p.raw(a::COHER_SIZE.dword, 0xFFFFFFFF).raw(a::COHER_SIZE_HI.dword, 0xFF).set(a::POLL_INTERVAL, 10).d;
}

std::vector<std::pair<std::string, Dwords>> pm4_streams(spec::GfxLevel level) {
  using fuzz::kDataVa;
  std::vector<std::pair<std::string, Dwords>> s;
  s.push_back({"nop", {pm4::type3_header(pm4::NOP, pm4::kHeaderOnlyNopCount), pm4::packet3(pm4::NOP, 2), 0, 0,
                       pm4::kType2Filler}});
  s.push_back({"write_data", write_data(kDataVa, {1, 2, 3})});
  Dwords fence = write_data(kDataVa, {0});
  append(fence, release_mem(kDataVa + 0x100, pm4::release_mem::kData32, 7));
  append(fence, release_mem(kDataVa + 0x108, pm4::release_mem::kData64, 8));
  append(fence, release_mem(kDataVa + 0x110, pm4::release_mem::kGpuClock, 0));
  s.push_back({"release_mem", fence});
  Dwords wait = write_data(kDataVa, {5});
  append(wait, wait_reg_mem(kDataVa, 5, pm4::CompareFunction::Equal));
  s.push_back({"wait_reg_mem", wait});
  s.push_back({"wait_reg_mem_forever", wait_reg_mem(kDataVa, 1, pm4::CompareFunction::Equal)});
  Dwords copies = copy_data(pm4::copy_data::kSrcImmediate, 0x1234, pm4::copy_data::kDstMemory, kDataVa);
  append(copies, copy_data(pm4::copy_data::kSrcMemory, fuzz::kReadOnlyVa, pm4::copy_data::kDstMemory, kDataVa + 8));
  append(copies, dma_data(pm4::dma_data::kSrcAddr, fuzz::kReadOnlyVa, kDataVa + 0x200, 256));
  append(copies, dma_data(pm4::dma_data::kSrcData, 0xDEADBEEF, kDataVa + 0x400, 64));
  s.push_back({"copies", copies});
  Dwords atomics = atomic_mem(kDataVa, pm4::tc_op::ADD_RTN_32, 3);
  append(atomics, atomic_mem(kDataVa + 8, pm4::tc_op::CMPSWAP_RTN_64, 9));
  s.push_back({"atomic_mem", atomics});
  Dwords regs = set_reg(spec::reg::kUconfigSpace, spec::reg::SCRATCH_REG0, 0xCAFE);
  append(regs, set_reg(spec::reg::kShSpace, spec::reg::COMPUTE_PGM_LO, 0x100));
  append(regs, copy_data(pm4::copy_data::kSrcRegister, spec::reg::SCRATCH_REG0, pm4::copy_data::kDstMemory, kDataVa));
  s.push_back({"registers", regs});
  // IB2 at dword 4 of the IB: the call, then the callee's packets (executed again after the return).
  Dwords call = indirect_buffer(fuzz::kIbVa + 16, 5, false);
  append(call, write_data(kDataVa + 0x20, {0xAB}));
  s.push_back({"indirect_buffer", call});
  s.push_back({"chain_loop", indirect_buffer(fuzz::kIbVa, 4, true)});
  Dwords events = event_write(0x07, pm4::event_write::kPartialFlush);
  append(events, acquire_mem(level));
  s.push_back({"events", events});
  Dwords faults = write_data(fuzz::kReadOnlyVa, {1});
  s.push_back({"fault_read_only", faults});
  s.push_back({"fault_hole", write_data(fuzz::kHoleVa, {1})});
  s.push_back({"prt", copy_data(pm4::copy_data::kSrcMemory, fuzz::kPrtVa, pm4::copy_data::kDstMemory, kDataVa)});
  return s;
}

// --- SDMA --------------------------------------------------------------------------------------------------------

Dwords sdma_copy(uint32_t version, uint64_t src, uint64_t dst, uint32_t bytes) {
  namespace c = sdma::copy_linear;
  Dwords d(7, 0);
  d[0] = sdma::header(sdma::COPY, sdma::subop::COPY_LINEAR);
  d[1] = c::count(version).put(bytes - 1);
  d[3] = lo(src), d[4] = hi(src), d[5] = lo(dst), d[6] = hi(dst);
  return d;
}

Dwords sdma_write(uint64_t dst, std::initializer_list<uint32_t> values) {
  Dwords d = {sdma::header(sdma::WRITE, sdma::subop::WRITE_LINEAR), lo(dst), hi(dst),
              sdma::write_linear::COUNT.put(static_cast<uint32_t>(values.size()) - 1)};
  d.insert(d.end(), values);
  return d;
}

Dwords sdma_fence(uint64_t va, uint32_t value) { return {sdma::header(sdma::FENCE), lo(va), hi(va), value}; }

Dwords sdma_fill(uint64_t va, uint32_t value, uint32_t bytes) {
  return {sdma::header(sdma::CONST_FILL, 0, sdma::const_fill::FILLSIZE.put(sdma::const_fill::kDword)), lo(va), hi(va),
          value, sdma::const_fill::COUNT.put(bytes - 1)};
}

Dwords sdma_poll(uint64_t va, uint32_t value, uint32_t retry) {
  namespace p = sdma::poll_regmem;
  return {sdma::header(sdma::POLL_REGMEM, 0, p::FUNC.put(3) | p::MEM_POLL.put(1)), lo(va), hi(va), value, ~0u,
          p::INTERVAL.put(10) | p::RETRY_COUNT.put(retry)};
}

Dwords sdma_atomic(uint64_t va, uint8_t op, uint32_t value) {
  return {sdma::header(sdma::ATOMIC, 0, sdma::atomic::ATOMIC_OP.put(op)), lo(va), hi(va), value, 0, 0, 0,
          sdma::atomic::LOOP_INTERVAL.put(1)};
}

Dwords sdma_timestamp(uint64_t va) {
  return {sdma::header(sdma::TIMESTAMP, sdma::subop::TIMESTAMP_GET_GLOBAL), lo(va), hi(va)};
}

Dwords sdma_cond_exe(uint64_t va, uint32_t reference, uint32_t count) {
  return {sdma::header(sdma::COND_EXE), lo(va), hi(va), reference, sdma::cond_exe::EXEC_COUNT.put(count)};
}

std::vector<std::pair<std::string, Dwords>> sdma_streams(uint32_t version) {
  using fuzz::kDataVa;
  std::vector<std::pair<std::string, Dwords>> s;
  s.push_back({"nop", {sdma::header(sdma::NOP), sdma::header(sdma::NOP, 0, sdma::nop::COUNT.put(1)), 0}});
  s.push_back({"copy_linear", sdma_copy(version, fuzz::kReadOnlyVa, kDataVa, 512)});
  s.push_back({"write_linear", sdma_write(kDataVa + 0x40, {1, 2, 3, 4})});
  Dwords fence = sdma_fill(kDataVa, 0x5A5A5A5A, 256);
  append(fence, sdma_fence(kDataVa + 0x100, 1));
  append(fence, sdma_timestamp(kDataVa + 0x200));
  s.push_back({"fill_fence", fence});
  Dwords poll = sdma_fence(kDataVa, 9);
  append(poll, sdma_poll(kDataVa, 9, 4));
  s.push_back({"poll", poll});
  s.push_back({"poll_forever", sdma_poll(kDataVa, 1, sdma::poll_regmem::kRetryForever)});
  Dwords atomic = sdma_atomic(kDataVa, pm4::tc_op::ADD_RTN_32, 2);
  append(atomic, sdma_cond_exe(kDataVa, 2, 4));
  append(atomic, sdma_fence(kDataVa + 0x10, 3));
  s.push_back({"atomic_cond_exe", atomic});
  s.push_back({"fault", sdma_copy(version, kDataVa, fuzz::kReadOnlyVa, 64)});
  s.push_back({"copy_across", sdma_copy(version, fuzz::kIbVa, kDataVa - 64, 128)});
  return s;
}

// --- ioctl programs ----------------------------------------------------------------------------------------------

namespace ip = fuzz::ioctl_program;

struct Program {
  std::vector<uint8_t> b;
  Program& op(uint8_t o, std::initializer_list<uint8_t> args) {
    b.push_back(o);
    b.insert(b.end(), args);
    return *this;
  }
  Program& bytes(const Dwords& dw) {
    for (uint32_t v : dw)
      for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  Program& u16(uint16_t v) {
    b.push_back(static_cast<uint8_t>(v));
    b.push_back(static_cast<uint8_t>(v >> 8));
    return *this;
  }
  // A BO of pages pages in domains, mapped read-write-execute at 0x200000 + slot * 64 KiB.
  Program& buffer(uint8_t pages, uint8_t domains, uint8_t slot) {
    op(ip::kGemCreate, {static_cast<uint8_t>(0x20 | pages), domains, 0, 0, 0});
    return op(ip::kGemVa, {AMDGPU_VA_OP_MAP, slot, static_cast<uint8_t>(0x80 | slot), 0,
                           static_cast<uint8_t>(0x20 | pages), 1});
  }
  Program& write_ib(uint8_t bo, const Dwords& ib) {
    op(ip::kWriteBo, {bo}).u16(0);
    b.push_back(static_cast<uint8_t>(ib.size() * 4));
    return bytes(ib);
  }
  // CS of one IB of size_dw dwords at the start of mapping slot on (ip type, ring), optionally with more chunks.
  Program& cs(uint8_t ctx, uint8_t ip_type, uint8_t ring, uint8_t slot, uint16_t size_dw,
              std::initializer_list<uint8_t> more = {}, uint8_t more_chunks = 0) {
    op(ip::kCs, {ctx, 0, static_cast<uint8_t>(1 + more_chunks), 0, ip_type, ring, slot, 0}).u16(size_dw);
    b.push_back(0);  // IB flags
    b.push_back(0);  // chunk length as given
    b.insert(b.end(), more);
    b.push_back(0);  // chunk array pointer: valid
    return *this;
  }
};

const uint8_t kGtt = AMDGPU_GEM_DOMAIN_GTT, kVram = AMDGPU_GEM_DOMAIN_VRAM;

std::vector<std::pair<std::string, std::vector<uint8_t>>> ioctl_programs() {
  const uint64_t va = 0x200000;
  Dwords gfx = write_data(va + 0x800, {1, 2});
  append(gfx, release_mem(va + 0x900, pm4::release_mem::kData32, 1));
  Dwords dma = sdma_write(va + 0x800, {3});
  append(dma, sdma_fence(va + 0x900, 2));
  const auto n = [](const Dwords& d) { return static_cast<uint16_t>(d.size()); };
  std::vector<std::pair<std::string, std::vector<uint8_t>>> out;
  for (uint8_t personality : {0, 1}) {
    const std::string suffix = personality ? "_gfx1030" : "_gfx900";
    auto start = [&] { return Program{{personality}}; };

    Program submit = start();
    submit.buffer(4, kGtt, 0).write_ib(0, gfx).op(ip::kCtx, {AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 0});
    submit.cs(0, AMDGPU_HW_IP_GFX, 0, 0, n(gfx)).op(ip::kWaitCs, {0, 2});
    submit.cs(0, AMDGPU_HW_IP_COMPUTE, 1, 0, n(gfx)).op(ip::kWaitCs, {1, 0});
    submit.op(ip::kCtx, {AMDGPU_CTX_OP_QUERY_STATE2, 0, 0, 0}).op(ip::kGemWaitIdle, {0, 2});
    submit.op(ip::kGemVa, {AMDGPU_VA_OP_UNMAP, 0, 0, 0, 0x24, 0}).op(ip::kGemClose, {0});
    out.push_back({"submit" + suffix, submit.b});

    Program sdma_submit = start();
    sdma_submit.buffer(1, kVram, 0).write_ib(0, dma).op(ip::kCtx, {AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 0});
    sdma_submit.cs(0, AMDGPU_HW_IP_DMA, 0, 0, n(dma), {1, 0, 8}, 1);  // + FENCE chunk: BO 0, offset 64
    sdma_submit.op(ip::kWaitFences, {1, 1, 0, 0, 0});
    out.push_back({"sdma" + suffix, sdma_submit.b});

    Program hang = start();  // a zeroed IB is a type-0 packet: the job hangs and the GPU is reset
    hang.buffer(1, kVram, 0).op(ip::kCtx, {AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 0});
    hang.cs(0, AMDGPU_HW_IP_GFX, 0, 0, 8).op(ip::kWaitCs, {0, 0});
    hang.op(ip::kCtx, {AMDGPU_CTX_OP_QUERY_STATE, 0, 0, 0}).op(ip::kCtx, {AMDGPU_CTX_OP_QUERY_STATE2, 0, 0, 0});
    hang.cs(0, AMDGPU_HW_IP_GFX, 0, 0, 8).op(ip::kInfo, {21, 3, 0, 0, 0});
    out.push_back({"hang" + suffix, hang.b});

    Program budget = start();  // a WAIT_REG_MEM that never succeeds: cut by the budget, then a GPU reset
    const Dwords forever = wait_reg_mem(va + 0x800, 1, pm4::CompareFunction::Equal);
    budget.buffer(1, kGtt, 0).write_ib(0, forever).op(ip::kCtx, {AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 0});
    budget.cs(0, AMDGPU_HW_IP_COMPUTE, 0, 0, n(forever)).op(ip::kWaitCs, {0, 2});
    budget.op(ip::kCtx, {AMDGPU_CTX_OP_QUERY_STATE2, 0, 0, 0});
    out.push_back({"regression:budget" + suffix, budget.b});

    Program sync = start();
    sync.buffer(4, kGtt, 0).write_ib(0, gfx).op(ip::kCtx, {AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 0});
    sync.op(ip::kSyncobjCreate, {0}).op(ip::kSyncobjCreate, {1});
    sync.cs(0, AMDGPU_HW_IP_GFX, 0, 0, n(gfx), {5, 0, 0, 4, 1, 0}, 2);  // SYNCOBJ_OUT 0, SYNCOBJ_IN 1
    sync.op(ip::kSyncobjWait, {0, 2, 1, 0, 0, 0, 0, 1, 0});
    sync.op(ip::kSyncobjWait, {1, 1, 0, 0, 0, 0, 3});
    sync.op(ip::kSyncobjArray, {2, 1, 0, 0, 0, 2}).op(ip::kSyncobjArray, {3, 1, 0, 0, 0, 0});
    sync.op(ip::kSyncobjTransfer, {0, 1, 0, 1, 0});
    sync.op(ip::kSyncobjHandleToFd, {0, 0}).op(ip::kSyncobjFdToHandle, {0, 0, 0});
    sync.op(ip::kSyncobjHandleToFd, {1, 1}).op(ip::kSyncobjFdToHandle, {1, 1, 0});
    sync.op(ip::kFenceToHandle, {0, 2}).op(ip::kSyncobjDestroy, {0, 0}).op(ip::kSyncobjArray, {0, 1, 0, 0, 0, 0});
    out.push_back({"syncobj" + suffix, sync.b});

    Program prime = start();
    prime.buffer(2, kVram, 0).op(ip::kPrimeHandleToFd, {0, 1}).op(ip::kPrimeFdToHandle, {0});
    prime.op(ip::kOpenPrimary, {}).op(ip::kPrimeFdToHandle | ip::kOnPrimary, {0});
    prime.op(ip::kFlink | ip::kOnPrimary, {0, 0}).op(ip::kFlink | ip::kOnPrimary, {1, 0});
    prime.op(ip::kSched | ip::kOnPrimary, {2, 1, 2, 0}).op(ip::kCloseFd, {0});
    prime.op(ip::kGemClose, {0}).op(ip::kCloseFile, {1});
    out.push_back({"prime" + suffix, prime.b});

    Program lists = start();
    lists.buffer(1, kGtt, 0).buffer(1, kVram, 1).write_ib(0, gfx);
    lists.op(ip::kBoList, {AMDGPU_BO_LIST_OP_CREATE, 0, 2, 0, 0, 0, 1});
    lists.op(ip::kCtx, {AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 0});
    lists.op(ip::kCs, {0, 0xC0, 0, 1, 0, 0, 0, 0, 0}).u16(n(gfx)).op(0, {0, 0});
    lists.op(ip::kBoList, {AMDGPU_BO_LIST_OP_UPDATE, 0, 1, 0, 0, 1});
    lists.op(ip::kBoList, {AMDGPU_BO_LIST_OP_DESTROY, 0, 0, 0, 0});
    out.push_back({"bo_list" + suffix, lists.b});

    Program info = start();
    for (uint8_t q = 0; q < 27; ++q) info.op(ip::kInfo, {q, 6, 0, static_cast<uint8_t>(q % 3), 0});
    info.op(ip::kVersionCap, {0, 16, 0}).op(ip::kVersionCap, {1, 0x13});
    info.op(ip::kVm, {AMDGPU_VM_OP_RESERVE_VMID, 0}).op(ip::kVm, {AMDGPU_VM_OP_UNRESERVE_VMID, 0});
    out.push_back({"info" + suffix, info.b});

    Program user = start();
    user.op(ip::kGemUserptr, {0, 2, AMDGPU_GEM_USERPTR_REGISTER | AMDGPU_GEM_USERPTR_VALIDATE});
    user.op(ip::kGemVa, {AMDGPU_VA_OP_MAP, 0, 0x80, 0, 0x22, 0}).op(ip::kGemMmap, {0});
    user.op(ip::kGemOp, {0, AMDGPU_GEM_OP_GET_GEM_CREATE_INFO, 0, 0}).op(ip::kGemOp, {0, 1, 4, 0});
    user.op(ip::kGemMetadata, {0, AMDGPU_GEM_METADATA_OP_SET_METADATA, 8, 1});
    user.op(ip::kGemMetadata, {0, AMDGPU_GEM_METADATA_OP_GET_METADATA, 0, 0});
    out.push_back({"userptr" + suffix, user.b});

    Program raw = start();
    for (uint32_t request : {uint32_t{DRM_IOCTL_VERSION}, 0xC0106400u | (0x4A << 0), 0x80086441u, 0x0000644Au,
                             uint32_t{DRM_IOCTL_AMDGPU_CTX}, 0x12345678u}) {
      raw.op(ip::kRawIoctl, {}).bytes({request});
      raw.b.push_back(2);
    }
    out.push_back({"raw" + suffix, raw.b});
  }
  return out;
}

// --- dictionaries ------------------------------------------------------------------------------------------------

std::string quoted(const Dwords& dw) {
  std::string s = "\"";
  char buf[8];
  for (uint32_t v : dw)
    for (int i = 0; i < 4; ++i) {
      std::snprintf(buf, sizeof buf, "\\x%02X", (v >> (8 * i)) & 0xFF);
      s += buf;
    }
  return s + "\"";
}

void write_dicts(const fs::path& dir) {
  std::ofstream pm4_dict(dir / "pm4.dict");
  pm4_dict << "# PM4 type-3 headers with each packet's minimum body (gfx9), buffer addresses and registers of the\n"
              "# fuzz layout. Generated by sporkle_fuzz_corpus from spec/; do not edit.\n";
  for (const pm4::PacketInfo& p : pm4::kPackets) {
    pm4_dict << "h_" << p.name << "=" << quoted({pm4::packet3(p.opcode, p.min_body_gfx9)}) << "\n";
    pm4_dict << "hc_" << p.name << "=" << quoted({pm4::packet3(p.opcode, p.min_body_gfx9, pm4::ShaderType::Compute)})
             << "\n";
  }
  std::ofstream sdma_dict(dir / "sdma.dict");
  sdma_dict << "# SDMA packet headers (op, sub-op) and buffer addresses of the fuzz layout. Generated by\n"
               "# sporkle_fuzz_corpus from spec/; do not edit.\n";
  for (const sdma::PacketInfo& p : sdma::kPackets)
    sdma_dict << "h_" << p.name << "_v" << (p.versions == sdma::kV5 ? "5" : "4") << "="
              << quoted({sdma::header(p.op, p.sub_op)}) << "\n";
  for (std::ofstream* d : {&pm4_dict, &sdma_dict}) {
    const std::pair<const char*, uint64_t> addresses[] = {
        {"ib", fuzz::kIbVa}, {"data", fuzz::kDataVa}, {"data_end", fuzz::kDataVa + fuzz::kDataBytes - 8},
        {"read_only", fuzz::kReadOnlyVa}, {"write_only", fuzz::kWriteOnlyVa}, {"hole", fuzz::kHoleVa},
        {"prt", fuzz::kPrtVa}};
    for (const auto& [name, va] : addresses) *d << "va_" << name << "=" << quoted({lo(va)}) << "\n";
  }
  for (const spec::reg::RegisterSpace& s : spec::reg::kSpaces)
    pm4_dict << "reg_" << s.name << "=" << quoted({s.start}) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <fuzz source dir>\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  for (const char* sub : {"corpus/pm4", "corpus/sdma", "corpus/ioctl", "regressions/ioctl", "dict"})
    fs::create_directories(root / sub);

  const struct {
    const char* name;
    spec::GfxLevel level;
    uint32_t sdma_version;
    uint8_t bit;
  } personalities[] = {{"gfx900", spec::GfxLevel::Gfx9, 4, 0}, {"gfx1030", spec::GfxLevel::Gfx10_3, 5,
                                                                 fuzz::config::kGfx1030}};
  for (const auto& p : personalities) {
    for (const auto& [name, dw] : pm4_streams(p.level)) {
      write(root / "corpus/pm4" / (name + "_" + p.name + "_gfx"), p.bit, dw);
      write(root / "corpus/pm4" / (name + "_" + p.name + "_compute"), p.bit | fuzz::config::kCompute, dw);
    }
    for (const auto& [name, dw] : sdma_streams(p.sdma_version)) write(root / "corpus/sdma" / (name + "_" + p.name), p.bit, dw);
  }
  // Programs named "regression:..." go to regressions/: they run in the regression test but do not seed
  // fuzzing (a never-ending job costs seconds of the deterministic budget, which mutations would multiply).
  const std::string kRegression = "regression:";
  for (const auto& [name, bytes] : ioctl_programs()) {
    if (name.starts_with(kRegression))
      write_bytes(root / "regressions/ioctl" / name.substr(kRegression.size()), bytes);
    else
      write_bytes(root / "corpus/ioctl" / name, bytes);
  }
  write_dicts(root / "dict");
  return 0;
}
