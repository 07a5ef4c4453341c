#!/usr/bin/env python3
"""For hand trials (docs/benchmarks.md): every thread of each PID on a scheduling slice of MICROS µs, policy, nice
value and flags kept (0: back to the kernel's default). The same system call as the gateway's ThreadSlice, from
outside the process, for processes that are not Relay's (the benchmark's simulator, Redis). Linux 6.12+, x86-64.
Another user's process needs root.
    benchmarks/bench/thread-slice.py MICROS PID...
"""
import ctypes
import os
import struct
import sys

SCHED_GETATTR, SCHED_SETATTR = 315, 314  # x86-64
ATTR = "IIqiIQQQ"  # struct sched_attr, SCHED_ATTR_SIZE_VER0 (48 bytes)

libc = ctypes.CDLL(None, use_errno=True)
micros = int(sys.argv[1])
asked = given = 0
for pid in sys.argv[2:]:
    for tid in os.listdir(f"/proc/{pid}/task"):
        attr = ctypes.create_string_buffer(48)
        if libc.syscall(SCHED_GETATTR, int(tid), attr, 48, 0) != 0:
            continue  # ended since the listing
        _, policy, flags, nice, _, _, _, _ = struct.unpack(ATTR, attr.raw)
        if policy not in (0, 3):  # SCHED_OTHER, SCHED_BATCH; real-time threads are left alone
            continue
        asked += 1
        wanted = struct.pack(ATTR, 48, policy, flags & 1, nice, 0, micros * 1000, 0, 0)
        if libc.syscall(SCHED_SETATTR, int(tid), ctypes.create_string_buffer(wanted, 48), 0) == 0:
            given += 1
print(f"{given} of {asked} threads on a {micros} µs slice" if micros else f"{given} of {asked} threads on the kernel's slice")
