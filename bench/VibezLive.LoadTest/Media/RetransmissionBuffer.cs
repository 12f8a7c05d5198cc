namespace VibezLive.LoadTest.Media;

/// <summary>
/// The last <see cref="Slots"/> plain RTP packets of one video stream, by sequence number, so that NACKed packets
/// can be resent as RTX (RFC 4588). Preallocated; written and read on the scheduler thread only.
/// </summary>
internal sealed class RetransmissionBuffer
{
    public const int Slots = 512; // ~8 s of 500 kbit/s video
    private const int SlotBytes = 1280;

    private readonly byte[] _data = new byte[Slots * SlotBytes];
    private readonly int[] _sequence = new int[Slots];
    private readonly int[] _length = new int[Slots];

    public RetransmissionBuffer() => Array.Fill(_sequence, -1);

    public void Store(ushort sequence, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotBytes)
        {
            return;
        }

        int slot = sequence % Slots;
        packet.CopyTo(_data.AsSpan(slot * SlotBytes, SlotBytes));
        _sequence[slot] = sequence;
        _length[slot] = packet.Length;
    }

    public bool TryGet(ushort sequence, out ReadOnlySpan<byte> packet)
    {
        int slot = sequence % Slots;
        if (_sequence[slot] != sequence)
        {
            packet = default;
            return false;
        }

        packet = _data.AsSpan(slot * SlotBytes, _length[slot]);
        return true;
    }
}
