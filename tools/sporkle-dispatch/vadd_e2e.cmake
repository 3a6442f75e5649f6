# Runs vadd_u32 (c[i] = a[i] + b[i]) over 1000 elements with a = 0, 1, 2, ... and b = 0x01000000 under
# sporkle-sim, and compares c.bin with the sums computed here. Inputs: SIM, TOOL, CODE_OBJECT, WORK.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(
  COMMAND ${SIM} run --gpu gfx900 -- ${TOOL} ${CODE_OBJECT} vadd_u32 --grid 16 --block 64
          buf:iota=u32,size=4000 buf:fill=u32:0x01000000,size=4000 buf:size=4000,out=${WORK}/c.bin u32:1000
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sporkle-dispatch failed: ${rc}")
endif()
file(READ ${WORK}/c.bin got HEX)
set(expected "")
foreach(i RANGE 999)
  math(EXPR v "${i} + 16777216" OUTPUT_FORMAT HEXADECIMAL)
  string(SUBSTRING "${v}" 2 -1 digits)
  string(LENGTH "${digits}" len)
  while(len LESS 8)
    string(PREPEND digits "0")
    math(EXPR len "${len} + 1")
  endwhile()
  string(TOLOWER "${digits}" digits)
  # Little-endian bytes.
  string(SUBSTRING "${digits}" 6 2 b0)
  string(SUBSTRING "${digits}" 4 2 b1)
  string(SUBSTRING "${digits}" 2 2 b2)
  string(SUBSTRING "${digits}" 0 2 b3)
  string(APPEND expected "${b0}${b1}${b2}${b3}")
endforeach()
if(NOT got STREQUAL expected)
  string(SUBSTRING "${got}" 0 64 head)
  message(FATAL_ERROR "c.bin differs from the host's sums (starts ${head})")
endif()
message(STATUS "c.bin: 1000 correct sums")
