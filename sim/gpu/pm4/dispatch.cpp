// DISPATCH_DIRECT and DISPATCH_INDIRECT: decoded, validated and latched into the COMPUTE_* registers as the CP
// does, then the shader core runs the workgroups one after another in the job's VM. A wave that faults stops the
// dispatch and the engine (the ring then hangs until its timeout, as on hardware); the cancel flag, the work
// budget and kill_waves() stop waves that never end.
#include <cstdarg>
#include <cstdio>

#include "sim/gpu/pm4/command_processor.h"
#include "sim/isa/workgroup.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;
namespace reg = spec::reg;

namespace {

// The workgroups of one dimension: ids [start, end), the last one with `last` work-items instead of `full`.
struct Span {
  uint32_t start, end, full, last;
  uint32_t size(uint32_t id) const { return id + 1 == end ? last : full; }
};

// RAII marker of waves in flight, so kill_waves() only kills the dispatch running now.
class WavesInFlight {
 public:
  WavesInFlight(std::mutex& m, bool& running, uint32_t& vmid, std::atomic<bool>& kill, uint32_t job_vmid)
      : m_(m), running_(running) {
    std::lock_guard lock(m_);
    running_ = true;
    vmid = job_vmid;
    kill.store(false, std::memory_order_relaxed);
  }
  ~WavesInFlight() {
    std::lock_guard lock(m_);
    running_ = false;
  }

 private:
  std::mutex& m_;
  bool& running_;
};

}  // namespace

bool CommandProcessor::dispatch_direct(const Packet& pkt) {
  namespace dd = pm4::dispatch_direct;
  return launch(dd::DIM_X.in(pkt.p), dd::DIM_Y.in(pkt.p), dd::DIM_Z.in(pkt.p), dd::DISPATCH_INITIATOR.in(pkt.p),
                "DISPATCH_DIRECT");
}

bool CommandProcessor::dispatch_indirect(const Packet& pkt) {
  namespace di = pm4::dispatch_indirect;
  uint64_t va;
  uint32_t initiator;
  if (type_ == RingType::Gfx) {
    uint64_t base = bases_[pm4::set_base::kDispatchIndirectBase];
    va = spec::gpu_va(base + di::DATA_OFFSET.in(pkt.p));
    initiator = di::DISPATCH_INITIATOR_GFX.in(pkt.p);
  } else {
    va = spec::gpu_va((uint64_t{di::ADDR_HI.in(pkt.p)} << 32) | di::ADDR_LO.in(pkt.p));
    initiator = di::DISPATCH_INITIATOR_COMPUTE.in(pkt.p);
  }
  if (va & 3) return illegal("DISPATCH_INDIRECT arguments at 0x%llx are not dword aligned", (unsigned long long)va);
  uint32_t dims[3];
  if (!read_memory(va, dims, sizeof dims)) return false;
  return launch(dims[0], dims[1], dims[2], initiator, "DISPATCH_INDIRECT");
}

bool CommandProcessor::launch(uint32_t x, uint32_t y, uint32_t z, uint32_t initiator, const char* packet) {
  namespace init = pm4::dispatch_initiator;
  uint32_t* sh = regs_.space(reg::kShSpace);
  sh[reg::COMPUTE_DIM_X - reg::kShSpace.start] = x;
  sh[reg::COMPUTE_DIM_X + 1 - reg::kShSpace.start] = y;
  sh[reg::COMPUTE_DIM_X + 2 - reg::kShSpace.start] = z;
  sh[reg::COMPUTE_DISPATCH_INITIATOR - reg::kShSpace.start] = initiator;
  if (!init::COMPUTE_SHADER_EN.get(initiator))
    return illegal("%s with COMPUTE_SHADER_EN clear in DISPATCH_INITIATOR 0x%08x", packet, initiator);
  if (level_ == spec::GfxLevel::Gfx9 && (init::CS_W32_EN.get(initiator) || init::TUNNEL_ENABLE.get(initiator)))
    return illegal("%s with gfx10 initiator bits (CS_W32_EN/TUNNEL_ENABLE) on gfx9: 0x%08x", packet, initiator);
  // An empty grid launches nothing (indirect dispatches rely on this).
  if (x == 0 || y == 0 || z == 0) return true;
  if (init::ORDERED_APPEND_ENBL.get(initiator))
    return illegal("%s with ORDERED_APPEND_ENBL: GDS ordered append is not modelled", packet);
  return run_waves({x, y, z}, initiator, packet);
}

