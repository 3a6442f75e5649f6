// Programs of ioctls on a fresh deterministic simulated device, like syzkaller's: the input (ioctl_program.h)
// is a sequence of calls whose handles, fds and fences are drawn from the objects the program made so far.
// Every pointer the simulator gets is either into this harness's own buffers or one that faults (null, an
// unreadable guard page, a non-canonical address, a buffer running into the guard page), so a simulator that
// writes through a client pointer wrongly is caught by ASan or the guard page, never lucky.
// Checked beyond crashes: every ioctl returns 0 or an errno the kernel can return for it (ioctl_errno.h); an
// unreadable argument gives EFAULT; once the files and fds are closed, the device's memory accounting is zero
// in every domain; nothing leaks (LeakSanitizer).
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "fuzz/check.h"
#include "fuzz/ioctl_errno.h"
#include "fuzz/ioctl_program.h"
#include "sim/kernel/device.h"
#include "sim/kernel/fd_table.h"
#include "sim/kernel/file.h"
#include "sim/kernel/uapi.h"
#include "sporkle/spec/personality.h"

namespace {

using namespace sporkle;
using namespace sporkle::fuzz::ioctl_program;
namespace kernel = sim::kernel;

constexpr uint64_t kPage = 4096;
constexpr uint64_t kNonCanonical = 0x8000000000000000ull;
// Bytes of GEM memory one program may create: large requests are made only in sizes the managers refuse.
constexpr uint64_t kMemoryCap = 8ull << 20;
constexpr size_t kMaxCalls = 256;
// A job that never ends runs until the kernel's deterministic budget (2^22 work units, seconds of polling) is
// spent: a few submissions per program keep the worst input within the smoke test's timeout.
constexpr unsigned kMaxSubmissions = 4;

// Client memory: an argument area ending at an unreadable guard page, and pages for userptr buffers.
struct ClientMemory {
  static constexpr size_t kArgBytes = 64 * 1024;
  static constexpr size_t kUserptrBytes = 64 * 1024;
  uint8_t* args;      // kArgBytes, then the guard page
  uint8_t* guard;
  uint8_t* userptr;   // kUserptrBytes of anonymous memory, then an unmapped page

