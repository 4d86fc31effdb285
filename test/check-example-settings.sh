#!/bin/sh
# Every setting is taken: for each program, a table of (arguments, field of
# the output, expected value). Each row sets an option or an ns-3 attribute
# away from its default and checks that the output shows the new value; rows
# that give both an option and the attribute it sets check that the option wins.
# Usage: check-example-settings.sh PATH/TO/tls-handshake PATH/TO/tls-experiment [PATH/TO/tls-web
#            [PATH/TO/tls-flowmon]]
set -u
handshake="$1"
experiment="$2"
web="${3:-}"
flowmon="${4:-}"
failures=0
# Absolute paths: the checks run in a scratch directory.
absolute() { [ -z "$1" ] || echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
handshake=$(absolute "$handshake")
experiment=$(absolute "$experiment")
web=$(absolute "$web")
flowmon=$(absolute "$flowmon")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1
PY=/usr/bin/python3

# tls-handshake: FIELD is a regular expression the output must match.
expect_handshake() {
    pattern="$1"
    shift
    output=$("$handshake" "$@" 2>&1)
    status=$?
    if [ "$status" -ne 0 ] || ! printf '%s\n' "$output" | grep -q -- "$pattern"; then
        echo "FAIL: tls-handshake $* (status $status) does not show '$pattern':"
        printf '%s\n' "$output" | head -3
        failures=$((failures + 1))
    else
        echo "ok: tls-handshake $* -> $(printf '%s\n' "$output" | grep -m1 -- "$pattern")"
    fi
}

# tls-experiment: FIELD is a path into summary.json (a.b.c) or records.csv
# (csv:column, first row; round:a.b rounds to a whole number); VALUE the expected value as Python prints it.
expect_experiment() {
    field="$1"
    value="$2"
    shift 2
    rm -f s.json r.csv
    "$experiment" --ns3::TlsExperiment::Handshakes=4 --ns3::TlsExperiment::Clients=2 \
        --progress=0 --summary=s.json --records=r.csv \
        "$@" >/dev/null 2>err.txt
    status=$?
    got=$($PY - "$field" <<'PYEOF'
import csv, json, sys
field = sys.argv[1]
try:
    if field.startswith("csv:"):
        print(next(csv.DictReader(open("r.csv")))[field[4:]])
    else:
        v = json.load(open("s.json"))
        rounded = field.startswith("round:")
        for k in field[6 if rounded else 0:].split("."):
            v = v[k]
        print(round(v) if rounded else v)
except Exception as e:
    print("<%s>" % e)
PYEOF
)
    if [ "$status" -ne 0 ] || [ "$got" != "$value" ]; then
        echo "FAIL: tls-experiment $* (status $status): $field is '$got', expected '$value'"
        head -3 err.txt
        failures=$((failures + 1))
    else
        echo "ok: tls-experiment $* -> $field = $got"
    fi
}

H=expect_handshake
# Defaults first (the values the other rows move away from).
$H "TLS 1.2, key p256, 1 intermediate(s), server auth.*one-way delay 10.000 ms.*segment 1448 bytes, initial window 10"
$H "TLS 1.3," --version=1.3
$H "TLS 1.2 to 1.3," --ns3::TlsContext::MaxVersion=1.3
$H "negotiated: TLS 1.3" --ns3::TlsContext::MaxVersion=1.3
$H "key p384" --keyType=p384
$H "key p384" --ns3::TlsContext::KeyType=p384
$H "key ed25519" --ns3::TlsContext::KeyType=p384 --keyType=ed25519
$H "key ed25519" --keyType=ed25519 --ns3::TlsContext::KeyType=p384
$H "4 intermediate(s)" --ns3::TlsContext::ChainDepth=4
$H "3 intermediate(s)" --chainDepth=3
$H "group secp256r1\|group prime256v1\|group P-256" --version=1.3 --ns3::TlsContext::Groups=P-256
$H "group secp384r1\|group P-384" --version=1.3 --groups=P-384
$H "mutual authentication" --mutualAuth
$H "mutual authentication" --ns3::TlsContext::ClientAuth=require
$H "CertificateVerify" --ns3::TlsContext::ClientAuth=require
$H "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" --ns3::TlsContext::CipherList=ECDHE-ECDSA-AES256-GCM-SHA384
$H "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" --cipher=ECDHE-ECDSA-CHACHA20-POLY1305
$H "one-way delay 25.000 ms" --delay=25ms
$H "handshake complete: 60\." --delay=10ms --ns3::TlsContext::ChainDepth=8
# IW 1 and a 3-segment server flight (8 intermediates): Linux ACKs the first segment at
# once (quickack), so 1 + 2 segments cost one RTT more (60 -> 80 ms); ns-3 delays that ACK.
$H "handshake complete: 120\." --delay=10ms --ns3::TcpSocket::InitialCwnd=1 --ns3::TlsContext::ChainDepth=8 --ns3::ProfiledTcpSocket::Profile=Ns3
$H "handshake complete: 80\." --delay=10ms --ns3::TcpSocket::InitialCwnd=1 --ns3::TlsContext::ChainDepth=8
$H "initial window 1$" --ns3::TcpSocket::InitialCwnd=1
$H "initial window 3$" --ns3::TcpSocket::InitialCwnd=1 --initialCwnd=3
$H "segment 536 bytes" --ns3::TcpSocket::SegmentSize=536
$H "segment 1000 bytes" --segmentSize=1000
$H "10000000bps" --dataRate=10Mbps
$H "-- connection 3" --connections=3
$H "-- connection 2" --ns3::TlsClient::Connections=2
$H "resumed" --connections=2 --resume
$H "resumed" --connections=2 --ns3::TlsClient::Resume=always
$H "NewSessionTicket" --tickets=1
$H "connection ended: .*unknown_ca\|alert.*unknown_ca" --scenario=unknown-ca

E=expect_experiment
$E config.Clients 2
$E config.Clients 3 --ns3::TlsExperiment::Clients=3
$E config.Clients 4 --ns3::TlsExperiment::Clients=3 --clients=4
$E config.Clients 4 --clients=4 --ns3::TlsExperiment::Clients=3
$E config.Handshakes 6 --ns3::TlsExperiment::Handshakes=6
$E attempts 6 --ns3::TlsExperiment::Handshakes=6
$E csv:version 1.3
$E csv:version 1.2 --version=1.2
$E csv:version 1.2 --ns3::TlsContext::MaxVersion=1.2
$E tls.MaxVersion 1.2 --ns3::TlsContext::MaxVersion=1.2
$E csv:version 1.3 --ns3::TlsContext::MaxVersion=1.2 --version=1.3
$E csv:key_type p256
$E csv:key_type p384 --ns3::TlsContext::KeyType=p384
$E csv:key_type rsa2048 --keyType=rsa2048
$E csv:key_type ed25519 --ns3::TlsExperiment::KeyType=ed25519
$E csv:chain_depth 4 --ns3::TlsContext::ChainDepth=4
$E csv:chain_depth 2 --chainDepth=2
$E csv:chain_depth 3 --ns3::TlsExperiment::ChainDepth=3
$E csv:group secp384r1 --ns3::TlsContext::Groups=P-384
$E csv:group secp384r1 --groups=P-384
$E csv:mutual_auth 1 --mutualAuth=1
$E csv:mutual_auth 1 --ns3::TlsContext::ClientAuth=require
$E tcp.InitialCwnd 10
$E tcp.InitialCwnd 1 --ns3::TcpSocket::InitialCwnd=1
$E tcp.InitialCwnd 3 --ns3::TcpSocket::InitialCwnd=1 --initialCwnd=3
$E tcp.SegmentSize 536 --ns3::TcpSocket::SegmentSize=536
$E tcp.SegmentSize 1000 --segmentSize=1000
$E tcp.MinRto_s 0.05 --ns3::TcpSocketBase::MinRto=50ms
$E tcp.MinRto_s 0.1 --ns3::TlsExperiment::MinRto=100ms
$E tcp.SocketType ns3::TcpNewReno --tcp=TcpNewReno
$E tcp.SocketType ns3::TcpBbr --ns3::TcpL4Protocol::SocketType=ns3::TcpBbr
$E config.ClientDelay_s 0.025 --delay=25ms
$E config.ClientDelay_s 0.03 --ns3::TlsExperiment::ClientDelay=30ms
$E round:latency_ms.min 150 --delay=25ms --ns3::TlsContext::MaxVersion=1.2 --ns3::TlsExperiment::ClientBandwidth=100Gbps
$E config.UplinkLoss 0.01 --loss=0.01
$E config.DownlinkLoss 0.02 --ns3::TlsExperiment::DownlinkLoss=0.02
$E config.ClientBandwidth_bps 5000000 --bandwidth=5Mbps
$E config.QueueSize 50p --queueSize=50p
$E run 1
$E run 2 --run=2
$E run 3 --RngRun=3
$E seed 5 --seed=5
$E config.Resume 1.0 --resume=1
$E resumption_rate 0.5 --resume=1 --tickets=1
$E tls.SessionTickets False --tickets=0
$E tls.SessionTickets False --ns3::TlsContext::SessionTickets=false
$E config.Scenario unknown-ca --scenario=unknown-ca --faultFraction=1
$E config.Engine openssl
$E config.Engine replay --engine=replay
$E config.Engine replay --ns3::TlsExperiment::Engine=replay
$E config.Engine openssl --ns3::TlsExperiment::Engine=replay --engine=openssl
$E outcomes.alert 4 --scenario=unknown-ca --faultFraction=1
$E config.RequestSize 100 --requestSize=100 --responseSize=1000
$E config.HandshakeTimeout_s 2.0 --handshakeTimeout=2s
$E config.CpuCores 2 --cpuCores=2
# Every attempt has a row: those MaxSimTime cut are written with outcome cut.
$E attempts 200 --rate=0.001 --handshakes=200
$E csv:reason "still running at MaxSimTime (1.02 s)" --ns3::TlsExperiment::MaxSimTime=1.02s --handshakeTimeout=1s --clients=1
# Failed rows: the reason, the server's outcome, the state a client alert was sent in.
$E csv:server_outcome alert --scenario=unknown-ca --faultFraction=1
$E csv:alert_state "SSLv3/TLS read server certificate" --scenario=unknown-ca --faultFraction=1

# The TCP profile holds for every TCP socket of a node: tls-web's plain TCP row
# changes with it as its TLS rows do (2 % loss, where the timers decide).
if [ -n "$web" ]; then
    rows=""
    for profile in Ns3 Linux; do
        row=$("$web" --loss=0.02 --ns3::ProfiledTcpSocket::Profile=$profile 2>&1 | grep '^tcp ')
        echo "tls-web, profile $profile: $row"
        rows="$rows|$row"
    done
    ns3row=$(printf '%s' "$rows" | cut -d'|' -f2)
    linuxrow=$(printf '%s' "$rows" | cut -d'|' -f3)
    if [ -z "$ns3row" ] || [ "$ns3row" = "$linuxrow" ]; then
        echo "FAIL: tls-web's TCP row is the same under both profiles (or missing)"
        failures=$((failures + 1))
    else
        echo "ok: tls-web's TCP row differs between the Ns3 and Linux profiles"
    fi
    # Any loss and duration: connections that end after their client stopped
    # (ns-3's 3GPP client aborted on them), and "-" for statistics without samples.
    # With the Ns3 profile: the Linux profile at 20 % loss and more trips ns-3's
    # assertion that no SACKed data is retransmitted, in builds with assertions
    # (ns-3.48 in-tree; a known bug, see tls.rst's Scope and Limitations).
    for loss in 0.35 0.5 0.95; do
        out=$("$web" --loss=$loss --duration=10s --ns3::ProfiledTcpSocket::Profile=Ns3 2>&1)
        status=$?
        if [ "$status" -ne 0 ] || printf '%s\n' "$out" | grep -q -- '-1\.0\|10000\.0'; then
            echo "FAIL: tls-web --loss=$loss --duration=10s exited $status:"
            printf '%s\n' "$out" | head -8
            failures=$((failures + 1))
        else
            echo "ok: tls-web --loss=$loss --duration=10s: $(printf '%s\n' "$out" | grep '^tls13 ')"
        fi
    done
fi

# tls-flowmon writes its NetAnim trace, and counts the packets the 5 % loss
# took (each direction: about 5 % of the packets sent).
if [ -n "$flowmon" ]; then
    out=$("$flowmon" --handshakes=100 --ns3::TlsExperiment::UplinkLoss=0.05 \
        --ns3::TlsExperiment::DownlinkLoss=0.05 --netanim=anim.xml --flowmon=flows.xml 2>&1)
    line=$(printf '%s\n' "$out" | grep '^flowmon: ')
    sent=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) packets sent.*/\1/p')
    lost=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) lost.*/\1/p')
    # Binomial(sent, 0.05): within 5 standard deviations of 5 %.
    if [ ! -s anim.xml ] || ! grep -q '<p ' anim.xml || [ -z "$sent" ] ||
        ! awk -v n="$sent" -v k="$lost" 'BEGIN { m = 0.05 * n; s = sqrt(n * 0.05 * 0.95);
            exit !(n > 500 && k > m - 5 * s && k < m + 5 * s) }'; then
        echo "FAIL: tls-flowmon at 5 % loss: no NetAnim packets in anim.xml, or '$line'"
        failures=$((failures + 1))
    else
        echo "ok: tls-flowmon wrote its NetAnim trace; at 5 % loss: $line"
    fi
    rm -f anim.xml flows.xml
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all example setting checks passed"
