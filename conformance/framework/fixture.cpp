#include "conformance/framework/fixture.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include "conformance/framework/cs.h"
#include "conformance/framework/expectations.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {

namespace {
constexpr uint64_t kVaBase = 1ull << 32;  // well above the bottom reserve, well below 2^47
constexpr uint64_t kVaAlign = 2ull << 20;

std::string current_test_name() {
  const ::testing::TestInfo* t = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(t->test_suite_name()) + "." + t->name();
}
}  // namespace

Session::~Session() {
  for (auto& [p, len] : mappings_) munmap(p, len);
  for (int f : extra_fds_) close(f);
  if (fd_ >= 0) close(fd_);
}

void Session::open(const Device& device) {
  device_ = device;
  fd_ = ::open(device.render_node.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd_, 0) << "open(" << device.render_node << "): " << strerror(errno);
  drm_version v{};
  ASSERT_EQ(xioctl(fd_, DRM_IOCTL_VERSION, &v), 0);
  drm_minor_ = v.version_minor;
  ASSERT_EQ(info(fd_, AMDGPU_INFO_DEV_INFO, &dev_info_, sizeof(dev_info_)), 0);
  va_cursor_ = kVaBase;
}

int Session::open_another() {
  int f = ::open(device_.render_node.c_str(), O_RDWR | O_CLOEXEC);
  if (f >= 0) extra_fds_.push_back(f);
  return f;
}

uint64_t Session::next_va(uint64_t size) {
  uint64_t va = va_cursor_;
  va_cursor_ += (size + kVaAlign - 1) / kVaAlign * kVaAlign + kVaAlign;
  return va;
}

void Session::create(Buffer& bo, uint64_t size, uint32_t domain, uint64_t flags) {
  bo.size = size;
  ASSERT_EQ(gem_create(fd_, size, domain, flags, &bo.handle), 0) << "GEM_CREATE size " << size;
}

void Session::map_cpu(Buffer& bo) {
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd_, bo.handle, &offset), 0);
  void* p = mmap(nullptr, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, static_cast<off_t>(offset));
  ASSERT_NE(p, MAP_FAILED) << "mmap of GEM offset " << offset << ": " << strerror(errno);
  mappings_.emplace_back(p, bo.size);
  bo.cpu = p;
}

void Session::map_gpu(Buffer& bo) {
  uint64_t va = next_va(bo.size);
  ASSERT_EQ(gem_va(fd_, AMDGPU_VA_OP_MAP, bo.handle, va, 0, bo.size), 0) << "GEM_VA MAP at " << va;
  bo.va = va;
}

void Session::create_mapped(Buffer& bo, uint64_t size) {
  ASSERT_NO_FATAL_FAILURE(create(bo, size));
  ASSERT_NO_FATAL_FAILURE(map_cpu(bo));
  ASSERT_NO_FATAL_FAILURE(map_gpu(bo));
  std::memset(bo.cpu, 0, size);
}

void Session::make_ib(Buffer& ib, uint32_t ip, std::span<const uint32_t> packets) {
  const uint32_t nop = ip == AMDGPU_HW_IP_DMA ? kSdmaNop : kPm4Nop;
  std::vector<uint32_t> words(packets.begin(), packets.end());
  do words.push_back(nop);
  while (words.size() % 8 != 0);
  ASSERT_NO_FATAL_FAILURE(create_mapped(ib, 4096));
  ASSERT_LE(words.size() * 4, ib.size);
  std::memcpy(ib.cpu, words.data(), words.size() * 4);
  ib.ib_bytes = static_cast<uint32_t>(words.size() * 4);
}

void Session::ctx(uint32_t* id) { ASSERT_EQ(ctx_alloc(fd_, id), 0); }

int Session::submit_ib(uint32_t ctx, uint32_t ip, uint32_t ring, const Buffer& ib,
                       const std::vector<uint32_t>& bos, uint64_t* seq) {
  CsRequest request;
  request.ib(ip, ring, ib.va, ib.ib_bytes);
  std::vector<uint32_t> all = bos;
  all.push_back(ib.handle);
  request.bo_handles(all);
  return request.submit(fd_, ctx, seq);
}

void Session::wait_idle(uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq) {
  uint64_t status = 99;
  ASSERT_EQ(wait_cs(fd_, ctx, ip, ring, seq, kInfinite, &status), 0);
  ASSERT_EQ(status, 0u) << "WAIT_CS with an infinite timeout returned while the job was busy";
}

void* Session::no_access_page() {
  void* p = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  mappings_.emplace_back(p, 4096);
  return p;
}

void* Session::read_only_page() {
  void* p = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  mappings_.emplace_back(p, 4096);
  return p;
}

std::string skip_reason(const Device& device) {
  if (!device.present()) return no_device_reason();
  const std::string name = current_test_name();
  Expectations& e = Expectations::instance();
  e.note_gpu(name, device.name);
  if (e.lookup(device.name, name) == Listed::Skip) return "listed in " + device.name + "-skips.txt";
  return {};
}

void DeviceTest::SetUp() {
  if (std::string why = skip_reason(GetParam()); !why.empty()) GTEST_SKIP() << why;
  ASSERT_NO_FATAL_FAILURE(open(GetParam()));
}

void RingTest::SetUp() {
  if (std::string why = skip_reason(GetParam().device); !why.empty()) GTEST_SKIP() << why;
  ASSERT_NO_FATAL_FAILURE(open(GetParam().device));
}

uint32_t RingTest::nop() const { return is_sdma() ? kSdmaNop : kPm4Nop; }

std::vector<uint32_t> RingTest::write_packets(uint64_t va, std::span<const uint32_t> data) const {
  return is_sdma() ? sdma_write_linear(va, data) : pm4_write_data(va, data);
}

std::vector<uint32_t> RingTest::wait_packets(uint64_t va, uint32_t ref) const {
  return is_sdma() ? sdma_wait_mem_eq(va, ref) : pm4_wait_mem_eq(va, ref);
}

std::string device_param_name(const ::testing::TestParamInfo<Device>& info) { return info.param.name; }

std::string ring_param_name(const ::testing::TestParamInfo<Ring>& info) {
  if (!info.param.device.present()) return info.param.device.name;
  return info.param.device.name + "_" + ip_name(info.param.ip) + std::to_string(info.param.ring);
}

}  // namespace sporkle::conformance
