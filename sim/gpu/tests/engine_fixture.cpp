#include "sim/gpu/tests/engine_fixture.h"

namespace sporkle::sim::gpu::testing {

void EngineFixture::SetUp() {
  personality_ = spec::find_personality(GetParam());
  ASSERT_NE(personality_, nullptr) << GetParam();
  store_ = BackingStore::create(uint64_t{64} << 20);
  ASSERT_NE(store_, nullptr);
}

uint8_t* EngineFixture::map(uint64_t va, uint64_t size, uint32_t flags) {
  auto memory = store_->allocate(size);
  EXPECT_NE(memory, nullptr);
  if (!memory) return nullptr;
  std::memset(memory->host(), 0, size);
  vm.map(Mapping{va, size, memory, 0, flags, va});
  buffers_.push_back({va, size, memory});
  return memory->host();
}

uint8_t* EngineFixture::host(uint64_t va) {
  for (const Buffer& b : buffers_)
    if (va >= b.va && va < b.va + b.size) return b.memory->host() + (va - b.va);
  ADD_FAILURE() << "no test buffer at 0x" << std::hex << va;
  static uint8_t dummy[8];
  return dummy;
}

ExecResult EngineFixture::run(Engine& engine, uint64_t ib_va, uint32_t size_dw) {
  ExecEnv env{vm, 1, cancel};
  return engine.execute(env, ib_va, size_dw);
}

std::string personality_name(const ::testing::TestParamInfo<const char*>& info) { return info.param; }

}  // namespace sporkle::sim::gpu::testing
