// Hangs, job timeouts and GPU recovery (kernel-uapi.md section 5), one test per kind of bad job per ring type it
// applies to (ring 0 of each IP: the rings of one IP share the engine and the recovery path).
//
// Each test: the bad job is ended by recovery and its fence reports ECANCELED; the guilty context says so
// (QUERY_STATE2 RESET | GUILTY) and refuses new work (CS -> ECANCELED); an innocent context on another ring is not
// guilty; a new context works; everything allocated is given back (INFO VRAM_USAGE / GTT_USAGE).
// What happens to the innocent context depends on whether the reset lost VRAM, as Linux 6.1 decides it: after a
// VRAM-losing reset (BACO / MODE1, which both simulated boards use) every context created before it gets
// ECANCELED for new CS, innocent or not; after a reset that kept VRAM its new work completes.
//
// Timing. On the simulator the suite sets SPORKLE_LOCKUP_TIMEOUT=100,100,100 (ms) before the simulator starts,
// so every hang costs about a tenth of a second and the suite a few seconds. On real hardware (SPORKLE_BACKEND=hw)
// the kernel's timeouts apply: 10 s per hang on GFX and SDMA, 60 s on compute (lockup_timeout module parameter),
// except where the hardware raises an interrupt that starts recovery at once (privileged register or illegal
// opcode on GFX/compute); a full run takes many minutes and resets the GPU dozens of times, killing whatever
// else runs on it.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"
#include "conformance/reset/client.h"

namespace sporkle::conformance {
namespace {

// A linked test binary simulates unless told otherwise (SPORKLE_BACKEND unset or "sim").
bool simulated_backend() {
  const char* b = std::getenv("SPORKLE_BACKEND");
  return !b || !*b || std::strcmp(b, "sim") == 0;
}

// The simulator reads its knobs when it starts, at the first open of a render node: before main().
[[maybe_unused]] const bool kShortTimeouts = [] {
  if (simulated_backend()) setenv("SPORKLE_LOCKUP_TIMEOUT", "100,100,100", /*overwrite=*/0);
  return true;
}();

constexpr uint64_t kUnmappedVa = 1ull << 40;  // above every VA the suite maps
constexpr uint32_t kComputeUserData0 = 0x2E40;  // COMPUTE_USER_DATA_0, an SH register a user IB may access
constexpr uint32_t kPrivilegedReg = 0x100;      // below the CONFIG/SH/CONTEXT/UCONFIG spaces: kernel only

enum class Kind {
  WaitMemory,        // WAIT_REG_MEM on a memory word that never matches
  WaitRegister,      // WAIT_REG_MEM on a register with a condition that can never hold
  PollRegmem,        // SDMA POLL_REGMEM on a memory word that never matches
  SlowPoll,          // either wait with the longest poll interval the packet can hold (0xFFFF)
  SemaphoreWait,     // MEM_SEMAPHORE wait on a count that is never signalled
  IllegalRegister,   // a register write a user IB may not make (PM4 WRITE_DATA, SDMA SRBM_WRITE)
  IllegalOpcode,     // an opcode the engine does not know
  VmFault,           // a write to an unmapped GPU VA
  CorruptIb,         // a packet whose count runs past the end of the IB
  InfiniteShader,    // a shader that loops forever
  SlowShader,        // a shader that finishes, but after the timeout
};

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::WaitMemory: return "WaitRegMemMemory";
    case Kind::WaitRegister: return "WaitRegMemRegister";
    case Kind::PollRegmem: return "PollRegmem";
    case Kind::SlowPoll: return "SlowPoll";
    case Kind::SemaphoreWait: return "MemSemaphoreWait";
    case Kind::IllegalRegister: return "IllegalRegister";
    case Kind::IllegalOpcode: return "IllegalOpcode";
    case Kind::VmFault: return "VmFault";
    case Kind::CorruptIb: return "CorruptIb";
    case Kind::InfiniteShader: return "InfiniteLoopShader";
    case Kind::SlowShader: return "SlowShader";
  }
  return "?";
}