  ClientMemory() {
    auto* a = static_cast<uint8_t*>(
        mmap(nullptr, kArgBytes + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    FUZZ_CHECK(a != MAP_FAILED, "mmap");
    args = a;
    guard = a + kArgBytes;
    FUZZ_CHECK(mprotect(guard, kPage, PROT_NONE) == 0, "mprotect");
    auto* u = static_cast<uint8_t*>(
        mmap(nullptr, kUserptrBytes + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    FUZZ_CHECK(u != MAP_FAILED, "mmap");
    FUZZ_CHECK(munmap(u + kUserptrBytes, kPage) == 0, "munmap");
    userptr = u;
  }
};

ClientMemory& client() {
  static ClientMemory* m = new ClientMemory;
  return *m;
}

class Reader {
 public:
  Reader(const uint8_t* d, size_t n) : d_(d), n_(n) {}
  bool done() const { return pos_ >= n_; }
  uint8_t u8() { return pos_ < n_ ? d_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }
  uint32_t u32() { return u16() | (uint32_t{u16()} << 16); }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t pos_ = 0;
};

struct Fence {
  uint32_t ctx, ip, ring;
  uint64_t seq;
};

struct FileState {
  std::shared_ptr<kernel::File> file;
  int fd = -1;  // a real fd standing for the file in the fd table (AMDGPU_SCHED and VM take DRM file fds)
  std::vector<uint32_t> bos, ctxs, syncobjs, bo_lists, flink_names;
  std::vector<uint64_t> vas;  // start of each mapping GEM_VA made
  std::vector<Fence> fences;
};

class Program {
 public:
  Program(const spec::Personality& p, const uint8_t* data, size_t size)
      : device_(kernel::Device::create({&p, 0, true, ""})), in_(data, size) {}

  void run() {
    for (size_t calls = 0; calls < kMaxCalls && !in_.done(); ++calls) step();
  }

  // Closes everything and checks that the device is back to empty.
  void finish() {
    for (int fd : fds_) close_fd(fd);
    fds_.clear();
    for (FileState& f : files_) close_file(f);
    for (uint32_t domain : {AMDGPU_GEM_DOMAIN_VRAM, AMDGPU_GEM_DOMAIN_GTT, AMDGPU_GEM_DOMAIN_CPU})
      FUZZ_CHECK(device_->usage(domain) == 0, "domain 0x%x still has %llu bytes charged with every file closed",
                 domain, static_cast<unsigned long long>(device_->usage(domain)));
  }

 private:
  // --- choices ---------------------------------------------------------------------------------------------
  template <typename T>
  T pick(const std::vector<T>& from, uint8_t index) {
    if (index < kInvalidIndex && !from.empty()) return from[index % from.size()];
    static const uint32_t kInvalid[] = {0, 1, 2, 0xFFFF, 0x1000, 0x7FFFFFFF, 0xFFFFFFFF, 64};
    return static_cast<T>(kInvalid[index & 7]);
  }
  uint32_t handle() { return pick(cur().bos, in_.u8()); }
  uint32_t syncobj() { return pick(cur().syncobjs, in_.u8()); }
  uint32_t ctx() { return pick(cur().ctxs, in_.u8()); }
  int fd() {
    uint8_t i = in_.u8();
    if (i < kInvalidIndex && !fds_.empty()) return fds_[i % fds_.size()];
    static const int kInvalid[] = {-1, 0, 1023, 2, -100, 999999, 3, 512};
    return kInvalid[i & 7];
  }
  Fence fence() {
    uint8_t i = in_.u8();
    if (i < kInvalidIndex && !cur().fences.empty()) {
      Fence f = cur().fences[i % cur().fences.size()];
      if (i & 0x80) f.seq += 1 + (i & 3);  // a sequence number not submitted yet
      return f;
    }
    return Fence{pick(cur().ctxs, in_.u8()), in_.u8() % 10u, in_.u8() % 5u, in_.u8()};
  }
  // Absolute CLOCK_MONOTONIC deadlines. Deterministic jobs are done when CS returns, so even "forever" must
  // come back at once from an amdgpu wait; syncobj waits can block on fence-less syncobjs, so they poll.
  uint64_t timeout(bool may_block) {
    switch (in_.u8() & 3) {
      case 0: return 0;
      case 1: return 1;
      case 2: return may_block ? ~uint64_t{0} : 0;
      default: return may_block ? INT64_MAX : 2;
    }
  }
  uint64_t size_class(uint8_t c) {
    switch (c >> 5) {
      case 0: return (c & 31) * 256;   // below a page, 0 included
      case 1: return (c & 31) * kPage;
      case 2: return uint64_t{1} << (12 + (c & 7));  // 4 KiB .. 512 KiB
      case 3: return kPage * (c & 31) + (c & 4);  // unaligned
      case 4: return device_->personality().vram_size + (c & 31) * kPage;  // more than VRAM
      case 5: return device_->personality().gtt_size;
      case 6: return ~uint64_t{0} - (c & 31);
      default: return uint64_t{1} << (c & 63);
    }
  }

  // --- client memory ---------------------------------------------------------------------------------------
  // Places n bytes in the argument area and returns the client address per pointer class: 0 valid, 1 null,
  // 2 guard page, 3 non-canonical, 4 running into the guard page after half the bytes.
  uint64_t place(const void* src, size_t n, uint8_t cls) {
    auto& m = client();
    n = std::min(n, ClientMemory::kArgBytes / 2);
    switch (cls % 8) {
      case 1: return 0;
      case 2: return reinterpret_cast<uint64_t>(m.guard);
      case 3: return kNonCanonical;
      case 4: {
        if (n == 0) return reinterpret_cast<uint64_t>(m.guard);
        size_t keep = n / 2;
        std::memcpy(m.guard - keep, src, keep);
        return reinterpret_cast<uint64_t>(m.guard - keep);
      }
      default: {
        if (arg_used_ + n + 8 > ClientMemory::kArgBytes / 2) arg_used_ = 0;
        uint8_t* at = m.args + arg_used_;
        if (n) std::memcpy(at, src, n);
        arg_used_ = (arg_used_ + n + 7) & ~size_t{7};
        return reinterpret_cast<uint64_t>(at);
      }
    }
  }

  FileState& cur() { return files_[on_primary_ && files_[1].file ? 1 : 0]; }

  // --- calls -----------------------------------------------------------------------------------------------
  int call(unsigned long request, void* arg) {
    FileState& f = cur();
    if (!f.file) open_file(f, &f == &files_[1]);
    const bool bad = bad_arg_ && (_IOC_DIR(request) & _IOC_WRITE) && _IOC_SIZE(request) > 0;
    int r = f.file->ioctl(request, bad ? client().guard : arg);
    FUZZ_CHECK(fuzz::errno_allowed(request, r, f.file->is_render()),
               "%s (0x%lx) on the %s node returned %d (%s), which the kernel does not return for it",
               fuzz::request_name(request), request, f.file->is_render() ? "render" : "primary", r,
               r < 0 ? strerror(-r) : "positive");
    if (bad) {
      FUZZ_CHECK(r == -EFAULT, "%s with an unreadable argument returned %d, not -EFAULT",
                 fuzz::request_name(request), r);
      return -EFAULT;
    }
    return r;
  }

  void open_file(FileState& f, bool primary) {
    f = FileState{};
    f.file = device_->open(primary ? kernel::NodeType::Primary : kernel::NodeType::Render, primary);
    FUZZ_CHECK(f.file != nullptr, "open failed");
    f.fd = eventfd(0, EFD_CLOEXEC);
    FUZZ_CHECK(f.fd >= 0, "eventfd");
    kernel::FdTable::instance().install(f.fd, f.file);
  }
  void close_file(FileState& f) {
    if (f.fd >= 0) close_fd(f.fd);
    f = FileState{};  // drm_release: the last reference goes
  }
  void close_fd(int fd) {
    kernel::FdTable::instance().forget(fd);
    ::close(fd);
  }
  void keep_fd(int fd) {
    FUZZ_CHECK(fd >= 0 && kernel::FdTable::instance().contains(fd), "fd %d returned but not in the fd table", fd);
    fds_.push_back(fd);
  }

  void step() {
    const uint8_t op = in_.u8();
    on_primary_ = op & kOnPrimary;
    bad_arg_ = op & kBadArg;
    switch ((op & kOpMask) % kOpCount) {
      case kGemCreate: return gem_create();
      case kGemMmap: {
        drm_amdgpu_gem_mmap a{};
        a.in.handle = handle();
        call(DRM_IOCTL_AMDGPU_GEM_MMAP, &a);
        return;
      }
      case kGemVa: return gem_va();
      case kGemOp: {
        drm_amdgpu_gem_op a{};
        a.handle = handle();
        a.op = in_.u8() % 3;
        uint8_t v = in_.u8();
        drm_amdgpu_gem_create_in info{};
        a.value = a.op == AMDGPU_GEM_OP_GET_GEM_CREATE_INFO ? place(&info, sizeof info, in_.u8()) : v;
        call(DRM_IOCTL_AMDGPU_GEM_OP, &a);
        return;
      }
      case kGemMetadata: {
        drm_amdgpu_gem_metadata a{};
        a.handle = handle();
        a.op = in_.u8() % 4;
        a.data.data_size_bytes = in_.u8() * 2;
        a.data.tiling_info = uint64_t{in_.u8()} << 20;
        call(DRM_IOCTL_AMDGPU_GEM_METADATA, &a);
        return;
      }
      case kGemWaitIdle: {
        drm_amdgpu_gem_wait_idle a{};
        a.in.handle = handle();
        a.in.timeout = timeout(true);
        call(DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, &a);
        return;
      }
      case kGemUserptr: return gem_userptr();
      case kGemClose: {
        drm_gem_close a{};
        a.handle = handle();
        if (call(DRM_IOCTL_GEM_CLOSE, &a) == 0) std::erase(cur().bos, a.handle);
        return;
      }
      case kCtx: return ctx_op();
      case kBoList: return bo_list();
      case kCs: return cs();
      case kWaitCs: {
        Fence f = fence();
        drm_amdgpu_wait_cs a{};
        a.in.handle = f.seq;
        a.in.ctx_id = f.ctx;
        a.in.ip_type = f.ip;
        a.in.ring = f.ring;
        a.in.timeout = timeout(true);
        if (call(DRM_IOCTL_AMDGPU_WAIT_CS, &a) == 0)
          for (const Fence& known : cur().fences)
            if (known.ctx == f.ctx && known.ip == f.ip && known.ring == f.ring && known.seq == f.seq)
              FUZZ_CHECK(a.out.status == 0, "a deterministic job is still busy after its CS returned");
        return;
      }
      case kWaitFences: return wait_fences();
      case kFenceToHandle: {
        Fence f = fence();
        drm_amdgpu_fence_to_handle a{};
        a.in.fence = {f.ctx, f.ip, 0, f.ring, f.seq};
        a.in.what = in_.u8() % 4;
        if (call(DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, &a) == 0) {
          if (a.in.what == AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ)
            cur().syncobjs.push_back(a.out.handle);
          else
            keep_fd(static_cast<int>(a.out.handle));
        }
        return;
      }
      case kInfo: return info();
      case kVm: {
        drm_amdgpu_vm a{};
        a.in.op = in_.u8() % 4;
        a.in.flags = in_.u8() == 0xFF;
        call(DRM_IOCTL_AMDGPU_VM, &a);
        return;
      }
      case kSched: {
        drm_amdgpu_sched a{};
        a.in.op = in_.u8() % 4;
        uint8_t which = in_.u8();
        a.in.fd = which & 1 ? files_[which >> 1 & 1].fd : fd();
        static const int32_t kPriorities[] = {-1023, -512, 0, 512, 1023, -2048, 7, 2000};
        a.in.priority = kPriorities[in_.u8() & 7];
        a.in.ctx_id = ctx();
        call(DRM_IOCTL_AMDGPU_SCHED, &a);
        return;
      }
      case kSyncobjCreate: {
        drm_syncobj_create a{};
        a.flags = in_.u8() % 3;
        if (call(DRM_IOCTL_SYNCOBJ_CREATE, &a) == 0) cur().syncobjs.push_back(a.handle);
        return;
      }
      case kSyncobjDestroy: {
        drm_syncobj_destroy a{};
        a.handle = syncobj();
        a.pad = in_.u8() == 0xFF;
        if (call(DRM_IOCTL_SYNCOBJ_DESTROY, &a) == 0) std::erase(cur().syncobjs, a.handle);
        return;
      }
      case kSyncobjHandleToFd: {
        drm_syncobj_handle a{};
        a.handle = syncobj();
        a.flags = in_.u8() % 3;
        if (call(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &a) == 0) keep_fd(a.fd);
        return;
      }
      case kSyncobjFdToHandle: {
        drm_syncobj_handle a{};
        a.fd = fd();
        a.flags = in_.u8() % 3;
        a.handle = syncobj();
        if (call(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &a) == 0 && !a.flags) cur().syncobjs.push_back(a.handle);
        return;
      }
      case kSyncobjTransfer: {
        drm_syncobj_transfer a{};
        a.src_handle = syncobj();
        a.dst_handle = syncobj();
        a.src_point = in_.u8() % 8;
        a.dst_point = in_.u8() % 8;
        // WAIT_FOR_SUBMIT would wait 5 s for a point nothing will submit.
        a.flags = in_.u8() & ~DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
        call(DRM_IOCTL_SYNCOBJ_TRANSFER, &a);
        return;
      }
      case kSyncobjWait: return syncobj_wait();
      case kSyncobjArray: return syncobj_array();
      case kPrimeHandleToFd: {
        drm_prime_handle a{};
        a.handle = handle();
        static const uint32_t kFlags[] = {0, DRM_CLOEXEC, DRM_RDWR, DRM_CLOEXEC | DRM_RDWR, 1, 0x40};
        a.flags = kFlags[in_.u8() % 6];
        if (call(DRM_IOCTL_PRIME_HANDLE_TO_FD, &a) == 0) keep_fd(a.fd);
        return;
      }
      case kPrimeFdToHandle: {
        drm_prime_handle a{};
        a.fd = fd();
        if (call(DRM_IOCTL_PRIME_FD_TO_HANDLE, &a) == 0 && !std::count(cur().bos.begin(), cur().bos.end(), a.handle))
          cur().bos.push_back(a.handle);
        return;
      }
      case kWriteBo: return write_bo();
      case kCloseFd: {
        uint8_t i = in_.u8();
        if (fds_.empty()) return;
        size_t at = i % fds_.size();
        close_fd(fds_[at]);
        fds_.erase(fds_.begin() + at);
        return;
      }
      case kOpenPrimary:
        if (!files_[1].file) open_file(files_[1], true);
        return;
      case kCloseFile: close_file(files_[in_.u8() & 1]); return;
      case kRawIoctl: return raw_ioctl();
      case kVersionCap: {
        if (in_.u8() & 1) {
          drm_get_cap a{};
          a.capability = in_.u8();
          call(DRM_IOCTL_GET_CAP, &a);
        } else {
          char name[16], date[16], desc[16];
          drm_version a{};
          a.name_len = in_.u8() % 17;
          a.name = reinterpret_cast<char*>(place(name, a.name_len, in_.u8()));
          a.date_len = sizeof date;
          a.date = date;
          a.desc_len = sizeof desc;
          a.desc = desc;
          call(DRM_IOCTL_VERSION, &a);
        }
        return;
      }
      case kFlink: {
        if (in_.u8() & 1) {
          drm_gem_open a{};
          a.name = pick(cur().flink_names, in_.u8());
          if (call(DRM_IOCTL_GEM_OPEN, &a) == 0) cur().bos.push_back(a.handle);
        } else {
          drm_gem_flink a{};
          a.handle = handle();
          if (call(DRM_IOCTL_GEM_FLINK, &a) == 0) {
            files_[0].flink_names.push_back(a.name);
            files_[1].flink_names.push_back(a.name);
          }
        }
        return;
      }
    }
  }

  void gem_create() {
    drm_amdgpu_gem_create a{};
    uint64_t size = size_class(in_.u8());
    a.in.domains = in_.u8() & 0x3F;
    a.in.domain_flags = in_.u16();
    a.in.alignment = size_class(in_.u8() & 0x7F);
    const bool special = a.in.domains & (AMDGPU_GEM_DOMAIN_GDS | AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA);
    const spec::Personality& p = device_->personality();
    const uint64_t refused = std::max(p.vram_size, p.gtt_size);  // no manager takes this much
    // Memory is only address space until touched, but a VRAM-losing reset scrambles every VRAM buffer: keep
    // what a program may hold small. GDS, GWS and OA have no backing memory.
    if (!special && size > kMemoryCap && size <= refused) size = kPage;
    if (!special && size <= kMemoryCap && created_ + size > kMemoryCap) size = kPage;
    a.in.bo_size = size;
    if (call(DRM_IOCTL_AMDGPU_GEM_CREATE, &a) == 0) {
      FUZZ_CHECK(special || size <= refused, "GEM_CREATE of %llu bytes in domains 0x%llx succeeded",
                 static_cast<unsigned long long>(size), static_cast<unsigned long long>(a.in.domains));
      if (!special) created_ += size;
      cur().bos.push_back(a.out.handle);
    }
  }

  void gem_va() {
    drm_amdgpu_gem_va a{};
    a.operation = in_.u8() % 6;
    a.handle = handle();
    uint8_t slot = in_.u8();
    // VAs: a mapping made before (to unmap or replace it), a fresh slot above the 2 MiB reserve, or an edge.
    if (slot < 0x80 && !cur().vas.empty())
      a.va_address = cur().vas[slot % cur().vas.size()];
    else if (slot < 0xF0)
      a.va_address = 0x200000 + static_cast<uint64_t>(slot & 0x3F) * 0x10000;
    else {
      static const uint64_t kEdges[] = {0, 0x1FF000, 0x7FFFFFFFF000ull, 0x800000000000ull, 0xFFFF800000000000ull,
                                        0xFFFFFFFFFFFFF000ull, 0x200001, 0x0000FFFFFFE00000ull};
      a.va_address = kEdges[slot & 7];
    }
    uint8_t off = in_.u8();
    a.offset_in_bo = off == 0xFF ? ~uint64_t{0} - 0xFFF : static_cast<uint64_t>(off & 0xF) * kPage + (off & 0x10 ? 1 : 0);
    a.map_size = size_class(in_.u8());
    static const uint32_t kFlags[] = {
        AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE,
        AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE,
        AMDGPU_VM_PAGE_READABLE,
        AMDGPU_VM_PAGE_PRT,
        AMDGPU_VM_PAGE_PRT | AMDGPU_VM_DELAY_UPDATE,
        AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_MTYPE_UC,
        AMDGPU_VM_PAGE_PRT | AMDGPU_VM_PAGE_READABLE,
        AMDGPU_VM_PAGE_NOALLOC | AMDGPU_VM_PAGE_WRITEABLE};
    uint8_t fl = in_.u8();
    a.flags = fl < 0xF8 ? kFlags[fl & 7] : fl << 8;
    if (call(DRM_IOCTL_AMDGPU_GEM_VA, &a) == 0 && a.operation == AMDGPU_VA_OP_MAP && cur().vas.size() < 64)
      cur().vas.push_back(a.va_address & 0x0000FFFFFFFFFFFFull);
  }

  void gem_userptr() {
    auto& m = client();
    drm_amdgpu_gem_userptr a{};
    uint8_t where = in_.u8();
    // Only memory of this harness, or memory that is not there: the GPU writes through userptr buffers.
    switch (where >> 5) {
      case 0:
      case 1:
      case 2: a.addr = reinterpret_cast<uint64_t>(m.userptr) + (where & 15) * kPage; break;
      case 3: a.addr = reinterpret_cast<uint64_t>(m.guard); break;
      case 4: a.addr = reinterpret_cast<uint64_t>(m.userptr + ClientMemory::kUserptrBytes); break;
      case 5: a.addr = reinterpret_cast<uint64_t>(m.userptr) + 8; break;
      case 6: a.addr = 0; break;
      default: a.addr = kNonCanonical; break;
    }
    uint8_t pages = in_.u8();
    a.size = pages == 0xFF ? 4095 : static_cast<uint64_t>(pages % 17) * kPage;
    a.flags = in_.u8() & 0x1F;
    if (call(DRM_IOCTL_AMDGPU_GEM_USERPTR, &a) == 0) cur().bos.push_back(a.handle);
  }

  void ctx_op() {
    drm_amdgpu_ctx a{};
    a.in.op = in_.u8() % 8;
    a.in.ctx_id = ctx();
    static const int32_t kPriorities[] = {0, -1023, -512, 512, 1023, -2048, 1, 100000};
    a.in.priority = kPriorities[in_.u8() & 7];
    uint8_t fl = in_.u8();
    a.in.flags = fl < 0xF0 ? fl % 6 * (a.in.op == AMDGPU_CTX_OP_SET_STABLE_PSTATE) : fl;
    int r = call(DRM_IOCTL_AMDGPU_CTX, &a);
    if (r == 0 && a.in.op == AMDGPU_CTX_OP_ALLOC_CTX) cur().ctxs.push_back(a.out.alloc.ctx_id);
    if (r == 0 && a.in.op == AMDGPU_CTX_OP_FREE_CTX) std::erase(cur().ctxs, a.in.ctx_id);
  }

  void bo_list() {
    drm_amdgpu_bo_list a{};
    a.in.operation = in_.u8() % 4;
    a.in.list_handle = pick(cur().bo_lists, in_.u8());
    uint8_t count = in_.u8() % 16;
    static const uint32_t kEntrySizes[] = {8, 8, 8, 4, 12, 0, 16, 8};
    a.in.bo_info_size = kEntrySizes[in_.u8() & 7];
    uint8_t cls = in_.u8();
    std::vector<uint32_t> entries(count * 4u);
    for (uint8_t i = 0; i < count; ++i) {
      entries[i * 4] = handle();
      entries[i * 4 + 1] = i;
    }
    a.in.bo_number = cls == 0xFF ? 128 * 1024 + 1 : count;
    a.in.bo_info_ptr = place(entries.data(), entries.size() * 4, cls);
    if (call(DRM_IOCTL_AMDGPU_BO_LIST, &a) == 0) {
      if (a.in.operation == AMDGPU_BO_LIST_OP_CREATE) cur().bo_lists.push_back(a.out.list_handle);
      if (a.in.operation == AMDGPU_BO_LIST_OP_DESTROY) std::erase(cur().bo_lists, a.in.list_handle);
    }
  }

  void cs() {
    drm_amdgpu_cs a{};
    a.in.ctx_id = ctx();
    a.in.bo_list_handle = in_.u8() < 0xC0 ? 0 : pick(cur().bo_lists, in_.u8());
    const uint8_t n = in_.u8() % 5;
    std::vector<drm_amdgpu_cs_chunk> chunks(n);
    std::vector<uint64_t> pointers(n);
    drm_amdgpu_cs_chunk_ib ib{};
    for (uint8_t i = 0; i < n; ++i) {
      drm_amdgpu_cs_chunk& c = chunks[i];
      const uint8_t kind = in_.u8() % kChunkKinds;
      union {
        drm_amdgpu_cs_chunk_ib ib;
        drm_amdgpu_cs_chunk_fence fence;
        drm_amdgpu_cs_chunk_dep dep;
        drm_amdgpu_cs_chunk_sem sem;
        drm_amdgpu_cs_chunk_syncobj syncobj;
        uint32_t raw[64];
      } body{};
      uint32_t bytes = 0;
      switch (kind) {
        case 0: {
          uint8_t ip = in_.u8();
          body.ib.ip_type = ip < 0xF0 ? ip % 3 : ip & 0xF;
          body.ib.ring = in_.u8() % 5;
          uint8_t slot = in_.u8();
          body.ib.va_start = (cur().vas.empty() || slot >= 0xF0 ? 0x200000 : cur().vas[slot % cur().vas.size()]) +
                             uint64_t{in_.u8()} * 4;
          body.ib.ib_bytes = uint32_t{in_.u16()} * 4;
          body.ib.flags = in_.u8() & 0x1F;
          ib = body.ib;
          c.chunk_id = AMDGPU_CHUNK_ID_IB;
          bytes = sizeof body.ib;
          break;
        }
        case 1:
          body.fence.handle = handle();
          body.fence.offset = uint32_t{in_.u8()} * 8;
          c.chunk_id = AMDGPU_CHUNK_ID_FENCE;
          bytes = sizeof body.fence;
          break;
        case 2:
        case 3: {
          Fence f = fence();
          body.dep = {f.ip, 0, f.ring, f.ctx, f.seq};
          c.chunk_id = kind == 2 ? AMDGPU_CHUNK_ID_DEPENDENCIES : AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES;
          bytes = sizeof body.dep;
          break;
        }
        case 4:
        case 5:
          body.sem.handle = syncobj();
          c.chunk_id = kind == 4 ? AMDGPU_CHUNK_ID_SYNCOBJ_IN : AMDGPU_CHUNK_ID_SYNCOBJ_OUT;
          bytes = sizeof body.sem;
          break;
        case 6:
        case 7:
          body.syncobj.handle = syncobj();
          body.syncobj.point = in_.u8() % 8;
          // WAIT_FOR_SUBMIT would wait 5 s for a point nothing will submit.
          body.syncobj.flags = in_.u8() & ~DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
          c.chunk_id = kind == 6 ? AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT : AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL;
          bytes = sizeof body.syncobj;
          break;
        case 8: {
          uint8_t count = in_.u8() % 8;
          drm_amdgpu_bo_list_in list{};
          list.bo_number = count;
          list.bo_info_size = sizeof(drm_amdgpu_bo_list_entry);
          std::vector<drm_amdgpu_bo_list_entry> entries(count);
          for (auto& e : entries) e.bo_handle = handle();
          list.bo_info_ptr = place(entries.data(), entries.size() * sizeof entries[0], 0);
          std::memcpy(&body, &list, sizeof list);
          c.chunk_id = AMDGPU_CHUNK_ID_BO_HANDLES;
          bytes = sizeof list;
          break;
        }
        default:
          c.chunk_id = in_.u8();
          bytes = (in_.u8() % 64) * 4;
          break;
      }
      // A chunk whose length is off by one dword either way, now and then.
      uint8_t len = in_.u8();
      c.length_dw = bytes / 4 + (len == 0xFF ? 1 : 0) - (len == 0xFE && bytes ? 1 : 0);
      c.chunk_data = place(&body, sizeof body, len == 0xFD ? 4 : 0);
      pointers[i] = place(&c, sizeof c, len == 0xFC ? 2 : 0);
    }
    a.in.num_chunks = n;
    a.in.chunks = place(pointers.data(), pointers.size() * 8, in_.u8() == 0xFF ? 4 : 0);
    if (submissions_ == kMaxSubmissions) return;
    ++submissions_;
    if (call(DRM_IOCTL_AMDGPU_CS, &a) == 0 && cur().fences.size() < 64)
      cur().fences.push_back({a.in.ctx_id, ib.ip_type, ib.ring, a.out.handle});
  }

  void wait_fences() {
    const uint8_t count = in_.u8() % 6;
    drm_amdgpu_wait_fences a{};
    a.in.wait_all = in_.u8() & 1;
    a.in.timeout_ns = timeout(true);
    const uint8_t cls = in_.u8();
    std::vector<drm_amdgpu_fence> fences(count);
    for (auto& f : fences) {
      Fence x = fence();
      f = {x.ctx, x.ip, 0, x.ring, x.seq};
    }
    a.in.fence_count = count;
    a.in.fences = place(fences.data(), fences.size() * sizeof fences[0], cls);
    call(DRM_IOCTL_AMDGPU_WAIT_FENCES, &a);
  }

  void info() {
    static const uint32_t kQueries[] = {
        AMDGPU_INFO_ACCEL_WORKING, AMDGPU_INFO_CRTC_FROM_ID, AMDGPU_INFO_HW_IP_INFO, AMDGPU_INFO_HW_IP_COUNT,
        AMDGPU_INFO_TIMESTAMP, AMDGPU_INFO_FW_VERSION, AMDGPU_INFO_NUM_BYTES_MOVED, AMDGPU_INFO_VRAM_USAGE,
        AMDGPU_INFO_GTT_USAGE, AMDGPU_INFO_GDS_CONFIG, AMDGPU_INFO_VRAM_GTT, AMDGPU_INFO_READ_MMR_REG,
        AMDGPU_INFO_DEV_INFO, AMDGPU_INFO_VIS_VRAM_USAGE, AMDGPU_INFO_NUM_EVICTIONS, AMDGPU_INFO_MEMORY,
        AMDGPU_INFO_VCE_CLOCK_TABLE, AMDGPU_INFO_VBIOS, AMDGPU_INFO_NUM_HANDLES, AMDGPU_INFO_SENSOR,
        AMDGPU_INFO_NUM_VRAM_CPU_PAGE_FAULTS, AMDGPU_INFO_VRAM_LOST_COUNTER, 0x20, 0x21, 0x04, 0x22, 0xFF};
    constexpr uint8_t kNumQueries = sizeof kQueries / sizeof kQueries[0];
    drm_amdgpu_info a{};
    a.query = kQueries[in_.u8() % kNumQueries];
    static const uint32_t kSizes[] = {0, 1, 4, 8, 16, 64, 256, 4096};
    uint32_t size = kSizes[in_.u8() & 7];
    a.return_size = size;
    static uint8_t out[8192];
    uint8_t cls = in_.u8();
    a.return_pointer = cls % 8 == 0 ? reinterpret_cast<uint64_t>(out) : place(out, size, cls);
    uint32_t arg0 = in_.u8(), arg1 = in_.u8();
    // The union's first dwords: query_hw_ip {type, ip_instance}, read_mmr_reg {dword_offset, count, instance},
    // query_fw {fw_type, ip_instance, index}, sensor_info {type}, vbios_info {type, offset}.
    uint32_t words[4] = {arg0 < 0xF0 ? arg0 % 12 : arg0 << 8, arg1 % 3 == 2 ? arg1 : arg1 % 2, arg1 >> 4, 0};
    if (a.query == AMDGPU_INFO_READ_MMR_REG) {
      words[0] = 0x2000 + arg0 * 4;  // around the GRBM/GB config registers
      words[1] = arg1 % 130;
      words[2] = arg1 & 0x80 ? 0xFFFFFFFF : 0;
    }
    std::memcpy(&a.query_hw_ip, words, sizeof words);
    call(DRM_IOCTL_AMDGPU_INFO, &a);
  }

  void syncobj_wait() {
    const bool timeline = in_.u8() & 1;
    const uint8_t count = in_.u8() % 6;
    const uint32_t flags = in_.u8() & 7;
    const uint64_t deadline = timeout(false);
    const uint8_t cls = in_.u8();
    std::vector<uint32_t> handles(count);
    std::vector<uint64_t> points(count);
    for (uint8_t i = 0; i < count; ++i) {
      handles[i] = syncobj();
      points[i] = in_.u8() % 8;
    }
    if (timeline) {
      drm_syncobj_timeline_wait a{};
      a.handles = place(handles.data(), count * 4, cls);
      a.points = place(points.data(), count * 8, cls >> 3);
      a.timeout_nsec = static_cast<int64_t>(deadline);
      a.count_handles = count;
      a.flags = flags;
      call(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &a);
    } else {
      drm_syncobj_wait a{};
      a.handles = place(handles.data(), count * 4, cls);
      a.timeout_nsec = static_cast<int64_t>(deadline);
      a.count_handles = count;
      a.flags = flags;
      call(DRM_IOCTL_SYNCOBJ_WAIT, &a);
    }
  }

  void syncobj_array() {
    const uint8_t which = in_.u8() % 4;
    const uint8_t count = in_.u8() % 6;
    const uint8_t fl = in_.u8();
    const uint8_t cls = in_.u8();
    std::vector<uint32_t> handles(count);
    std::vector<uint64_t> points(count);
    for (uint8_t i = 0; i < count; ++i) {
      handles[i] = syncobj();
      points[i] = in_.u8() % 8;
    }
    if (which < 2) {
      drm_syncobj_array a{};
      a.handles = place(handles.data(), count * 4, cls);
      a.count_handles = count;
      a.pad = fl == 0xFF;
      call(which == 0 ? DRM_IOCTL_SYNCOBJ_RESET : DRM_IOCTL_SYNCOBJ_SIGNAL, &a);
    } else {
      drm_syncobj_timeline_array a{};
      a.handles = place(handles.data(), count * 4, cls);
      a.points = place(points.data(), count * 8, cls >> 3);
      a.count_handles = count;
      a.flags = fl & 3;
      call(which == 2 ? DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL : DRM_IOCTL_SYNCOBJ_QUERY, &a);
    }
  }

  // A client's CPU writes through its mmap of a BO: how IBs and data get into buffers.
  void write_bo() {
    drm_amdgpu_gem_mmap m{};
    m.in.handle = handle();
    const uint32_t offset = in_.u16();
    const uint8_t n = in_.u8();
    uint8_t bytes[256];
    for (uint8_t i = 0; i < n; ++i) bytes[i] = in_.u8();
    FileState& f = cur();
    if (!f.file || f.file->ioctl(DRM_IOCTL_AMDGPU_GEM_MMAP, &m) != 0) return;
    std::shared_ptr<sim::gpu::Allocation> memory;
    if (f.file->mmap_target(m.out.addr_ptr, kPage, &memory) != 0 || !memory) return;
    if (offset >= memory->size()) return;
    std::memcpy(memory->host() + offset, bytes, std::min<uint64_t>(n, memory->size() - offset));
  }

  void raw_ioctl() {
    const unsigned long request = in_.u32();
    static uint8_t zeroed[1 << 14];
    std::memset(zeroed, 0, sizeof zeroed);
    void* arg = nullptr;
    switch (in_.u8() % 3) {
      case 0: arg = nullptr; break;
      case 1: arg = client().guard; break;
      default: arg = zeroed; break;
    }
    FileState& f = cur();
    if (!f.file) open_file(f, &f == &files_[1]);
    int r = f.file->ioctl(request, arg);
    FUZZ_CHECK(fuzz::errno_allowed(request, r, f.file->is_render()),
               "raw ioctl 0x%lx (%s) returned %d (%s)", request, fuzz::request_name(request), r,
               r < 0 ? strerror(-r) : "positive");
    // A zeroed argument can still create objects (a syncobj, a context with id 0 fails...): nothing here keeps
    // track of them, and closing the file at the end frees them all.
  }

  std::shared_ptr<kernel::Device> device_;
  Reader in_;
  FileState files_[2];  // render node, primary node
  std::vector<int> fds_;
  bool on_primary_ = false;
  bool bad_arg_ = false;
  size_t arg_used_ = 0;
  uint64_t created_ = 0;
  unsigned submissions_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const spec::Personality* p = spec::find_personality(data[0] & 1 ? "gfx1030" : "gfx900");
  Program program(*p, data + 1, size - 1);
  program.run();
  program.finish();
  return 0;
}
