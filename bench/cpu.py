"""CPU seconds used by groups of processes (read from /proc), to say what each request cost during the load run.

On a machine where the load generator, gunicorn and PostgreSQL share two cores, latency under load is set by
CPU per request; these figures show where it goes.
"""

import os
import resource

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _processes():
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                name_part, rest = handle.read().rsplit(")", 1)
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = rest.split()
        # utime and stime are fields 14 and 15 of /proc/PID/stat (1-based), 12 and 13 after the name.
        yield name_part.split("(", 1)[1], command, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds(database: str) -> dict[str, float]:
    """CPU seconds so far of the app server (gunicorn), the database's backends and the load generator (locust).

    Only the backends serving `database` count, so other work on the same server does not blur the figure.
    """
    # The load generator is a child process that has ended by the time it is read: count finished children.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    totals = {"gunicorn": 0.0, "postgres": 0.0, "locust": children.ru_utime + children.ru_stime}
    for name, command, seconds in _processes():
        if name.startswith("postgres") and f" {database} " in command:
            totals["postgres"] += seconds
        elif "gunicorn" in command:
            totals["gunicorn"] += seconds
    return totals