bool applies(Kind k, uint32_t ip) {
  const bool sdma = ip == AMDGPU_HW_IP_DMA;
  switch (k) {
    case Kind::WaitMemory:
    case Kind::WaitRegister:
    case Kind::SemaphoreWait:
    case Kind::InfiniteShader:
    case Kind::SlowShader: return !sdma;
    case Kind::PollRegmem: return sdma;
    default: return true;
  }
}

struct BadJob {
  Kind kind;
  Ring ring;
};

void PrintTo(const BadJob& b, std::ostream* os) {
  *os << kind_name(b.kind) << " on ";
  PrintTo(b.ring, os);
}

std::vector<BadJob> bad_jobs() {
  std::vector<BadJob> jobs;
  for (const Ring& r : amd_rings({AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA})) {
    if (r.device.present() && r.ring != 0) continue;
    for (Kind k : {Kind::WaitMemory, Kind::WaitRegister, Kind::PollRegmem, Kind::SlowPoll, Kind::SemaphoreWait,
                   Kind::IllegalRegister, Kind::IllegalOpcode, Kind::VmFault, Kind::CorruptIb, Kind::InfiniteShader,
                   Kind::SlowShader}) {
      if (!r.device.present() && r.ip == 0 && k != Kind::WaitMemory) continue;  // one skip is enough
      if (applies(k, r.ip)) jobs.push_back({k, r});
    }
  }
  return jobs;
}

std::string bad_job_name(const ::testing::TestParamInfo<BadJob>& info) {
  return std::string(kind_name(info.param.kind)) + "_" + ring_param_name({info.param.ring, info.index});
}

// Shaders, in the SALU encodings gfx9 and gfx10.3 share (SOPP/SOPK/SOP2/SOPC).
constexpr uint32_t kLoopForever[] = {0xBF82FFFF};  // s_branch to itself
// 16 x 2^32 iterations of a scalar loop: it ends by itself, after minutes even on hardware.
constexpr uint32_t kSlowLoop[] = {
    0xB0010010,  // s_movk_i32 s1, 16
    0xB0000000,  // outer: s_movk_i32 s0, 0
    0x80008100,  // inner: s_add_u32 s0, s0, 1
    0xBF068000,  // s_cmp_eq_u32 s0, 0
    0xBF84FFFD,  // s_cbranch_scc0 inner
    0x80818101,  // s_sub_u32 s1, s1, 1
    0xBF068001,  // s_cmp_eq_u32 s1, 0
    0xBF84FFF9,  // s_cbranch_scc0 outer
    0xBF810000,  // s_endpgm
};

std::vector<uint32_t> set_sh_reg(uint32_t reg, std::initializer_list<uint32_t> values) {
  std::vector<uint32_t> p{pm4_type3(0x76, 1 + static_cast<uint32_t>(values.size())), reg - 0x2C00};
  p.insert(p.end(), values);
  return p;
}

// One workgroup of 64 threads running the program at code_va (256-byte aligned), no VGPRs or SGPRs to speak of.
std::vector<uint32_t> dispatch_packets(uint64_t code_va) {
  std::vector<uint32_t> p;
  auto add = [&](const std::vector<uint32_t>& more) { p.insert(p.end(), more.begin(), more.end()); };
  add(set_sh_reg(0x2E07, {64, 1, 1}));  // COMPUTE_NUM_THREAD_X/Y/Z
  add(set_sh_reg(0x2E0C, {static_cast<uint32_t>(code_va >> 8), static_cast<uint32_t>(code_va >> 40)}));  // PGM_LO/HI
  add(set_sh_reg(0x2E12, {0, 0}));  // COMPUTE_PGM_RSRC1/2
  add(set_sh_reg(0x2E15, {0}));     // COMPUTE_RESOURCE_LIMITS
  add({pm4_type3(0x15, 4), 1, 1, 1, 1});  // DISPATCH_DIRECT 1x1x1, COMPUTE_SHADER_EN
  return p;
}

