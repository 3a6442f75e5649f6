// A hung job on the simulator: the job timeout resets the GPU, and the driver surfaces it — the job's fence
// fails with ECANCELED, the context reports itself guilty, and further submissions on it are refused with
// ECANCELED. (Its own executable: the reset affects every later test of the process.)
#include <gtest/gtest.h>

#include "sporkle/driver.h"

namespace sporkle::test {
namespace {

using namespace std::chrono_literals;

TEST(DriverReset, HungJobSurfacesEcanceled) {
  Device dev = Device::open_first();
  Context ctx(dev);
  Buffer flag = Buffer::allocate(dev, 4096, Domain::Gtt);
  flag.view<uint32_t>()[0] = 0;
  Queue q(ctx, Ip::Compute);
  // Waits for a value nobody writes: only the job timeout ends it.
  Fence hung = q.submit(Pm4Stream(dev, Ip::Compute).wait_reg_mem(flag.gpu_address(), 1),
                        {.buffers = {&flag}});
  try {
    hung.wait(60s);
    FAIL() << "a hung job's fence signalled without error";
  } catch (const Error& e) {
    EXPECT_EQ(e.errno_value(), ECANCELED) << e.what();
  }
  EXPECT_EQ(hung.status(), FenceStatus::Failed);
  EXPECT_EQ(hung.error(), ECANCELED);

  ResetStatus r = ctx.reset_status();
  EXPECT_TRUE(r.reset);
  EXPECT_TRUE(r.guilty);

  try {
    q.submit(Pm4Stream(dev, Ip::Compute).nop());
    FAIL() << "a guilty context accepted a submission";
  } catch (const Error& e) {
    EXPECT_EQ(e.errno_value(), ECANCELED);
    EXPECT_EQ(e.call(), "amdgpu_cs_submit_raw2");
  }

  // A new context works again.
  Context fresh(dev);
  Queue q2(fresh, Ip::Compute);
  EXPECT_TRUE(q2.submit(Pm4Stream(dev, Ip::Compute).nop()).wait(10s));
}

}  // namespace
}  // namespace sporkle::test
