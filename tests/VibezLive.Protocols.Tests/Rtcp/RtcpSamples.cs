using VibezLive.Protocols.Tests.Fuzz;

namespace VibezLive.Protocols.Tests.Rtcp;

/// <summary>Hand-encoded RTCP packets (field by field from RFC 3550 §6.4–6.7, RFC 4585 §6, RFC 5104 §4.3.1, REMB, TWCC).</summary>
internal static class RtcpSamples
{
    public const string ReceiverReport = """
        81 c9 00 07  00 00 00 01                 # RR, RC=1, sender 1
        11 22 33 44  05 ff ff ff                 # ssrc, fraction 5, cumulative lost -1
        00 01 12 34  00 00 00 20                 # highest seq (1 cycle, 0x1234), jitter 32
        ab cd ef 01  00 01 80 00                 # LSR, DLSR 1.5 s
        """;

    public const string SourceDescription = """
        81 ca 00 03  00 00 00 01                 # SDES, SC=1, ssrc 1
        01 05 61 62 63 64 65 00                  # CNAME "abcde", end
        """;

    public const string PictureLossIndication = "81 ce 00 02  00 00 00 01  11 22 33 44";

    public const string Remb = """
        8f ce 00 05  00 00 00 01  00 00 00 00    # PSFB FMT 15, media 0
        52 45 4d 42  01 0b d0 90  11 22 33 44    # "REMB", 1 ssrc, exp 2 mantissa 250000 = 1 Mbps
        """;

    public const string GenericNack = "81 cd 00 03  00 00 00 01  11 22 33 44  00 64 00 05"; // lost 100, 101, 103

    public const string Goodbye = "81 cb 00 02  11 22 33 44  03 62 79 65"; // "bye"

    public const string ApplicationDefined = "80 cc 00 03  00 00 00 07  6e 61 6d 65  00 00 00 01";

    public const string FullIntraRequest = "84 ce 00 04  00 00 00 01  00 00 00 00  11 22 33 44  07 00 00 00";

    public const string UnknownType = "81 c3 00 01  00 00 00 05"; // IJ (195), kept raw

    /// <summary>base 100, 3 packets received with 1, 2, 3 ms deltas, run-length chunk, reference 64 ms.</summary>
    public const string TransportCcRunLength = """
        8f cd 00 06  00 00 00 01  11 22 33 44
        00 64 00 03  00 00 01 00
        20 03  04 08 0c  00 00 00
        """;

    /// <summary>base 1, 4 packets [small, lost, large -200 ticks, small], two-bit vector, ref 2, fb count 5.</summary>
    public const string TransportCcTwoBitVector = """
        8f cd 00 06  00 00 00 01  11 22 33 44
        00 01 00 04  00 00 02 05
        d2 40  01  ff 38  02  00 00
        """;

    public static byte[] Compound(params string[] packets) => packets.SelectMany(Hex.Parse).ToArray();
}