std::vector<uint32_t> bad_packets(Kind k, uint32_t ip, uint64_t flag_va) {
  const bool sdma = ip == AMDGPU_HW_IP_DMA;
  const uint32_t one[] = {1};
  switch (k) {
    case Kind::WaitMemory: return pm4_wait_mem_eq(flag_va, 1);
    case Kind::WaitRegister:
      // FUNCTION equal, MEM_SPACE register: (value & 0) == 1 is never true, whatever the register holds.
      return {pm4_type3(0x3C, 6), 3u, kComputeUserData0, 0, 1, 0, 4};
    case Kind::PollRegmem: return sdma_wait_mem_eq(flag_va, 1);
    case Kind::SlowPoll: {
      // The interval is the last dword of both packets: WAIT_REG_MEM's POLL_INTERVAL [15:0], POLL_REGMEM's
      // INTERVAL [15:0] beside RETRY_COUNT [27:16].
      std::vector<uint32_t> p = sdma ? sdma_wait_mem_eq(flag_va, 1) : pm4_wait_mem_eq(flag_va, 1);
      p.back() = (p.back() & ~0xFFFFu) | 0xFFFFu;
      return p;
    }
    case Kind::SemaphoreWait:
      // MEM_SEMAPHORE (0x39): address low, then address bits [47:32] with SEM_SEL 7 (wait) in [31:29].
      return {pm4_type3(0x39, 2), static_cast<uint32_t>(flag_va),
              (static_cast<uint32_t>(flag_va >> 32) & 0xFFFF) | (7u << 29)};
    case Kind::IllegalRegister:
      if (sdma) return {14u | (0xFu << 28), kPrivilegedReg, 0};  // SRBM_WRITE, all bytes
      return {pm4_type3(0x37, 4), (0u << 8) | (1u << 20), kPrivilegedReg, 0, 0};  // WRITE_DATA to a register
    case Kind::IllegalOpcode:
      if (sdma) return {0x3Fu};
      return {pm4_type3(0xF2, 1), 0};
    case Kind::VmFault: return sdma ? sdma_write_linear(kUnmappedVa, one) : pm4_write_data(kUnmappedVa, one);
    case Kind::CorruptIb:
      // Claims 100 dwords of data in an IB of 8.
      if (sdma) return {2u, static_cast<uint32_t>(flag_va), static_cast<uint32_t>(flag_va >> 32), 99, 1};
      return {pm4_type3(0x37, 103), (5u << 8) | (1u << 20), static_cast<uint32_t>(flag_va),
              static_cast<uint32_t>(flag_va >> 32), 1};
    case Kind::InfiniteShader:
    case Kind::SlowShader: return dispatch_packets(flag_va);  // the program is in the flag buffer
  }
  return {};
}

// On hardware some bad jobs need not hang: with retry faults off a faulting access is dropped and the job goes
// on, and what the CP makes of a packet running past the IB depends on what follows it in memory. The simulator
// stops the engine on both, as on a GPU that does hang.
bool may_complete_on_hardware(Kind k) { return k == Kind::VmFault || k == Kind::CorruptIb; }

uint64_t usage(int fd, uint32_t query) {
  uint64_t v = 0;
  EXPECT_EQ(info(fd, query, &v, sizeof v), 0);
  return v;
}

// The kernel frees a closed buffer's memory once the fences on it have signalled, from a worker: usage may
// reach its old value a little after the last wait returned. True when it gets back to `expected`.
bool usage_returns_to(int fd, uint32_t query, uint64_t expected) {
  const uint64_t give_up = monotonic_ns() + 10'000'000'000ull;
  while (usage(fd, query) != expected) {
    if (monotonic_ns() > give_up) return false;
    usleep(1000);
  }
  return true;
}

