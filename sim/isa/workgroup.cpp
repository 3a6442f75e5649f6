#include "sim/isa/workgroup.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "sporkle/spec/isa_gfx10.h"
#include "sporkle/spec/registers.h"

namespace sporkle::sim::isa {

namespace {

constexpr uint32_t kMaxWorkItemsPerGroup = 1024;
// LDS one workgroup can allocate: 64 KiB on gfx9, and on gfx10.3 in both CU and WGP mode (a WGP's 128 KiB is
// shared between its workgroups). WGP mode otherwise only changes which SIMDs run the waves and how their L0
// caches share data, neither of which a model with synchronous memory can observe.
constexpr uint32_t kMaxLdsPerGroup = spec::isa::gfx10::kMaxLdsPerWorkgroup;

WorkgroupStatus from_wave(WaveStatus s) {
  switch (s) {
    case WaveStatus::VmFault: return WorkgroupStatus::VmFault;
    case WaveStatus::IllegalInstruction: return WorkgroupStatus::IllegalInstruction;
    case WaveStatus::Trap: return WorkgroupStatus::Trap;
    default: return WorkgroupStatus::Completed;
  }
}

}  // namespace

const char* workgroup_status_name(WorkgroupStatus s) {
  switch (s) {
    case WorkgroupStatus::Completed: return "completed";
    case WorkgroupStatus::VmFault: return "VM fault";
    case WorkgroupStatus::IllegalInstruction: return "illegal instruction";
    case WorkgroupStatus::Trap: return "trap";
    case WorkgroupStatus::BudgetExhausted: return "instruction budget exhausted";
    case WorkgroupStatus::Cancelled: return "cancelled";
    case WorkgroupStatus::InvalidDispatch: return "invalid dispatch";
  }
  return "?";
}

ProgramResources ProgramResources::from(uint32_t rsrc1, uint32_t rsrc2, bool wave32) {
  namespace r1 = spec::reg::pgm_rsrc1;
  namespace r2 = spec::reg::pgm_rsrc2;
  namespace mode = spec::isa::gfx10::mode;  // same MODE layout on gfx9
  ProgramResources r{};
  r.vgprs = std::min<uint32_t>((r1::VGPRS.get(rsrc1) + 1) * spec::isa::gfx10::vgpr_granule(wave32), kMaxVgprs);
  r.user_sgprs = r2::USER_SGPR.get(rsrc2);
  r.scratch_en = r2::SCRATCH_EN.get(rsrc2);
  for (unsigned i = 0; i < 3; ++i) r.tgid_en[i] = r2::tgid_en(i).get(rsrc2);
  r.tg_size_en = r2::TG_SIZE_EN.get(rsrc2);
  r.tidig_comp_cnt = r2::TIDIG_COMP_CNT.get(rsrc2);
  r.lds_bytes = r2::LDS_SIZE.get(rsrc2) * r2::kLdsGranule;
  r.mode = r1::FLOAT_MODE.get(rsrc1) | r1::DX10_CLAMP.get(rsrc1) << mode::DX10_CLAMP.lo |
           r1::IEEE_MODE.get(rsrc1) << mode::IEEE.lo;
  return r;
}

WorkgroupRunner::WorkgroupRunner(gpu::Vm& vm, const DispatchParams& params)
    : vm_(vm),
      params_(params),
      lanes_(params.wave32 && params.gfx_level != spec::GfxLevel::Gfx9 ? 32 : kLanes),
      res_(ProgramResources::from(params.rsrc1, params.rsrc2, lanes_ == 32)),
      cache_(vm, static_cast<uint16_t>(res_.vgprs), decoder_for(params.gfx_level)) {
  ctx_.vm = &vm_;
  ctx_.apertures = params.apertures;
}

void WorkgroupRunner::init_wave(Wave& w, uint32_t index, uint32_t threads, const std::array<uint32_t, 3>& size,
                                const WorkgroupParams& group, uint32_t wave_count) {
  std::memset(w.sgpr, 0, sizeof w.sgpr);
  std::memset(w.vgpr, 0, sizeof(w.vgpr[0]) * res_.vgprs);
  w.pc = params_.code_va;
  w.mode = res_.mode;
  w.trapsts = 0;
  w.scc = false;
  w.gpr_idx_on = false;
  w.num_vgprs = static_cast<uint16_t>(res_.vgprs);
  w.gfx = params_.gfx_level;
  w.lanes = lanes_;
  w.lane_mask = lanes_ == kLanes ? ~0ull : (1ull << lanes_) - 1;
  w.flat_scratch = 0;
  w.wave_in_group = index;
  w.status = WaveStatus::Running;
  w.fault.reset();
  w.diagnostic.clear();
  w.wg = &ctx_;

  // User SGPRs, then the system SGPRs in their fixed order.
  uint32_t s = 0;
  for (; s < res_.user_sgprs; ++s) w.sgpr[s] = params_.user_data[s];
  for (int d = 0; d < 3; ++d)
    if (res_.tgid_en[d]) w.sgpr[s++] = group.id[d];
  if (res_.tg_size_en) w.sgpr[s++] = (index == 0 ? 1u << 31 : 0) | (wave_count & 0x3F);
  if (res_.scratch_en) w.sgpr[s++] = (group.first_scratch_slot + index) * params_.scratch_wave_bytes;

  // Work-item ids, x fastest, counted from the wave's first work-item; lanes past the group's thread count are
  // off in EXEC.
  const uint32_t first = index * lanes_;
  const int active = int(std::min<uint32_t>(lanes_, threads - first));
  uint32_t x = first % size[0], y = (first / size[0]) % size[1], z = first / (size[0] * size[1]);
  uint32_t* vx = w.vgpr[0];
  uint32_t* vy = res_.tidig_comp_cnt >= 1 && res_.vgprs > 1 ? w.vgpr[1] : nullptr;
  uint32_t* vz = res_.tidig_comp_cnt >= 2 && res_.vgprs > 2 ? w.vgpr[2] : nullptr;
  if (x + uint32_t(active) <= size[0]) {  // one row: y and z are the same for every lane
    for (int lane = 0; lane < active; ++lane) vx[lane] = x + uint32_t(lane);
    if (vy) std::fill_n(vy, active, y);
    if (vz) std::fill_n(vz, active, z);
  } else {
    for (int lane = 0; lane < active; ++lane) {
      vx[lane] = x;
      if (vy) vy[lane] = y;
      if (vz) vz[lane] = z;
      if (++x == size[0]) {
        x = 0;
        if (++y == size[1]) y = 0, ++z;
      }
    }
  }
  w.set_exec(active == kLanes ? ~0ull : (1ull << active) - 1);
}

WorkgroupResult WorkgroupRunner::run(const WorkgroupParams& group, Budget& budget) {
  WorkgroupResult result;
  std::array<uint32_t, 3> size = group.size;
  for (int d = 0; d < 3; ++d)
    if (size[d] == 0) size[d] = params_.workgroup_size[d];
  uint64_t threads = uint64_t(size[0]) * size[1] * size[2];
  uint32_t wave_count = static_cast<uint32_t>((threads + lanes_ - 1) / lanes_);
  if (res_.user_sgprs > params_.user_data.size()) {
    result.status = WorkgroupStatus::InvalidDispatch;
    result.diagnostic = "RSRC2.USER_SGPR asks for more than 16 user SGPRs";
    return result;
  }
  if (threads == 0 || threads > kMaxWorkItemsPerGroup) {
    result.status = WorkgroupStatus::InvalidDispatch;
    result.diagnostic = "workgroup size must be 1..1024 work-items";
    return result;
  }

  uint32_t lds_bytes = group.lds_bytes.value_or(res_.lds_bytes);
  if (lds_bytes > kMaxLdsPerGroup) {
    result.status = WorkgroupStatus::InvalidDispatch;
    result.diagnostic = "LDS per workgroup exceeds 64 KiB";
    return result;
  }
  lds_.assign(lds_bytes, 0);
  ctx_.lds = lds_.data();
  ctx_.lds_size = static_cast<uint32_t>(lds_.size());
  while (waves_.size() < wave_count) waves_.push_back(std::make_unique<Wave>());
  for (uint32_t i = 0; i < wave_count; ++i) init_wave(*waves_[i], i, uint32_t(threads), size, group, wave_count);

  uint64_t start = budget.remaining;
  for (;;) {
    bool any_running = false;
    for (uint32_t i = 0; i < wave_count; ++i) {
      Wave& w = *waves_[i];
      if (w.status != WaveStatus::Running) continue;
      any_running = true;
      RunEnd end = run_wave(w, cache_, budget);
      if (end != RunEnd::Stopped || (w.status != WaveStatus::Ended && w.status != WaveStatus::AtBarrier)) {
        result.status = end == RunEnd::BudgetExhausted ? WorkgroupStatus::BudgetExhausted
                        : end == RunEnd::Cancelled     ? WorkgroupStatus::Cancelled
                                                       : from_wave(w.status);
        result.fault = w.fault;
        result.wave = i;
        result.pc = w.pc;
        char where[64];
        std::snprintf(where, sizeof where, "wave %u pc 0x%" PRIx64 ": ", i, w.pc);
        result.diagnostic = where + (end == RunEnd::Stopped ? w.diagnostic : std::string(workgroup_status_name(result.status)));
        result.instructions = start - budget.remaining;
        return result;
      }
    }
    if (!any_running) {
      // Every live wave has reached the barrier (or ended): release them.
      bool waiting = false;
      for (uint32_t i = 0; i < wave_count; ++i) {
        if (waves_[i]->status == WaveStatus::AtBarrier) {
          waves_[i]->status = WaveStatus::Running;
          waiting = true;
        }
      }
      if (!waiting) break;
    }
  }
  result.instructions = start - budget.remaining;
  return result;
}

}  // namespace sporkle::sim::isa
