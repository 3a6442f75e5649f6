#include "sim/gpu/vm.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "sim/gpu/guarded_copy.h"

namespace sporkle::sim::gpu {

namespace {
constexpr size_t kMaxRecordedFaults = 64;

uint32_t required_flag(Access access) {
  switch (access) {
    case kWrite: return kPageWriteable;
    case kExecute: return kPageExecutable;
    default: return kPageReadable;
  }
}

// Every page flag a combination of accesses needs.
uint32_t required_flags(uint8_t accesses) {
  uint32_t need = 0;
  for (Access a : {kRead, kWrite, kExecute})
    if (accesses & a) need |= required_flag(a);
  return need;
}
}  // namespace

const char* unit_name(Unit u) {
  switch (u) {
    case Unit::CommandProcessor: return "CP";
    case Unit::Sdma: return "SDMA";
    case Unit::Shader: return "SQ";
  }
  return "?";
}

std::string Fault::describe() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "VM fault at 0x%012" PRIx64 " by %s (%s, %s)", va, unit_name(unit),
                access == kWrite ? "write" : access == kExecute ? "execute" : "read",
                unmapped ? "no mapping" : "permission");
  return buf;
}

void Vm::map(Mapping m) {
  std::unique_lock lock(mutex_);
  map_.emplace(m.va, std::move(m));
  generation_.fetch_add(1, std::memory_order_release);
}

std::vector<Mapping> Vm::unmap_range(uint64_t va, uint64_t size) {
  std::unique_lock lock(mutex_);
  std::vector<Mapping> removed;
  uint64_t end = va + size;
  auto it = map_.upper_bound(va);
  if (it != map_.begin()) --it;
  while (it != map_.end() && it->first < end) {
    Mapping m = it->second;
    if (m.va + m.size <= va) {
      ++it;
      continue;
    }
    it = map_.erase(it);
    if (m.va < va) {  // keep the head
      Mapping head = m;
      head.size = va - m.va;
      map_.emplace(head.va, head);
    }
    if (m.va + m.size > end) {  // keep the tail
      Mapping tail = m;
      tail.va = end;
      tail.size = m.va + m.size - end;
      tail.offset = m.offset + (end - m.va);
      it = map_.emplace(tail.va, tail).first;
      ++it;
    }
    Mapping cut = m;
    cut.va = std::max(m.va, va);
    cut.size = std::min(m.va + m.size, end) - cut.va;
    cut.offset = m.offset + (cut.va - m.va);
    removed.push_back(std::move(cut));
  }
  if (!removed.empty()) generation_.fetch_add(1, std::memory_order_release);
  return removed;
}

bool Vm::unmap_owned(uint64_t owner, uint64_t va) {
  std::unique_lock lock(mutex_);
  auto it = map_.find(va);
  if (it == map_.end() || it->second.owner != owner) return false;
  map_.erase(it);
  generation_.fetch_add(1, std::memory_order_release);
  return true;
}

void Vm::unmap_owner(uint64_t owner) {
  std::unique_lock lock(mutex_);
  if (std::erase_if(map_, [owner](const auto& kv) { return kv.second.owner == owner; }))
    generation_.fetch_add(1, std::memory_order_release);
}

bool Vm::overlaps(uint64_t va, uint64_t size) const {
  std::shared_lock lock(mutex_);
  auto it = map_.lower_bound(va + size);
  if (it == map_.begin()) return false;
  --it;
  return it->first + it->second.size > va;
}

std::vector<Mapping> Vm::mappings() const {
  std::shared_lock lock(mutex_);
  std::vector<Mapping> out;
  for (const auto& [va, m] : map_) out.push_back(m);
  return out;
}

const Mapping* Vm::find(uint64_t va) const {
  auto it = map_.upper_bound(va);
  if (it == map_.begin()) return nullptr;
  --it;
  const Mapping& m = it->second;
  return va < m.va + m.size ? &m : nullptr;
}

void Vm::record(const Fault& f) {
  std::lock_guard lock(fault_mutex_);
  ++fault_count_;
  if (faults_.size() == kMaxRecordedFaults) faults_.erase(faults_.begin());
  faults_.push_back(f);
}

std::vector<Fault> Vm::faults() const {
  std::lock_guard lock(fault_mutex_);
  return faults_;
}

uint64_t Vm::fault_count() const {
  std::lock_guard lock(fault_mutex_);
  return fault_count_;
}

