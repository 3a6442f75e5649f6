// AMDGPU_VM (kernel-uapi.md 2.16) and AMDGPU_SCHED (2.17) on a render node.
#include <fcntl.h>
#include <unistd.h>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

class Vm : public DeviceTest {
 protected:
  static int vm_op(int fd, uint32_t op, uint32_t flags = 0) {
    drm_amdgpu_vm args{};
    args.in.op = op;
    args.in.flags = flags;
    return xioctl(fd, DRM_IOCTL_AMDGPU_VM, &args);
  }
};

TEST_P(Vm, ReserveVmidIsIdempotentAndUnreserveAlwaysSucceeds) {
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_UNRESERVE_VMID), 0) << "unreserving without a reservation is a no-op";
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_RESERVE_VMID), 0);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_RESERVE_VMID), 0);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_UNRESERVE_VMID), 0);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_UNRESERVE_VMID), 0);
}

TEST_P(Vm, OnlyOneVmCanHoldAReservedVmid) {
  int other = open_another();
  ASSERT_GE(other, 0);
  ASSERT_EQ(vm_op(fd(), AMDGPU_VM_OP_RESERVE_VMID), 0);
  EXPECT_EQ(vm_op(other, AMDGPU_VM_OP_RESERVE_VMID), EINVAL);
  ASSERT_EQ(vm_op(fd(), AMDGPU_VM_OP_UNRESERVE_VMID), 0);
  EXPECT_EQ(vm_op(other, AMDGPU_VM_OP_RESERVE_VMID), 0);
  EXPECT_EQ(vm_op(other, AMDGPU_VM_OP_UNRESERVE_VMID), 0);
}

TEST_P(Vm, ClosingTheFileReleasesItsReservedVmid) {
  int first = ::open(device().render_node.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(first, 0);
  ASSERT_EQ(vm_op(first, AMDGPU_VM_OP_RESERVE_VMID), 0);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_RESERVE_VMID), EINVAL);
  close(first);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_RESERVE_VMID), 0);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_UNRESERVE_VMID), 0);
}

TEST_P(Vm, NonzeroFlagsAreEinvalBeforeTheOp) {
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_RESERVE_VMID, 1), EINVAL);
  EXPECT_EQ(vm_op(fd(), 99, 1), EINVAL);
  EXPECT_EQ(vm_op(fd(), AMDGPU_VM_OP_UNRESERVE_VMID, 0x80000000), EINVAL);
}

TEST_P(Vm, UnknownOpIsEinval) {
  for (uint32_t op : {0u, 3u, 0xFFFFFFFFu}) EXPECT_EQ(vm_op(fd(), op), EINVAL) << "op " << op;
}

TEST_P(Vm, SchedIsEaccesOnTheRenderNodeWhateverTheArguments) {
  drm_amdgpu_sched args{};
  args.in.op = AMDGPU_SCHED_OP_CONTEXT_PRIORITY_OVERRIDE;
  args.in.fd = fd();
  args.in.priority = AMDGPU_CTX_PRIORITY_HIGH;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_SCHED, &args), EACCES);
  args.in.op = 77;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_SCHED, &args), EACCES);
}

SPORKLE_DEVICE_SUITE(ioctl, Vm);

}  // namespace
}  // namespace sporkle::conformance
