// gfx1030 (wave32) build of pk.s.
.set GFX10, 1
.include "pk.s"
