"""Run a program that cannot open a network connection: `python -m kg.query.sandbox CMD ...`.

`kg serve` starts its Oxigraph engines through this launcher. Oxigraph evaluates SPARQL
`SERVICE` clauses by connecting to the named URL; the endpoint refuses such queries before
they reach an engine (kg.query.proxy), and this is the second, independent guard: the
launcher installs a Linux seccomp filter that makes every `connect()` (and `io_uring_setup`,
which could connect without that call) fail with EPERM, then replaces itself with the
program (`exec`), which inherits the filter and cannot lift it. An engine can still accept
connections on the port it listens on (bind, listen and accept are untouched); it can make
none. Where the kernel or the processor is not one this module knows, `available()` is
False and the caller decides (kg serve refuses to listen beyond loopback without it).

The launcher also asks the kernel to kill the program when its parent dies, so that a
killed `kg serve` leaves no engine behind.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys

__all__ = ["available", "forbid_connections", "main", "sandboxed"]

# From <linux/prctl.h>, <linux/seccomp.h>, <linux/filter.h>, <linux/audit.h>.
PR_SET_PDEATHSIG = 1
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM = 1
LOAD_WORD = 0x20  # BPF_LD | BPF_W | BPF_ABS
JUMP_IF_EQUAL = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
RETURN = 0x06  # BPF_RET | BPF_K
NR_OFFSET, ARCH_OFFSET = 0, 4  # struct seccomp_data
X32_BIT = 0x40000000

# machine: (audit architecture, system calls to refuse)
ARCHITECTURES = {
    "x86_64": (0xC000003E, (42, X32_BIT | 42, 425)),  # connect, x32 connect, io_uring_setup
    "aarch64": (0xC00000B7, (203, 425)),  # connect, io_uring_setup
}


def available() -> bool:
    return sys.platform.startswith("linux") and platform.machine() in ARCHITECTURES


def _filter(arch: int, refused: tuple[int, ...]) -> bytes:
    """The BPF program: a system call from another ABI, or a refused one, gets EPERM."""
    deny = SECCOMP_RET_ERRNO | EPERM
    last = len(refused)  # index of the ALLOW instruction, counted from the first check
    program = [
        (LOAD_WORD, 0, 0, ARCH_OFFSET),
        (JUMP_IF_EQUAL, 1, 0, arch),  # our ABI: skip the next instruction
        (RETURN, 0, 0, deny),
        (LOAD_WORD, 0, 0, NR_OFFSET),
    ]
    for i, number in enumerate(refused):
        program.append((JUMP_IF_EQUAL, last - i, 0, number))  # to the DENY after ALLOW
    program += [(RETURN, 0, 0, SECCOMP_RET_ALLOW), (RETURN, 0, 0, deny)]
    return b"".join(struct.pack("HBBI", *instruction) for instruction in program)


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def forbid_connections() -> None:
    """From now on this process and every program it runs can open no connection."""
    if not available():
        raise OSError(f"no connection filter for {sys.platform} on {platform.machine()}")
    arch, refused = ARCHITECTURES[platform.machine()]
    code = _filter(arch, refused)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_ulong]
    # no_new_privs lets an unprivileged process install a filter; it is inherited by exec
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    pointer = ctypes.cast(ctypes.pointer(program), ctypes.c_void_p).value
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, pointer, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def sandboxed(command: list[str]) -> list[str]:
    """`command` run through this launcher."""
    return [sys.executable, "-m", "kg.query.sandbox", *command]


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("usage: python -m kg.query.sandbox PROGRAM [ARG ...]")
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        sys.exit(1)
    forbid_connections()
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
