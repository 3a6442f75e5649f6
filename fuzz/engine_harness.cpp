#include "fuzz/engine_harness.h"

#include <cstring>

#include "fuzz/check.h"

namespace sporkle::fuzz {

namespace gpu = sim::gpu;

namespace {
std::shared_ptr<gpu::Allocation> map(gpu::BackingStore& store, gpu::Vm& vm, uint64_t va, uint64_t bytes,
                                     uint32_t flags) {
  auto a = store.allocate(bytes);
  FUZZ_CHECK(a != nullptr, "no device memory for the fuzz layout");
  vm.map(gpu::Mapping{va, bytes, a, 0, flags, va});
  return a;
}
}  // namespace

EngineHarness::EngineHarness() : store_(gpu::BackingStore::create(1 << 20)) {
  FUZZ_CHECK(store_ != nullptr, "cannot create the backing store");
  const uint32_t rw = gpu::kPageReadable | gpu::kPageWriteable;
  ib_ = map(*store_, vm_, kIbVa, kIbBytes, rw | gpu::kPageExecutable);
  data_ = map(*store_, vm_, kDataVa, kDataBytes, rw);
  read_only_ = map(*store_, vm_, kReadOnlyVa, kReadOnlyBytes, gpu::kPageReadable);
  write_only_ = map(*store_, vm_, kWriteOnlyVa, kWriteOnlyBytes, gpu::kPageWriteable);
  vm_.map(gpu::Mapping{kPrtVa, kPrtBytes, nullptr, 0, gpu::kPagePrt, kPrtVa});
}

gpu::ExecResult EngineHarness::run(gpu::Engine& engine, const uint8_t* stream, size_t size, bool constant_engine) {
  size = std::min<size_t>(size, kIbBytes) & ~size_t{3};
  std::memcpy(ib_->host(), stream, size);
  std::memset(ib_->host() + size, 0, kIbBytes - size);
  std::memset(data_->host(), 0, kDataBytes);
  // A recognisable pattern, so reads of it are distinguishable from reads of zeroed or PRT memory.
  std::memset(read_only_->host(), 0xA5, kReadOnlyBytes);
  std::memset(write_only_->host(), 0, kWriteOnlyBytes);

  uint64_t budget = kEngineBudget;
  gpu::ExecEnv env{vm_, 1, cancel_, &budget, constant_engine};
  gpu::ExecResult r = engine.execute(env, kIbVa, static_cast<uint32_t>(size / 4));

  const char* status = gpu::exec_status_name(r.status);
  FUZZ_CHECK(budget <= kEngineBudget, "budget grew to %llu", static_cast<unsigned long long>(budget));
  FUZZ_CHECK(r.dwords <= uint64_t{kEngineBudget} * (1u << 14) + size / 4, "%llu dwords executed",
             static_cast<unsigned long long>(r.dwords));
  switch (r.status) {
    case gpu::ExecStatus::Completed:
      FUZZ_CHECK(!r.fault.has_value(), "completed with a fault: %s", r.fault->describe().c_str());
      break;
    case gpu::ExecStatus::VmFault:
      FUZZ_CHECK(r.fault.has_value(), "VM fault without a fault record: %s", r.diagnostic.c_str());
      // The layout maps nothing outside these ranges with memory, so a fault inside a fully permitted buffer
      // means the engine checked the wrong thing.
      FUZZ_CHECK(!(r.fault->va >= kDataVa && r.fault->va < kDataVa + kDataBytes),
                 "fault inside the read-write data buffer: %s", r.diagnostic.c_str());
      break;
    case gpu::ExecStatus::IllegalPacket:
    case gpu::ExecStatus::PrivilegedReg:
    case gpu::ExecStatus::ShaderFault:  // a dispatch of whatever the input left in the COMPUTE_* registers
      break;
    case gpu::ExecStatus::Cancelled:
      // Nobody sets the cancel flag: only the budget may stop a stream.
      FUZZ_CHECK(budget == 0, "cancelled with %llu budget left: %s", static_cast<unsigned long long>(budget),
                 r.diagnostic.c_str());
      break;
  }
  FUZZ_CHECK(r.status == gpu::ExecStatus::Completed || !r.diagnostic.empty(), "%s without a diagnostic", status);
  return r;
}

}  // namespace sporkle::fuzz