// Visits the request mapping by mapping: fn(mapping or nullptr for PRT, host pointer, length, bytes done so far).
template <typename Fn>
std::optional<Fault> Vm::walk(uint64_t va, uint64_t n, Unit unit, Access access, Fn&& fn) {
  std::shared_lock lock(mutex_);
  uint64_t done = 0;
  while (done < n) {
    uint64_t at = va + done;
    const Mapping* m = find(at);
    Fault fault{at, access, unit, m == nullptr};
    if (!m || !(m->flags & (required_flag(access) | kPagePrt)) || at < va /* wrapped */) {
      lock.unlock();
      record(fault);
      return fault;
    }
    uint64_t len = std::min(n - done, m->va + m->size - at);
    uint8_t* host = m->memory ? m->memory->host() + m->offset + (at - m->va) : nullptr;
    bool user = m->memory && m->memory->is_user();
    if (!fn(host, len, done, user)) {
      lock.unlock();
      record(fault);  // user memory the client unmapped underneath the GPU
      return fault;
    }
    done += len;
  }
  return std::nullopt;
}

std::optional<Fault> Vm::read(uint64_t va, void* dst, uint64_t n, Unit unit, Access access) {
  auto* out = static_cast<uint8_t*>(dst);
  return walk(va, n, unit, access, [&](uint8_t* host, uint64_t len, uint64_t done, bool user) {
    if (!host) return std::memset(out + done, 0, len), true;
    if (user) return guarded_copy(out + done, host, len);
    std::memmove(out + done, host, len);  // engines may read into device memory (a packet's own IB, say)
    return true;
  });
}

std::optional<Fault> Vm::write(uint64_t va, const void* src, uint64_t n, Unit unit) {
  auto* in = static_cast<const uint8_t*>(src);
  return walk(va, n, unit, kWrite, [&](uint8_t* host, uint64_t len, uint64_t done, bool user) {
    if (!host) return true;
    if (user) return guarded_copy(host, in + done, len);
    std::memmove(host, in + done, len);  // the source may be device memory too: a packet's payload in its IB
    return true;
  });
}

std::optional<Fault> Vm::fill(uint64_t va, uint8_t byte, uint64_t n, Unit unit) {
  return walk(va, n, unit, kWrite, [&](uint8_t* host, uint64_t len, uint64_t, bool user) {
    if (!host) return true;
    if (user) return guarded_fill(host, byte, len);
    std::memset(host, byte, len);
    return true;
  });
}

std::optional<Fault> Vm::copy(uint64_t dst, uint64_t src, uint64_t n, Unit unit) {
  // The common case: both ranges each lie in one device-memory mapping.
  const uint8_t* whole_src = direct(src, n, kRead);
  const uint8_t* whole_dst = direct(dst, n, kWrite);
  if (whole_src && whole_dst) {
    std::memmove(const_cast<uint8_t*>(whole_dst), whole_src, n);
    return std::nullopt;
  }
  // Otherwise bounce through a small buffer: source and destination may each span several mappings.
  uint8_t chunk[64 * 1024];
  for (uint64_t done = 0; done < n;) {
    uint64_t len = std::min<uint64_t>(sizeof chunk, n - done);
    const uint8_t* s = direct(src + done, len, kRead);
    const uint8_t* d = direct(dst + done, len, kWrite);
    if (s && d) {
      std::memmove(const_cast<uint8_t*>(d), s, len);
    } else {
      if (auto f = read(src + done, chunk, len, unit)) return f;
      if (auto f = write(dst + done, chunk, len, unit)) return f;
    }
    done += len;
  }
  return std::nullopt;
}

const uint8_t* Vm::direct(uint64_t va, uint64_t n, Access access) const {
  DirectSpan s = direct_span(va, access);
  if (!s.host || va + n < va || va + n > s.va + s.size) return nullptr;
  return s.host + (va - s.va);
}

Vm::DirectSpan Vm::direct_span(uint64_t va, uint8_t accesses) const {
  const uint32_t need = required_flags(accesses);
  std::shared_lock lock(mutex_);
  const Mapping* m = find(va);
  if (!m || !m->memory || m->memory->is_user() || (m->flags & need) != need) return {};
  return {m->memory->host() + m->offset, m->va, m->size};
}

}  // namespace sporkle::sim::gpu
