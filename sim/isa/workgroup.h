// Runs workgroups of a compute dispatch: creates each wave with the state the hardware gives it (user SGPRs,
// workgroup ids, workgroup info and scratch offset per COMPUTE_PGM_RSRC2; workitem ids in v0-v2 per
// TIDIG_COMP_CNT; EXEC for partial waves; MODE from RSRC1), then interleaves the waves at barriers until they all
// end or one faults. This is what the PM4 DISPATCH_DIRECT / DISPATCH_INDIRECT handler calls per workgroup.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/gpu/vm.h"
#include "sim/isa/context.h"
#include "sim/isa/decode_cache.h"
#include "sim/isa/interpreter.h"
#include "sim/isa/wave.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::isa {

// What a dispatch sets up once for all its workgroups (the COMPUTE_* registers).
// gfx_level selects the decoder; wave32 is COMPUTE_DISPATCH_INITIATOR.CS_W32_EN (bit 15) on gfx10.3 and is
// ignored on gfx9, whose waves are always 64 wide.
struct DispatchParams {
  uint64_t code_va = 0;  // COMPUTE_PGM_LO/HI << 8
  uint32_t rsrc1 = 0;    // COMPUTE_PGM_RSRC1
  uint32_t rsrc2 = 0;    // COMPUTE_PGM_RSRC2
  std::array<uint32_t, 16> user_data{};               // COMPUTE_USER_DATA_0..15
  std::array<uint32_t, 3> workgroup_size{1, 1, 1};    // COMPUTE_NUM_THREAD_X/Y/Z (full groups)
  uint32_t scratch_wave_bytes = 0;                    // COMPUTE_TMPRING_SIZE.WAVESIZE x 1 KiB
  Apertures apertures;                                // from SH_MEM_BASES of the VMID
  spec::GfxLevel gfx_level = spec::GfxLevel::Gfx9;
  bool wave32 = false;
};

struct WorkgroupParams {
  std::array<uint32_t, 3> id{};    // workgroup id
  std::array<uint32_t, 3> size{};  // threads in this group; zero means the dispatch's full size
  std::optional<uint32_t> lds_bytes;  // default RSRC2.LDS_SIZE x 512
  uint32_t first_scratch_slot = 0;    // scratch slot of the group's first wave (its offset is slot x wave bytes)
};

enum class WorkgroupStatus : uint8_t {
  Completed,
  VmFault,
  IllegalInstruction,
  Trap,
  BudgetExhausted,
  Cancelled,
  InvalidDispatch,  // register values no wave can be created from (e.g. more than 16 user SGPRs)
};
const char* workgroup_status_name(WorkgroupStatus s);

struct WorkgroupResult {
  WorkgroupStatus status = WorkgroupStatus::Completed;
  std::optional<gpu::Fault> fault;
  std::string diagnostic;
  uint32_t wave = 0;  // the wave that stopped the group
  uint64_t pc = 0;    // its PC
  uint64_t instructions = 0;
};

// Field values of COMPUTE_PGM_RSRC1/RSRC2 used to create waves (pm4-isa.md §2.2). The VGPR granule is 4, or 8
// for a gfx10 wave32.
struct ProgramResources {
  uint32_t vgprs;  // allocated VGPRs
  uint32_t user_sgprs;
  bool scratch_en, tgid_en[3], tg_size_en;
  uint32_t tidig_comp_cnt;
  uint32_t lds_bytes;
  uint32_t mode;  // initial MODE
  static ProgramResources from(uint32_t rsrc1, uint32_t rsrc2, bool wave32 = false);
};

class WorkgroupRunner {
 public:
  // The decode cache lives as long as the runner: use one runner per dispatch.
  WorkgroupRunner(gpu::Vm& vm, const DispatchParams& params);

  WorkgroupResult run(const WorkgroupParams& group, Budget& budget);

  // The state of wave i after run() (for tests and diagnostics).
  const Wave& wave(size_t i) const { return *waves_.at(i); }
  const DecodeCache& cache() const { return cache_; }

 private:
  void init_wave(Wave& w, uint32_t index, uint32_t threads, const std::array<uint32_t, 3>& size,
                 const WorkgroupParams& group, uint32_t wave_count);

  gpu::Vm& vm_;
  DispatchParams params_;
  uint8_t lanes_;  // wave size
  ProgramResources res_;
  DecodeCache cache_;
  WorkgroupContext ctx_;
  std::vector<uint8_t> lds_;
  std::vector<std::unique_ptr<Wave>> waves_;
};

}  // namespace sporkle::sim::isa