class ResetTest {
 protected:
  // Another ring for the innocent context: a different engine from the hung one.
  static uint32_t other_ip(uint32_t ip) { return ip == AMDGPU_HW_IP_GFX ? AMDGPU_HW_IP_DMA : AMDGPU_HW_IP_GFX; }
  static std::vector<uint32_t> write_packets(uint32_t ip, uint64_t va, uint32_t value) {
    const uint32_t data[] = {value};
    return ip == AMDGPU_HW_IP_DMA ? sdma_write_linear(va, data) : pm4_write_data(va, data);
  }
  // Runs a job that writes `value` on (ip, 0) through `ctx`; returns WAIT_CS's errno (or CS's, if it failed).
  static int run_write(Client& c, uint32_t ctx, uint32_t ip, uint32_t value, Buffer* target) {
    Buffer ib;
    EXPECT_NO_FATAL_FAILURE(c.buffer(*target));
    EXPECT_NO_FATAL_FAILURE(c.ib(ib, ip, write_packets(ip, target->va, value)));
    uint64_t seq = 0;
    if (int err = c.submit(ctx, ip, 0, ib, {target->handle}, &seq)) return err;
    uint64_t status = 0;
    return wait_cs(c.fd(), ctx, ip, 0, seq, kInfinite, &status);
  }
  // After a reset: the guilty context's state, its new CS refused, a new context on the same ring working.
  static void check_guilty(Client& c, uint32_t guilty, uint32_t ip) {
    const uint64_t flags = c.query_state2(guilty);
    EXPECT_TRUE(flags & AMDGPU_CTX_QUERY2_FLAGS_RESET) << "flags 0x" << std::hex << flags;
    EXPECT_TRUE(flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) << "flags 0x" << std::hex << flags;
    Buffer b;
    EXPECT_EQ(run_write(c, guilty, ip, 5, &b), ECANCELED) << "a guilty context takes no new work";
    uint32_t fresh = 0;
    ASSERT_NO_FATAL_FAILURE(c.ctx(&fresh));
    EXPECT_EQ(c.query_state2(fresh), 0u) << "a context made after the reset starts clean";
    Buffer out;
    ASSERT_EQ(run_write(c, fresh, ip, 0xC0FFEE, &out), 0);
    EXPECT_EQ(out.words()[0], 0xC0FFEEu);
  }
};

class BadJobTest : public ::testing::TestWithParam<BadJob>, protected Session, protected ResetTest {
 protected:
  void SetUp() override {
    if (std::string why = skip_reason(GetParam().ring.device); !why.empty()) GTEST_SKIP() << why;
    ASSERT_NO_FATAL_FAILURE(open(GetParam().ring.device));
  }
  // The bad job ended through a full recovery (or, on hardware, completed where that is allowed).
  void check_full_recovery(Kind kind, int err, Client& bad, uint32_t guilty, Client& innocent, uint32_t innocent_ctx) {
    const uint32_t ip = GetParam().ring.ip, other = other_ip(ip);
    if (err == 0 && !simulated_backend() && may_complete_on_hardware(kind)) {
      EXPECT_EQ(bad.query_state2(guilty) & AMDGPU_CTX_QUERY2_FLAGS_GUILTY, 0u);
      GTEST_SKIP() << "this GPU completed the job without hanging (no recovery to check)";
    }
    ASSERT_EQ(err, ECANCELED) << "the bad job ends through recovery";
    ASSERT_NO_FATAL_FAILURE(check_guilty(bad, guilty, ip));

    const uint64_t flags = innocent.query_state2(innocent_ctx);
    EXPECT_TRUE(flags & AMDGPU_CTX_QUERY2_FLAGS_RESET) << "every context sees the reset";
    EXPECT_FALSE(flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) << "another ring's context is not guilty";
    Buffer after;
    if (flags & AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST) {
      EXPECT_EQ(run_write(innocent, innocent_ctx, other, 2, &after), ECANCELED)
          << "after a VRAM-losing reset every older context is refused, innocent or not";
    } else {
      ASSERT_EQ(run_write(innocent, innocent_ctx, other, 2, &after), 0) << "an innocent context keeps working";
      EXPECT_EQ(after.words()[0], 2u);
    }
  }
};

