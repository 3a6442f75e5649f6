#include "sim/kernel/fault_injection.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sporkle::sim::kernel {

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

bool parse_u64(const std::string& text, uint64_t* out) {
  if (text.empty() || text[0] == '-') return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno || *end) return false;
  *out = v;
  return true;
}

// "ENOMEM" or "12".
bool parse_errno(const std::string& text, int* out) {
  uint64_t n = 0;
  if (parse_u64(text, &n)) {
    if (n == 0 || n > 4095) return false;
    *out = static_cast<int>(n);
    return true;
  }
  for (int e = 1; e < 4096; ++e) {
    const char* name = strerrorname_np(e);
    if (name && text == name) {
      *out = e;
      return true;
    }
  }
  return false;
}

void malformed(const char* name, const char* value) {
  std::fprintf(stderr, "sporkle: ignoring %s=%s (see sim/kernel/fault_injection.h for the format)\n", name, value);
}

// "N[:ERRNO]"
bool parse_nth_errno(const char* name, int* error, uint64_t* nth) {
  const char* v = env(name);
  if (!v) return false;
  std::string text = v;
  size_t colon = text.find(':');
  *error = ENOMEM;
  if (!parse_u64(text.substr(0, colon), nth) || *nth == 0 ||
      (colon != std::string::npos && !parse_errno(text.substr(colon + 1), error))) {
    malformed(name, v);
    return false;
  }
  return true;
}

// "RING:N"
bool parse_ring_nth(const char* name, std::string* ring, uint64_t* nth) {
  const char* v = env(name);
  if (!v) return false;
  std::string text = v;
  size_t colon = text.find(':');
  if (colon == 0 || colon == std::string::npos || !parse_u64(text.substr(colon + 1), nth) || *nth == 0) {
    malformed(name, v);
    return false;
  }
  *ring = text.substr(0, colon);
  return true;
}

}  // namespace

int FaultInjection::fire(Nth& n) {
  if (n.remaining == 0 || --n.remaining != 0) return 0;
  return -n.error;
}

bool FaultInjection::fire(RingNth& n, const std::string& ring) {
  if (n.remaining == 0 || n.ring != ring) return false;
  return --n.remaining == 0;
}

void FaultInjection::fail_gem_create(uint64_t nth, int error) {
  std::lock_guard lock(mutex_);
  gem_create_ = {nth, error};
}

void FaultInjection::fail_cs(uint64_t nth, int error) {
  std::lock_guard lock(mutex_);
  cs_ = {nth, error};
}

void FaultInjection::hang_job(const std::string& ring, uint64_t nth) {
  std::lock_guard lock(mutex_);
  hang_ = {ring, nth};
}

void FaultInjection::vm_fault_job(const std::string& ring, uint64_t nth) {
  std::lock_guard lock(mutex_);
  vm_fault_ = {ring, nth};
}

void FaultInjection::set_ras_enabled(bool enabled) {
  std::lock_guard lock(mutex_);
  ras_enabled_ = enabled;
}

void FaultInjection::inject_ras_errors(uint64_t correctable, uint64_t uncorrectable) {
  std::lock_guard lock(mutex_);
  ras_ce_ += correctable;
  ras_ue_ += uncorrectable;
}

void FaultInjection::set_vram_lost_on_reset(std::optional<bool> lost) {
  std::lock_guard lock(mutex_);
  vram_lost_ = lost;
}

void FaultInjection::configure_from_environment() {
  uint64_t nth = 0;
  int error = 0;
  std::string ring;
  if (parse_nth_errno("SPORKLE_FAULT_GEM_CREATE", &error, &nth)) fail_gem_create(nth, error);
  if (parse_nth_errno("SPORKLE_FAULT_CS", &error, &nth)) fail_cs(nth, error);
  if (parse_ring_nth("SPORKLE_FAULT_HANG", &ring, &nth)) hang_job(ring, nth);
  if (parse_ring_nth("SPORKLE_FAULT_VM_FAULT", &ring, &nth)) vm_fault_job(ring, nth);
  uint64_t ce = 0, ue = 0, flag = 0;
  if (const char* v = env("SPORKLE_FAULT_RAS")) {
    if (parse_u64(v, &flag) && flag <= 1) set_ras_enabled(flag == 1);
    else malformed("SPORKLE_FAULT_RAS", v);
  }
  if (const char* v = env("SPORKLE_FAULT_RAS_CE"); v && !parse_u64(v, &ce)) {
    malformed("SPORKLE_FAULT_RAS_CE", v);
    ce = 0;
  }
  if (const char* v = env("SPORKLE_FAULT_RAS_UE"); v && !parse_u64(v, &ue)) {
    malformed("SPORKLE_FAULT_RAS_UE", v);
    ue = 0;
  }
  inject_ras_errors(ce, ue);
  if (const char* v = env("SPORKLE_FAULT_VRAM_LOST")) {
    if (parse_u64(v, &flag) && flag <= 1) set_vram_lost_on_reset(flag == 1);
    else malformed("SPORKLE_FAULT_VRAM_LOST", v);
  }
}

int FaultInjection::on_gem_create() {
  std::lock_guard lock(mutex_);
  return fire(gem_create_);
}

int FaultInjection::on_cs() {
  std::lock_guard lock(mutex_);
  return fire(cs_);
}

FaultInjection::JobFault FaultInjection::on_job(const std::string& ring) {
  std::lock_guard lock(mutex_);
  // Both count the ring's jobs; a job drawing both hangs (the fault would stop it the same way).
  const bool hang = fire(hang_, ring);
  const bool fault = fire(vm_fault_, ring);
  return hang ? JobFault::Hang : fault ? JobFault::VmFault : JobFault::None;
}

bool FaultInjection::ras_enabled() const {
  std::lock_guard lock(mutex_);
  return ras_enabled_;
}

uint64_t FaultInjection::ras_ce_count() const {
  std::lock_guard lock(mutex_);
  return ras_ce_;
}

uint64_t FaultInjection::ras_ue_count() const {
  std::lock_guard lock(mutex_);
  return ras_ue_;
}

bool FaultInjection::vram_lost_on_reset(bool personality_default) const {
  std::lock_guard lock(mutex_);
  return vram_lost_.value_or(personality_default);
}

}  // namespace sporkle::sim::kernel
