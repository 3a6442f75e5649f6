#include "fuzz/engine_harness.h"

#include <cstdlib>
#include <cstring>

#include "fuzz/check.h"
#include "sim/gpu/pm4/command_processor.h"
#include "sporkle/spec/personality.h"

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

// FNV-1a: the check only needs equal states to hash equal and a changed byte to show.
uint64_t mix(uint64_t h, const void* data, size_t n) {
  const auto* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

uint64_t result_digest(const gpu::ExecResult& r) {
  uint64_t h = 0xcbf29ce484222325ull;
  h = mix(h, &r.status, sizeof r.status);
  h = mix(h, r.diagnostic.data(), r.diagnostic.size());
  h = mix(h, &r.dwords, sizeof r.dwords);
  h = mix(h, &r.shader_instructions, sizeof r.shader_instructions);
  if (r.fault) {
    h = mix(h, &r.fault->va, sizeof r.fault->va);
    h = mix(h, &r.fault->access, sizeof r.fault->access);
    h = mix(h, &r.fault->unit, sizeof r.fault->unit);
    h = mix(h, &r.fault->unmapped, sizeof r.fault->unmapped);
  }
  return h;
}

bool check_fresh_enabled() {
  const char* v = std::getenv("SPORKLE_FUZZ_CHECK_FRESH");
  return v && *v && std::strcmp(v, "0") != 0;
}

}  // namespace

EngineDevice::EngineDevice() : store_(gpu::BackingStore::create(1 << 20)) {
  FUZZ_CHECK(store_ != nullptr, "cannot create the backing store");
  const uint32_t rw = gpu::kPageReadable | gpu::kPageWriteable;
  ib_ = map(*store_, vm_, kIbVa, kIbBytes, rw | gpu::kPageExecutable);
  data_ = map(*store_, vm_, kDataVa, kDataBytes, rw);
  read_only_ = map(*store_, vm_, kReadOnlyVa, kReadOnlyBytes, gpu::kPageReadable);
  write_only_ = map(*store_, vm_, kWriteOnlyVa, kWriteOnlyBytes, gpu::kPageWriteable);
  vm_.map(gpu::Mapping{kPrtVa, kPrtBytes, nullptr, 0, gpu::kPagePrt, kPrtVa});
}

gpu::Engine& EngineDevice::prepare(bool gfx1030, gpu::RingType ring, const uint8_t* stream, size_t size) {
  std::unique_ptr<gpu::Engine>& engine = engines_[gfx1030][static_cast<int>(ring)];
  if (!engine) {
    const spec::Personality* p = spec::find_personality(gfx1030 ? "gfx1030" : "gfx900");
    FUZZ_CHECK(p != nullptr, "no personality for the fuzz layout");
    engine = gpu::make_engine(*p, ring);
  } else {
    engine->reset();
  }
  size = std::min<size_t>(size, kIbBytes) & ~size_t{3};
  std::memcpy(ib_->host(), stream, size);
  std::memset(ib_->host() + size, 0, kIbBytes - size);
  std::memset(data_->host(), 0, kDataBytes);
  // A recognisable pattern, so reads of it are distinguishable from reads of zeroed or PRT memory. Nothing may
  // write it, but a fresh device must not depend on that.
  std::memset(read_only_->host(), 0xA5, kReadOnlyBytes);
  std::memset(write_only_->host(), 0, kWriteOnlyBytes);
  return *engine;
}

uint64_t EngineDevice::state_digest(const gpu::Engine& engine) const {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const auto* a : {&ib_, &data_, &read_only_, &write_only_}) h = mix(h, (*a)->host(), (*a)->size());
  if (const auto* cp = dynamic_cast<const gpu::CommandProcessor*>(&engine)) {
    for (const spec::reg::RegisterSpace& s : spec::reg::kSpaces) {
      for (uint32_t offset = s.start; offset < s.end; ++offset) h = mix(h, cp->registers().slot(offset), 4);
    }
  }
  return h;
}

EngineHarness::EngineHarness() : check_fresh_(check_fresh_enabled()) {}

gpu::ExecResult EngineHarness::run(bool gfx1030, gpu::RingType ring, const uint8_t* stream, size_t size,
                                   bool constant_engine) {
  if (!check_fresh_) return execute(device_, gfx1030, ring, stream, size, constant_engine, nullptr);

  Digest reused, fresh, again;
  gpu::ExecResult r = execute(device_, gfx1030, ring, stream, size, constant_engine, &reused);
  gpu::ExecResult f;
  {
    EngineDevice device;
    f = execute(device, gfx1030, ring, stream, size, constant_engine, &fresh);
  }
  if (reused != fresh) {
    // GPU timestamps (RELEASE_MEM, COPY_DATA, SDMA TIMESTAMP) read the host clock: an input that stores one differs
    // between any two runs. Only a difference that two fresh devices do not show is state left behind.
    EngineDevice device;
    execute(device, gfx1030, ring, stream, size, constant_engine, &again);
    FUZZ_CHECK(fresh != again,
               "the input ran differently after earlier inputs than on a fresh device (%s differ):\n  after: %s: "
               "%s\n  fresh: %s: %s",
               reused.result != fresh.result ? "results" : "buffers or registers", gpu::exec_status_name(r.status),
               r.diagnostic.c_str(), gpu::exec_status_name(f.status), f.diagnostic.c_str());
  }
  return r;
}

gpu::ExecResult EngineHarness::execute(EngineDevice& device, bool gfx1030, gpu::RingType ring, const uint8_t* stream,
                                       size_t size, bool constant_engine, Digest* digest) {
  gpu::Engine& engine = device.prepare(gfx1030, ring, stream, size);
  size = std::min<size_t>(size, kIbBytes) & ~size_t{3};
  uint64_t budget = kEngineBudget;
  gpu::ExecEnv env{device.vm(), 1, cancel_, &budget, constant_engine};
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
  if (digest) *digest = {result_digest(r), device.state_digest(engine)};
  return r;
}

}  // namespace sporkle::fuzz