TEST_P(BadJobTest, IsEndedByRecoveryAndOnlyItsContextIsGuilty) {
  const Kind kind = GetParam().kind;
  const uint32_t ip = GetParam().ring.ip, ring = GetParam().ring.ring;
  const bool shader = kind == Kind::InfiniteShader || kind == Kind::SlowShader;
  if (shader && ip == AMDGPU_HW_IP_GFX) SPORKLE_REQUIRE_LINUX_6_1();  // 6.12 reports soft recovery as ENODATA
  const uint64_t vram = usage(fd(), AMDGPU_INFO_VRAM_USAGE), gtt = usage(fd(), AMDGPU_INFO_GTT_USAGE);
  {
    Client innocent, bad;
    ASSERT_NO_FATAL_FAILURE(innocent.open(device().render_node));
    ASSERT_NO_FATAL_FAILURE(bad.open(device().render_node));
    uint32_t innocent_ctx = 0, guilty = 0;
    ASSERT_NO_FATAL_FAILURE(innocent.ctx(&innocent_ctx));
    ASSERT_NO_FATAL_FAILURE(bad.ctx(&guilty));
    const uint32_t other = other_ip(ip);
    Buffer before;
    ASSERT_EQ(run_write(innocent, innocent_ctx, other, 1, &before), 0);

    Buffer flag, ib;
    ASSERT_NO_FATAL_FAILURE(bad.buffer(flag));
    if (kind == Kind::InfiniteShader) std::memcpy(flag.cpu, kLoopForever, sizeof kLoopForever);
    if (kind == Kind::SlowShader) std::memcpy(flag.cpu, kSlowLoop, sizeof kSlowLoop);
    ASSERT_NO_FATAL_FAILURE(bad.ib(ib, ip, bad_packets(kind, ip, flag.va)));
    uint64_t seq = 0;
    ASSERT_EQ(bad.submit(guilty, ip, ring, ib, {flag.handle}, &seq), 0);
    uint64_t status = 0;
    const int err = wait_cs(bad.fd(), guilty, ip, ring, seq, kInfinite, &status);
    if (shader && ip == AMDGPU_HW_IP_GFX) {
      // Soft recovery (GFX ring only): the waves of the job's VMID are killed and the job finishes. 6.1 sets no
      // error on its fence and blames nobody; the attempt still counts as a reset, so every context sees RESET.
      EXPECT_EQ(err, 0) << "soft recovery lets the job finish";
      const uint64_t flags = bad.query_state2(guilty);
      EXPECT_TRUE(flags & AMDGPU_CTX_QUERY2_FLAGS_RESET) << "flags 0x" << std::hex << flags;
      EXPECT_FALSE(flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) << "flags 0x" << std::hex << flags;
      EXPECT_FALSE(flags & AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST) << "no full reset, VRAM kept";
      Buffer out;
      EXPECT_EQ(run_write(bad, guilty, ip, 3, &out), 0) << "the context keeps working";
      Buffer after;
      EXPECT_EQ(run_write(innocent, innocent_ctx, other, 4, &after), 0);
    } else {
      ASSERT_NO_FATAL_FAILURE(check_full_recovery(kind, err, bad, guilty, innocent, innocent_ctx));
    }
  }
  EXPECT_TRUE(usage_returns_to(fd(), AMDGPU_INFO_VRAM_USAGE, vram)) << "VRAM given back after recovery";
  EXPECT_TRUE(usage_returns_to(fd(), AMDGPU_INFO_GTT_USAGE, gtt)) << "GTT given back after recovery";
}

INSTANTIATE_TEST_SUITE_P(reset, BadJobTest, ::testing::ValuesIn(bad_jobs()), bad_job_name);

