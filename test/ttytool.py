#!/usr/bin/env python3
"""ttytool.py: the terminal side of the integration tests.

  ttytool.py recv SOCKET OUT
      Listen on the unix socket SOCKET (runc's --console-socket protocol),
      take the pty master sent with SCM_RIGHTS, then drive the shell on it:
      "stty size" (the configured consoleSize), "tty", a window resize to
      33x77 and "stty size" again, then "exit".  Writes what it saw to OUT,
      one "key: value" line each: name (the payload), size1, tty, size2.

  ttytool.py hold SOCKET OUT
      Take the pty master from SOCKET as recv does, then append all that
      comes out of it to OUT until it reads end of file or EIO (the last
      slave closed: the container stopped, or was checkpointed).

  ttytool.py pty OUT INPUT -- CMD...
      Run CMD with a new pty as its controlling terminal and stdio, type
      INPUT into it, collect the output until CMD exits, and write to OUT:
      "status: N", "restored: yes|no" (the pty's termios after CMD exits
      equal those before), and "output: ..." (repr of what CMD printed).
"""
import array
import fcntl
import os
import select
import socket
import struct
import sys
import termios
import time


def read_until(fd, needle, timeout=10.0):
    """Read from fd until needle (bytes) shows up; return all read."""
    buf = b""
    end = time.time() + timeout
    while needle not in buf:
        left = end - time.time()
        if left <= 0:
            raise SystemExit("timed out waiting for %r; got %r" % (needle, buf))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def after(buf, marker):
    """The line that follows the echoed marker command's output."""
    text = buf.decode("utf-8", "replace").replace("\r", "")
    lines = [l for l in text.split("\n") if l and marker not in l]
    return lines[-1] if lines else ""


def ask(m, command, n):
    """Run command in the shell on pty master m; its last output line.
    The end marker is computed by the shell, so the echoed command line
    does not contain it."""
    os.write(m, ("%s; echo END$((%d+0))\n" % (command, n)).encode())
    buf = read_until(m, b"END%d\r\n" % n)
    return after(buf.split(b"END%d\r\n" % n)[0], command)


def take_master(path):
    """The pty master sent to the unix socket path, and the message."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    srv.settimeout(20)
    conn, _ = srv.accept()
    fds = array.array("i")
    msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize))
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
    if not fds:
        raise SystemExit("no fd received")
    return fds[0], msg


def recv(path, out):
    m, msg = take_master(path)
    seen = {"name": msg.decode("utf-8", "replace")}
    seen["size1"] = ask(m, "stty size", 1)
    seen["tty"] = ask(m, "tty", 2)
    fcntl.ioctl(m, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 77, 0, 0))
    seen["size2"] = ask(m, "stty size", 3)
    os.write(m, b"exit\n")
    with open(out, "w") as f:
        for k in ("name", "size1", "tty", "size2"):
            f.write("%s: %s\n" % (k, seen[k]))


def hold(path, out):
    m, _ = take_master(path)
    with open(out, "ab") as f:
        while True:
            try:
                chunk = os.read(m, 4096)
            except OSError:
                break
            if not chunk:
                break
            f.write(chunk)
            f.flush()


def pty_run(out, text, cmd):
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.closerange(3, 256)
        os.execvp(cmd[0], cmd)
    time.sleep(0.3)
    os.write(master, text.encode())
    output = b""
    status = None
    end = time.time() + 20
    while time.time() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            output += chunk
        if status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(st)
        elif not r:
            break
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        status = "timeout"
    restored = termios.tcgetattr(slave) == before
    with open(out, "w") as f:
        f.write("status: %s\nrestored: %s\noutput: %r\n"
                % (status, "yes" if restored else "no", output.decode("utf-8", "replace")))


if __name__ == "__main__":
    if sys.argv[1] == "recv":
        recv(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "hold":
        hold(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "pty":
        pty_run(sys.argv[2], sys.argv[3].replace("\\n", "\n"), sys.argv[5:])
    else:
        raise SystemExit(__doc__)
