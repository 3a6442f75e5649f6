// Fault injection knobs (C++ and environment), RAS reporting, the VRAM-loss override, and the soft recovery path
// of the scheduler driven by an engine that has waves to kill.
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sim/kernel/scheduler.h"
#include "sim/kernel/tests/kernel_fixture.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::sim::kernel::testing {
namespace {

namespace pm4 = spec::pm4;
constexpr uint64_t kRasFlags = AMDGPU_CTX_QUERY2_FLAGS_RAS_CE | AMDGPU_CTX_QUERY2_FLAGS_RAS_UE;

class FaultInjectionTest : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    ib_bo = create_bo(4096, AMDGPU_GEM_DOMAIN_GTT);
    ASSERT_EQ(map_va(ib_bo, kIbVa, 4096), 0);
    nop = put_ib({pm4::kNopPad});
  }
  uint32_t put_ib(const std::vector<uint32_t>& dwords) {
    std::memcpy(host(ib_bo), dwords.data(), dwords.size() * 4);
    return static_cast<uint32_t>(dwords.size());
  }
  int gem_create(uint32_t* handle = nullptr) {
    drm_amdgpu_gem_create args = {};
    args.in.bo_size = 4096;
    args.in.domains = AMDGPU_GEM_DOMAIN_GTT;
    int r = ioctl(DRM_IOCTL_AMDGPU_GEM_CREATE, &args);
    if (handle) *handle = args.out.handle;
    return r;
  }
  int run(uint32_t ctx, uint32_t ip, uint32_t n) {
    uint64_t seq = 0;
    if (int r = submit({ctx, ip, 0, kIbVa, n}, &seq)) return r;
    return wait_cs(ctx, ip, seq, kForever);
  }
  bool logged(const std::string& what) {
    for (const std::string& line : device->hang_log())
      if (line.find(what) != std::string::npos) return true;
    return false;
  }
  uint32_t ib_bo = 0, nop = 0;
};

TEST_P(FaultInjectionTest, TheNthGemCreateFailsWithTheChosenErrno) {
  const uint64_t gtt = device->usage(AMDGPU_GEM_DOMAIN_GTT);
  device->faults().fail_gem_create(2, EINTR);
  EXPECT_EQ(gem_create(), 0);
  EXPECT_EQ(gem_create(), -EINTR);
  EXPECT_EQ(device->usage(AMDGPU_GEM_DOMAIN_GTT), gtt + 4096) << "the failed call allocated nothing";
  uint32_t handle = 0;
  EXPECT_EQ(gem_create(&handle), 0) << "one-shot";
  EXPECT_EQ(handle, 3u) << "the failed call took no handle";
}

TEST_P(FaultInjectionTest, TheNthCsFailsWithTheChosenErrnoAndQueuesNothing) {
  const uint32_t ctx = create_ctx();
  device->faults().fail_cs(1, ENOMEM);
  uint64_t seq = 0;
  EXPECT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, nop}, &seq), -ENOMEM);
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, nop}, &seq), 0);
  EXPECT_EQ(seq, 1u) << "the failed CS used no sequence number";
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, kForever), 0);
}

TEST_P(FaultInjectionTest, AHungJobIsEndedByTheTimeoutAndTheComputeRingHasNoSoftRecovery) {
  const uint32_t ctx = create_ctx();
  device->faults().hang_job("comp_0", 2);
  EXPECT_EQ(run(ctx, AMDGPU_HW_IP_COMPUTE, nop), 0);
  EXPECT_EQ(run(ctx, AMDGPU_HW_IP_COMPUTE, nop), -ECANCELED);
  EXPECT_EQ(device->gpu_reset_counter(), 1u);
  EXPECT_TRUE(query_state2(ctx) & AMDGPU_CTX_QUERY2_FLAGS_GUILTY);
}

// amdgpu_ring_soft_recovery counts a reset before it tries; on a job that no wave kill can help (here: one that
// never finishes), full recovery follows and counts another.
TEST_P(FaultInjectionTest, AGfxHangCountsTheSoftRecoveryAttemptAndTheFullReset) {
  const uint32_t ctx = create_ctx();
  device->faults().hang_job("gfx_0", 1);
  EXPECT_EQ(run(ctx, AMDGPU_HW_IP_GFX, nop), -ECANCELED);
  EXPECT_EQ(device->gpu_reset_counter(), 2u);
  EXPECT_FALSE(logged("soft recovered"));
}

