"""Issue 14's ratios for one or more versions of introspect.py, measured in
one run (docs/introspection.md §8):

    python3 pyhelper/testdata/ratio.py 9 sympy /tmp/old/introspect.py pyhelper/introspect.py

Each of the N rounds runs, in turn, `python3 -c "import <module>"`, the same
followed by os._exit(0) (the script skips the interpreter's teardown), and
every script given, each started as the Go client starts it (the bootstrap
of scriptfile.go, so the script's byte code is cached; the client's
environment, arguments and address-space cap). Prints the median elapsed
and CPU (user+system) time of each and its ratio to the bare import, and
the load average during the run: on a shared machine read the CPU ratio.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PYTHON = "/usr/bin/python3"
BOOT = ("import sys; p = sys.argv.pop(1); sys.path and sys.path[0] in ('', '.') and sys.path.pop(0); "
        "import importlib.util as u; s = u.spec_from_file_location('snakebridge_introspect', p); "
        "m = u.module_from_spec(s); sys.modules[s.name] = m; w = sys.dont_write_bytecode; "
        "sys.dont_write_bytecode = False; s.loader.exec_module(m); sys.dont_write_bytecode = w; sys.exit(m.main())")
CLIENT_ARGS = ["--config", "{}", "--max-result-bytes", str(64 << 20), "--max-memory-bytes", str(4352 << 20)]


def main():
    rounds, module, scripts = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    commands = {"import": [PYTHON, "-c", "import " + module],
                "import+_exit": [PYTHON, "-c", "import %s, os; os._exit(0)" % module]}
    for path in scripts:
        label = path if path not in commands else path + "'"
        commands[label] = [PYTHON, "-c", BOOT, os.path.abspath(path), "--module", module] + CLIENT_ARGS
    env = dict(os.environ, PYTHONNOUSERSITE="1")
    with tempfile.TemporaryDirectory() as work:
        def run(command):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                           cwd=work, env=env)
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

        for command in commands.values():  # byte code, OS caches
            run(command)
        times = {label: ([], []) for label in commands}
        loads = []
        for _ in range(rounds):
            loads.append(os.getloadavg()[0])
            for label, command in commands.items():
                elapsed, cpu = run(command)
                times[label][0].append(elapsed)
                times[label][1].append(cpu)
    base_elapsed, base_cpu = (statistics.median(t) for t in times["import"])
    for label, (elapsed, cpu) in times.items():
        e, c = statistics.median(elapsed), statistics.median(cpu)
        print("%-40s elapsed %7.1f ms  cpu %7.1f ms  x%.2f elapsed  x%.2f cpu" % (
            label[-40:], e * 1e3, c * 1e3, e / base_elapsed, c / base_cpu))
    print("load average during the run: %.1f-%.1f" % (min(loads), max(loads)))


if __name__ == "__main__":
    main()
