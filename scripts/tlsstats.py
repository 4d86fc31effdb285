#!/usr/bin/python3
"""The statistics of tls-experiment results, in one place.

sweep.py (results.csv point rows, the summary table), tlsplots.py (every
figure) and a user's notebook use these functions, so that one number has one
definition everywhere:

    import sys; sys.path.insert(0, "scripts")
    import tlsstats
    rows = tlsstats.read_csv("out/default/results.csv")
    lat = tlsstats.latencies(rows)
    tlsstats.percentile(lat, 50), tlsstats.percentile_ci(lat, 50)

Percentiles: the nearest rank (Hyndman and Fan's definition 1, numpy's
method="inverted_cdf"): the q-th percentile of n values is the k-th smallest
with k = ceil(q/100 * n) (the smallest for q = 0). It is always one of the
observed latencies, it is the definition tls-experiment's summary.json uses
for its streaming quantiles (there read from a log histogram: the geometric
centre of the bin holding the k-th value, within STREAMING_REL_ERROR of the
exact value), and it gives distribution-free confidence intervals from order
statistics (percentile_ci).

Round trips: analytic_rtts and analytic_latency_ms give the loss-free
latency of a handshake from the TCP connect (TCP one RTT, TLS 1.2 full two,
every other handshake one), plus one RTT when the server's first flight does
not fit the TCP initial window (initial_window_bytes, from the run's own
segmentSize and initialCwnd).
"""

import csv
import math
import re

import numpy as np

#: Relative error bound of the streaming quantiles of summary.json: a log
#: histogram of 4000 bins from 0.001 ms to 10^7 ms, each 10^(10/4000) = 1.0058
#: wide, read at its geometric centre: |estimate / exact - 1| <= 10^(5/4000) - 1.
STREAMING_REL_ERROR = 10 ** (5 / 4000) - 1

#: Confidence level of the intervals that the figures draw.
CONFIDENCE = 0.95

#: Default TCP segment size and initial window of tls-experiment (segments),
#: used only when a row names neither the run's value nor a default.
DEFAULT_SEGMENT_SIZE = 1448
DEFAULT_INITIAL_CWND = 10

_TIME_UNITS_MS = {"": 1e3, "s": 1e3, "ms": 1.0, "us": 1e-3, "ns": 1e-6,
                  "ps": 1e-9, "fs": 1e-12, "min": 6e4, "h": 3.6e6, "d": 8.64e7}
_TIME = re.compile(r"^\s*\+?([0-9.eE+-]+?)\s*(min|ms|us|ns|ps|fs|s|h|d)?\s*$")


# ------------------------------------------------------------------ values

def time_ms(value):
    """Convert an ns-3 time string (``20ms``, ``0.5s``, ``+10.0ms``; a bare
    number is seconds) to milliseconds; None when it is not a time."""
    match = _TIME.match(str(value))
    if not match:
        return None
    try:
        result = float(match.group(1))
    except ValueError:
        return None
    return result * _TIME_UNITS_MS[match.group(2) or ""]


def number(value):
    """The float value of a CSV cell, or None when empty or not a number."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def rtt_ms(row):
    """Round-trip time of a row in ms (twice its one-way ``delay``), or None."""
    one_way = time_ms(row.get("delay", ""))
    return None if one_way is None else 2 * one_way


def tls_version(value):
    """Normalise a version cell (``1.3``, ``TLSv1.3``, ``TLS 1.3``) to ``1.3``."""
    match = re.search(r"1\.[0-3]", str(value))
    return match.group(0) if match else str(value)


def read_csv(path):
    """Rows of a CSV file as a list of dicts (values as strings)."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def latencies(rows):
    """Latencies in ms of the rows whose handshake completed (a latency_ms)."""
    return [v for v in (number(r.get("latency_ms")) for r in rows) if v is not None]


# ------------------------------------------------------------------ percentiles

