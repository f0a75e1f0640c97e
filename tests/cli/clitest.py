"""clitest.py: what the command line's tests share: running the built
bodywork (from $BODYWORK) on the shared fixtures, on a pipe or on a
pseudo-terminal, and checking its exit status, JSON and messages."""
import fcntl
import json
import os
import re
import struct
import subprocess
import termios
import unittest

BODYWORK = os.environ["BODYWORK"]
EXAMPLES = os.environ.get("BW_EXAMPLES", os.path.dirname(BODYWORK))
DATA = os.environ["BW_TEST_DATA"]
SOURCE = os.environ["BW_SOURCE_DIR"]
HERE = os.path.dirname(os.path.abspath(__file__))
CLI_DATA = os.path.join(HERE, "data")
VALID = os.path.join(DATA, "valid")
CLINIC = os.path.join(DATA, "layers", "clinic")
LONELY = os.path.join(CLI_DATA, "lonely.xml")

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def environment(extra=None):
    """The environment without the variables that change the output."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "COLUMNS", "BODYWORK_CORPUS")}
    env.update(extra or {})
    return env


def command(args, corpus):
    corpus = [corpus] if isinstance(corpus, str) else corpus or []
    return [BODYWORK] + [a for c in corpus for a in ("--corpus", c)] + list(args)


def run(*args, corpus=VALID, env=None):
    """Run bodywork on a pipe; the result has returncode, stdout, stderr."""
    return subprocess.run(command(args, corpus), capture_output=True,
                          text=True, env=environment(env), timeout=120)


def run_tty(*args, corpus=VALID, env=None, columns=100):
    """Run bodywork with standard output on a terminal `columns` wide;
    returns (status, output)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ,
                struct.pack("HHHH", 24, columns, 0, 0))
    p = subprocess.Popen(command(args, corpus), stdout=slave,
                         stderr=subprocess.DEVNULL, env=environment(env))
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=120), out.decode().replace("\r\n", "\n")


def width(line):
    """Columns a line takes on a terminal."""
    return len(ANSI.sub("", line))


class CliTest(unittest.TestCase):
    """Checks of one run's exit status and streams."""

    def answer(self, *args, status=0, **kw):
        """Run; check the status, and that a failure says why on stderr
        (and an answer keeps stderr empty)."""
        p = run(*args, **kw)
        self.assertEqual(p.returncode, status,
                         f"bodywork {' '.join(args)}\nstdout: {p.stdout}\n"
                         f"stderr: {p.stderr}")
        if status == 2:
            self.assertTrue(p.stderr.strip(), "a usage or corpus error says why")
        if status == 0:
            self.assertEqual(p.stderr, "")
        return p

    def json(self, *args, status=0, **kw):
        """Run with --json; the parsed document."""
        p = self.answer(*args, "--json", status=status, **kw)
        return json.loads(p.stdout)

    def error(self, *args, status=2, **kw):
        """Run expecting a failure with nothing on stdout; its stderr."""
        p = self.answer(*args, status=status, **kw)
        self.assertEqual(p.stdout, "")
        return p.stderr

    def assertRef(self, ref, id, kind):
        self.assertEqual((ref["id"], ref["kind"]), (id, kind))
        self.assertIsInstance(ref["name"], str)
