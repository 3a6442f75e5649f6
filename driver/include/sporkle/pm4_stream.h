// Typed builder for PM4 type-3 packets, for the GFX and compute (MEC) queues of gfx9 and gfx10.3. Every packet is
// laid out with spec/'s field tables (the same ones the simulator executes and the decoder prints) and checked
// against spec/'s packet table: an opcode the generation or queue does not accept, or a body shorter than the
// packet's, is a programming error (std::logic_error), found when the stream is built rather than on the GPU.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "sporkle/device.h"
#include "sporkle/spec/pm4.h"

namespace sporkle {

// The PM4 generation of a device (NotSupported for chips older than gfx9 or without a spec table).
spec::GfxLevel gfx_level(const DeviceInfo& info);

class Pm4Stream {
 public:
  // ip: Gfx or Compute, the queue the stream will be submitted to.
  explicit Pm4Stream(spec::GfxLevel level, Ip ip = Ip::Compute);
  Pm4Stream(const Device& device, Ip ip) : Pm4Stream(gfx_level(device.info()), ip) {}

  std::span<const uint32_t> dwords() const { return dw_; }
  size_t size_dw() const { return dw_.size(); }
  bool empty() const { return dw_.empty(); }
  void clear() { dw_.clear(); }
  spec::GfxLevel level() const { return level_; }
  Ip ip() const { return ip_; }

  // NOP with payload_dwords of body (0: the one-dword filler NOP).
  Pm4Stream& nop(uint32_t payload_dwords = 0);
  // One-dword NOPs until the size is a multiple of alignment_dw (e.g. HW_IP_INFO's ib_size_alignment / 4).
  Pm4Stream& pad(uint32_t alignment_dw);

  // WRITE_DATA of data to memory at va (dword aligned), confirmed before the next packet; split into several
  // packets if data exceeds one packet's payload.
  Pm4Stream& write_data(uint64_t va, std::span<const uint32_t> data);
  Pm4Stream& write_data(uint64_t va, std::initializer_list<uint32_t> data) {
    return write_data(va, std::span<const uint32_t>(data.begin(), data.size()));
  }
  // COPY_DATA of 32 or 64 bits: memory to memory, or an immediate to memory.
  Pm4Stream& copy_data(uint64_t dst_va, uint64_t src_va, bool is64 = false);
  Pm4Stream& copy_data_immediate(uint64_t dst_va, uint64_t value, bool is64 = false);
  // DMA_DATA through L2: a copy, or a fill with a repeated dword; split at the packet's BYTE_COUNT limit; each
  // packet completes before the CP goes on (CP_SYNC).
  Pm4Stream& dma_copy(uint64_t dst_va, uint64_t src_va, uint64_t bytes);
  Pm4Stream& dma_fill(uint64_t dst_va, uint32_t value, uint64_t bytes);
  // ATOMIC_MEM: op is a spec::pm4::tc_op code.
  Pm4Stream& atomic_mem(uint64_t va, uint8_t op, uint64_t src, uint64_t cmp = 0,
                        spec::pm4::atomic_mem::Command command = spec::pm4::atomic_mem::kSinglePass);

  struct ReleaseMem {
    uint8_t event_type;              // a spec::pm4::kEventTypes value
    uint8_t event_index = spec::pm4::event_write::kEndOfPipe;
    uint32_t cache_actions = 0;      // d1 bits from spec::pm4::release_mem::gfx9 / gfx10 fields
    spec::pm4::release_mem::DataSel data_sel = spec::pm4::release_mem::kData32;
    uint8_t int_sel = 0;
    uint64_t va = 0;
    uint64_t data = 0;
  };
  Pm4Stream& release_mem(const ReleaseMem& r);
  Pm4Stream& event_write(uint8_t event_type, uint8_t event_index);
  // ACQUIRE_MEM over [base, base+size) (size 0: everything) with the generation's cache action bits
  // (gfx9 CP_COHER_CNTL in d1, gfx10.3 GCR_CNTL in d7: spec::pm4::acquire_mem::gfx9 / gfx10 fields).
  Pm4Stream& acquire_mem(uint32_t cache_actions, uint64_t base = 0, uint64_t size = 0);
  // WAIT_REG_MEM on memory: until (*va & mask) function reference.
  Pm4Stream& wait_reg_mem(uint64_t va, uint32_t reference, uint32_t mask = 0xFFFFFFFF,
                          spec::pm4::CompareFunction function = spec::pm4::CompareFunction::Equal,
                          uint32_t poll_interval = 10);
  // MEM_SEMAPHORE on the 64-bit counter at va (8-byte aligned), the CP's own client: a signal adds one (or, with
  // write_one, stores one); a wait blocks until the counter is non-zero, then takes one.
  Pm4Stream& mem_semaphore_signal(uint64_t va, bool write_one = false);
  Pm4Stream& mem_semaphore_wait(uint64_t va);
  // INDIRECT_BUFFER: call size_dw dwords at va (an IB2 when issued from an IB).
  Pm4Stream& indirect_buffer(uint64_t va, uint32_t size_dw);
  // SET_SH_REG of consecutive registers from reg (an absolute offset in the SH space, spec::reg).
  Pm4Stream& set_sh_reg(uint32_t reg, std::span<const uint32_t> values);
  Pm4Stream& set_sh_reg(uint32_t reg, std::initializer_list<uint32_t> values) {
    return set_sh_reg(reg, std::span<const uint32_t>(values.begin(), values.size()));
  }
  // DISPATCH_DIRECT of x*y*z workgroups; initiator is the COMPUTE_DISPATCH_INITIATOR value.
  Pm4Stream& dispatch_direct(uint32_t x, uint32_t y, uint32_t z, uint32_t initiator);

  // --- Common sequences ---
  // End-of-pipe fence: flush and write back the caches, then write value (32 or 64 bits) to va, as the
  // kernel's own ring fence does.
  Pm4Stream& fence_write(uint64_t va, uint64_t value, bool is64 = false);
  // Write back and invalidate every cache level over the whole address space, as the kernel's mem_sync does.
  Pm4Stream& cache_flush();

  struct DispatchSetup {
    uint64_t program_va;            // 256-byte aligned
    uint32_t rsrc1 = 0;
    uint32_t rsrc2 = 0;
    uint32_t rsrc3 = 0;             // written on gfx10.3 only
    uint32_t threads_x = 1, threads_y = 1, threads_z = 1;
    uint32_t resource_limits = 0;
    uint32_t tmpring_size = 0;
    std::span<const uint32_t> user_data;  // COMPUTE_USER_DATA_0.. (at most 16)
  };
  // The SET_SH_REG writes a compute dispatch needs: program address and resources, workgroup size, start at
  // (0,0,0), all CUs enabled, user data.
  Pm4Stream& dispatch_setup(const DispatchSetup& setup);

 private:
  // Appends a header for opcode with body_dwords of body, after checking the packet against spec/.
  void begin(uint8_t opcode, uint32_t body_dwords, spec::pm4::ShaderType shader = spec::pm4::ShaderType::Graphics);
  Pm4Stream& mem_semaphore(uint64_t va, uint32_t sem_sel, uint32_t signal_type);

  spec::GfxLevel level_;
  Ip ip_;
  std::vector<uint32_t> dw_;
};

}  // namespace sporkle
