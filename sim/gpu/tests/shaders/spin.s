// Never ends: a branch to itself.
.text
.p2align 8
spin:
  s_branch spin
