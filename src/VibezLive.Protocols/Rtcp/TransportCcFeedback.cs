using System.Buffers;
using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// RTPFB, FMT 15.
/// <code>
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// .                                                               .
/// </code>
/// Chunks (§3.1.3, §3.1.4): run length <c>0 | S(2) | run(13)</c>; status vector <c>1 | 0 | 14 x 1-bit</c> or
/// <c>1 | 1 | 7 x 2-bit</c>. Reference time: 24 bits, 64 ms units. Deltas: 250 µs units, 1 byte for small, 2
/// bytes (signed) for large. The packet ends zero-padded to 32 bits.
/// </summary>
public readonly ref struct TransportCcFeedback
{
    public const byte Format = 15;
    public const int FixedLength = 20;

    /// <summary>Receive delta and reference time units.</summary>
    public const int DeltaTickMicroseconds = 250;
    public const int ReferenceTimeMicroseconds = 64_000;

    private const int MaxRunLength = 0x1FFF;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _deltaStart;

    private TransportCcFeedback(ReadOnlySpan<byte> data, int deltaStart)
    {
        _data = data;
        _deltaStart = deltaStart;
    }

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[12..]);

    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_data[14..]);

    /// <summary>Reference time, 24 bits in multiples of 64 ms (wraps).</summary>
    public int ReferenceTime => (_data[16] << 16) | (_data[17] << 8) | _data[18];

    public byte FeedbackPacketCount => _data[19];

    /// <summary>Enumerates (sequence number, status, delta) for every packet covered (use with foreach).</summary>
    public PacketEnumerator GetPackets() => new(_data, _deltaStart, BaseSequenceNumber, PacketStatusCount);

    /// <summary>Validates that the chunks cover the status count and that every receive delta is present.</summary>
    public static bool TryParse(RtcpPacket packet, out TransportCcFeedback feedback)
    {
        feedback = default;
        ReadOnlySpan<byte> data = packet.Content;
        if (packet.Type != RtcpPacketType.TransportFeedback || packet.Count != Format || data.Length < FixedLength)
        {
            return false;
        }

        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
        int position = FixedLength;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < statusCount)
        {
            if (data.Length - position < 2)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            position += 2;
            int symbols = Math.Min(SymbolsIn(chunk), statusCount - covered);
            for (int i = 0; i < symbols; i++)
            {
                int symbol = SymbolAt(chunk, i);
                if (symbol == 3)
                {
                    return false; // reserved
                }

                deltaBytes += symbol; // 0, 1 or 2 bytes
            }

            covered += symbols;
        }

        if (data.Length - position < deltaBytes)
        {
            return false;
        }

        feedback = new TransportCcFeedback(data, position);
        return true;
    }

    /// <summary>
    /// Builds feedback for the packets <paramref name="baseSequenceNumber"/> + i, where
    /// <paramref name="arrivalTimesMicroseconds"/>[i] is the arrival time on the receiver's clock, or negative for a
    /// packet not received. The reference time is the first arrival rounded down to 64 ms; deltas are rounded to
    /// 250 µs against the previous reported time (not the real one) so that rounding errors do not accumulate.
    /// Chunks: a run-length chunk for runs of 14+ equal symbols (or 7+ when a two-bit vector would be needed),
    /// otherwise a one-bit or two-bit status vector. Returns false when the buffer is too small, the list is empty
    /// or longer than 65535, or a delta does not fit 16 bits (split the feedback).
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        byte feedbackPacketCount,
        ReadOnlySpan<long> arrivalTimesMicroseconds,
        out int written)
    {
        written = 0;
        int count = arrivalTimesMicroseconds.Length;
        if (count is 0 or > ushort.MaxValue || destination.Length < FixedLength)
        {
            return false;
        }

        // Per packet: its status symbol and, when received, its delta in ticks (a short always holds it).
        const int StackLimit = 256;
        byte[]? rentedSymbols = null;
        short[]? rentedTicks = null;
        Span<byte> symbols = count <= StackLimit ? stackalloc byte[StackLimit] : (rentedSymbols = ArrayPool<byte>.Shared.Rent(count));
        Span<short> ticks = count <= StackLimit ? stackalloc short[StackLimit] : (rentedTicks = ArrayPool<short>.Shared.Rent(count));
        try
        {
            symbols = symbols[..count];
            ticks = ticks[..count];
            long referenceTime = -1;
            long previous = 0;
            int deltaBytes = 0;
            for (int i = 0; i < count; i++)
            {
                long arrival = arrivalTimesMicroseconds[i];
                if (arrival < 0)
                {
                    symbols[i] = (byte)TransportCcStatus.NotReceived;
                    continue;
                }

                if (referenceTime < 0)
                {
                    referenceTime = arrival / ReferenceTimeMicroseconds;
                    previous = referenceTime * ReferenceTimeMicroseconds;
                }

                long delta = RoundToTicks(arrival - previous);
                if (delta is < short.MinValue or > short.MaxValue)
                {
                    return false;
                }

                // Advance by the reported (rounded) delta, not the real one, so that errors do not accumulate.
                previous += delta * DeltaTickMicroseconds;
                ticks[i] = (short)delta;
                symbols[i] = delta is >= 0 and <= 255 ? (byte)TransportCcStatus.ReceivedSmallDelta : (byte)TransportCcStatus.ReceivedLargeDelta;
                deltaBytes += symbols[i];
            }

            int position = FixedLength;
            int index = 0;
            while (index < count)
            {
                if (destination.Length - position < 2)
                {
                    return false;
                }

                ushort chunk = NextChunk(symbols[index..], out int consumed);
                BinaryPrimitives.WriteUInt16BigEndian(destination[position..], chunk);
                position += 2;
                index += consumed;
            }

            int length = (position + deltaBytes + 3) & ~3;
            if (destination.Length < length || length > 0x40000)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (symbols[i] == (byte)TransportCcStatus.ReceivedSmallDelta)
                {
                    destination[position++] = (byte)ticks[i];
                }
                else if (symbols[i] == (byte)TransportCcStatus.ReceivedLargeDelta)
                {
                    BinaryPrimitives.WriteInt16BigEndian(destination[position..], ticks[i]);
                    position += 2;
                }
            }

            destination[position..length].Clear();
            RtcpHeader.WriteFeedback(destination, Format, RtcpPacketType.TransportFeedback, length, senderSsrc, mediaSsrc);
            BinaryPrimitives.WriteUInt16BigEndian(destination[12..], baseSequenceNumber);
            BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)count);
            uint reference = (uint)(Math.Max(referenceTime, 0) & 0xFFFFFF);
            BinaryPrimitives.WriteUInt32BigEndian(destination[16..], (reference << 8) | feedbackPacketCount);
            written = length;
            return true;
        }
        finally
        {
            if (rentedSymbols is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedSymbols);
            }

            if (rentedTicks is not null)
            {
                ArrayPool<short>.Shared.Return(rentedTicks);
            }
        }
    }

    private static long RoundToTicks(long microseconds) =>
        microseconds >= 0
            ? (microseconds + (DeltaTickMicroseconds / 2)) / DeltaTickMicroseconds
            : -((-microseconds + (DeltaTickMicroseconds / 2)) / DeltaTickMicroseconds);

    private static ushort NextChunk(ReadOnlySpan<byte> symbols, out int consumed)
    {
        byte first = symbols[0];
        int run = 1;
        while (run < symbols.Length && run < MaxRunLength && symbols[run] == first)
        {
            run++;
        }

        int vectorSpan = Math.Min(14, symbols.Length);
        bool fitsOneBit = true;
        for (int i = 0; i < vectorSpan; i++)
        {
            if (symbols[i] > 1)
            {
                fitsOneBit = false;
                break;
            }
        }

        if (run >= 14 || (!fitsOneBit && run >= 7) || run == symbols.Length)
        {
            consumed = run;
            return (ushort)((first << 13) | run);
        }

        if (fitsOneBit)
        {
            consumed = vectorSpan;
            int chunk = 0x8000;
            for (int i = 0; i < vectorSpan; i++)
            {
                chunk |= symbols[i] << (13 - i);
            }

            return (ushort)chunk;
        }

        consumed = Math.Min(7, symbols.Length);
        int twoBit = 0xC000;
        for (int i = 0; i < consumed; i++)
        {
            twoBit |= symbols[i] << (12 - (2 * i));
        }

        return (ushort)twoBit;
    }

    private static int SymbolsIn(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & MaxRunLength : (chunk & 0x4000) == 0 ? 14 : 7;

    private static int SymbolAt(ushort chunk, int index) =>
        (chunk & 0x8000) == 0
            ? (chunk >> 13) & 0x3
            : (chunk & 0x4000) == 0
                ? (chunk >> (13 - index)) & 0x1
                : (chunk >> (12 - (2 * index))) & 0x3;

    /// <summary>One packet's entry in the feedback.</summary>
    public readonly record struct PacketResult(ushort SequenceNumber, TransportCcStatus Status, int DeltaTicks)
    {
        public bool Received => Status != TransportCcStatus.NotReceived;

        /// <summary>Receive delta in microseconds (0 when not received).</summary>
        public long DeltaMicroseconds => (long)DeltaTicks * DeltaTickMicroseconds;
    }

    /// <summary>Walks chunks and deltas together.</summary>
    public ref struct PacketEnumerator
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly int _total;
        private int _chunkPosition;
        private int _deltaPosition;
        private int _inChunk;
        private int _chunkSymbols;
        private ushort _chunk;
        private int _index;
        private ushort _sequence;
        private PacketResult _current;

        internal PacketEnumerator(ReadOnlySpan<byte> data, int deltaStart, ushort baseSequence, int total)
        {
            _data = data;
            _total = total;
            _chunkPosition = FixedLength;
            _deltaPosition = deltaStart;
            _sequence = baseSequence;
        }

        public readonly PacketResult Current => _current;

        public readonly PacketEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_index >= _total)
            {
                return false;
            }

            while (_inChunk == _chunkSymbols) // a zero-length run chunk covers nothing
            {
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_data[_chunkPosition..]);
                _chunkPosition += 2;
                _chunkSymbols = SymbolsIn(_chunk);
                _inChunk = 0;
            }

            var status = (TransportCcStatus)SymbolAt(_chunk, _inChunk++);
            int delta = 0;
            if (status == TransportCcStatus.ReceivedSmallDelta)
            {
                delta = _data[_deltaPosition++];
            }
            else if (status == TransportCcStatus.ReceivedLargeDelta)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_data[_deltaPosition..]);
                _deltaPosition += 2;
            }

            _current = new PacketResult(_sequence, status, delta);
            _sequence++;
            _index++;
            return true;
        }
    }
}
