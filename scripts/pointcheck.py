#!/usr/bin/python3
"""Is a sweep point's output whole? The one check that sweep.py makes before
it marks a point done (locally, and in every Slurm array task: --slurm copies
this file to OUT/slurm/pointcheck.py) and again before it merges a point.

    python3 pointcheck.py POINT_DIR [--messages]

Exit status 0 when the point's files are whole; else 1 and one line on stderr
naming the directory and what is wrong. A point is whole when:

  * summary.json parses as a JSON object with a whole number "attempts" and
    no "error" (tls-experiment writes one when the run was cut short);
  * records.csv has a header, every row has the header's number of fields
    (a short or half row fails), the file ends with a newline (a last row cut
    inside a field fails), and it has exactly "attempts" rows;
  * with --messages (the ladder point), messages.csv has a header and whole
    rows too.

Only the standard library: an array task may run where numpy and matplotlib
are not installed.
"""

import csv
import json
import os
import sys


def _csv_problem(path, name):
    """(number of rows, None) when the CSV file at path is whole, else
    (None, what is wrong). Reads the file as a stream (a point may have
    millions of rows)."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, os.SEEK_END)
            if size:
                f.seek(-1, os.SEEK_END)
            last = f.read(1)
    except FileNotFoundError:
        return None, f"no {name}"
    except OSError as e:
        return None, f"{name}: cannot read it ({e.strerror or e})"
    if not size:
        return None, f"{name} is empty (0 bytes)"
    if last != b"\n":
        return None, f"{name} does not end with a newline (its last row is cut short)"
    rows, line = 0, 0
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f, strict=True)
            header = next(reader, None)
            if not header or header == [""]:
                return None, f"{name} has no header"
            line = reader.line_num
            for row in reader:
                line = reader.line_num
                if len(row) != len(header):
                    return None, (f"{name} row {line} has {len(row)} fields, the header "
                                  f"{len(header)} (a short or half row)")
                rows += 1
    except UnicodeDecodeError as e:
        return None, f"{name}: not UTF-8 text ({e.reason} at byte {e.start} of a block)"
    except csv.Error as e:
        return None, f"{name}: not CSV after line {line} ({e})"
    except OSError as e:
        return None, f"{name}: cannot read it ({e.strerror or e})"
    return rows, None


def check(directory, messages=False):
    """None when the point in directory is whole (see the module doc), else
    what is wrong, in one line."""
    path = os.path.join(directory, "summary.json")
    try:
        with open(path, encoding="utf-8") as f:
            summary = json.load(f)
    except FileNotFoundError:
        return "no summary.json"
    except OSError as e:
        return f"summary.json: cannot read it ({e.strerror or e})"
    except (ValueError, RecursionError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        return f"summary.json is not JSON ({reason})"
    if not isinstance(summary, dict):
        return "summary.json is not a JSON object"
    if summary.get("error"):
        return f"summary.json reports an error: {str(summary['error']).splitlines()[0]}"
    attempts = summary.get("attempts")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
        return f"summary.json has no whole number of attempts ({json.dumps(attempts)})"
    rows, problem = _csv_problem(os.path.join(directory, "records.csv"), "records.csv")
    if problem:
        return problem
    if rows != attempts:
        return (f"records.csv has {rows} row{'' if rows == 1 else 's'}, summary.json "
                f"{attempts} attempt{'' if attempts == 1 else 's'} (rows lost or added)")
    if messages:
        _, problem = _csv_problem(os.path.join(directory, "messages.csv"), "messages.csv")
        if problem:
            return problem
    return None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = [a for a in argv if a != "--messages"]
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: pointcheck.py POINT_DIR [--messages]", file=sys.stderr)
        return 2
    problem = check(args[0], messages="--messages" in argv)
    if problem:
        print(f"pointcheck: {args[0]}: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
