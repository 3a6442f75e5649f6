// Instruction streams run as a compute shader through the WorkgroupRunner (the shader core PM4 dispatches use).
// Byte 0 picks the generation and wave size, the workgroup size, the LDS size and the VGPR allocation (kConfig*
// below); the rest is the code, placed in an executable mapping with a data buffer, a read-only page and
// unmapped ranges around it. The code starts at the 256-byte aligned address (as COMPUTE_PGM_LO gives) that puts
// its end less than 256 bytes before the end of the mapping, so a stream that does not end runs off into
// unmapped memory after a few instructions instead of spending the budget on zeros. User SGPRs hold the data buffer's address (s[0:1]), the read-only page's (s[2:3])
// and a V# over the data buffer (s[4:7]), so loads and stores reach every kind of memory. One or two
// workgroups run on a small instruction budget.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include "fuzz/check.h"
#include "sim/gpu/memory.h"
#include "sim/gpu/vm.h"
#include "sim/isa/decode_cache.h"
#include "sim/isa/decoder.h"
#include "sim/isa/workgroup.h"
#include "sporkle/spec/registers.h"

namespace {

using namespace sporkle;
namespace gpu = sim::gpu;
namespace isa = sim::isa;

// Address space: [hole][code][hole][data][read-only][hole]; every buffer has an unmapped page on each side.
constexpr uint64_t kCodeVa = 0x00401000;
constexpr uint64_t kCodeBytes = 0x4000;
constexpr uint64_t kDataVa = 0x00406000;
constexpr uint64_t kDataBytes = 0x4000;
constexpr uint64_t kReadOnlyVa = 0x0040A000;
constexpr uint64_t kReadOnlyBytes = 0x1000;

// Shader instructions per input: enough for long straight-line streams, small enough that loops cost little.
constexpr uint64_t kBudget = 4096;

// Byte 0.
constexpr uint8_t kConfigGen = 3;  // 0, 3: gfx900 (wave64); 1: gfx1030 wave32; 2: gfx1030 wave64
constexpr int kConfigGroupShift = 2, kConfigLdsShift = 5;
constexpr uint8_t kConfigFewVgprs = 1u << 7;
constexpr uint32_t kGroupSizes[8][3] = {{1, 1, 1},  {32, 1, 1},  {64, 1, 1}, {65, 1, 1},
                                        {8, 8, 1},  {16, 4, 2},  {7, 3, 5},  {256, 4, 1}};
constexpr uint32_t kLdsBytes[4] = {0, 512, 4096, 65536};

class IsaHarness {
 public:
  IsaHarness() : store_(gpu::BackingStore::create(1 << 20)) {
    FUZZ_CHECK(store_ != nullptr, "cannot create the backing store");
    code_ = map(kCodeVa, kCodeBytes, gpu::kPageReadable | gpu::kPageExecutable);
    data_ = map(kDataVa, kDataBytes, gpu::kPageReadable | gpu::kPageWriteable);
    read_only_ = map(kReadOnlyVa, kReadOnlyBytes, gpu::kPageReadable);
  }