TEST_P(FaultInjectionTest, AnInjectedVmFaultStopsTheJobUntilRecovery) {
  const uint32_t ctx = create_ctx();
  device->faults().vm_fault_job("sdma_0", 1);
  EXPECT_EQ(run(ctx, AMDGPU_HW_IP_DMA, put_ib({0})), -ECANCELED);
  EXPECT_TRUE(logged("ring sdma_0: VM fault"));
  EXPECT_EQ(device->gpu_reset_counter(), 1u);
  const uint32_t fresh = create_ctx();
  EXPECT_EQ(run(fresh, AMDGPU_HW_IP_DMA, put_ib({0})), 0);
}

TEST_P(FaultInjectionTest, RasErrorsAreNotReportedWithoutARasContext) {
  const uint32_t ctx = create_ctx();
  device->faults().inject_ras_errors(1, 1);
  EXPECT_EQ(query_state2(ctx) & kRasFlags, 0u);
  uint64_t mask = 0;
  drm_amdgpu_info info = {};
  info.return_pointer = reinterpret_cast<uint64_t>(&mask);
  info.return_size = sizeof mask;
  info.query = AMDGPU_INFO_RAS_ENABLED_FEATURES;
  EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_INFO, &info), -EINVAL);
}

TEST_P(FaultInjectionTest, RasFlagsAreReportedOncePerChangeAndContext) {
  device->faults().set_ras_enabled(true);
  const uint32_t a = create_ctx();
  EXPECT_EQ(query_state2(a) & kRasFlags, 0u) << "no errors yet";
  device->faults().inject_ras_errors(2, 0);
  EXPECT_EQ(query_state2(a) & kRasFlags, uint64_t(AMDGPU_CTX_QUERY2_FLAGS_RAS_CE));
  EXPECT_EQ(query_state2(a) & kRasFlags, 0u) << "one-shot";
  device->faults().inject_ras_errors(0, 1);
  EXPECT_EQ(query_state2(a) & kRasFlags, uint64_t(AMDGPU_CTX_QUERY2_FLAGS_RAS_UE));
  // A context starts from zero counts, so it hears of every error counted before it existed.
  const uint32_t b = create_ctx();
  EXPECT_EQ(query_state2(b) & kRasFlags, kRasFlags);
  EXPECT_EQ(query_state2(b), 0u) << "RAS errors alone are not a reset";

  uint64_t mask = 0;
  drm_amdgpu_info info = {};
  info.return_pointer = reinterpret_cast<uint64_t>(&mask);
  info.return_size = sizeof mask;
  info.query = AMDGPU_INFO_RAS_ENABLED_FEATURES;
  ASSERT_EQ(ioctl(DRM_IOCTL_AMDGPU_INFO, &info), 0);
  EXPECT_EQ(mask >> 32, mask & 0xffffffff);
  EXPECT_TRUE(mask & AMDGPU_INFO_RAS_ENABLED_GFX);
}

TEST_P(FaultInjectionTest, AResetThatKeepsVramLeavesInnocentContextsWorking) {
  device->faults().set_vram_lost_on_reset(false);
  const uint32_t data = create_bo(4096, AMDGPU_GEM_DOMAIN_VRAM);
  std::memset(host(data), 0x5a, 64);
  const uint32_t innocent = create_ctx();
  EXPECT_EQ(device->gpu_recover_unblamed(), 0);
  EXPECT_EQ(device->vram_lost_counter(), 0u);
  EXPECT_EQ(query_state2(innocent), uint64_t(AMDGPU_CTX_QUERY2_FLAGS_RESET));
  EXPECT_EQ(run(innocent, AMDGPU_HW_IP_GFX, nop), 0);
  uint8_t expect[64];
  std::memset(expect, 0x5a, sizeof expect);
  EXPECT_EQ(std::memcmp(host(data), expect, sizeof expect), 0);

  device->faults().set_vram_lost_on_reset(true);
  device->gpu_recover_unblamed();
  EXPECT_EQ(device->vram_lost_counter(), 1u);
  EXPECT_EQ(run(innocent, AMDGPU_HW_IP_GFX, nop), -ECANCELED);
}