def percentile(values, q):
    """The q-th percentile (0-100) of values by the nearest rank: the k-th
    smallest value, k = ceil(q/100 * n), at least 1; None for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile: q must be in [0, 100], got {q}")
    n = len(values)
    if n == 0:
        return None
    data = np.sort(np.asarray(values, dtype=float))
    return float(data[_rank(n, q) - 1])


def _rank(n, q):
    """The nearest rank (1-based) of the q-th percentile of n values. The
    product is rounded to 12 digits first, so that 0.9 * 100 is rank 90."""
    return min(n, max(1, math.ceil(round(q / 100 * n, 9))))


def _binomial_cdf(n, p):
    """P(Binomial(n, p) <= k) for k = 0..n, as an array (log-space pmf)."""
    k = np.arange(n + 1)
    if p <= 0:
        return np.ones(n + 1)
    if p >= 1:
        return (k >= n).astype(float)
    ratio = np.log((n - k[:-1]) / (k[:-1] + 1)) + math.log(p / (1 - p))
    log_pmf = np.concatenate([[n * math.log1p(-p)], n * math.log1p(-p) + np.cumsum(ratio)])
    pmf = np.exp(log_pmf - log_pmf.max())
    cdf = np.cumsum(pmf)
    return cdf / cdf[-1]


def order_statistic_ranks(n, q, level=CONFIDENCE):
    """Ranks (l, u), 1-based, of the distribution-free confidence interval
    [x_(l), x_(u)] of the q-th percentile from n values: the coverage
    P(x_(l) <= true percentile <= x_(u)) = B(u-1) - B(l-1) >= level, B the
    Binomial(n, q/100) CDF, each tail at most (1 - level) / 2. None when n is
    too small for the level (e.g. n < 6 for the median at 95 %)."""
    if n <= 0:
        return None
    alpha = (1 - level) / 2
    cdf = _binomial_cdf(n, q / 100)
    # x_(l) is above the percentile with probability B(l-1) <= alpha.
    below = np.nonzero(cdf <= alpha)[0]
    above = np.nonzero(cdf >= 1 - alpha)[0]
    if not len(below) or not len(above):
        return None
    lower = int(below[-1]) + 1      # B(l-1) <= alpha, l - 1 = index
    upper = int(above[0]) + 1       # B(u-1) >= 1 - alpha
    if upper > n:
        return None
    return lower, upper


def percentile_ci(values, q, level=CONFIDENCE):
    """Distribution-free confidence interval (lo, hi) of the q-th percentile
    from order statistics (order_statistic_ranks), or None when there are too
    few values."""
    ranks = order_statistic_ranks(len(values), q, level)
    if ranks is None:
        return None
    data = np.sort(np.asarray(values, dtype=float))
    return float(data[ranks[0] - 1]), float(data[ranks[1] - 1])


def dkw_epsilon(n, level=CONFIDENCE):
    """Half-width of the Dvoretzky-Kiefer-Wolfowitz confidence band of an
    empirical CDF from n values: the true CDF lies within +-epsilon of the
    empirical one everywhere, with probability level."""
    return math.sqrt(math.log(2 / (1 - level)) / (2 * n)) if n else 1.0


def summarize(values, quantiles=(50, 90, 95, 99)):
    """{n, mean, min, max, p<q> for each q} of values (None entries when
    empty), percentiles by the nearest rank."""
    result = {"n": len(values)}
    result["mean"] = float(np.mean(values)) if len(values) else None
    result["min"] = float(np.min(values)) if len(values) else None
    result["max"] = float(np.max(values)) if len(values) else None
    for q in quantiles:
        result[f"p{q:g}"] = percentile(values, q)
    return result


# ------------------------------------------------------------------ round trips

def analytic_rtts(version, resumed, window_exceeded=False):
    """Round trips of a loss-free handshake from the TCP connect: TCP one,
    then a full TLS 1.2 handshake two and every other handshake (TLS 1.2
    resumed, TLS 1.3 full or resumed) one; one more when the server's first
    flight exceeds the TCP initial window (window_exceeded)."""
    tls = 2 if tls_version(version) == "1.2" and not resumed else 1
    return 1 + tls + (1 if window_exceeded else 0)


def analytic_latency_ms(version, resumed, rtt, window_exceeded=False):
    """analytic_rtts times the round-trip time rtt (ms)."""
    return analytic_rtts(version, resumed, window_exceeded) * rtt


def initial_window_bytes(row, defaults=None):
    """The TCP initial window of a run in bytes: its segment size times its
    initial window in segments, read from the row (a results.csv row carries
    the options the run used: segmentSize, initialCwnd; a summary.json's
    "config" the attributes: SegmentSize, InitialCwnd) or else from defaults
    (e.g. sweep.json's "defaults"). None when neither names them."""
    defaults = defaults or {}

    def find(*names):
        for source in (row, defaults):
            for name in names:
                if number(source.get(name)) is not None:
                    return number(source[name])
        return None

    size = find("segmentSize", "SegmentSize")
    cwnd = find("initialCwnd", "InitialCwnd")
    if size is None or cwnd is None:
        return None
    return int(size * cwnd)


def run_window(summary):
    """{"segmentSize", "initialCwnd"} of a run from its summary.json, for the
    rows of its records: the TCP values in effect ("tcp"), else the
    experiment's own attributes ("config", where 0 means "the TCP default in
    effect" and so names nothing); empty when the summary names neither."""
    if not isinstance(summary, dict):
        return {}
    window = {}
    for option, attribute in (("segmentSize", "SegmentSize"), ("initialCwnd", "InitialCwnd")):
        for section in ("tcp", "config"):
            value = summary.get(section, {}).get(attribute)
            if number(value):  # neither missing nor 0
                window[option] = value
                break
    return window