  void run(uint8_t cfg, const uint8_t* code, size_t size) {
    size = std::min<size_t>(size, kCodeBytes);
    const uint64_t offset = (kCodeBytes - size) & ~uint64_t{0xFF};
    std::memset(code_->host(), 0, kCodeBytes);
    std::memcpy(code_->host() + offset, code, size);
    std::memset(data_->host(), 0, kDataBytes);
    std::memset(read_only_->host(), 0xA5, kReadOnlyBytes);

    const uint8_t gen = cfg & kConfigGen;
    isa::DispatchParams params;
    params.gfx_level = gen == 1 || gen == 2 ? spec::GfxLevel::Gfx10_3 : spec::GfxLevel::Gfx9;
    params.wave32 = gen == 1;
    params.code_va = kCodeVa + offset;
    // RSRC1.VGPRS: 8 granules or all 256; RSRC1 float mode: round to nearest, denormals kept (0xF0 << 12).
    params.rsrc1 = (cfg & kConfigFewVgprs ? 1u : 63u) | 0xF0u << 12;
    const uint32_t lds = kLdsBytes[(cfg >> kConfigLdsShift) & 3];
    // RSRC2: 8 user SGPRs, TGID_X/Y/Z, TG_SIZE, TIDIG_COMP_CNT = 2, LDS_SIZE.
    params.rsrc2 = 8u << 1 | 7u << 7 | 1u << 10 | 2u << 11 | (lds / 512) << 15;
    const auto& size3 = kGroupSizes[(cfg >> kConfigGroupShift) & 7];
    params.workgroup_size = {size3[0], size3[1], size3[2]};
    params.apertures = {spec::reg::kSharedApertureBase, spec::reg::kPrivateApertureBase};
    params.user_data[0] = uint32_t(kDataVa);
    params.user_data[1] = uint32_t(kDataVa >> 32);
    params.user_data[2] = uint32_t(kReadOnlyVa);
    params.user_data[3] = uint32_t(kReadOnlyVa >> 32);
    // V#: base, stride 0, NUM_RECORDS, DST_SEL xyzw and a 32-bit format per generation.
    params.user_data[4] = uint32_t(kDataVa);
    params.user_data[5] = uint32_t(kDataVa >> 32);
    params.user_data[6] = uint32_t(kDataBytes);
    params.user_data[7] = params.gfx_level == spec::GfxLevel::Gfx9 ? 0x00027FACu : 0x31016FACu;

    check_decoding(params, size);

    isa::WorkgroupRunner runner(vm_, params);
    isa::Budget budget{kBudget, &never_, &never_};
    const uint64_t faults_before = vm_.fault_count();
    isa::WorkgroupResult r;
    // A second group reuses the runner's decode cache and LDS buffer, as a dispatch of several groups does.
    for (uint32_t x = 0; x < 2 && r.status == isa::WorkgroupStatus::Completed; ++x) {
      const uint64_t before = budget.remaining;
      r = runner.run(isa::WorkgroupParams{{x, 0, 0}, {}, {}, x}, budget);
      FUZZ_CHECK(budget.remaining <= before, "budget grew from %llu to %llu", (unsigned long long)before,
                 (unsigned long long)budget.remaining);
      FUZZ_CHECK(r.instructions == before - budget.remaining, "%llu instructions reported, %llu spent",
                 (unsigned long long)r.instructions, (unsigned long long)(before - budget.remaining));
      check_result(r, budget, faults_before);
    }
  }

 private:
  std::shared_ptr<gpu::Allocation> map(uint64_t va, uint64_t bytes, uint32_t flags) {
    auto a = store_->allocate(bytes);
    FUZZ_CHECK(a != nullptr, "no device memory for the fuzz layout");
    vm_.map(gpu::Mapping{va, bytes, a, 0, flags, va});
    return a;
  }

  void check_result(const isa::WorkgroupResult& r, const isa::Budget& budget, uint64_t faults_before) {
    using S = isa::WorkgroupStatus;
    const char* status = isa::workgroup_status_name(r.status);
    switch (r.status) {
      case S::Completed:
        FUZZ_CHECK(!r.fault.has_value(), "completed with a fault: %s", r.fault->describe().c_str());
        return;
      case S::VmFault:
        FUZZ_CHECK(r.fault.has_value(), "VM fault without a fault record: %s", r.diagnostic.c_str());
        FUZZ_CHECK(vm_.fault_count() > faults_before, "VM fault the VM did not record: %s", r.diagnostic.c_str());
        check_fault(*r.fault, r.diagnostic);
        break;
      case S::IllegalInstruction:
      case S::Trap:
        FUZZ_CHECK(!r.fault.has_value(), "%s with a fault record: %s", status, r.diagnostic.c_str());
        break;
      case S::BudgetExhausted:
        FUZZ_CHECK(budget.remaining == 0, "budget stop with %llu instructions left: %s",
                   (unsigned long long)budget.remaining, r.diagnostic.c_str());
        break;
      case S::Cancelled:
        FUZZ_CHECK(false, "cancelled, but the cancel and kill flags are never set: %s", r.diagnostic.c_str());
        break;
      case S::InvalidDispatch:
        FUZZ_CHECK(false, "the harness's dispatch parameters are valid: %s", r.diagnostic.c_str());
        break;
      default:
        FUZZ_CHECK(false, "undocumented workgroup status %d", int(r.status));
    }
    FUZZ_CHECK(!r.diagnostic.empty(), "%s without a diagnostic", status);
  }