bool CommandProcessor::run_waves(const std::array<uint32_t, 3>& dims, uint32_t initiator, const char* packet) {
  namespace init = pm4::dispatch_initiator;
  namespace cr = reg::compute;
  const uint32_t* sh = regs_.space(reg::kShSpace);
  auto at = [&](uint32_t r) { return sh[r - reg::kShSpace.start]; };

  isa::DispatchParams params;
  params.code_va = (uint64_t{cr::PGM_HI_DATA.get(at(reg::COMPUTE_PGM_HI))} << 40) |
                   (uint64_t{at(reg::COMPUTE_PGM_LO)} << 8);
  params.rsrc1 = at(reg::COMPUTE_PGM_RSRC1);
  params.rsrc2 = at(reg::COMPUTE_PGM_RSRC2);
  for (uint32_t i = 0; i < reg::kComputeUserDataCount; ++i) params.user_data[i] = at(reg::COMPUTE_USER_DATA_0 + i);
  const uint32_t tmpring = at(reg::COMPUTE_TMPRING_SIZE);
  params.scratch_wave_bytes = cr::TMPRING_WAVESIZE.get(tmpring) * cr::kTmpringWaveSizeUnit;
  if (env_->vmid != 0) params.apertures = {reg::kSharedApertureBase, reg::kPrivateApertureBase};
  params.gfx_level = level_;
  // gfx10.3 waves are 32 wide with CS_W32_EN, else 64 (gfx9 rejected the bit above).
  params.wave32 = init::CS_W32_EN.get(initiator);
  const uint32_t lanes = params.wave32 ? 32 : isa::kLanes;

  // DIM_* are end values: groups start at COMPUTE_START_* unless FORCE_START_AT_000. With USE_THREAD_DIMENSIONS
  // they count work-items and the CP sizes the last group; otherwise PARTIAL_TG_EN gives the last group
  // NUM_THREAD_PARTIAL work-items (zero: a full group).
  const bool force_start = init::FORCE_START_AT_000.get(initiator);
  const bool thread_dims = init::USE_THREAD_DIMENSIONS.get(initiator);
  const bool partial_en = init::PARTIAL_TG_EN.get(initiator);
  std::array<Span, 3> span;
  for (int d = 0; d < 3; ++d) {
    const uint32_t num = at(reg::COMPUTE_NUM_THREAD_X + d);
    Span& s = span[d];
    s.full = cr::NUM_THREAD_FULL.get(num);
    s.start = force_start ? 0 : at(reg::COMPUTE_START_X + d);
    if (s.full == 0) return shader_fault("%s with COMPUTE_NUM_THREAD_%c.NUM_THREAD_FULL = 0", packet, 'X' + d);
    params.workgroup_size[d] = s.full;
    if (thread_dims) {
      s.end = static_cast<uint32_t>((uint64_t{dims[d]} + s.full - 1) / s.full);
      s.last = dims[d] - (s.end - 1) * s.full;
    } else {
      const uint32_t partial = cr::NUM_THREAD_PARTIAL.get(num);
      s.end = dims[d];
      s.last = partial_en && partial != 0 ? partial : s.full;
    }
    if (s.start >= s.end) return true;  // nothing left to launch
  }

  const isa::ProgramResources res = isa::ProgramResources::from(params.rsrc1, params.rsrc2, params.wave32);
  const uint64_t group_threads = uint64_t{span[0].full} * span[1].full * span[2].full;
  const uint64_t group_waves = (group_threads + lanes - 1) / lanes;
  // Every wave of a group needs a scratch slot before the group launches; too few slots and it never does.
  if (res.scratch_en && group_waves > cr::TMPRING_WAVES.get(tmpring))
    return shader_fault("%s: SCRATCH_EN with COMPUTE_TMPRING_SIZE.WAVES = %u, a workgroup has %llu waves", packet,
                        cr::TMPRING_WAVES.get(tmpring), (unsigned long long)group_waves);

  isa::WorkgroupRunner runner(env_->vm, params);
  isa::Budget budget;
  budget.remaining = env_->budget ? *env_->budget : UINT64_MAX;
  budget.cancel = &env_->cancel;
  budget.kill = &kill_;
  WavesInFlight in_flight(waves_mutex_, waves_running_, waves_vmid_, kill_, env_->vmid);

  isa::WorkgroupResult r;
  isa::WorkgroupParams group;  // one group at a time: its waves take scratch slots 0..n-1
  for (uint32_t z = span[2].start; z < span[2].end && r.status == isa::WorkgroupStatus::Completed; ++z) {
    for (uint32_t y = span[1].start; y < span[1].end && r.status == isa::WorkgroupStatus::Completed; ++y) {
      for (uint32_t x = span[0].start; x < span[0].end; ++x) {
        // Groups that run only a few instructions never reach the shader core's own polling.
        if (env_->cancel.load(std::memory_order_relaxed) || kill_.load(std::memory_order_relaxed)) {
          r.status = isa::WorkgroupStatus::Cancelled;
          break;
        }
        group.id = {x, y, z};
        group.size = {span[0].size(x), span[1].size(y), span[2].size(z)};
        r = runner.run(group, budget);
        result_.shader_instructions += r.instructions;
        if (r.status != isa::WorkgroupStatus::Completed) break;
      }
    }
  }
  if (env_->budget) *env_->budget = budget.remaining;

  const auto& id = group.id;
  using S = isa::WorkgroupStatus;
  if (r.status == S::Completed) return true;
  if (r.status == S::VmFault) {
    char where_in[96];
    std::snprintf(where_in, sizeof where_in, "%s workgroup (%u,%u,%u) ", packet, id[0], id[1], id[2]);
    result_.status = ExecStatus::VmFault;
    result_.fault = r.fault;
    result_.diagnostic = where_in + r.diagnostic + " at " + where();
    return false;
  }
  if (r.status == S::BudgetExhausted) {
    if (env_->budget) *env_->budget = 0;
    return budget_exhausted();
  }
  if (r.status == S::Cancelled) {
    if (env_->cancel.load(std::memory_order_acquire)) return cancelled("while shader waves ran");
    // Soft recovery killed the waves: the dispatch is over and the IB goes on.
    result_.diagnostic = std::string(packet) + ": waves of VMID " + std::to_string(env_->vmid) + " killed at " +
                         where();
    return true;
  }
  // An illegal instruction, a trap, or registers no wave can be created from: the waves halt.
  return shader_fault("%s workgroup (%u,%u,%u): %s: %s", packet, id[0], id[1], id[2],
                      isa::workgroup_status_name(r.status), r.diagnostic.c_str());
}

bool CommandProcessor::kill_waves(uint32_t vmid) {
  std::lock_guard lock(waves_mutex_);
  if (!waves_running_ || waves_vmid_ != vmid) return false;
  kill_.store(true, std::memory_order_relaxed);
  return true;
}

bool CommandProcessor::shader_fault(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  stop(ExecStatus::ShaderFault, fmt, ap);
  va_end(ap);
  return false;
}

}  // namespace sporkle::sim::gpu
