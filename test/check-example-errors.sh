#!/bin/sh
# Runs the examples with invalid options and checks that each fails with exit
# status 1 and exactly one line that names the option or attribute and the
# value: no abort, no backtrace, no help dump, no output file left behind.
# Usage: check-example-errors.sh PATH/TO/tls-handshake PATH/TO/tls-experiment
#            [PATH/TO/tls-cpu-calibrate [PATH/TO/tls-flowmon [PATH/TO/tls-web
#            [PATH/TO/tls-benchmark]]]]
set -u
handshake="$1"
experiment="$2"
calibrate="${3:-}"
flowmon="${4:-}"
web="${5:-}"
benchmark="${6:-}"
failures=0
# Absolute paths: the checks run in a scratch directory.
absolute() { [ -z "$1" ] || echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
handshake=$(absolute "$handshake")
experiment=$(absolute "$experiment")
calibrate=$(absolute "$calibrate")
flowmon=$(absolute "$flowmon")
web=$(absolute "$web")
benchmark=$(absolute "$benchmark")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 1

expect_error() {
    example="$1"
    pattern="$2"
    shift 2
    output=$("$example" "$@" 2>&1)
    status=$?
    lines=$(printf '%s\n' "$output" | grep -c .)
    if [ "$status" -ne 1 ]; then
        echo "FAIL: '$*' exited $status (expected 1); output:"
        printf '%s\n' "$output" | tail -5
        failures=$((failures + 1))
    elif ! printf '%s\n' "$output" | grep -q -- "$pattern"; then
        echo "FAIL: '$*' exited 1 without '$pattern'; output:"
        printf '%s\n' "$output" | tail -5
        failures=$((failures + 1))
    elif [ "$lines" -ne 1 ]; then
        echo "FAIL: '$*' printed $lines lines (expected one); output:"
        printf '%s\n' "$output" | head -5
        failures=$((failures + 1))
    else
        echo "ok: '$*' -> $output"
    fi
}

H="$handshake"
E="$experiment"
# tls-handshake
expect_error "$H" "version.*'1.4'.*1.2 or 1.3" --version=1.4
expect_error "$H" "KeyType.*'dsa'.*expected" --keyType=dsa
expect_error "$H" "KeyType.*'rsa'.*expected" --keyType=rsa
expect_error "$H" "KeyType.*'rsa1024'.*expected" --keyType=rsa1024
expect_error "$H" "KeyType.*'p999'.*expected" --ns3::TlsContext::KeyType=p999
expect_error "$H" "CipherList.*'NOPE'" --version=1.2 --cipher=NOPE
expect_error "$H" "Groups.*'P-999'" --groups=P-999
expect_error "$H" "ChainDepth.*'40'.*0 to 16" --chainDepth=40
expect_error "$H" "ChainDepth.*'17'.*0 to 16" --chainDepth=17
expect_error "$H" "ChainDepth.*'100'.*0 to 16" --chainDepth=100
expect_error "$H" "chainDepth.*'-1'.*whole number" --chainDepth=-1
expect_error "$H" "scenario.*'bogus'.*expected none" --scenario=bogus
expect_error "$H" "noSuchOption=1.*no such option" --noSuchOption=1
expect_error "$H" "delay.*'abc'.*time" --delay=abc
expect_error "$H" "delay.*'-1ms'.*0 or more" --delay=-1ms
expect_error "$H" "delay.*'10parsecs'.*time" --delay=10parsecs
expect_error "$H" "dataRate.*'0bps'.*more than 0" --dataRate=0bps
expect_error "$H" "dataRate.*'fast'.*data rate" --dataRate=fast
expect_error "$H" "segmentSize.*'0'.*at least 1" --segmentSize=0
expect_error "$H" "SegmentSize.*'0'" --ns3::TcpSocket::SegmentSize=0
expect_error "$H" "initialCwnd.*'0'.*at least 1" --initialCwnd=0
expect_error "$H" "pcap.*'/nonexistent/dir/x'.*written" --pcap=/nonexistent/dir/x
expect_error "$H" "messages.*'/nonexistent/m.csv'.*written" --messages=/nonexistent/m.csv
expect_error "$H" "messages.*'same.txt'.*keylog" --keylog=same.txt --messages=same.txt
expect_error "$H" "connections.*'0'.*at least 1" --connections=0
expect_error "$H" "connections.*'-3'.*whole number" --connections=-3
expect_error "$H" "tickets.*'maybe'.*true or false" --tickets=maybe
expect_error "$H" "responseSize.*'100'.*requestSize" --responseSize=100
expect_error "$H" "CertificateFile\|PrivateKeyFile\|missing.pem" \
    --ns3::TlsContext::CertificateFile=missing.pem --ns3::TlsContext::PrivateKeyFile=missing.pem
expect_error "$H" "RngRun.*'0'" --RngRun=0
expect_error "$H" "unexpected argument 'stray'" stray
# tls-experiment
expect_error "$E" "version.*'1.4'.*1.2 or 1.3" --version=1.4
expect_error "$E" "Scenario.*'bogus'" --scenario=bogus --faultFraction=0.5
expect_error "$E" "loss.*'2'.*0 to 1" --loss=2
expect_error "$E" "loss.*'-0.1'.*0 to 1" --loss=-0.1
expect_error "$E" "loss.*'0.01x'.*0 to 1" --loss=0.01x
expect_error "$E" "uplinkLoss.*'1.5'" --uplinkLoss=1.5
expect_error "$E" "UplinkLoss.*'-1'" --ns3::TlsExperiment::UplinkLoss=-1
expect_error "$E" "resume.*'2'" --resume=2
expect_error "$E" "QueueSize.*'lots'" --queueSize=lots
expect_error "$E" "QueueDisc.*'codel'.*ns3::FqCoDelQueueDisc" --queueDisc=codel
expect_error "$E" "tcp.*'TcpNoSuch'.*TcpCongestionOps" --tcp=TcpNoSuch
expect_error "$E" "tcp.*'TcpSocketBase'.*TcpCongestionOps" --tcp=TcpSocketBase
expect_error "$E" "tcp.*'ns3::Node'.*TcpCongestionOps" --tcp=ns3::Node
expect_error "$E" "SocketType.*'ns3::Nope'.*TypeId" --ns3::TcpL4Protocol::SocketType=ns3::Nope
expect_error "$E" "KeyType.*'dsa'" --keyType=dsa --handshakes=1
expect_error "$E" "KeyType.*'rsa'" --keyType=rsa --handshakes=1
expect_error "$E" "KeyType.*'rsa1024'" --keyType=rsa1024 --handshakes=1
expect_error "$E" "ChainDepth.*'100'.*0 to 16" --chainDepth=100 --handshakes=1
expect_error "$E" "ChainDepth.*'17'.*0 to 16" --chainDepth=17 --handshakes=1
expect_error "$E" "chainDepth.*'-1'" --chainDepth=-1 --handshakes=1
expect_error "$E" "Groups.*'P-999'" --groups=P-999 --handshakes=1
expect_error "$E" "RecordsFile.*'/nonexistent/r.csv'" --records=/nonexistent/r.csv --handshakes=1
expect_error "$E" "SummaryFile.*'/nonexistent/s.json'" --summary=/nonexistent/s.json --handshakes=1
expect_error "$E" "MessagesFile.*'/nonexistent/m.csv'" --messages=/nonexistent/m.csv --handshakes=1
expect_error "$E" "PcapPrefix.*'/nonexistent/dir/x'" --pcap=/nonexistent/dir/x --handshakes=1
expect_error "$E" "SummaryFile.*'out.txt'.*RecordsFile" --records=out.txt --summary=out.txt
expect_error "$E" "MessagesFile.*'out.txt'.*RecordsFile" --records=out.txt --messages=out.txt
expect_error "$E" "SummaryFile.*'./out.txt'.*RecordsFile" --records=out.txt --summary=./out.txt
expect_error "$E" "delay.*'abc'.*time" --delay=abc
expect_error "$E" "ClientDelay.*'abc'.*time" --ns3::TlsExperiment::ClientDelay=abc
expect_error "$E" "clients.*'-3'.*whole number" --clients=-3
expect_error "$E" "clients.*'0'" --clients=0
expect_error "$E" "clients.*'3.5'.*whole number" --clients=3.5
expect_error "$E" "handshakes.*'0'" --handshakes=0
expect_error "$E" "handshakes.*'-1'.*whole number" --handshakes=-1 --rate=100
# A mean gap (1/Rate) beyond MaxSimTime (or beyond what ns-3's Time holds) is refused.
expect_error "$E" "Rate.*'1e-309'.*at least 1/MaxSimTime = 1e-05" --rate=1e-309
expect_error "$E" "Rate.*'0.001'.*at least 1/MaxSimTime = 0.01" --rate=0.001 \
    --ns3::TlsExperiment::MaxSimTime=100s
expect_error "$E" "run.*'0'.*from 1" --run=0
expect_error "$E" "seed.*'0'.*from 1" --seed=0
expect_error "$E" "RngRun.*'0'" --RngRun=0
expect_error "$E" "FaultFraction.*'0.5'.*Scenario is none" --scenario=none --faultFraction=0.5
expect_error "$E" "FaultFraction.*'0.5'.*Scenario is none" --faultFraction=0.5
expect_error "$E" "FaultFraction.*'0'.*unknown-ca" --scenario=unknown-ca
# Settings that would do nothing are refused, saying why.
expect_error "$E" "FaultFraction.*'0.01'.*0.5 / Clients = 0.05.*rounds to no client" \
    --scenario=unknown-ca --faultFraction=0.01 --clients=10
expect_error "$E" "EarlyData.*'100'.*at most RequestSize (0)" --earlyData=100 --resume=1
expect_error "$E" "EarlyData.*'100'.*at most RequestSize (50)" --earlyData=100 --resume=1 --requestSize=50
expect_error "$E" "EarlyData.*'100'.*version is 1.2.*TLS 1.3's" --earlyData=100 --resume=1 \
    --requestSize=200 --version=1.2
expect_error "$E" "EarlyData.*'100'.*Resume is 0" --earlyData=100 --requestSize=200
expect_error "$E" "sessionCache.*'0'.*1:4294967295" --sessionCache=0 --resume=1
expect_error "$E" "SegmentSize.*'1449'.*1 to 1448 bytes.*Mtu 1500.*fragmented" --segmentSize=1449
expect_error "$E" "SegmentSize.*'1461'.*1 to 1460 bytes" --segmentSize=1461 \
    --ns3::TcpSocketBase::Timestamp=false
expect_error "$H" "SegmentSize.*'1500'.*1 to 1448 bytes" --segmentSize=1500
expect_error "$E" "ResponseSize.*'100000'.*RequestSize" --requestSize=0 --responseSize=100000
expect_error "$E" "RequestSize.*'4'" --requestSize=4
expect_error "$E" "serverDelay.*'-5ms'.*0 or more" --serverDelay=-5ms
# Files: no output over an input or over a pcap trace; no FIFO read; no
# passphrase prompt; a flow queue disc with no flows.
echo junk > ca.pem
expect_error "$E" "RecordsFile.*'ca.pem'.*CaFile's" --records=ca.pem --ns3::TlsContext::CaFile=ca.pem
expect_error "$E" "SummaryFile.*'p-2-1.pcap'.*PcapPrefix 'p'" --pcap=p --summary=p-2-1.pcap
mkfifo costs.fifo
expect_error "$E" "CostTable file 'costs.fifo': not a regular file" --cpuCores=1 \
    --ns3::TlsCpu::CostTable=costs.fifo
expect_error "$E" "FqCoDelQueueDisc::Flows.*'0'.*at least 1" --queueDisc=ns3::FqCoDelQueueDisc \
    --ns3::FqCoDelQueueDisc::Flows=0
if command -v openssl > /dev/null; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout plain.pem \
        -out cert.pem -subj /CN=test -days 30 2> /dev/null
    openssl pkey -in plain.pem -aes256 -passout pass:x -out encrypted.pem
    # stdin from a terminal-less pipe; the check is that it neither prompts nor hangs.
    expect_error "$E" "PrivateKeyFile.*'encrypted.pem'.*encrypted private key" \
        --ns3::TlsContext::CertificateFile=cert.pem --ns3::TlsContext::PrivateKeyFile=encrypted.pem
fi
expect_error "$E" "Groups.*'X25519::P-256'.*empty item" --groups=X25519::P-256
# Attributes the experiment sets itself from its own: a changed default is
# refused with the experiment's attribute to set instead, never overwritten.
expect_error "$E" "TlsClient::HandshakeTimeout.*'0.001s'.*--handshakeTimeout" --ns3::TlsClient::HandshakeTimeout=1ms
expect_error "$E" "TlsServer::HandshakeTimeout.*'30s'.*--handshakeTimeout" --ns3::TlsServer::HandshakeTimeout=30s
expect_error "$E" "TlsClient::RequestSize.*'1000'.*--requestSize" --ns3::TlsClient::RequestSize=1000
expect_error "$E" "TlsClient::Interval.*--thinkTime" --ns3::TlsClient::Interval=1s
expect_error "$E" "TlsCpu::Mode.*'measured'.*--cpuMode" --ns3::TlsCpu::Mode=measured --cpuCores=1
expect_error "$E" "TlsCpu::Cores.*'4'.*--cpuCores" --ns3::TlsCpu::Cores=4 --cpuCores=1
expect_error "$E" "TlsSessionCache::Size.*'5'.*--sessionCache" --ns3::TlsSessionCache::Size=5
expect_error "$E" "PointToPointChannel::Delay.*'0.05s'.*--delay" --ns3::PointToPointChannel::Delay=50ms
expect_error "$E" "PointToPointNetDevice::DataRate.*--bandwidth" --ns3::PointToPointNetDevice::DataRate=1Mbps
expect_error "$E" "MaxSize.*'5p'.*--queueSize" "--ns3::DropTailQueue<Packet>::MaxSize=5p"
expect_error "$E" "RateErrorModel::ErrorRate.*'0.1'.*--loss" --ns3::RateErrorModel::ErrorRate=0.1
expect_error "$E" "MaxEarlyData.*'5'.*--earlyData" --earlyData=1 --resume=0.5 --ns3::TlsContext::MaxEarlyData=5
# The crypto CPU model's settings without cores to run on.
expect_error "$E" "CpuMode.*'measured'.*no effect.*--cpuCores" --cpuMode=measured
expect_error "$E" "TlsCpu::Scale.*'2'.*no effect" --ns3::TlsCpu::Scale=2
expect_error "$E" "TlsCpu::Scale.*'1e+14'" --ns3::TlsCpu::Scale=1e14
expect_error "$E" "ServerDelay.*'-5ms'\|ServerDelay.*'-0.005s'" --ns3::TlsExperiment::ServerDelay=-5ms
expect_error "$E" "jitter.*'-1ms'" --jitter=-1ms
expect_error "$E" "Jitter.*at most ClientDelay" --jitter=20ms
expect_error "$E" "bandwidth.*'0bps'.*more than 0" --bandwidth=0bps
expect_error "$E" "serverBandwidth.*'0bps'.*more than 0" --serverBandwidth=0bps
expect_error "$E" "ClientBandwidth.*'0bps'" --ns3::TlsExperiment::ClientBandwidth=0bps
expect_error "$E" "segmentSize.*'0'.*at least 1" --segmentSize=0
expect_error "$E" "SegmentSize.*'0'" --ns3::TcpSocket::SegmentSize=0
expect_error "$E" "initialCwnd.*'0'" --initialCwnd=0
expect_error "$E" "handshakeTimeout.*'-1s'\|HandshakeTimeout.*'-1s'" --handshakeTimeout=-1s
expect_error "$E" "handshakeTimeout.*'1e10s'" --handshakeTimeout=1e10s
expect_error "$E" "HandshakeTimeout.*'0s'" --handshakeTimeout=0s
expect_error "$E" "thinkTime.*'-1s'.*0 or more" --thinkTime=-1s
expect_error "$E" "cpuMode.*'fast'\|CpuMode.*'fast'" --cpuMode=fast
expect_error "$E" "engine.*'boringssl'\|Engine.*'boringssl'" --engine=boringssl
# What Engine=replay cannot replay: refused, not run another way.
expect_error "$E" "CpuMode.*'measured'.*Engine=replay.*table" --engine=replay --cpuCores=1 --cpuMode=measured
expect_error "$E" "Scenario.*'garbage'.*Engine=replay" --engine=replay --scenario=garbage --faultFraction=0.5
expect_error "$E" "Scenario.*'tampered-record'.*Engine=replay" --engine=replay --scenario=tampered-record --faultFraction=0.5
expect_error "$E" "Resume.*'0.5'.*Engine=replay.*0" --engine=replay --resume=0.5
expect_error "$E" "EarlyData.*'1000'.*Engine=replay.*0" --engine=replay --earlyData=1000 \
    --resume=1 --requestSize=1000 --version=1.3
expect_error "$E" "KeyLogFile.*'keys.log'.*Engine=replay" --engine=replay --keylog=keys.log
expect_error "$E" "KeyLogFile.*'keys.log'.*Engine=replay" --engine=replay --ns3::TlsContext::KeyLogFile=keys.log
expect_error "$E" "TlsCpu::Scale.*'1e+14'.*0 to 1e6" --cpuCores=1 --ns3::TlsCpu::Scale=1e14
printf 'operation,algorithm,microseconds\nsign,p256,1e16\n' > huge-costs.csv
expect_error "$E" "CostTable.*1e+16 us" --cpuCores=1 --ns3::TlsCpu::CostTable=huge-costs.csv
expect_error "$E" "cpuCores.*'-1'" --cpuCores=-1
expect_error "$E" "Rate.*'20000'.*16384 ephemeral ports.*TIME_WAIT.*--clients=3" --clients=1 --rate=20000 --handshakes=17500
expect_error "$E" "rate.*'-5'" --rate=-5
expect_error "$E" "rate.*'nan'" --rate=nan
expect_error "$E" "progress.*'maybe'.*true or false" --progress=maybe
expect_error "$E" "ns3::Nope.*does not exist" --ns3::Nope::Attr=1
expect_error "$E" "TlsContext has no attribute Foo" --ns3::TlsContext::Foo=1
expect_error "$E" "PrintAttributes.*'ns3::Nope'" --PrintAttributes=ns3::Nope
expect_error "$E" "noSuchOption=1.*no such option" --noSuchOption=1
if [ -n "$calibrate" ]; then
    C="$calibrate"
    expect_error "$C" "rounds.*'0'.*from 1" --rounds=0
    expect_error "$C" "iterations.*'-1'.*whole number" --iterations=-1
    expect_error "$C" "minIterations.*'9'.*at most --iterations" --minIterations=9 --iterations=5
    expect_error "$C" "budget.*'abc'" --budget=abc
    expect_error "$C" "budget.*'-1'" --budget=-1
    expect_error "$C" "clock.*'x'.*monotonic or thread" --clock=x
    expect_error "$C" "output.*'/nonexistent/x.csv'.*written" --output=/nonexistent/x.csv
    expect_error "$C" "cpp.*'maybe'.*true or false" --cpp=maybe
    expect_error "$C" "ns3::TlsCpu::Cores has no effect.*no ns-3 object" --ns3::TlsCpu::Cores=8
    expect_error "$C" "RngRun has no effect" --RngRun=3
fi
if [ -n "$benchmark" ]; then
    B="$benchmark"
    expect_error "$B" "PointToPointChannel::Delay.*'0.1s'.*1 ms links" --cases=experiment \
        --experiment=10 --ns3::PointToPointChannel::Delay=100ms
    expect_error "$B" "TlsContext::KeyType.*'rsa4096'.*--keyType" --ns3::TlsContext::KeyType=rsa4096
    expect_error "$B" "RngRun.*'3'.*no effect" --cases=experiment --experiment=10 --RngRun=3
    # The experiment case's own checks run before any case (no abort after the floor).
    expect_error "$B" "tls-benchmark: TlsExperiment: attribute ns3::ProfiledTcpL4Protocol::Indexed.*no effect" \
        --cases=experiment --experiment=10 --ns3::ProfiledTcpL4Protocol::Indexed=false
    expect_error "$B" "tls-benchmark: TlsExperiment: .*ns3::TlsClient::Interval" --cases=experiment \
        --experiment=10 --ns3::TlsClient::Interval=1s
    expect_error "$B" "engines.*'openssl,boringssl'.*openssl, replay" --engines=openssl,boringssl
    expect_error "$B" "TlsExperiment::Engine.*'replay'.*--engines" --ns3::TlsExperiment::Engine=replay
fi
if [ -n "$flowmon" ]; then
    F="$flowmon"
    expect_error "$F" "flowmon.*'/nonexistent/f.xml'.*written" --flowmon=/nonexistent/f.xml
    expect_error "$F" "netanim.*'x.xml'.*flowmon" --flowmon=x.xml --netanim=x.xml
    expect_error "$F" "flowmon.*'s.xml'.*RecordsFile's" --flowmon=s.xml --records=s.xml
    expect_error "$F" "clients.*'-1'" --clients=-1
    expect_error "$F" "ClientDelay.*'-1ms'\|ClientDelay.*'-0.001s'" --delay=-1ms
fi
if [ -n "$web" ]; then
    W="$web"
    expect_error "$W" "rtt.*'abc'.*time" --rtt=abc
    expect_error "$W" "loss.*'1.5'.*\[0, 1)" --loss=1.5
    expect_error "$W" "clients.*'0'.*1 to 1000" --clients=0
    expect_error "$W" "bandwidth.*'fast'.*data rate" --bandwidth=fast
    expect_error "$W" "RateErrorModel::ErrorRate.*'0.1'.*--loss" --ns3::RateErrorModel::ErrorRate=0.1
    expect_error "$W" "PointToPointChannel::Delay.*'0.05s'.*--rtt" --ns3::PointToPointChannel::Delay=50ms
    expect_error "$W" "HighMtuSize.*'536'.*--serverMtu" --ns3::ThreeGppHttpVariables::HighMtuSize=536
    expect_error "$W" "TlsCpu::Cores.*no effect.*no crypto CPU model" --ns3::TlsCpu::Cores=3
    # The TLS settings of TlsStackHelper's context are checked before the run (was: abort).
    expect_error "$W" "tls-web: TlsContext: attribute Groups value 'bogus'" --ns3::TlsContext::Groups=bogus
    expect_error "$W" "tls-web: TlsContext: attribute CipherList value 'NOPE'" --ns3::TlsContext::CipherList=NOPE
    expect_error "$W" "ResumeSessions.*'true'.*tls13-resumed" --ns3::TlsSocketFactory::ResumeSessions=true
    expect_error "$W" "TlsContext::MaxVersion.*'1.2'.*row" --ns3::TlsContext::MaxVersion=1.2
    expect_error "$W" "ResumeSessions.*'maybe'.*true or false" --ns3::TlsSocketFactory::ResumeSessions=maybe
fi
# Choice attributes (EnumValues, or strings with a TlsChoiceChecker): a name
# outside the set is refused at parse time with one line listing the names,
# and --PrintAttributes lists them.
expect_error "$H" "ns3::TlsContext::MaxVersion.*'1.4'.*1.0, 1.1, 1.2 or 1.3" \
    --ns3::TlsContext::MaxVersion=1.4
expect_error "$H" "ns3::TlsContext::MinVersion.*'tls1.2'.*1.2 or 1.3" \
    --ns3::TlsContext::MinVersion=tls1.2
expect_error "$H" "ns3::TlsContext::ClientAuth.*'maybe'.*none, request or require" \
    --ns3::TlsContext::ClientAuth=maybe
expect_error "$H" "PointToPointChannel::Delay.*'0.05s'.*--delay" --ns3::PointToPointChannel::Delay=50ms
expect_error "$H" "TlsCpu::CostTable.*no effect.*no crypto CPU model" --ns3::TlsCpu::CostTable=x.csv
expect_error "$H" "requestSize.*'100'.*--earlyData's 500" --version=1.3 --connections=2 --resume \
    --earlyData=500 --requestSize=100
# A default ns-3 never applies (not a construction attribute) is refused.
expect_error "$H" "TlsSocket::InitialCwnd cannot be set as a default.*ns3::TcpSocket::InitialCwnd" \
    --ns3::TlsSocket::InitialCwnd=1
expect_error "$H" "TlsClient::Local.*'1.2.3.4'.*address as ns-3 writes it" --ns3::TlsClient::Local=1.2.3.4
expect_error "$H" "PointToPointNetDevice::DataRate.*--dataRate" --ns3::PointToPointNetDevice::DataRate=1Mbps
expect_error "$H" "MaxEarlyData.*'5'.*--earlyData" --version=1.3 --connections=2 --resume=true \
    --earlyData=100 --ns3::TlsContext::MaxEarlyData=5
expect_error "$H" "ns3::TlsContext::KeyType.*'P256'.*rsa2048, .*p256, .*mldsa87" \
    --ns3::TlsContext::KeyType=P256
expect_error "$E" "caKeyType.*'rsa1024'.*slhdsa-sha2-128f, or empty" --caKeyType=rsa1024
expect_error "$E" "ns3::TlsClient::Resume.*'sometimes'.*never, always or probability" \
    --ns3::TlsClient::Resume=sometimes
expect_error "$E" "ns3::TlsClient::ServerSelection.*'first'.*round-robin or random" \
    --ns3::TlsClient::ServerSelection=first
expect_error "$E" "ns3::TlsCpu::Mode.*'fast'.*table or measured" --ns3::TlsCpu::Mode=fast
expect_error "$E" "ns3::TlsCpu::Scale.*'-1'" --ns3::TlsCpu::Scale=-1
expect_error "$E" "ns3::TlsExperiment::Version.*'1.0'.*1.2 or 1.3, or empty" \
    --ns3::TlsExperiment::Version=1.0
expect_error "$E" "scenario.*'bogus'.*unknown-ca.*or empty" --scenario=bogus
expect_error "$E" "ns3::ProfiledTcpSocket::Profile.*'linux'.*Ns3 or Linux" \
    --ns3::ProfiledTcpSocket::Profile=linux
# The Linux profile's own attributes mean nothing with the Ns3 profile (issue 24).
expect_error "$E" "ns3::ProfiledTcpSocket::Rack has value 'false', which has no effect.*Profile is Ns3" \
    --ns3::ProfiledTcpSocket::Profile=Ns3 --ns3::ProfiledTcpSocket::Rack=false
expect_error "$H" "ns3::ProfiledTcpSocket::TailLossProbe has value 'false', which has no effect" \
    --ns3::ProfiledTcpSocket::TailLossProbe=false --ns3::ProfiledTcpSocket::Profile=Ns3
# The TCP types renamed when they became the node's TCP name their new paths.
expect_error "$E" "ns3::TlsTcpSocket is now ns3::ProfiledTcpSocket (use ns3::ProfiledTcpSocket::Profile)" \
    --ns3::TlsTcpSocket::Profile=Ns3
expect_error "$H" "ns3::TlsTcpDemux is now ns3::ProfiledTcpL4Protocol" --ns3::TlsTcpDemux::Indexed=false
# The node's TcpSocketFactory makes no socket of these programs: all are TLS sockets.
expect_error "$E" "ProfiledTcpL4Protocol::Indexed has value 'false', which has no effect.*TlsApplication::TcpFastPath" \
    --ns3::ProfiledTcpL4Protocol::Indexed=false
expect_error "$H" "ProfiledTcpL4Protocol::Indexed has value 'false', which has no effect.*TlsApplication::TcpFastPath" \
    --ns3::ProfiledTcpL4Protocol::Indexed=false
# ML-DSA keys are in KeyType's set; an OpenSSL without them refuses them in one line.
# (TLS 1.3: ML-DSA has no TLS 1.2 signature scheme, so a 1.2 handshake fails.)
if mldsa=$("$H" --version=1.3 --ns3::TlsContext::KeyType=mldsa65 2>&1); then
    echo "ok: this OpenSSL has ML-DSA (--version=1.3 --ns3::TlsContext::KeyType=mldsa65 runs)"
else
    expect_error "$H" "KeyType.*'mldsa65'.*needs OpenSSL >= 3.5" --version=1.3 \
        --ns3::TlsContext::KeyType=mldsa65
fi
expect_listing() {
    example="$1"
    text="$2"
    shift 2
    output=$("$example" "$@" 2>&1)
    status=$?
    if [ "$status" -ne 0 ] || ! printf '%s\n' "$output" | grep -qF -- "$text"; then
        echo "FAIL: '$*' exited $status without '$text'"
        failures=$((failures + 1))
    else
        echo "ok: '$*' lists '$text'"
    fi
}
expect_listing "$H" "Allowed values: none, request or require" --PrintAttributes=ns3::TlsContext
expect_listing "$H" "Allowed values: 1.0, 1.1, 1.2 or 1.3" --PrintAttributes=ns3::TlsContext
expect_listing "$E" "Allowed values: never, always or probability" --PrintAttributes=ns3::TlsClient
expect_listing "$E" "Allowed values: table or measured" --PrintAttributes=ns3::TlsCpu
expect_listing "$E" "[table or measured]" --PrintHelp
# Outputs are whole or the run fails. A write over the file size limit (as a
# full disk): exit 1, one line naming the file, the partial file moved to .part.
mkdir limited
expect_error sh "writing 'limited/r.csv' failed after [0-9]* bytes written whole: File too large; the partial file is 'limited/r.csv.part'" \
    -c 'ulimit -f 40 && exec "$0" "$@"' "$E" --handshakes=2000 --rate=1000 --progress=false \
    --records=limited/r.csv --summary=limited/s.json
if [ -e limited/r.csv ] || [ ! -e limited/r.csv.part ]; then
    echo "FAIL: the records over the file size limit are not (only) in limited/r.csv.part"
    failures=$((failures + 1))
fi
rm -rf limited
# pcap traces keep one file per device open: a run that needs more than the
# hard limit of open files is refused up front (was: an abort, empty records).
expect_error sh "PcapPrefix.*'p'.*at most 256 open files.*2 x (Clients + Servers) = 1202 files" \
    -c 'ulimit -n 256 && exec "$0" "$@"' "$E" --clients=600 --handshakes=600 --pcap=p
# A closed stderr (SIGPIPE) stops the run like SIGTERM: every row whole, and a
# summary that says it was cut.
mkdir piped
"$E" --handshakes=20000 --records=piped/r.csv --summary=piped/s.json 2>&1 | head -n 1 >/dev/null
rows=$(($(wc -l <piped/r.csv) - 1))
if [ "$rows" -ne 20000 ] || ! grep -q '"error": "TlsExperiment: stopped by signal 13' piped/s.json ||
    [ "$(tail -c 1 piped/r.csv | od -An -c | tr -d ' ')" != '\n' ]; then
    echo "FAIL: a closed stderr left $rows rows (expected 20000, whole) or no 'stopped by signal 13' summary"
    failures=$((failures + 1))
else
    echo "ok: a closed stderr (SIGPIPE) left 20000 whole rows and a summary saying signal 13"
fi
rm -rf piped
for f in out.txt r.csv s.json x.xml; do
    if [ -e "$f" ]; then
        echo "FAIL: a refused run left $f behind"
        failures=$((failures + 1))
    fi
done

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all example error checks passed"