// Privileged register writes and illegal opcodes raise an interrupt whose handler calls drm_sched_fault: the
// job is recovered without waiting for the job timeout (here: practically infinite).
class SchedulerFaultTest : public FaultInjectionTest {
 protected:
  void SetUp() override {
    const spec::Personality* p = spec::find_personality(GetParam());
    ASSERT_NE(p, nullptr);
    device = Device::create({p, 0, false, "1000000,1000000,1000000"});
    file = device->open(NodeType::Render, false);
    ib_bo = create_bo(4096, AMDGPU_GEM_DOMAIN_GTT);
    ASSERT_EQ(map_va(ib_bo, kIbVa, 4096), 0);
  }
};

TEST_P(SchedulerFaultTest, AnIllegalOpcodeOnTheComputeRingIsRecoveredAtOnce) {
  const uint32_t ctx = create_ctx();
  uint64_t seq = 0;
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_COMPUTE, 0, kIbVa, put_ib({pm4::type3_header(0xF2, 0), 0})}, &seq), 0);
  // Far shorter than the job timeout; only the fault path can end the job in time.
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_COMPUTE, seq, monotonic_ns() + 60'000'000'000ll), -ECANCELED);
  EXPECT_EQ(device->gpu_reset_counter(), 1u);
}

TEST(FaultInjectionEnvironment, KnobsAreParsedAndMalformedOnesIgnored) {
  setenv("SPORKLE_FAULT_GEM_CREATE", "2:EINTR", 1);
  setenv("SPORKLE_FAULT_CS", "1", 1);
  setenv("SPORKLE_FAULT_HANG", "gfx_0:2", 1);
  setenv("SPORKLE_FAULT_VM_FAULT", "sdma_1", 1);  // no job number: ignored
  setenv("SPORKLE_FAULT_RAS", "1", 1);
  setenv("SPORKLE_FAULT_RAS_UE", "3", 1);
  setenv("SPORKLE_FAULT_VRAM_LOST", "0", 1);
  FaultInjection f;
  f.configure_from_environment();
  for (const char* name : {"SPORKLE_FAULT_GEM_CREATE", "SPORKLE_FAULT_CS", "SPORKLE_FAULT_HANG", "SPORKLE_FAULT_VM_FAULT",
                           "SPORKLE_FAULT_RAS", "SPORKLE_FAULT_RAS_UE", "SPORKLE_FAULT_VRAM_LOST"})
    unsetenv(name);
  EXPECT_EQ(f.on_gem_create(), 0);
  EXPECT_EQ(f.on_gem_create(), -EINTR);
  EXPECT_EQ(f.on_gem_create(), 0);
  EXPECT_EQ(f.on_cs(), -ENOMEM) << "ENOMEM by default";
  EXPECT_EQ(f.on_cs(), 0);
  EXPECT_EQ(f.on_job("gfx_0"), FaultInjection::JobFault::None);
  EXPECT_EQ(f.on_job("sdma_1"), FaultInjection::JobFault::None);
  EXPECT_EQ(f.on_job("gfx_0"), FaultInjection::JobFault::Hang);
  EXPECT_EQ(f.on_job("gfx_0"), FaultInjection::JobFault::None);
  EXPECT_TRUE(f.ras_enabled());
  EXPECT_EQ(f.ras_ce_count(), 0u);
  EXPECT_EQ(f.ras_ue_count(), 3u);
  EXPECT_FALSE(f.vram_lost_on_reset(true));
}

// An engine standing for a shader core: execute() runs "waves" until kill_waves() stops them (if the engine
// lets them be killed).
class WaveEngine : public gpu::Engine {
 public:
  // stall_after_kill: how long the engine thread is off the CPU between the kill and the end of the job.
  explicit WaveEngine(bool killable, std::chrono::milliseconds stall_after_kill = {})
      : killable_(killable), stall_after_kill_(stall_after_kill) {}
  gpu::RingType type() const override { return gpu::RingType::Gfx; }
  gpu::ExecResult execute(gpu::ExecEnv& env, uint64_t, uint32_t) override {
    std::unique_lock lock(mutex_);
    running_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return killed_ || env.cancel.load(); });
    running_ = false;
    if (killed_) {
      lock.unlock();
      std::this_thread::sleep_for(stall_after_kill_);
    }
    gpu::ExecResult r;
    if (!killed_) r.status = gpu::ExecStatus::Cancelled;
    return r;
  }
  void reset() override {}
  bool kill_waves(uint32_t vmid) override {
    std::lock_guard lock(mutex_);
    killed_vmid_ = vmid;
    if (!killable_) return false;
    killed_ = true;
    cv_.notify_all();
    return true;
  }
  void wait_running() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return running_; });
  }
  // The cancel flag is the ring's; wake the waiter so it sees it.
  void poke() {
    std::lock_guard lock(mutex_);
    cv_.notify_all();
  }
  uint32_t killed_vmid() {
    std::lock_guard lock(mutex_);
    return killed_vmid_;
  }

 private:
  const bool killable_;
  const std::chrono::milliseconds stall_after_kill_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool running_ = false, killed_ = false;
  uint32_t killed_vmid_ = ~0u;
};

class SoftRecoveryTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    // No watchdog fires on its own (infinite timeouts): the test times the job out itself.
    device = Device::create({spec::find_personality("gfx900"), 0, false, "-1,-1,-1"});
    auto e = std::make_unique<WaveEngine>(GetParam());
    engine = e.get();
    ring = std::make_unique<Ring>(*device, gpu::RingType::Gfx, AMDGPU_HW_IP_GFX, 7, std::move(e), false);
  }
  void TearDown() override { ring.reset(); }
  std::shared_ptr<Device> device;
  WaveEngine* engine = nullptr;
  std::unique_ptr<Ring> ring;
};

TEST_P(SoftRecoveryTest, KillingTheWavesOfTheJobsVmidEndsAShaderHang) {
  const bool killable = GetParam();
  auto job = std::make_shared<Job>();
  job->vm = std::make_shared<gpu::Vm>();
  job->vmid = 5;
  job->ibs.push_back({kIbVa, 8, 0});
  job->vram_lost_counter = device->vram_lost_counter();
  auto guilty = std::make_shared<std::atomic<bool>>(false);
  job->ctx_guilty = guilty;
  auto finished = job->finished;
  ring->push(ring->create_entity(), job);
  engine->wait_running();
  ring->time_out(ring->overdue(INT64_MAX, 0));  // as the watchdog would
  engine->poke();
  ASSERT_TRUE(finished->wait(INT64_MAX));
  EXPECT_EQ(engine->killed_vmid(), 5u);
  if (killable) {
    // 6.1: the fence carries no error, nobody is guilty, but the attempt was counted.
    EXPECT_EQ(finished->error(), 0);
    EXPECT_FALSE(guilty->load());
    EXPECT_EQ(device->gpu_reset_counter(), 1u);
    EXPECT_EQ(device->vram_lost_counter(), 0u);
  } else {
    EXPECT_EQ(finished->error(), -ECANCELED);
    EXPECT_TRUE(guilty->load());
    EXPECT_EQ(device->gpu_reset_counter(), 2u);
  }
}

INSTANTIATE_TEST_SUITE_P(Killable, SoftRecoveryTest, ::testing::Values(true, false));

// The window after the kill is the engine's time, not the host's: an engine thread kept off the CPU for longer
// than the kernel's 10 ms (a loaded CI machine) still soft-recovers.
TEST(SoftRecoveryWindow, CountsTheEnginesTimeNotTheHosts) {
  auto device = Device::create({spec::find_personality("gfx900"), 0, false, "-1,-1,-1"});
  auto e = std::make_unique<WaveEngine>(true, std::chrono::milliseconds(60));
  WaveEngine* engine = e.get();
  auto ring = std::make_unique<Ring>(*device, gpu::RingType::Gfx, AMDGPU_HW_IP_GFX, 7, std::move(e), false);
  auto job = std::make_shared<Job>();
  job->vm = std::make_shared<gpu::Vm>();
  job->vmid = 5;
  job->ibs.push_back({kIbVa, 8, 0});
  job->vram_lost_counter = device->vram_lost_counter();
  auto finished = job->finished;
  ring->push(ring->create_entity(), job);
  engine->wait_running();
  ring->time_out(ring->overdue(INT64_MAX, 0));
  ASSERT_TRUE(finished->wait(INT64_MAX));
  EXPECT_EQ(finished->error(), 0) << "soft recovered, not reset";
  EXPECT_EQ(device->gpu_reset_counter(), 1u) << "only the soft recovery attempt counted";
  ring.reset();
}
INSTANTIATE_TEST_SUITE_P(Personalities, FaultInjectionTest, ::testing::Values("gfx900", "gfx1030"));
INSTANTIATE_TEST_SUITE_P(Personalities, SchedulerFaultTest, ::testing::Values("gfx900", "gfx1030"));

}  // namespace
}  // namespace sporkle::sim::kernel::testing