  // A fault must be an access the VM really refuses: never inside a mapping that permits it.
  void check_fault(const gpu::Fault& f, const std::string& diagnostic) {
    FUZZ_CHECK(f.unit == gpu::Unit::Shader, "fault by %s: %s", gpu::unit_name(f.unit), diagnostic.c_str());
    uint32_t flags = 0;
    bool mapped = false;
    for (auto [va, bytes, fl] : {std::tuple{kCodeVa, kCodeBytes, uint32_t(gpu::kPageReadable | gpu::kPageExecutable)},
                                 std::tuple{kDataVa, kDataBytes, uint32_t(gpu::kPageReadable | gpu::kPageWriteable)},
                                 std::tuple{kReadOnlyVa, kReadOnlyBytes, uint32_t(gpu::kPageReadable)}}) {
      if (f.va >= va && f.va < va + bytes) mapped = true, flags = fl;
    }
    FUZZ_CHECK(f.unmapped == !mapped, "fault at 0x%llx says unmapped=%d: %s", (unsigned long long)f.va, f.unmapped,
               diagnostic.c_str());
    const uint32_t needed = f.access == gpu::kWrite     ? gpu::kPageWriteable
                            : f.access == gpu::kExecute ? gpu::kPageExecutable
                                                        : gpu::kPageReadable;
    FUZZ_CHECK(!(flags & needed), "fault inside a buffer that permits the access: %s", diagnostic.c_str());
  }

  // Decoding is a function of the bytes: two caches decode the stream alike, and a cache answers a second lookup
  // with the instruction it decoded first.
  void check_decoding(const isa::DispatchParams& params, uint64_t size) {
    const auto vgprs = uint16_t(isa::ProgramResources::from(params.rsrc1, params.rsrc2, params.wave32).vgprs);
    const isa::Decoder& decoder = isa::decoder_for(params.gfx_level);
    isa::DecodeCache a(vm_, vgprs, decoder), b(vm_, vgprs, decoder);
    for (uint64_t pc = params.code_va; pc < params.code_va + size;) {
      std::optional<gpu::Fault> fa, fb;
      const isa::DecodedInst* x = a.at(pc, fa);
      const isa::DecodedInst* y = b.at(pc, fb);
      FUZZ_CHECK((x == nullptr) == (y == nullptr), "fetch at 0x%llx faults in one cache only", (unsigned long long)pc);
      if (!x) {
        // Only an instruction running past the end of the code may fail to fetch.
        FUZZ_CHECK(fa->va >= kCodeVa + kCodeBytes, "fetch at 0x%llx faults at 0x%llx", (unsigned long long)pc,
                   (unsigned long long)fa->va);
        return;
      }
      FUZZ_CHECK(x->length == y->length && x->handler == y->handler && x->opcode == y->opcode && x->enc == y->enc,
                 "two decodes of 0x%08x at 0x%llx differ (length %u / %u)", x->words[0], (unsigned long long)pc,
                 x->length, y->length);
      FUZZ_CHECK(x->length >= 4 && x->length <= 16 && x->length % 4 == 0, "length %u of 0x%08x", x->length,
                 x->words[0]);
      FUZZ_CHECK(a.at(pc, fa) == x, "second lookup at 0x%llx returns another instruction", (unsigned long long)pc);
      pc += x->length;
    }
  }

  std::shared_ptr<gpu::BackingStore> store_;
  std::shared_ptr<gpu::Allocation> code_, data_, read_only_;
  gpu::Vm vm_;
  std::atomic<bool> never_{false};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static IsaHarness* harness = new IsaHarness;
  if (size < 1) return 0;
  harness->run(data[0], data + 1, size - 1);
  return 0;
}