// Ten hangs in a row on one ring, each recovered; the ring still works afterwards.
class RepeatedHangTest : public RingTest, protected ResetTest {};

TEST_P(RepeatedHangTest, TenHangsInARowKeepRecovering) {
  if (ring() != 0) GTEST_SKIP() << "ring 0 of each IP is enough";
  const uint64_t vram = usage(fd(), AMDGPU_INFO_VRAM_USAGE), gtt = usage(fd(), AMDGPU_INFO_GTT_USAGE);
  {
    Client c;
    ASSERT_NO_FATAL_FAILURE(c.open(device().render_node));
    Buffer flag, ib;
    ASSERT_NO_FATAL_FAILURE(c.buffer(flag));
    ASSERT_NO_FATAL_FAILURE(c.ib(ib, ip(), wait_packets(flag.va, 1)));
    for (int i = 0; i < 10; ++i) {
      uint32_t ctx = 0;
      ASSERT_NO_FATAL_FAILURE(c.ctx(&ctx));
      uint64_t seq = 0, status = 0;
      ASSERT_EQ(c.submit(ctx, ip(), 0, ib, {flag.handle}, &seq), 0) << "hang " << i;
      ASSERT_EQ(wait_cs(c.fd(), ctx, ip(), 0, seq, kInfinite, &status), ECANCELED) << "hang " << i;
      EXPECT_TRUE(c.query_state2(ctx) & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) << "hang " << i;
    }
    uint32_t ctx = 0;
    ASSERT_NO_FATAL_FAILURE(c.ctx(&ctx));
    Buffer out;
    ASSERT_EQ(run_write(c, ctx, ip(), 77, &out), 0);
    EXPECT_EQ(out.words()[0], 77u);
  }
  EXPECT_TRUE(usage_returns_to(fd(), AMDGPU_INFO_VRAM_USAGE, vram));
  EXPECT_TRUE(usage_returns_to(fd(), AMDGPU_INFO_GTT_USAGE, gtt));
}

SPORKLE_RING_SUITE(reset, RepeatedHangTest, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA);

// debugfs amdgpu_gpu_recover: reading it resets the GPU with nobody guilty and reads as the result (0).
class GpuRecoverTest : public DeviceTest, protected ResetTest {};

TEST_P(GpuRecoverTest, ReadingDebugfsGpuRecoverResetsWithNobodyGuilty) {
  const std::string node = device().render_node;
  const int render_minor = std::atoi(node.c_str() + node.rfind("renderD") + 7);
  // amdgpu's debugfs files live under the primary node's minor.
  const std::string path = "/sys/kernel/debug/dri/" + std::to_string(render_minor - 128) + "/amdgpu_gpu_recover";
  Client c;
  ASSERT_NO_FATAL_FAILURE(c.open(node));
  uint32_t ctx = 0;
  ASSERT_NO_FATAL_FAILURE(c.ctx(&ctx));
  int f = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f < 0) GTEST_SKIP() << path << ": " << strerror(errno) << " (debugfs needs root and a mounted debugfs)";
  char buf[32] = {};
  const ssize_t n = read(f, buf, sizeof buf - 1);
  close(f);
  ASSERT_GT(n, 0);
  EXPECT_STREQ(buf, "0\n") << "the reset succeeded";
  const uint64_t flags = c.query_state2(ctx);
  EXPECT_TRUE(flags & AMDGPU_CTX_QUERY2_FLAGS_RESET);
  EXPECT_FALSE(flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY) << "a debugfs reset blames nobody";
  uint32_t fresh = 0;
  ASSERT_NO_FATAL_FAILURE(c.ctx(&fresh));
  Buffer out;
  ASSERT_EQ(run_write(c, fresh, AMDGPU_HW_IP_GFX, 9, &out), 0);
  EXPECT_EQ(out.words()[0], 9u);
}

SPORKLE_DEVICE_SUITE(reset, GpuRecoverTest);

}  // namespace
}  // namespace sporkle::conformance
