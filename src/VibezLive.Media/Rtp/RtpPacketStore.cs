namespace VibezLive.Media.Rtp;

/// <summary>
/// The last <see cref="Capacity"/> packets of a received stream (already rewritten to the router's view), indexed by
/// sequence number, so that consumers can answer NACKs (RFC 4585 §6.2.1) without a copy per consumer. Slots are
/// allocated once, on first use; storing copies into a slot, so the steady state allocates nothing.
/// </summary>
internal sealed class RtpPacketStore
{
    public const int Capacity = 1024;
    private const int SlotSize = Net.Datagram.BufferSize;

    private readonly byte[]?[] _slots = new byte[Capacity][];
    private readonly int[] _lengths = new int[Capacity];
    private readonly int[] _headerLengths = new int[Capacity];
    private readonly ushort[] _seqs = new ushort[Capacity];
    private readonly long[] _storedUs = new long[Capacity];

    public void Store(ReadOnlySpan<byte> packet, ushort seq, int headerLength, long nowUs)
    {
        if (packet.Length > SlotSize)
        {
            return;
        }

        var index = seq % Capacity;
        var slot = _slots[index] ??= GC.AllocateUninitializedArray<byte>(SlotSize);
        packet.CopyTo(slot);
        _lengths[index] = packet.Length;
        _headerLengths[index] = headerLength;
        _seqs[index] = seq;
        _storedUs[index] = nowUs;
    }

    /// <summary>The stored packet with <paramref name="seq"/>, if still present and younger than <paramref name="maxAgeUs"/>.</summary>
    public bool TryGet(ushort seq, long nowUs, long maxAgeUs, out ReadOnlySpan<byte> packet, out int headerLength)
    {
        var index = seq % Capacity;
        var slot = _slots[index];
        if (slot is null || _lengths[index] == 0 || _seqs[index] != seq || nowUs - _storedUs[index] > maxAgeUs)
        {
            packet = default;
            headerLength = 0;
            return false;
        }

        packet = slot.AsSpan(0, _lengths[index]);
        headerLength = _headerLengths[index];
        return true;
    }
}
