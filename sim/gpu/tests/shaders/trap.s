// Raises a trap with no trap handler installed.
.text
.p2align 8
trap:
  s_trap 2
  s_endpgm
