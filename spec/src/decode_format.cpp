#include <cinttypes>
#include <cstdio>

#include "sporkle/spec/decode.h"

namespace sporkle::spec::decode {

namespace {

void appendf(std::string& out, const char* fmt, auto... args) {
  char buf[256];
  int n = std::snprintf(buf, sizeof buf, fmt, args...);
  if (n > 0) out.append(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
}

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      appendf(out, "\\u%04x", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

void format_text(std::string& out, const Packet& p, std::span<const uint32_t> stream, std::string_view prefix) {
  std::string pre(prefix);
  for (uint32_t i = 0; i < p.length && p.offset + i < stream.size(); ++i) {
    appendf(out, "%s0x%08x: %08x  ", pre.c_str(), (p.offset + i) * 4, stream[p.offset + i]);
    if (i == 0) {
      out += p.kind + " " + p.name;
      if (p.kind == "PKT3") appendf(out, " (opcode 0x%02x)", p.opcode);
      if (p.kind == "SDMA") appendf(out, " (op %u sub-op %u)", p.opcode, p.sub_op);
    } else {
      out += "|";
    }
    bool any = false;
    for (const FieldValue& f : p.fields) {
      if (f.dword != i) continue;
      out += any ? ", " : (i == 0 ? "  " : " ");
      out += std::string(f.name) + "=";
      appendf(out, "0x%x", f.value);
      if (!f.meaning.empty()) out += " [" + f.meaning + "]";
      any = true;
    }
    if (!any && i > 0) out += " data";
    out += "\n";
  }
  for (const RegisterValue& r : p.registers) {
    out += pre + "              ";
    out += r.name.empty() ? "reg" : std::string(r.name);
    appendf(out, " (0x%05x) <= 0x%08x\n", r.offset, r.value);
  }
  if (!p.comment.empty()) out += pre + "            # " + p.comment + "\n";
  if (p.ib)
    appendf(out, "%s            -> %s%s IB at 0x%" PRIx64 ", %u dwords\n", pre.c_str(), p.ib->constant ? "constant " : "",
            p.ib->chain ? "chained" : "called", p.ib->va, p.ib->size_dw);
  if (!p.error.empty()) out += pre + "            !! " + p.error + "\n";
}

void format_json(std::string& out, const Packet& p) {
  appendf(out, "{\"offset\":%u,\"length\":%u,\"kind\":", p.offset * 4, p.length);
  json_string(out, p.kind);
  out += ",\"name\":";
  json_string(out, p.name);
  appendf(out, ",\"header\":%u,\"opcode\":%u", p.header, p.opcode);
  if (p.kind == "SDMA") appendf(out, ",\"sub_op\":%u", p.sub_op);
  out += ",\"fields\":{";
  for (size_t i = 0; i < p.fields.size(); ++i) {
    if (i) out += ',';
    json_string(out, p.fields[i].name);
    appendf(out, ":%u", p.fields[i].value);
  }
  out += "},\"registers\":[";
  for (size_t i = 0; i < p.registers.size(); ++i) {
    if (i) out += ',';
    appendf(out, "{\"offset\":%u,\"value\":%u,\"name\":", p.registers[i].offset, p.registers[i].value);
    json_string(out, p.registers[i].name);
    out += '}';
  }
  out += "],\"payload\":[";
  for (size_t i = 0; i < p.payload.size(); ++i) appendf(out, i ? ",%u" : "%u", p.payload[i]);
  out += ']';
  if (!p.comment.empty()) {
    out += ",\"comment\":";
    json_string(out, p.comment);
  }
  if (p.ib)
    appendf(out, ",\"ib\":{\"va\":%" PRIu64 ",\"size_dw\":%u,\"chain\":%s,\"constant\":%s}", p.ib->va, p.ib->size_dw,
            p.ib->chain ? "true" : "false", p.ib->constant ? "true" : "false");
  if (!p.error.empty()) {
    out += ",\"error\":";
    json_string(out, p.error);
  }
  out += '}';
}

}  // namespace sporkle::spec::decode
