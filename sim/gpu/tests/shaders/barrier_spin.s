// Never ends, and every wave stops at a barrier every second instruction.
.text
.p2align 8
barrier_spin:
  s_barrier
  s_branch barrier_spin
